"""Writes for fostering programs. Keyword-only, atomic, validated; each change writes one audit entry.

Each service checks its named permission (rules.py) for the person acting (`by`; None is the platform itself:
demo seeding, timers) and raises `NotAllowed`; pages and the API only choose 404 or 403.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import Organisation, User
from sinergi.classification.models import Subsector
from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.errors import Conflict, NotAllowed, ServiceError
from sinergi.core.writes import validate
from sinergi.notifications.services import emit
from sinergi.registry.models import Actor, CertificationKind
from sinergi.registry.models import Status as ActorStatus

from . import eligibility
from .models import (
    STATUS_TRANSITIONS,
    ApplicationStatus,
    Attendance,
    FosteringLetter,
    Outcome,
    OutcomeStage,
    Participant,
    ParticipantStatus,
    Program,
    ProgramApplication,
    ProgramSession,
    ProgramStatus,
    verification_code,
)


def _organisers_only() -> str:
    return _("Hanya petugas perangkat daerah penyelenggara yang dapat mengelola program ini.")


def _current_subsectors(subsectors: Iterable[Subsector]) -> list[Subsector]:
    """Eligibility uses the subsector list in force; older lists stay for history only."""
    subsectors = list(subsectors)
    outdated = [s for s in subsectors if not s.subsector_list.is_current]
    if outdated:
        message = _("Pilih subsektor dari daftar yang berlaku, bukan %(names)s.") % {
            "names": ", ".join(f"{s.name} ({s.subsector_list})" for s in outdated)
        }
        raise ServiceError(message, field_errors={"eligible_subsectors": [message]})
    return subsectors


# What the organiser may change after creating a program (slug and organiser stay: links and permissions
# hang on them; status moves only through program_set_status; questions are set when the call is made).
PROGRAM_EDITABLE = (
    "title",
    "kind",
    "certification",
    "description",
    "start_date",
    "end_date",
    "fostered_rule",
    "call_opens",
    "call_closes",
    "cohort_size",
    "initiative",
    "eligible_size_classes",
)


def program_update(
    *,
    by: User | None,
    program: Program,
    data: Mapping[str, Any],
    subsectors: Iterable[Any] | None = None,
    kecamatan: Iterable[Any] | None = None,
    partners: Iterable[Any] | None = None,
) -> Program:
    """Change a program's description, dates, call window, eligibility and cohort size (organiser's
    staff only); one audit entry names the fields changed."""
    check_perm(by, "programs.manage_program", program, message=_("Anda tidak berwenang mengubah program ini."))
    unknown = set(data) - set(PROGRAM_EDITABLE)
    if unknown:
        raise ServiceError(_("Kolom ini tidak dapat diubah: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    new_subsectors = _current_subsectors(subsectors) if subsectors is not None else None
    with transaction.atomic():
        locked = Program.objects.select_for_update().get(pk=program.pk)
        changed = [key for key, value in data.items() if getattr(locked, key) != value]
        for key in changed:
            setattr(locked, key, data[key])
        taken = locked.participants.count()
        if locked.cohort_size < taken:
            message = _("Sudah ada %(n)s peserta; jumlah peserta tidak dapat lebih kecil dari itu.") % {"n": taken}
            raise ServiceError(message, field_errors={"cohort_size": [message]})
        validate(locked)
        locked.save()
        for name, given in (
            ("eligible_subsectors", new_subsectors),
            ("eligible_kecamatan", kecamatan),
            ("partners", partners),
        ):
            if given is None:
                continue
            values = list(given)
            manager = getattr(locked, name)
            if {v.pk for v in values} != set(manager.values_list("pk", flat=True)):
                manager.set(values)
                changed.append(name)
        audit.record(
            by=by,
            action="programs.program.updated",
            target=locked,
            data={"slug": locked.slug, "fields": sorted(changed)},
        )
    program.refresh_from_db()
    return program


def program_create(
    *,
    by: User | None,
    data: Mapping[str, Any],
    subsectors: Iterable[Any] = (),
    kecamatan: Iterable[Any] = (),
    partners: Iterable[Any] = (),
) -> Program:
    errors = eligibility.validate_questions(data.get("questions", []))
    if errors:
        raise ServiceError(errors[0], field_errors={"questions": errors})
    subsectors = _current_subsectors(subsectors)
    with transaction.atomic():
        program = Program(**data)
        # The organiser is an office the person works for (the form offers only those).
        check_perm(
            by,
            "programs.manage_program",
            program,
            message=_("Anda hanya dapat menyelenggarakan atas nama perangkat daerah tempat Anda bertugas."),
            field_errors={"organiser": [_("Pilih perangkat daerah tempat Anda bertugas.")]},
        )
        validate(program)
        program.save()
        program.eligible_subsectors.set(list(subsectors))
        program.eligible_kecamatan.set(list(kecamatan))
        program.partners.set(list(partners))
        audit.record(by=by, action="programs.program.created", target=program, data={"slug": program.slug})
    return program


def program_set_status(*, by: User | None, program: Program, status: str) -> Program:
    """Move a program one step along its lifecycle (`models.STATUS_TRANSITIONS`); staff only."""
    check_perm(by, "programs.manage_program", program, message=_("Anda tidak berwenang mengubah status program ini."))
    if status not in ProgramStatus.values:
        raise ServiceError(_("Status tidak dikenal."), field_errors={"status": [_("Status tidak dikenal.")]})
    with transaction.atomic():
        locked = Program.objects.select_for_update().get(pk=program.pk)
        if status not in STATUS_TRANSITIONS[locked.status]:
            message = _("Program berstatus “%(now)s” tidak dapat diubah menjadi “%(to)s”.") % {
                "now": locked.get_status_display(),
                "to": ProgramStatus(status).label,
            }
            raise Conflict(message, field_errors={"status": [message]})
        if status == ProgramStatus.DRAFT and locked.applications.exists():
            message = _("Program ini sudah punya pendaftar, jadi tidak dapat dikembalikan menjadi draf.")
            raise Conflict(message, field_errors={"status": [message]})
        previous = locked.status
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        audit.record(
            by=by,
            action="programs.program.status_changed",
            target=locked,
            data={"from": previous, "status": status},
        )
    program.status = status
    return program


def applicant_of(actor: Actor) -> eligibility.Applicant:
    kecamatan = actor.kecamatan
    return eligibility.Applicant(
        subsector_ids=frozenset(actor.subsectors.values_list("pk", flat=True)),
        size_class=actor.size_class,
        kecamatan_id=kecamatan.pk if kecamatan else None,
        is_fostered=actor.fostered_by_id is not None,
    )


def rules_of(program: Program) -> eligibility.Rules:
    return eligibility.Rules(
        subsector_ids=frozenset(program.eligible_subsectors.values_list("pk", flat=True)),
        size_classes=frozenset(program.eligible_size_classes or []),
        kecamatan_ids=frozenset(program.eligible_kecamatan.values_list("pk", flat=True)),
        fostered=program.fostered_rule,
    )


def eligibility_problems(*, program: Program, actor: Actor) -> list[str]:
    problems = eligibility.unmet(rules_of(program), applicant_of(actor))
    if actor.status != ActorStatus.VERIFIED:
        problems.insert(0, _("Profil pelaku harus sudah terverifikasi."))
    return problems


def application_submit(
    *, by: User | None, program: Program, actor: Actor, answers: Mapping[str, Any], today: date | None = None
) -> ProgramApplication:
    """Apply for `actor`: the person speaks for it (`programs.apply`: its profile owner)."""
    message = _("Anda hanya dapat mendaftarkan usaha milik Anda.")
    check_perm(by, "programs.apply", actor, message=message, field_errors={"actor": [message]})
    if not program.accepts_applications(today):
        raise NotAllowed(_("Pendaftaran program ini sedang tidak dibuka."))
    problems = eligibility_problems(program=program, actor=actor)
    if problems:
        raise ServiceError(problems[0], field_errors={"__all__": problems})
    clean, errors = eligibility.clean_answers(program.questions or [], answers)
    if errors:
        raise ServiceError(_("Ada jawaban yang belum benar."), field_errors=errors)
    with transaction.atomic():
        try:
            with transaction.atomic():
                app = ProgramApplication.objects.create(program=program, actor=actor, applicant=by, answers=clean)
        except IntegrityError as exc:
            raise Conflict(_("%(a)s sudah mendaftar di program ini.") % {"a": actor}) from exc
        audit.record(by=by, action="programs.application.submitted", target=app)
        emit("programs.application.received", application=app.pk)
    return app


def application_review(
    *, by: User | None, application: ProgramApplication, score: int | None, notes: str, decision: str
) -> ProgramApplication:
    """Score and decide. Accepting adds the actor to the cohort, never beyond the cohort size."""
    if score is not None and not 0 <= score <= 100:
        raise ServiceError(_("Nilai 0–100."), field_errors={"score": [_("Nilai 0–100.")]})
    if decision not in ApplicationStatus.values:
        raise ServiceError(_("Keputusan tidak dikenal."))
    with transaction.atomic():
        program = Program.objects.select_for_update().get(pk=application.program_id)
        check_perm(by, "programs.select", program, message=_organisers_only())
        app = ProgramApplication.objects.select_for_update().get(pk=application.pk)
        participant = Participant.objects.filter(application=app).first()
        if decision == ApplicationStatus.ACCEPTED and participant is None:
            if program.participants.exclude(status=ParticipantStatus.DROPPED).count() >= program.cohort_size:
                raise Conflict(_("Kuota peserta (%(n)d) sudah penuh.") % {"n": program.cohort_size})
            Participant.objects.create(program=program, actor=app.actor, application=app)
        elif decision != ApplicationStatus.ACCEPTED and participant is not None:
            if participant.attendance.exists() or participant.outcomes.exists():
                raise Conflict(_("Peserta ini sudah punya presensi atau capaian; tandai mundur saja."))
            participant.delete()
        app.score, app.notes, app.status = score, notes.strip(), decision
        app.decided_by, app.decided_at = by, timezone.now()
        app.save()
        audit.record(
            by=by, action="programs.application.reviewed", target=app, data={"decision": decision, "score": score}
        )
        if decision in {ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED}:
            emit("programs.application.decided", application=app.pk)
    return app


def session_create(*, by: User | None, program: Program, data: Mapping[str, Any]) -> ProgramSession:
    check_perm(by, "programs.manage_program", program, message=_organisers_only())
    with transaction.atomic():
        session = ProgramSession(program=program, **data)
        validate(session)
        session.save()
        audit.record(by=by, action="programs.session.created", target=session)
    return session


def attendance_record(*, by: User | None, session: ProgramSession, present_ids: Iterable[int]) -> int:
    """Take attendance for the whole cohort at once (from a phone): ticked participants are present."""
    present = set(present_ids)
    with transaction.atomic():
        locked = ProgramSession.objects.select_for_update().get(pk=session.pk)
        check_perm(by, "programs.take_attendance", locked.program, message=_organisers_only())
        cohort = list(locked.program.participants.exclude(status=ParticipantStatus.DROPPED))
        known = {p.pk for p in cohort}
        if present - known:
            raise ServiceError(_("Ada peserta yang bukan anggota kohort ini."))
        if len(present) > locked.capacity:
            raise ServiceError(_("Jumlah hadir melebihi kapasitas sesi (%(n)d).") % {"n": locked.capacity})
        for participant in cohort:
            Attendance.objects.update_or_create(
                session=locked,
                participant=participant,
                defaults={"present": participant.pk in present, "recorded_by": by},
            )
        audit.record(by=by, action="programs.attendance.recorded", target=locked, data={"present": len(present)})
    return len(present)


def outcome_record(
    *,
    by: User | None,
    participant: Participant,
    stage: str,
    recorded_on: date,
    monthly_sales: Decimal,
    workers: int,
    certifications: Sequence[str] = (),
    markets: int = 0,
    notes: str = "",
) -> Outcome:
    check_perm(by, "programs.record_outcome", participant.program, message=_organisers_only())
    if stage not in OutcomeStage.values:
        raise ServiceError(_("Tahap tidak dikenal."))
    unknown = set(certifications) - set(CertificationKind.values)
    if unknown:
        raise ServiceError(_("Jenis sertifikasi tidak dikenal."), field_errors={"certifications": [", ".join(unknown)]})
    with transaction.atomic():
        # Checked before anything is written: an implausible figure (a digit too many) is a located error,
        # never a database overflow.
        outcome = Outcome.objects.select_for_update().filter(participant=participant, stage=stage).first()
        created = outcome is None
        if outcome is None:
            outcome = Outcome(participant=participant, stage=stage)
        outcome.recorded_on = recorded_on
        outcome.monthly_sales = monthly_sales
        outcome.workers = workers
        outcome.certifications = sorted(set(certifications))
        outcome.markets = markets
        outcome.notes = notes
        outcome.recorded_by = by
        validate(outcome)
        outcome.save()
        audit.record(
            by=by, action="programs.outcome.recorded", target=outcome, data={"stage": stage, "created": created}
        )
    return outcome


def document_number(office: Organisation, kind: str, year: int, n: int) -> str:
    """An office's document number: its n-th document of `kind` in `year`, e.g. 001/SKB/DISDAGIN/2026."""
    return f"{n:03d}/{kind}/{(office.short_name or office.slug).upper()}/{year}"


def _next_number(office: Organisation, kind: str, year: int, *, issued: int, taken: Any) -> str:
    """The next free number after the `issued` documents counted for the year; `taken(number)` says
    whether a number is already used (a deleted program's certificates leave gaps, so counting alone
    could repeat a number). The caller holds the office row locked, so two documents never draw the same."""
    n = issued + 1
    while taken(document_number(office, kind, year, n)):
        n += 1
    return document_number(office, kind, year, n)


def _require_signatory(office: Organisation) -> None:
    if not office.has_signatory:
        raise ServiceError(
            _(
                "Penanda tangan dokumen resmi %(o)s belum diisi: administrator mengisi nama dan jabatannya di"
                " halaman admin Organisasi sebelum surat atau sertifikat diterbitkan."
            )
            % {"o": office}
        )


def participant_complete(*, by: User | None, participant: Participant, on: date | None = None) -> Participant:
    """Mark a participant as graduated and give the certificate its verification code."""
    with transaction.atomic():
        p = Participant.objects.select_for_update().get(pk=participant.pk)
        check_perm(by, "programs.manage_program", p.program, message=_organisers_only())
        if p.status == ParticipantStatus.COMPLETED:
            raise Conflict(_("Peserta ini sudah lulus."))
        office = Organisation.objects.select_for_update().get(pk=p.program.organiser_id)
        _require_signatory(office)
        p.status = ParticipantStatus.COMPLETED
        p.completed_on = on or timezone.localdate()
        p.certificate_code = p.certificate_code or verification_code()
        if not p.certificate_number:
            taken = Participant.objects.filter(
                program__organiser=office, certificate_number__isnull=False, completed_on__year=p.completed_on.year
            ).count()
            p.certificate_number = _next_number(
                office,
                "SERT",
                p.completed_on.year,
                issued=taken,
                taken=lambda number: Participant.objects.filter(certificate_number=number).exists(),
            )
            p.sign_for(office)
        p.save()
        audit.record(by=by, action="programs.participant.completed", target=p)
        emit("programs.certificate.ready", key=f"certificate-ready-{p.pk}", participant=p.pk)
    return p


def fostering_letter_issue(
    *, by: User | None, actor: Actor, purpose: str = "", on: date | None = None
) -> FosteringLetter:
    """Surat keterangan binaan, only for an actor an office fosters."""
    if actor.fostered_by_id is None:
        raise ServiceError(_("%(a)s belum tercatat sebagai binaan perangkat daerah.") % {"a": actor})
    check_perm(
        by,
        "programs.issue_letter",
        actor,
        message=_("Surat keterangan binaan hanya diterbitkan oleh perangkat daerah pembinanya."),
    )
    issued_on = on or timezone.localdate()
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=actor.fostered_by_id)
        _require_signatory(organisation)
        n = FosteringLetter.objects.filter(organisation=organisation, issued_on__year=issued_on.year).count() + 1
        letter = FosteringLetter(
            actor=actor,
            organisation=organisation,
            issued_on=issued_on,
            issued_by=by,
            number=_next_number(
                organisation,
                "SKB",
                issued_on.year,
                issued=n - 1,
                taken=lambda number: FosteringLetter.objects.filter(number=number).exists(),
            ),
        )
        letter.sign_for(organisation)
        if purpose.strip():
            letter.purpose = purpose.strip()
        validate(letter, exclude=["issued_by"])
        letter.save()
        audit.record(by=by, action="programs.fostering_letter.issued", target=letter, data={"actor": actor.pk})
    return letter
