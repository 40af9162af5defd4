"""Named permissions of collaboration (`collaboration.*`), shared by pages and the API.

The role × phase matrix is walked in tests/collaboration/test_rules.py and documented in
docs/domain/collaboration.md.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import rules
from django.utils import timezone

from sinergi.accounts.models import Role, User
from sinergi.accounts.predicates import is_office_head, is_superuser, memberships_of, staff
from sinergi.accounts.typing import AnyUser

from .models import ENGAGEMENT_PHASES, PUBLIC_PHASES, Comment, Initiative, Phase, UserBlock

COMMENT_EDIT_WINDOW = timedelta(minutes=15)
# Roles that may act for an organisation (endorse, pledge).
ORGANISATION_ACTING_ROLES = frozenset({Role.ADMIN, Role.HEAD, Role.STAFF, Role.LEADER})


def _initiative(obj: Any) -> Initiative | None:
    if isinstance(obj, Initiative):
        return obj
    if isinstance(obj, Comment):
        return obj.initiative
    return None


def _in(*phases: str) -> Any:
    wanted = frozenset(phases)

    @rules.predicate(name=f"phase_in_{'_'.join(sorted(wanted))}")
    def predicate(user: AnyUser, obj: Any) -> bool:
        initiative = _initiative(obj)
        return initiative is not None and initiative.phase in wanted

    return predicate


@rules.predicate
def is_authenticated(user: AnyUser) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def is_blocked(user: AnyUser) -> bool:
    if not isinstance(user, User):  # a visitor is never blocked (nor may they write)
        return False
    cached = getattr(user, "_collab_blocked", None)
    if cached is None:
        cached = UserBlock.objects.filter(user=user, lifted_at__isnull=True).exists()
        user._collab_blocked = cached
    return bool(cached)


@rules.predicate
def is_author(user: AnyUser, obj: Any) -> bool:
    initiative = _initiative(obj)
    uid = getattr(user, "pk", None)
    if initiative is None or uid is None:
        return False
    if initiative.author_id == uid:
        return True
    return initiative.pk is not None and initiative.coauthors.filter(pk=uid).exists()


@rules.predicate
def is_public(user: AnyUser, obj: Any) -> bool:
    initiative = _initiative(obj)
    return initiative is not None and initiative.phase in PUBLIC_PHASES


@rules.predicate
def acts_for_organisation(user: AnyUser) -> bool:
    return any(role in ORGANISATION_ACTING_ROLES for _, _, role in memberships_of(user))


@rules.predicate
def support_deadline_open(user: AnyUser, obj: Any) -> bool:
    initiative = _initiative(obj)
    if initiative is None:
        return False
    return initiative.support_deadline is None or initiative.support_deadline >= timezone.localdate()


@rules.predicate
def is_comment_author_in_window(user: AnyUser, comment: Any) -> bool:
    if not isinstance(comment, Comment) or comment.author_id != getattr(user, "pk", None):
        return False
    return not comment.is_hidden and timezone.now() - comment.created_at <= COMMENT_EDIT_WINDOW


participant = is_authenticated & ~is_blocked
decider = is_office_head | is_superuser

rules.add_perm("collaboration.view_initiative", is_public | is_author | staff)
rules.add_perm("collaboration.create_initiative", participant)
rules.add_perm(
    "collaboration.change_initiative", (is_author & _in(Phase.DRAFT)) | (staff & _in(Phase.DRAFT, Phase.SUBMITTED))
)
rules.add_perm("collaboration.submit_initiative", (is_author | staff) & _in(Phase.DRAFT))
rules.add_perm("collaboration.open_initiative", staff & _in(Phase.SUBMITTED))
rules.add_perm(
    "collaboration.withdraw_initiative", is_author & _in(Phase.DRAFT, Phase.SUBMITTED, Phase.OPEN, Phase.REVIEW)
)
rules.add_perm("collaboration.review_initiative", staff & _in(Phase.SUBMITTED, Phase.OPEN))
rules.add_perm("collaboration.decide_initiative", decider & _in(Phase.REVIEW))
rules.add_perm("collaboration.implement_initiative", staff & _in(Phase.ACCEPTED))
rules.add_perm("collaboration.complete_initiative", staff & _in(Phase.IMPLEMENTATION))
rules.add_perm("collaboration.archive_initiative", staff & ~_in(Phase.ARCHIVED))
rules.add_perm(
    "collaboration.attach_file", (is_author & _in(Phase.DRAFT, Phase.SUBMITTED)) | (staff & ~_in(Phase.ARCHIVED))
)
# Supports
rules.add_perm("collaboration.support_initiative", participant & _in(Phase.OPEN) & support_deadline_open)
rules.add_perm("collaboration.record_offline_support", staff & _in(Phase.OPEN, Phase.REVIEW))
# Organisations: endorsements and pledges
rules.add_perm("collaboration.endorse_initiative", participant & acts_for_organisation & _in(*ENGAGEMENT_PHASES))
rules.add_perm("collaboration.pledge_initiative", participant & acts_for_organisation & _in(*ENGAGEMENT_PHASES))
rules.add_perm("collaboration.manage_pledge", (is_author | staff) & _in(*ENGAGEMENT_PHASES, Phase.COMPLETED))
# Discussion and moderation (moderators are office staff)
rules.add_perm("collaboration.comment_initiative", participant & _in(*ENGAGEMENT_PHASES))
rules.add_perm("collaboration.edit_comment", participant & is_comment_author_in_window)
rules.add_perm("collaboration.report_comment", participant & is_public)
rules.add_perm("collaboration.moderate", staff)
rules.add_perm("collaboration.block_user", staff)
# Follow-through
rules.add_perm("collaboration.add_milestone", (is_author | staff) & _in(Phase.ACCEPTED, Phase.IMPLEMENTATION))
rules.add_perm("collaboration.update_progress", (is_author | staff) & _in(Phase.ACCEPTED, Phase.IMPLEMENTATION))
rules.add_perm("collaboration.add_result", (is_author | staff) & _in(Phase.IMPLEMENTATION, Phase.COMPLETED))
# Exports: staff; supporters' e-mail addresses only for heads
rules.add_perm("collaboration.export_initiatives", staff)
rules.add_perm("collaboration.export_personal_data", is_office_head | is_superuser)
rules.add_perm("collaboration.view_internal", staff)
