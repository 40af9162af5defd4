"""Named permissions of the registry, shared by pages and the API.

Walk the role × state matrix in tests/registry/test_rules.py when you change one.
"""

from __future__ import annotations

from typing import Any

import rules

from sinergi.accounts.models import Role
from sinergi.accounts.predicates import is_office_head, is_superuser, memberships_of, staff

from .models import Actor, Community, Status


@rules.predicate
def is_actor_owner(user: Any, actor: Actor | None) -> bool:
    return actor is not None and actor.owner_id is not None and actor.owner_id == getattr(user, "pk", None)


@rules.predicate
def actor_is_public(user: Any, actor: Actor | None) -> bool:
    return actor is not None and actor.status == Status.VERIFIED


@rules.predicate
def actor_is_editable_by_owner(user: Any, actor: Actor | None) -> bool:
    return actor is not None and actor.status in {Status.DRAFT, Status.REJECTED, Status.VERIFIED, Status.SUBMITTED}


@rules.predicate
def is_community_leader(user: Any, community: Community | None) -> bool:
    if community is None:
        return False
    return any(
        org_id == community.organisation_id and role in {Role.LEADER, Role.ADMIN}
        for org_id, _, role in memberships_of(user)
    )


@rules.predicate
def is_authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


# Actors
rules.add_perm("registry.view_actor", actor_is_public | is_actor_owner | staff)
rules.add_perm("registry.create_actor", is_authenticated)
rules.add_perm("registry.change_actor", (is_actor_owner & actor_is_editable_by_owner) | staff)
rules.add_perm("registry.submit_actor", is_actor_owner | staff)
rules.add_perm("registry.verify_actor", staff)
rules.add_perm("registry.archive_actor", staff)
rules.add_perm("registry.override_subsectors", staff)
rules.add_perm("registry.set_fostering", staff)
rules.add_perm("registry.merge_actors", staff)
# Only a public (verified) profile can be claimed, and not by the person who already manages it.
rules.add_perm("registry.claim_actor", is_authenticated & ~is_actor_owner & actor_is_public)
rules.add_perm("registry.decide_claim", staff)
# Personal data of contact persons: the owner and office staff; every full view is logged.
rules.add_perm("registry.view_personal_data", is_actor_owner | staff)
rules.add_perm("registry.export_personal_data", is_office_head | is_superuser)
# Communities
rules.add_perm("registry.create_community", staff)
rules.add_perm("registry.change_community", is_community_leader | staff)
rules.add_perm("registry.manage_community_members", is_community_leader | staff)
# Hubs and products
rules.add_perm("registry.change_hub", staff)
# The object is the product's actor; an archived profile's products are frozen for its owner.
rules.add_perm("registry.change_product", (is_actor_owner & actor_is_editable_by_owner) | staff)
rules.add_perm("registry.set_flagship", staff)
# Bulk work
rules.add_perm("registry.import_actors", staff)
rules.add_perm("registry.export_actors", staff)
# The signed-in workspace (/direktori/kelola/)
rules.add_perm("registry.use_workspace", is_authenticated)
# An actor's workspace page (its forms, notes and history): the owner and office staff.
rules.add_perm("registry.manage_actor", is_actor_owner | staff)
# Private uploads (certification documents): the owner and office staff.
rules.add_perm("registry.view_actor_documents", is_actor_owner | staff)
# Staff queues: verification, claims and duplicates.
rules.add_perm("registry.view_queues", staff)
