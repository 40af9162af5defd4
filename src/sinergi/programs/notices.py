"""The programs' notices and who hears them (the notification layer, notifications/types.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.predicates import offices_acted_for
from sinergi.accounts.selectors import office_staff_ids
from sinergi.notifications.types import EventType, Message, Payload, Workflow, register, register_workflow

from .models import ApplicationStatus, Program, ProgramApplication


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
)


def _programs_organised_by(user: Any) -> QuerySet[Program]:
    """The programs organised by an office `user` is staff of (every one for a superuser): the scope of
    `organiser_staff`."""
    if getattr(user, "is_superuser", False):
        return Program.objects.all()
    return Program.objects.filter(organiser__in=offices_acted_for(user))


register_workflow(
    Workflow(
        Program,
        gettext_lazy("Program"),
        "programs.view_deliveries",
        visible=_programs_organised_by,
        url=lambda program: reverse("programs:manage", args=[program.slug]),
    )
)
