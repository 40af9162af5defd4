"""Reads for programs, including the selector actor profile pages use."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from sinergi.registry.models import Actor

from .models import ApplicationStatus, FosteringLetter, Participant, Program, ProgramApplication, ProgramStatus


def program_list(*, public_only: bool = True, organiser_level: str | None = None) -> QuerySet[Program]:
    """Programs; `organiser_level` as in `events.selectors.event_list` (a kab/kota code or "provinsi")."""
    qs = Program.objects.select_related("organiser__area").annotate(cohort=Count("participants", distinct=True))
    if organiser_level == "provinsi":
        qs = qs.filter(organiser__area__isnull=True)
    elif organiser_level:
        qs = qs.filter(organiser__area__kode=organiser_level)
    return qs.exclude(status=ProgramStatus.DRAFT) if public_only else qs


def application_list(*, program: Program) -> QuerySet[ProgramApplication]:
    return program.applications.select_related("actor", "participant").order_by("status", "-score", "created_at")


def applications_of(*, user: Any) -> QuerySet[ProgramApplication]:
    """Applications of the businesses the person owns, newest first (their dashboard)."""
    return (
        ProgramApplication.objects.select_related("program", "actor")
        .filter(actor__owner=user)
        .order_by("-created_at", "-id")
    )


def participant_get_by_code(*, code: str) -> Participant | None:
    return Participant.objects.select_related("actor", "program__organiser").filter(certificate_code=code).first()


def letter_get_by_code(*, code: str) -> FosteringLetter | None:
    return FosteringLetter.objects.select_related("actor", "organisation").filter(code=code).first()


def programs_for_actor(actor: Actor) -> QuerySet[Program]:
    """Public programs an actor took part in (cohort member or accepted applicant), for its profile page."""
    return (
        program_list()
        .filter(
            Q(participants__actor=actor) | Q(applications__actor=actor, applications__status=ApplicationStatus.ACCEPTED)
        )
        .distinct()
        .order_by("-start_date")
    )
