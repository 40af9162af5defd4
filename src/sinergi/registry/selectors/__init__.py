"""Reads for the registry: querysets with their joins done here, shared by pages, exports and the API.

Public callers (user None or anonymous) see verified, non-archived records only; staff may ask for
any status. One module per aggregate; every name is importable from `registry.selectors` as before.
"""

from __future__ import annotations

from .actors import (
    ACTOR_SORTS,
    actor_get,
    actor_list,
    actor_merged_target,
    actor_public_profile,
    actor_workspace,
    actors_owned_by,
)
from .communities import (
    by_role,
    communities_all,
    communities_led_by,
    community_get,
    community_invitations_for,
    community_invitations_sent,
    community_leaders,
    community_list,
    community_member_actors,
    community_member_rows,
    community_members,
    community_memberships_of,
    community_workspace,
    person_to_invite,
)
from .dashboard import OwnedProfile, QueueCounts, RegistryDashboard, dashboard, queue_counts
from .directory import (
    SUMMARY_LENGTH,
    ActorPage,
    ActorRow,
    _directory_page_orm,  # noqa: F401 -- private: tests/registry/test_selectors.py compares the two paths
    _directory_page_sql,  # noqa: F401
    actor_directory_page,
)
from .hubs import hub_get, hub_list, hubs_all
from .products import PRODUCT_SORTS, product_get, product_list, product_workspace
from .queues import claim_rows, duplicate_flag_rows, open_duplicate_flags, pending_claims, verification_queue
from .scope import ActorSubsector, Viewer, in_registry_scope, is_staff_user, text_filter
from .summary import AreaSummary, KecamatanRow, area_summary, directory_counts, kecamatan_summary

__all__ = [
    "ACTOR_SORTS",
    "PRODUCT_SORTS",
    "SUMMARY_LENGTH",
    "ActorPage",
    "ActorRow",
    "ActorSubsector",
    "AreaSummary",
    "KecamatanRow",
    "OwnedProfile",
    "QueueCounts",
    "RegistryDashboard",
    "Viewer",
    "actor_directory_page",
    "actor_get",
    "actor_list",
    "actor_merged_target",
    "actor_public_profile",
    "actor_workspace",
    "actors_owned_by",
    "area_summary",
    "by_role",
    "claim_rows",
    "communities_all",
    "communities_led_by",
    "community_get",
    "community_invitations_for",
    "community_invitations_sent",
    "community_leaders",
    "community_list",
    "community_member_actors",
    "community_member_rows",
    "community_members",
    "community_memberships_of",
    "community_workspace",
    "dashboard",
    "directory_counts",
    "duplicate_flag_rows",
    "hub_get",
    "hub_list",
    "hubs_all",
    "in_registry_scope",
    "is_staff_user",
    "kecamatan_summary",
    "open_duplicate_flags",
    "pending_claims",
    "person_to_invite",
    "product_get",
    "product_list",
    "product_workspace",
    "queue_counts",
    "text_filter",
    "verification_queue",
]
