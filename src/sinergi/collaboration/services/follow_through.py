"""Follow-through of an accepted initiative: milestones, progress and results with evidence."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.errors import Conflict, ServiceError
from sinergi.core.writes import validate

from ..models import (
    Attachment,
    Initiative,
    Milestone,
    MilestoneUpdate,
    Phase,
    Result,
)
from ._common import _user
from .attachments import attach


def _follow_through_open(initiative: Initiative, phases: Iterable[str]) -> None:
    if initiative.phase not in set(phases):
        raise Conflict(_("Tindak lanjut belum atau tidak lagi dibuka pada tahap ini."), code="wrong_phase")


@transaction.atomic
def milestone_add(
    *, by: User, initiative: Initiative, title: str, due_date: date | None = None, notes: str = ""
) -> Milestone:
    _follow_through_open(initiative, [Phase.ACCEPTED, Phase.IMPLEMENTATION])
    check_perm(by, "collaboration.add_milestone", initiative, message=_("Anda tidak dapat menambah tonggak di sini."))
    milestone = Milestone(initiative=initiative, title=(title or "").strip(), due_date=due_date, notes=notes.strip())
    validate(milestone, unique=False)
    milestone.save()
    audit.record(
        by=by,
        action="collaboration.milestone.added",
        target=initiative,
        data={"milestone": milestone.pk, "title": milestone.title},
    )
    return milestone


@transaction.atomic
def milestone_progress_update(*, by: User, milestone: Milestone, progress: int, note: str = "") -> Milestone:
    _follow_through_open(milestone.initiative, [Phase.ACCEPTED, Phase.IMPLEMENTATION])
    check_perm(
        by,
        "collaboration.update_progress",
        milestone.initiative,
        message=_("Anda tidak dapat melaporkan kemajuan tonggak ini."),
    )
    if not 0 <= progress <= 100:
        raise ServiceError(_("Kemajuan 0–100 %."), field_errors={"progress": [_("Antara 0 dan 100.")]})
    milestone.progress = progress
    if note.strip():
        milestone.notes = note.strip()
    milestone.completed_at = timezone.now() if progress == 100 else None
    milestone.save(update_fields=["progress", "notes", "completed_at"])
    MilestoneUpdate.objects.create(milestone=milestone, progress=progress, note=note.strip(), by=_user(by))
    audit.record(
        by=by,
        action="collaboration.milestone.progress",
        target=milestone.initiative,
        data={"milestone": milestone.pk, "progress": progress},
    )
    return milestone


@transaction.atomic
def result_add(
    *,
    by: User,
    initiative: Initiative,
    title: str,
    description: str = "",
    evidence: Any | None = None,
    evidence_url: str = "",
) -> Result:
    _follow_through_open(initiative, [Phase.IMPLEMENTATION, Phase.COMPLETED])
    check_perm(by, "collaboration.add_result", initiative, message=_("Anda tidak dapat mencatat hasil di sini."))
    result = Result(
        initiative=initiative,
        title=(title or "").strip(),
        description=description.strip(),
        evidence_url=evidence_url.strip(),
        by=_user(by),
    )
    validate(result, exclude=["evidence"], unique=False)
    if not evidence and not result.evidence_url:
        raise ServiceError(_("Sertakan bukti: berkas atau tautan."), field_errors={"evidence": [_("Wajib ada bukti.")]})
    if evidence is not None:
        result.evidence = attach(by=by, initiative=initiative, upload=evidence, kind=Attachment.Kind.EVIDENCE)
    result.save()
    audit.record(
        by=by,
        action="collaboration.result.added",
        target=initiative,
        data={"result": result.pk, "title": result.title},
    )
    return result
