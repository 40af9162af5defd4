"""Every collaboration service checks its own named permission (docs/architecture.md, "Permissions: who
checks what"): a person the page or API would refuse is refused by the service itself, with NotAllowed
and a message that says what was refused, and nothing is written.

Each case is in a phase where the step is open, so what refuses it is the person, never the phase (a
wrong phase stays a Conflict, as tests/collaboration/test_services.py holds).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sinergi.collaboration import services
from sinergi.collaboration.models import (
    Comment,
    CommentReport,
    Endorsement,
    Initiative,
    Milestone,
    Phase,
    Pledge,
    PledgeKind,
    PledgeStatus,
)
from sinergi.core.errors import NotAllowed
from sinergi.core.models import AuditEntry

from .factories import Cast, make_initiative

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%minimal\n"


def _block(cast: Cast, user: Any) -> None:
    services.user_block(by=cast.staff, user=user, reason="spam berulang")
    user._collab_blocked = None  # the predicate's per-request memo: read the block afresh


def _comment(cast: Cast, initiative: Initiative, by: Any = None) -> Comment:
    return services.comment_post(by=by or cast.member, initiative=initiative, body="Setuju sekali.")


def _pledge(cast: Cast, initiative: Initiative) -> Pledge:
    return services.pledge_offer(
        by=cast.leader, initiative=initiative, organisation=cast.community, kind=PledgeKind.VENUE,
        description="Ruang pelatihan",
    )  # fmt: skip


def _milestone(cast: Cast, initiative: Initiative) -> Milestone:
    return services.milestone_add(by=cast.staff, initiative=initiative, title="Kurikulum siap")


def _edit_while_blocked(cast: Cast, comment: Comment) -> Comment:
    _block(cast, cast.member)
    return services.comment_edit(by=cast.member, comment=comment, body="Diubah")


def _report_while_blocked(cast: Cast, comment: Comment) -> CommentReport:
    _block(cast, cast.stranger)
    return services.comment_report(by=cast.stranger, comment=comment, reason="spam")


# name: (phase, what a person without the permission does; any setup before the last step is allowed)
Case = tuple[str, Callable[[Cast, Initiative], Any]]
CASES: dict[str, Case] = {
    "submit": (Phase.DRAFT, lambda c, i: services.initiative_submit(by=c.stranger, initiative=i)),
    "update": (
        Phase.DRAFT,
        lambda c, i: services.initiative_update(by=c.stranger, initiative=i, data={"title": "Dibajak"}),
    ),
    "open_for_support": (
        Phase.SUBMITTED,
        lambda c, i: services.initiative_open_for_support(
            by=c.author, initiative=i, threshold=5, deadline=timezone.localdate() + timedelta(days=9)
        ),
    ),
    "withdraw": (Phase.OPEN, lambda c, i: services.initiative_withdraw(by=c.stranger, initiative=i, reason="Iseng")),
    "start_review": (Phase.OPEN, lambda c, i: services.initiative_start_review(by=c.author, initiative=i)),
    "accept": (
        Phase.REVIEW,
        lambda c, i: services.initiative_accept(by=c.staff, initiative=i, answer="Diterima.", grounds="Rapat."),
    ),
    "reject": (
        Phase.REVIEW,
        lambda c, i: services.initiative_reject(by=c.author, initiative=i, answer="Ditolak.", grounds="Rapat."),
    ),
    "start_implementation": (
        Phase.ACCEPTED,
        lambda c, i: services.initiative_start_implementation(by=c.author, initiative=i),
    ),
    "complete": (Phase.IMPLEMENTATION, lambda c, i: services.initiative_complete(by=c.author, initiative=i)),
    "archive": (Phase.OPEN, lambda c, i: services.initiative_archive(by=c.author, initiative=i, reason="Usang")),
    "support_add_anonymous": (Phase.OPEN, lambda c, i: services.support_add(by=AnonymousUser(), initiative=i)),
    "offline_support": (
        Phase.OPEN,
        lambda c, i: services.offline_support_record(by=c.author, initiative=i, count=50, source="Rapat RW 3"),
    ),
    "endorse_while_blocked": (
        Phase.OPEN,
        lambda c, i: (
            _block(c, c.leader),
            services.endorsement_add(by=c.leader, initiative=i, organisation=c.community),
        ),
    ),
    "pledge_while_blocked": (
        Phase.OPEN,
        lambda c, i: (_block(c, c.leader), _pledge(c, i)),
    ),
    "pledge_confirm": (
        Phase.OPEN,
        lambda c, i: services.pledge_confirm(by=c.stranger, pledge=_pledge(c, i)),
    ),
    "pledge_deliver": (
        Phase.OPEN,
        lambda c, i: services.pledge_deliver(
            by=c.member, pledge=services.pledge_confirm(by=c.author, pledge=_pledge(c, i))
        ),
    ),
    "comment_anonymous": (
        Phase.OPEN,
        lambda c, i: services.comment_post(by=AnonymousUser(), initiative=i, body="Halo"),
    ),
    "comment_edit_while_blocked": (Phase.OPEN, lambda c, i: _edit_while_blocked(c, _comment(c, i))),
    "comment_report_while_blocked": (Phase.OPEN, lambda c, i: _report_while_blocked(c, _comment(c, i))),
    "comment_hide": (
        Phase.OPEN,
        lambda c, i: services.comment_hide(by=c.author, comment=_comment(c, i), reason="Tidak suka"),
    ),
    "comment_unhide": (
        Phase.OPEN,
        lambda c, i: services.comment_unhide(
            by=c.leader, comment=services.comment_hide(by=c.staff, comment=_comment(c, i), reason="Iklan")
        ),
    ),
    "user_block": (Phase.OPEN, lambda c, i: services.user_block(by=c.author, user=c.stranger, reason="Tidak suka")),
    "user_unblock": (
        Phase.OPEN,
        lambda c, i: (_block(c, c.stranger), services.user_unblock(by=c.author, user=c.stranger)),
    ),
    "milestone_add": (
        Phase.ACCEPTED,
        lambda c, i: services.milestone_add(by=c.stranger, initiative=i, title="Tonggak asing"),
    ),
    "milestone_progress": (
        Phase.ACCEPTED,
        lambda c, i: services.milestone_progress_update(by=c.stranger, milestone=_milestone(c, i), progress=80),
    ),
    "result_add": (
        Phase.IMPLEMENTATION,
        lambda c, i: services.result_add(
            by=c.stranger, initiative=i, title="Hasil palsu", evidence_url="https://contoh.id/bukti"
        ),
    ),
    "attachment_add": (
        Phase.OPEN,
        lambda c, i: services.attachment_add(
            by=c.stranger, initiative=i, upload=SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")
        ),
    ),
    "internal_attachment_by_the_author": (
        Phase.DRAFT,
        lambda c, i: services.attachment_add(
            by=c.author,
            initiative=i,
            upload=SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf"),
            is_internal=True,
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_service_itself_refuses_a_person_without_the_permission(name: str) -> None:
    phase, call = CASES[name]
    cast = Cast()
    initiative = make_initiative(cast, phase)
    with pytest.raises(NotAllowed) as refused:
        call(cast, initiative)
    assert refused.value.code == "forbidden"
    assert refused.value.message.startswith(("Anda tidak", "Hanya", "Komentar hanya", "Inisiatif ini"))
    initiative.refresh_from_db()
    assert initiative.phase == phase


def test_a_refused_step_writes_nothing() -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN)
    comment = _comment(cast, initiative)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(NotAllowed):
        services.comment_hide(by=cast.author, comment=comment, reason="Tidak suka")
    with pytest.raises(NotAllowed):
        services.offline_support_record(by=cast.author, initiative=initiative, count=50, source="Rapat RW 3")
    with pytest.raises(NotAllowed):
        services.initiative_start_review(by=cast.author, initiative=initiative)
    comment.refresh_from_db()
    initiative.refresh_from_db()
    assert not comment.is_hidden
    assert initiative.offline_support_count == 0
    assert initiative.phase == Phase.OPEN
    assert AuditEntry.objects.count() == audit_before


def test_the_people_who_hold_the_permission_still_may() -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN)
    services.endorsement_add(by=cast.leader, initiative=initiative, organisation=cast.community)
    pledge = _pledge(cast, initiative)
    services.pledge_confirm(by=cast.staff, pledge=pledge)
    comment = _comment(cast, initiative)
    services.comment_report(by=cast.stranger, comment=comment, reason="spam")
    services.comment_hide(by=cast.staff, comment=comment, reason="Iklan")
    services.comment_unhide(by=cast.head, comment=comment)
    services.offline_support_record(by=cast.staff, initiative=initiative, count=5, source="Rapat RW 3")
    assert Pledge.objects.get().status == PledgeStatus.CONFIRMED
    assert Endorsement.objects.count() == 1
