"""Communities (komunitas): the record and its organisation, its leaders, its activity log. Members and
invitations are in `memberships`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.accounts.models import OrganisationKind, Role, User
from sinergi.accounts.services import membership_remove, membership_set, organisation_create
from sinergi.classification.models import Subsector
from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.writes import model_update, validate

from .. import derived
from ..models import Community, CommunityActivity

# What staff fill in when they record a community, and what may change later.
COMMUNITY_CREATE_FIELDS = (
    "name",
    "description",
    "base_kecamatan",
    "fostered_by",
    "fostered_since",
    "founded_year",
    "source_note",
    "status",
)
COMMUNITY_FIELDS = ("name", "description", "base_kecamatan", "founded_year", "fostered_by", "fostered_since")


@transaction.atomic
def community_create(
    *, by: User | None, data: Mapping[str, Any], focus_subsectors: Iterable[Subsector] = (), is_demo: bool = False
) -> Community:
    """Staff record a community, with the organisation its leaders and members belong to."""
    check_perm(by, "registry.create_community", message=_("Hanya petugas direktori yang dapat mencatat komunitas."))
    organisation = organisation_create(by=by, name=data["name"], kind=OrganisationKind.COMMUNITY)
    community = Community(
        organisation=organisation,
        is_demo=is_demo,
        **{k: v for k, v in data.items() if k in COMMUNITY_CREATE_FIELDS},
    )
    community.slug = derived.slug_for(Community, community.name)
    validate(community, exclude=["slug", "organisation"], unique=False)
    community.save()
    community.focus_subsectors.set(list(focus_subsectors))
    community.search_text = derived.community_search_text(
        name=community.name, description=community.description, focus_subsectors=[s.name_id for s in focus_subsectors]
    )
    community.save(update_fields=["search_text"])
    audit.record(by=by, action="registry.community.created", target=community)
    return community


@transaction.atomic
def community_update(
    *,
    by: User | None,
    community: Community,
    data: Mapping[str, Any],
    focus_subsectors: Iterable[Subsector] | None = None,
) -> Community:
    """The leader or staff change the community's description and, given, its focus subsectors."""
    check_perm(by, "registry.change_community", community, message=_("Anda tidak berhak mengubah komunitas ini."))
    changed = model_update(community, fields=COMMUNITY_FIELDS, data=data)
    validate(community, unique=False)
    if focus_subsectors is not None:
        community.focus_subsectors.set(list(focus_subsectors))
        changed.append("focus_subsectors")
    community.search_text = derived.community_search_text(
        name=community.name,
        description=community.description,
        focus_subsectors=[s.name_id for s in community.focus_subsectors.all()],
    )
    community.save()
    audit.record(by=by, action="registry.community.updated", target=community, data={"fields": changed})
    return community


@transaction.atomic
def community_set_leader(*, by: User | None, community: Community, user: User) -> None:
    """Give a user the leader role in the community's organisation (they then manage its members)."""
    check_perm(
        by, "registry.create_community", community, message=_("Hanya petugas direktori yang menetapkan pengurus.")
    )
    membership_set(by=by, user=user, organisation=community.organisation, role=Role.LEADER)
    audit.record(by=by, action="registry.community.leader_set", target=community, data={"user": user.pk})


@transaction.atomic
def community_create_with_leader(
    *, by: User | None, data: Mapping[str, Any], focus_subsectors: Iterable[Subsector] = (), leader: User | None = None
) -> Community:
    """Staff record a community and, optionally, name the user who leads it (all or nothing)."""
    community = community_create(by=by, data=data, focus_subsectors=focus_subsectors)
    if leader is not None:
        community_set_leader(by=by, community=community, user=leader)
    return community


@transaction.atomic
def community_leader_remove(*, by: User | None, community: Community, user: User) -> None:
    """Take the leader (or admin) role in the community away from a user; nothing happens if they had none."""
    check_perm(
        by, "registry.create_community", community, message=_("Hanya petugas direktori yang menetapkan pengurus.")
    )
    removed = membership_remove(by=by, user=user, organisation=community.organisation, roles=(Role.LEADER, Role.ADMIN))
    if removed:
        audit.record(by=by, action="registry.community.leader_removed", target=community, data={"user": user.pk})


@transaction.atomic
def community_log_activity(
    *, by: User | None, community: Community, date: dt.date, title: str, description: str = ""
) -> CommunityActivity:
    """Record something the community did (a meeting, a workshop) in its public activity log."""
    check_perm(by, "registry.change_community", community, message=_("Anda tidak berhak mengubah komunitas ini."))
    activity = CommunityActivity(
        community=community,
        date=date,
        title=title,
        description=description,
        created_by=by,
    )
    validate(activity, exclude=["created_by"], unique=False)
    activity.save()
    audit.record(by=by, action="registry.community.activity_logged", target=community, data={"title": title})
    return activity
