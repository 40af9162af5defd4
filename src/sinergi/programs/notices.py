"""The programs' notices and who hears them (the notification layer, notifications/types.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.predicates import organised_by
from sinergi.accounts.selectors import office_staff_ids
from sinergi.notifications.types import (
    EventType,
    Message,
    Payload,
    Reminder,
    Workflow,
    register,
    register_reminder,
    register_workflow,
)
from sinergi.notifications.types import when as local_time

from .models import (
    ApplicationStatus,
    Participant,
    ParticipantStatus,
    Program,
    ProgramApplication,
    ProgramSession,
    ProgramStatus,
)


def _application(payload: Payload) -> ProgramApplication:
    return ProgramApplication.objects.select_related("program", "actor").get(pk=payload["application"])


def _applicant(payload: Payload) -> list[int]:
    applicant = _application(payload).applicant_id
    return [applicant] if applicant else []


def _applicant_and_organiser(payload: Payload) -> list[int]:
    organiser = _application(payload).program.organiser_id
    return [*_applicant(payload), *(office_staff_ids(organisation_id=organiser) if organiser else [])]


def _application_program(payload: Payload) -> Program:
    return _application(payload).program


def _received(payload: Payload) -> Message:
    app = _application(payload)
    return Message(
        _("Pendaftaran %(actor)s di program %(program)s diterima untuk diseleksi")
        % {"actor": app.actor.name, "program": app.program.title},
        url=reverse("programs:detail", args=[app.program.slug]),
        params=(app.actor.name, app.program.title),
    )


def _decided(payload: Payload) -> Message:
    app = _application(payload)
    names = {"actor": app.actor.name, "program": app.program.title}
    if app.status == ApplicationStatus.ACCEPTED:
        title = _("%(actor)s diterima sebagai peserta %(program)s") % names
    else:
        title = _("%(actor)s belum diterima di program %(program)s") % names
    return Message(title, body=app.notes, url=reverse("programs:detail", args=[app.program.slug]))


# WhatsApp Business templates (approved in Meta's WhatsApp Manager), per language; see
# docs/operations/notifications.md for their wording and parameters.
SESSION_REMINDER_TEMPLATES = {"id": "sinergi_pengingat_program", "en": "sinergi_program_reminder"}
CERTIFICATE_TEMPLATES = {"id": "sinergi_sertifikat_siap", "en": "sinergi_certificate_ready"}


def _session(payload: Payload) -> ProgramSession:
    return ProgramSession.objects.select_related("program").get(pk=payload["session"])


def _session_program(payload: Payload) -> Program:
    return _session(payload).program


def _cohort(payload: Payload) -> list[int]:
    """The owners of the businesses in the session's cohort (accepted and not withdrawn)."""
    owners = (
        Participant.objects.filter(program__sessions=payload["session"])
        .exclude(status=ParticipantStatus.DROPPED)
        .values_list("actor__owner_id", flat=True)
    )
    return [owner for owner in owners if owner]


def _session_reminder(payload: Payload) -> Message:
    session = _session(payload)
    when = local_time(session.starts_at)
    return Message(
        _("Besok: %(session)s (%(program)s)") % {"session": session.title, "program": session.program.title},
        body=_("%(when)s di %(venue)s.") % {"when": when, "venue": session.venue},
        url=reverse("programs:detail", args=[session.program.slug]),
        params=(session.title, session.program.title, when, session.venue),
    )


def _sessions_tomorrow(day: date) -> list[tuple[str, dict[str, Any]]]:
    """One reminder per session starting on `day` (of a published program: a draft has no cohort)."""
    sessions = (
        ProgramSession.objects.filter(starts_at__date=day)
        .exclude(program__status=ProgramStatus.DRAFT)
        .values_list("pk", flat=True)
    )
    return [(f"program-session-reminder-{pk}", {"session": pk}) for pk in sessions]


def _participant(payload: Payload) -> Participant:
    return Participant.objects.select_related("program", "actor").get(pk=payload["participant"])


def _participant_owner(payload: Payload) -> list[int]:
    owner = _participant(payload).actor.owner_id
    return [owner] if owner else []


def _participant_program(payload: Payload) -> Program:
    return _participant(payload).program


def _certificate_ready(payload: Payload) -> Message:
    participant = _participant(payload)
    names = {"program": participant.program.title, "actor": participant.actor.name}
    return Message(
        _("Sertifikat %(program)s untuk %(actor)s siap diunduh") % names,
        body=_("Nomor %(number)s. Sertifikat dapat diperiksa keasliannya lewat kode QR di dalamnya.")
        % {"number": participant.certificate_number},
        url=reverse("programs:certificate", args=[participant.pk]),
        params=(participant.program.title, participant.actor.name),
    )


register(
    EventType(
        "programs.application.received",
        gettext_lazy("Pendaftaran program masuk"),
        gettext_lazy("Pendaftar dan petugas penyelenggara"),
        _applicant_and_organiser,
        _received,
        subject=_application_program,
    ),
    EventType(
        "programs.application.decided",
        gettext_lazy("Keputusan seleksi program"),
        gettext_lazy("Pendaftar"),
        _applicant,
        _decided,
        subject=_application_program,
    ),
    EventType(
        "programs.session.reminder",
        gettext_lazy("Pengingat sehari sebelum sesi program"),
        gettext_lazy("Pemilik usaha peserta program"),
        _cohort,
        _session_reminder,
        whatsapp_templates=SESSION_REMINDER_TEMPLATES,
        subject=_session_program,
    ),
    EventType(
        "programs.certificate.ready",
        gettext_lazy("Sertifikat program siap"),
        gettext_lazy("Pemilik usaha peserta yang lulus"),
        _participant_owner,
        _certificate_ready,
        whatsapp_templates=CERTIFICATE_TEMPLATES,
        subject=_participant_program,
    ),
)

register_reminder(Reminder("programs.session.reminder", _sessions_tomorrow))


register_workflow(
    Workflow(
        Program,
        gettext_lazy("Program"),
        "programs.view_deliveries",
        visible=lambda user: organised_by(Program.objects.all(), user),
        url=lambda program: reverse("programs:manage", args=[program.slug]),
    )
)
