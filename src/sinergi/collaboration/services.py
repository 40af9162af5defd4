"""Writes of collaboration: one service per phase change and action.

Keyword-only, atomic, validated, one audit entry each. Callers (pages, API) check the named permission
in rules.py first; the services enforce the lifecycle (which phase may follow which) and invariants.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import HELIX_OF_KIND, Organisation, OrganisationKind, User
from sinergi.accounts.predicates import is_office_staff, memberships_of
from sinergi.classification.models import Subsector
from sinergi.core import audit
from sinergi.core.errors import Conflict, NotAllowed, ServiceError, from_validation_error
from sinergi.notifications.services import emit

from . import files
from .models import (
    Attachment,
    Comment,
    CommentReport,
    DecisionRecord,
    Endorsement,
    Initiative,
    Milestone,
    MilestoneUpdate,
    OfflineSupport,
    Phase,
    PhaseChange,
    Pledge,
    PledgeKind,
    PledgeStatus,
    ProposerType,
    Result,
    Stance,
    Support,
    UserBlock,
)
from .rules import COMMENT_EDIT_WINDOW, ORGANISATION_ACTING_ROLES

INITIATIVE_FIELDS = (
    "title",
    "problem",
    "goal",
    "kecamatan",
    "beneficiaries",
    "budget_estimate",
    "resources_needed",
    "timeline",
)
COMMENT_LIMIT_PER_MINUTE = 5
SUPPORT_LIMIT_PER_MINUTE = 30
RATE_WINDOW_SECONDS = 60


class RateLimited(ServiceError):
    code = "rate_limited"
    status = 429


# ---------------------------------------------------------------- helpers


def _full_clean(instance: Any, *, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ServiceError(
            _("Data belum benar; periksa isian yang ditandai."), field_errors=from_validation_error(exc)
        ) from exc


def _require(text: str | None, field: str, message: str | None = None) -> str:
    value = (text or "").strip()
    if not value:
        raise ServiceError(_("Data belum lengkap."), field_errors={field: [message or _("Wajib diisi.")]})
    return value


def _rate_key(action: str, user: Any) -> str:
    window = int(timezone.now().timestamp()) // RATE_WINDOW_SECONDS
    return f"collab:rl:{action}:{getattr(user, 'pk', 'anon')}:{window}"


def rate_limit_reset(*, action: str, user: Any) -> None:
    """Forget this minute's count (the demo seeder writes many comments as one person at once)."""
    cache.delete(_rate_key(action, user))


def rate_limit(*, action: str, user: Any, limit: int, message: str) -> None:
    """At most `limit` actions per user per minute (cache counter); raises RateLimited beyond it."""
    key = _rate_key(action, user)
    cache.add(key, 0, RATE_WINDOW_SECONDS + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, RATE_WINDOW_SECONDS + 5)
        count = 1
    if count > limit:
        raise RateLimited(message)


def _ensure_not_blocked(user: Any) -> None:
    if UserBlock.objects.filter(user=user, lifted_at__isnull=True).exists():
        raise NotAllowed(_("Akun Anda sedang diblokir dari diskusi dan dukungan."), code="blocked")


def _lock(initiative: Initiative) -> Initiative:
    """The initiative re-read under a row lock, so two phase changes never interleave."""
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    initiative.refresh_from_db()
    return locked


def _change_phase(
    *,
    by: Any,
    initiative: Initiative,
    to: str,
    allowed_from: Iterable[str],
    action: str,
    reason: str = "",
    data: Mapping[str, Any] | None = None,
) -> Initiative:
    locked = _lock(initiative)
    allowed = set(allowed_from)
    if locked.phase not in allowed:
        raise Conflict(
            _("Tahap sekarang (%(current)s) tidak dapat diubah menjadi %(target)s.")
            % {"current": locked.get_phase_display(), "target": Phase(to).label},
            code="wrong_phase",
        )
    previous = locked.phase
    locked.phase = to
    if reason:
        locked.phase_reason = reason
    locked.save(update_fields=["phase", "phase_reason", "updated_at"])
    PhaseChange.objects.create(initiative=locked, from_phase=previous, to_phase=to, by=_user(by), reason=reason)
    audit.record(actor=by, action=action, target=locked, data={"from": previous, "to": to, **(data or {})})
    initiative.refresh_from_db()
    return locked


def _user(by: Any) -> User | None:
    return by if getattr(by, "is_authenticated", False) else None


def _acts_for(user: Any, organisation: Organisation) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(
        org_id == organisation.pk and role in ORGANISATION_ACTING_ROLES for org_id, _, role in memberships_of(user)
    )


def attachment_add(
    *, by: Any, initiative: Initiative, upload: Any, kind: str = Attachment.Kind.INITIATIVE, is_internal: bool = False
) -> Attachment:
    content_type, size = files.validate_upload(upload)
    name = PurePath(getattr(upload, "name", "berkas")).name[:200]
    attachment = Attachment(
        initiative=initiative,
        kind=kind,
        name=name,
        content_type=content_type,
        size=size,
        is_internal=is_internal,
        uploaded_by=_user(by),
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    audit.record(
        actor=by,
        action="collaboration.attachment.added",
        target=initiative,
        data={"kind": kind, "name": name, "internal": is_internal},
    )
    return attachment


# ---------------------------------------------------------------- initiatives


def _apply(initiative: Initiative, data: Mapping[str, Any]) -> list[str]:
    changed = []
    for field in INITIATIVE_FIELDS:
        if field in data:
            value = data[field]
            if isinstance(value, str):
                value = value.strip()
            if field == "budget_estimate" and value in ("", None):
                value = None
            elif field == "budget_estimate":
                value = Decimal(value)
            if getattr(initiative, field) != value:
                setattr(initiative, field, value)
                changed.append(field)
    if initiative.kecamatan_id and initiative.kecamatan.level != "kecamatan":  # type: ignore[union-attr]
        raise ServiceError(_("Pilih kecamatan."), field_errors={"kecamatan": [_("Bukan kecamatan.")]})
    return changed


@transaction.atomic
def initiative_create(
    *,
    by: User,
    data: Mapping[str, Any],
    proposer_organisation: Organisation | None = None,
    subsectors: Iterable[Subsector] = (),
    coauthors: Iterable[User] = (),
    is_demo: bool = False,
) -> Initiative:
    """A new draft, proposed by a person or on behalf of an organisation they act for."""
    if proposer_organisation is not None:
        if not _acts_for(by, proposer_organisation):
            raise NotAllowed(
                _("Anda tidak dapat mengusulkan atas nama organisasi ini."),
                field_errors={"proposer_organisation": [_("Anda bukan pengurus atau petugas organisasi ini.")]},
            )
        proposer_type = str(ProposerType(OrganisationKind(proposer_organisation.kind).value))
    else:
        proposer_type = ProposerType.PERSON
    initiative = Initiative(
        author=by, proposer_type=proposer_type, proposer_organisation=proposer_organisation, is_demo=is_demo
    )
    _apply(initiative, data)
    _full_clean(initiative)
    initiative.save()
    initiative.subsectors.set(list(subsectors))
    initiative.coauthors.set([u for u in coauthors if u.pk != by.pk])
    PhaseChange.objects.create(initiative=initiative, from_phase="", to_phase=Phase.DRAFT, by=_user(by))
    audit.record(
        actor=by, action="collaboration.initiative.created", target=initiative, data={"proposer_type": proposer_type}
    )
    return initiative


@transaction.atomic
def initiative_update(
    *,
    by: User,
    initiative: Initiative,
    data: Mapping[str, Any],
    subsectors: Iterable[Subsector] | None = None,
    coauthors: Iterable[User] | None = None,
) -> Initiative:
    locked = _lock(initiative)
    if locked.phase not in {Phase.DRAFT, Phase.SUBMITTED}:
        raise Conflict(_("Inisiatif hanya dapat diubah selama draf atau diajukan."), code="wrong_phase")
    changed = _apply(initiative, data)
    _full_clean(initiative)
    initiative.save()
    if subsectors is not None:
        initiative.subsectors.set(list(subsectors))
        changed.append("subsectors")
    if coauthors is not None:
        initiative.coauthors.set([u for u in coauthors if u.pk != initiative.author_id])
        changed.append("coauthors")
    audit.record(actor=by, action="collaboration.initiative.updated", target=initiative, data={"fields": changed})
    return initiative


@transaction.atomic
def initiative_submit(*, by: User, initiative: Initiative) -> Initiative:
    _full_clean(initiative)
    _change_phase(
        by=by,
        initiative=initiative,
        to=Phase.SUBMITTED,
        allowed_from=[Phase.DRAFT],
        action="collaboration.initiative.submitted",
    )
    Initiative.objects.filter(pk=initiative.pk).update(submitted_at=timezone.now())
    initiative.refresh_from_db()
    return initiative


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
    )
    emit("collaboration.review", initiative=initiative.pk)
    return initiative


def _authors(initiative: Initiative) -> list[User]:
    return [initiative.author, *initiative.coauthors.all()]


def answer_recipients(initiative: Initiative) -> list[User]:
    """Author, co-authors, supporters and endorsers (and those who pledged): all hear the answer."""
    ids = {initiative.author_id}
    ids |= set(initiative.coauthors.values_list("pk", flat=True))
    ids |= set(Support.objects.filter(initiative=initiative).values_list("user_id", flat=True))
    ids |= {uid for uid in Endorsement.objects.filter(initiative=initiative).values_list("by_id", flat=True) if uid}
    ids |= {uid for uid in Pledge.objects.filter(initiative=initiative).values_list("offered_by_id", flat=True) if uid}
    return list(User.objects.filter(pk__in=ids, is_active=True))


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
        by=by, initiative=initiative, to=to, allowed_from=[Phase.REVIEW], action=f"collaboration.initiative.{to}"
    )
    now = timezone.now()
    Initiative.objects.filter(pk=initiative.pk).update(answer=answer, answered_at=now)
    initiative.refresh_from_db()
    attachment = None
    if minutes is not None:
        attachment = attachment_add(by=by, initiative=initiative, upload=minutes, kind=Attachment.Kind.MINUTES)
    record = DecisionRecord(
        initiative=initiative,
        outcome=outcome,
        decided_by=by,
        decided_by_label=_decider_label(by),
        decided_at=decided_at or now,
        grounds=grounds,
        minutes=attachment,
    )
    _full_clean(record, exclude=["minutes"])
    record.save()
    audit.record(
        actor=by,
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
    )


@transaction.atomic
def initiative_complete(*, by: User, initiative: Initiative) -> Initiative:
    _change_phase(
        by=by,
        initiative=initiative,
        to=Phase.COMPLETED,
        allowed_from=[Phase.IMPLEMENTATION],
        action="collaboration.initiative.completed",
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
        reason=reason,
        data={"reason": reason},
    )


# ---------------------------------------------------------------- supports


@transaction.atomic
def support_add(*, by: User, initiative: Initiative) -> bool:
    """Support once; returns False (and counts nothing) when this person already supports it.

    Exact under concurrency: the unique (initiative, user) constraint decides, and the counter moves
    by F() in the same transaction as the row (see docs/decisions/0003-support-counts.md).
    """
    rate_limit(
        action="support",
        user=by,
        limit=SUPPORT_LIMIT_PER_MINUTE,
        message=_("Terlalu sering menekan tombol dukungan. Coba lagi dalam satu menit."),
    )
    _ensure_not_blocked(by)
    current = Initiative.objects.filter(pk=initiative.pk).values_list("phase", "support_deadline").first()
    if current is None or current[0] != Phase.OPEN:
        raise Conflict(_("Inisiatif ini tidak sedang terbuka untuk dukungan."), code="wrong_phase")
    if current[1] is not None and current[1] < timezone.localdate():
        raise Conflict(_("Batas waktu dukungan sudah lewat."), code="deadline_passed")
    try:
        with transaction.atomic():
            Support.objects.create(initiative=initiative, user=by)
    except IntegrityError:
        return False
    Initiative.objects.filter(pk=initiative.pk).update(support_count=F("support_count") + 1)
    audit.record(actor=by, action="collaboration.support.added", target=initiative)
    return True


@transaction.atomic
def support_withdraw(*, by: User, initiative: Initiative) -> bool:
    rate_limit(
        action="support",
        user=by,
        limit=SUPPORT_LIMIT_PER_MINUTE,
        message=_("Terlalu sering menekan tombol dukungan. Coba lagi dalam satu menit."),
    )
    phase = Initiative.objects.filter(pk=initiative.pk).values_list("phase", flat=True).first()
    if phase != Phase.OPEN:
        raise Conflict(_("Dukungan hanya dapat ditarik selama masa dukungan."), code="wrong_phase")
    deleted, _objects = Support.objects.filter(initiative=initiative, user=by).delete()
    if not deleted:
        return False
    Initiative.objects.filter(pk=initiative.pk).update(support_count=F("support_count") - 1)
    audit.record(actor=by, action="collaboration.support.withdrawn", target=initiative)
    return True


@transaction.atomic
def offline_support_record(
    *, by: User, initiative: Initiative, count: int, source: str, collected_on: date | None = None
) -> OfflineSupport:
    source = _require(source, "source", _("Sebutkan sumbernya (pertemuan, tempat, tanggal)."))
    if count < 1 or count > 100_000:
        raise ServiceError(_("Jumlah tidak wajar."), field_errors={"count": [_("Antara 1 dan 100.000.")]})
    phase = Initiative.objects.filter(pk=initiative.pk).values_list("phase", flat=True).first()
    if phase not in {Phase.OPEN, Phase.REVIEW}:
        raise Conflict(_("Dukungan luring dicatat selama masa dukungan atau kajian."), code="wrong_phase")
    row = OfflineSupport.objects.create(
        initiative=initiative, count=count, source=source, collected_on=collected_on, recorded_by=_user(by)
    )
    Initiative.objects.filter(pk=initiative.pk).update(offline_support_count=F("offline_support_count") + count)
    audit.record(
        actor=by,
        action="collaboration.support.offline_recorded",
        target=initiative,
        data={"count": count, "source": source},
    )
    initiative.refresh_from_db()
    return row


# ---------------------------------------------------------------- organisations


def _engagement_open(initiative: Initiative) -> None:
    if initiative.phase not in {Phase.OPEN, Phase.REVIEW, Phase.ACCEPTED, Phase.IMPLEMENTATION}:
        raise Conflict(_("Dukungan organisasi tidak dibuka pada tahap ini."), code="wrong_phase")


@transaction.atomic
def endorsement_add(
    *, by: User, initiative: Initiative, organisation: Organisation, statement: str = ""
) -> Endorsement:
    if not _acts_for(by, organisation):
        raise NotAllowed(_("Anda tidak dapat bertindak atas nama organisasi ini."))
    _engagement_open(initiative)
    endorsement = Endorsement(
        initiative=initiative,
        organisation=organisation,
        helix=str(HELIX_OF_KIND[OrganisationKind(organisation.kind)]),
        statement=statement.strip(),
        by=_user(by),
    )
    _full_clean(endorsement)
    try:
        with transaction.atomic():
            endorsement.save()
    except IntegrityError as exc:
        raise Conflict(_("Organisasi ini sudah mendukung inisiatif ini."), code="duplicate") from exc
    audit.record(
        actor=by,
        action="collaboration.endorsement.added",
        target=initiative,
        data={"organisation": organisation, "helix": endorsement.helix},
    )
    return endorsement


@transaction.atomic
def pledge_offer(
    *,
    by: User,
    initiative: Initiative,
    organisation: Organisation,
    kind: str,
    description: str,
    amount: Decimal | None = None,
) -> Pledge:
    if not _acts_for(by, organisation):
        raise NotAllowed(_("Anda tidak dapat bertindak atas nama organisasi ini."))
    _engagement_open(initiative)
    if kind not in PledgeKind.values:
        raise ServiceError(
            _("Jenis sumbangan tidak dikenal."), field_errors={"kind": [_("Pilih jenis yang tersedia.")]}
        )
    pledge = Pledge(
        initiative=initiative,
        organisation=organisation,
        kind=kind,
        description=description.strip(),
        amount=amount,
        helix=str(HELIX_OF_KIND[OrganisationKind(organisation.kind)]),
        offered_by=_user(by),
    )
    _full_clean(pledge)
    pledge.save()
    audit.record(
        actor=by,
        action="collaboration.pledge.offered",
        target=initiative,
        data={"organisation": organisation, "kind": kind, "helix": pledge.helix},
    )
    emit("collaboration.pledge", initiative=initiative.pk, pledge=pledge.pk)
    return pledge


def _pledge_move(*, by: User, pledge: Pledge, to: str, allowed_from: str, stamp: str) -> Pledge:
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if locked.status != allowed_from:
        raise Conflict(
            _("Status sumbangan sekarang %(status)s.") % {"status": locked.get_status_display()}, code="wrong_status"
        )
    locked.status = to
    setattr(locked, stamp, timezone.now())
    locked.save(update_fields=["status", stamp])
    audit.record(
        actor=by,
        action=f"collaboration.pledge.{to}",
        target=locked.initiative,
        data={"pledge": locked.pk, "organisation": locked.organisation_id},
    )
    pledge.refresh_from_db()
    return locked


@transaction.atomic
def pledge_confirm(*, by: User, pledge: Pledge) -> Pledge:
    return _pledge_move(
        by=by, pledge=pledge, to=PledgeStatus.CONFIRMED, allowed_from=PledgeStatus.OFFERED, stamp="confirmed_at"
    )


@transaction.atomic
def pledge_deliver(*, by: User, pledge: Pledge) -> Pledge:
    return _pledge_move(
        by=by, pledge=pledge, to=PledgeStatus.DELIVERED, allowed_from=PledgeStatus.CONFIRMED, stamp="delivered_at"
    )


# ---------------------------------------------------------------- discussion and moderation


@transaction.atomic
def comment_post(
    *, by: User, initiative: Initiative, body: str, stance: str = Stance.NEUTRAL, parent: Comment | None = None
) -> Comment:
    _ensure_not_blocked(by)
    rate_limit(
        action="comment",
        user=by,
        limit=COMMENT_LIMIT_PER_MINUTE,
        message=_(
            "Terlalu banyak komentar dalam waktu singkat (maksimal %(limit)d per menit). "
            "Tunggu sebentar lalu coba lagi."
        )
        % {"limit": COMMENT_LIMIT_PER_MINUTE},
    )
    _engagement_open(initiative)
    if parent is not None:
        if parent.initiative_id != initiative.pk:
            raise ServiceError(
                _("Balasan harus pada inisiatif yang sama."), field_errors={"parent": [_("Tidak cocok.")]}
            )
        parent = parent.parent or parent  # threads are two levels deep: replies attach to the root
    comment = Comment(initiative=initiative, author=by, body=(body or "").strip(), stance=stance, parent=parent)
    _full_clean(comment)
    comment.save()
    audit.record(
        actor=by,
        action="collaboration.comment.posted",
        target=initiative,
        data={"comment": comment.pk, "stance": stance},
    )
    return comment


@transaction.atomic
def comment_edit(*, by: User, comment: Comment, body: str) -> Comment:
    if comment.author_id != by.pk:
        raise NotAllowed(_("Hanya penulis yang dapat mengubah komentarnya."))
    if timezone.now() - comment.created_at > COMMENT_EDIT_WINDOW:
        raise Conflict(_("Waktu untuk mengubah komentar (15 menit) sudah lewat."), code="edit_window_closed")
    if comment.is_hidden:
        raise Conflict(_("Komentar yang disembunyikan tidak dapat diubah."), code="hidden")
    comment.body = (body or "").strip()
    comment.edited_at = timezone.now()
    _full_clean(comment)
    comment.save(update_fields=["body", "edited_at"])
    audit.record(
        actor=by, action="collaboration.comment.edited", target=comment.initiative, data={"comment": comment.pk}
    )
    return comment


@transaction.atomic
def comment_report(*, by: User, comment: Comment, reason: str) -> CommentReport:
    reason = _require(reason, "reason", _("Tuliskan alasan pelaporan."))
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(comment=comment, reporter=by, reason=reason[:1000])
    except IntegrityError as exc:
        raise Conflict(_("Anda sudah melaporkan komentar ini."), code="duplicate") from exc
    Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
    audit.record(
        actor=by, action="collaboration.comment.reported", target=comment.initiative, data={"comment": comment.pk}
    )
    return report


@transaction.atomic
def comment_hide(*, by: User, comment: Comment, reason: str) -> Comment:
    """Hide with a reason the author can read; the text stays for the record."""
    reason = _require(reason, "reason", _("Tuliskan alasan yang akan dibaca penulis."))
    comment.is_hidden, comment.hidden_reason, comment.hidden_by = True, reason, by
    comment.save(update_fields=["is_hidden", "hidden_reason", "hidden_by"])
    CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=timezone.now())
    audit.record(
        actor=by,
        action="collaboration.comment.hidden",
        target=comment.initiative,
        data={"comment": comment.pk, "reason": reason},
    )
    emit("collaboration.moderation", initiative=comment.initiative_id, comment=comment.pk, reason=reason)
    return comment


@transaction.atomic
def comment_unhide(*, by: User, comment: Comment) -> Comment:
    comment.is_hidden, comment.hidden_reason, comment.hidden_by = False, "", None
    comment.save(update_fields=["is_hidden", "hidden_reason", "hidden_by"])
    audit.record(
        actor=by, action="collaboration.comment.unhidden", target=comment.initiative, data={"comment": comment.pk}
    )
    return comment


@transaction.atomic
def user_block(*, by: User, user: User, reason: str) -> UserBlock:
    reason = _require(reason, "reason", _("Tuliskan alasan pemblokiran."))
    if is_office_staff(user):
        raise NotAllowed(_("Petugas perangkat daerah tidak dapat diblokir di sini."))
    block, created = UserBlock.objects.get_or_create(
        user=user, lifted_at__isnull=True, defaults={"reason": reason, "blocked_by": by}
    )
    if created:
        audit.record(actor=by, action="collaboration.user.blocked", target=user, data={"reason": reason})
    return block


@transaction.atomic
def user_unblock(*, by: User, user: User) -> int:
    lifted = UserBlock.objects.filter(user=user, lifted_at__isnull=True).update(lifted_at=timezone.now())
    if lifted:
        audit.record(actor=by, action="collaboration.user.unblocked", target=user)
    return lifted


# ---------------------------------------------------------------- follow-through


def _follow_through_open(initiative: Initiative, phases: Iterable[str]) -> None:
    if initiative.phase not in set(phases):
        raise Conflict(_("Tindak lanjut belum atau tidak lagi dibuka pada tahap ini."), code="wrong_phase")


@transaction.atomic
def milestone_add(
    *, by: User, initiative: Initiative, title: str, due_date: date | None = None, notes: str = ""
) -> Milestone:
    _follow_through_open(initiative, [Phase.ACCEPTED, Phase.IMPLEMENTATION])
    milestone = Milestone(initiative=initiative, title=(title or "").strip(), due_date=due_date, notes=notes.strip())
    _full_clean(milestone)
    milestone.save()
    audit.record(
        actor=by,
        action="collaboration.milestone.added",
        target=initiative,
        data={"milestone": milestone.pk, "title": milestone.title},
    )
    return milestone


@transaction.atomic
def milestone_progress_update(*, by: User, milestone: Milestone, progress: int, note: str = "") -> Milestone:
    _follow_through_open(milestone.initiative, [Phase.ACCEPTED, Phase.IMPLEMENTATION])
    if not 0 <= progress <= 100:
        raise ServiceError(_("Kemajuan 0–100 %."), field_errors={"progress": [_("Antara 0 dan 100.")]})
    milestone.progress = progress
    if note.strip():
        milestone.notes = note.strip()
    milestone.completed_at = timezone.now() if progress == 100 else None
    milestone.save(update_fields=["progress", "notes", "completed_at"])
    MilestoneUpdate.objects.create(milestone=milestone, progress=progress, note=note.strip(), by=_user(by))
    audit.record(
        actor=by,
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
    result = Result(
        initiative=initiative,
        title=(title or "").strip(),
        description=description.strip(),
        evidence_url=evidence_url.strip(),
        by=_user(by),
    )
    _full_clean(result, exclude=["evidence"])
    if not evidence and not result.evidence_url:
        raise ServiceError(_("Sertakan bukti: berkas atau tautan."), field_errors={"evidence": [_("Wajib ada bukti.")]})
    if evidence is not None:
        result.evidence = attachment_add(by=by, initiative=initiative, upload=evidence, kind=Attachment.Kind.EVIDENCE)
    result.save()
    audit.record(
        actor=by,
        action="collaboration.result.added",
        target=initiative,
        data={"result": result.pk, "title": result.title},
    )
    return result
