"""The lifecycle of an initiative: each service moves it from one phase to the next, with its record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import Organisation, OrganisationKind, User
from sinergi.core import audit
from sinergi.core.errors import ServiceError
from sinergi.core.writes import validate
from sinergi.notifications.services import emit

from ..models import (
    Attachment,
    DecisionRecord,
    Initiative,
    Phase,
)
from ._common import _change_phase, _require
from .attachments import attach


@transaction.atomic
def initiative_open_for_support(
    *, by: User, initiative: Initiative, threshold: int, deadline: date | None
) -> Initiative:
    """Open for support; the threshold and the deadline are shown to everyone from now on."""
    errors: dict[str, list[str]] = {}
    if threshold < 1:
        errors["threshold"] = [_("Ambang minimal 1.")]
    if deadline is not None and deadline <= timezone.localdate():
        errors["deadline"] = [_("Batas waktu harus setelah hari ini.")]
    if errors:
        raise ServiceError(_("Ambang atau batas waktu belum benar."), field_errors=errors)
    _change_phase(
        by=by,
        initiative=initiative,
        to=Phase.OPEN,
        allowed_from=[Phase.SUBMITTED],
        action="collaboration.initiative.opened",
        perm="collaboration.open_initiative",
        refused=_("Anda tidak dapat membuka inisiatif ini untuk dukungan."),
        data={"threshold": threshold, "deadline": deadline.isoformat() if deadline else None},
    )
    Initiative.objects.filter(pk=initiative.pk).update(
        support_threshold=threshold, support_deadline=deadline, opened_at=timezone.now()
    )
    initiative.refresh_from_db()
    emit("collaboration.opened", initiative=initiative.pk)
    return initiative


@transaction.atomic
def initiative_withdraw(*, by: User, initiative: Initiative, reason: str) -> Initiative:
    reason = _require(reason, "reason", _("Tuliskan alasan penarikan."))
    return _change_phase(
        by=by,
        initiative=initiative,
        to=Phase.WITHDRAWN,
        allowed_from=[Phase.DRAFT, Phase.SUBMITTED, Phase.OPEN, Phase.REVIEW],
        action="collaboration.initiative.withdrawn",
        perm="collaboration.withdraw_initiative",
        refused=_("Hanya pengusul yang dapat menarik inisiatif ini."),
        reason=reason,
        data={"reason": reason},
    )


@transaction.atomic
def initiative_start_review(*, by: User, initiative: Initiative) -> Initiative:
    _change_phase(
        by=by,
        initiative=initiative,
        to=Phase.REVIEW,
        allowed_from=[Phase.SUBMITTED, Phase.OPEN],
        action="collaboration.initiative.review_started",
        perm="collaboration.review_initiative",
        refused=_("Anda tidak dapat memulai kajian inisiatif ini."),
    )
    emit("collaboration.review", initiative=initiative.pk)
    return initiative


def _decide(
    *,
    by: User,
    initiative: Initiative,
    outcome: str,
    answer: str,
    grounds: str,
    minutes: Any | None,
    decided_at: datetime | None,
) -> Initiative:
    answer = _require(answer, "answer", _("Jawaban resmi wajib diisi dengan alasannya."))
    grounds = _require(grounds, "grounds", _("Tuliskan dasar keputusan."))
    to = Phase.ACCEPTED if outcome == DecisionRecord.Outcome.ACCEPTED else Phase.REJECTED
    _change_phase(
        by=by,
        initiative=initiative,
        to=to,
        allowed_from=[Phase.REVIEW],
        action=f"collaboration.initiative.{to}",
        perm="collaboration.decide_initiative",
        refused=_("Hanya kepala perangkat daerah yang dapat memutuskan inisiatif ini."),
    )
    now = timezone.now()
    Initiative.objects.filter(pk=initiative.pk).update(answer=answer, answered_at=now)
    initiative.refresh_from_db()
    attachment = None
    if minutes is not None:
        attachment = attach(by=by, initiative=initiative, upload=minutes, kind=Attachment.Kind.MINUTES)
    record = DecisionRecord(
        initiative=initiative,
        outcome=outcome,
        decided_by=by,
        decided_by_label=_decider_label(by),
        decided_at=decided_at or now,
        grounds=grounds,
        minutes=attachment,
    )
    validate(record, exclude=["minutes"], unique=False)
    record.save()
    audit.record(
        by=by,
        action="collaboration.decision.recorded",
        target=initiative,
        data={"outcome": outcome, "minutes": attachment is not None},
    )
    accepted = outcome == DecisionRecord.Outcome.ACCEPTED
    emit("collaboration.answer", initiative=initiative.pk, accepted=accepted, answer=answer)
    return initiative


def _decider_label(by: User) -> str:
    offices = [
        org.name
        for org in Organisation.objects.filter(memberships__user=by, kind=OrganisationKind.OFFICE).order_by("name")
    ]
    return f"{by}" + (f" ({', '.join(offices)})" if offices else "")


@transaction.atomic
def initiative_accept(
    *,
    by: User,
    initiative: Initiative,
    answer: str,
    grounds: str,
    minutes: Any | None = None,
    decided_at: datetime | None = None,
) -> Initiative:
    return _decide(
        by=by,
        initiative=initiative,
        outcome=DecisionRecord.Outcome.ACCEPTED,
        answer=answer,
        grounds=grounds,
        minutes=minutes,
        decided_at=decided_at,
    )


@transaction.atomic
def initiative_reject(
    *,
    by: User,
    initiative: Initiative,
    answer: str,
    grounds: str,
    minutes: Any | None = None,
    decided_at: datetime | None = None,
) -> Initiative:
    return _decide(
        by=by,
        initiative=initiative,
        outcome=DecisionRecord.Outcome.REJECTED,
        answer=answer,
        grounds=grounds,
        minutes=minutes,
        decided_at=decided_at,
    )


@transaction.atomic
def initiative_start_implementation(*, by: User, initiative: Initiative) -> Initiative:
    return _change_phase(
        by=by,
        initiative=initiative,
        to=Phase.IMPLEMENTATION,
        allowed_from=[Phase.ACCEPTED],
        action="collaboration.initiative.implementation_started",
        perm="collaboration.implement_initiative",
        refused=_("Anda tidak dapat memulai pelaksanaan inisiatif ini."),
    )


@transaction.atomic
def initiative_complete(*, by: User, initiative: Initiative) -> Initiative:
    _change_phase(
        by=by,
        initiative=initiative,
        to=Phase.COMPLETED,
        allowed_from=[Phase.IMPLEMENTATION],
        action="collaboration.initiative.completed",
        perm="collaboration.complete_initiative",
        refused=_("Anda tidak dapat menyatakan inisiatif ini selesai."),
    )
    emit("collaboration.completed", initiative=initiative.pk)
    return initiative


@transaction.atomic
def initiative_archive(*, by: User, initiative: Initiative, reason: str) -> Initiative:
    reason = _require(reason, "reason", _("Tuliskan alasan pengarsipan."))
    allowed = [p for p in Phase.values if p != Phase.ARCHIVED]
    return _change_phase(
        by=by,
        initiative=initiative,
        to=Phase.ARCHIVED,
        allowed_from=allowed,
        action="collaboration.initiative.archived",
        perm="collaboration.archive_initiative",
        refused=_("Anda tidak dapat mengarsipkan inisiatif ini."),
        reason=reason,
        data={"reason": reason},
    )
