"""Reads for programs, including the selector actor profile pages use."""

from __future__ import annotations

from typing import TypedDict

from django.db.models import Count, Q, QuerySet

from sinergi.accounts.models import Organisation, User
from sinergi.accounts.predicates import offices_acted_for
from sinergi.classification import selectors as classification_selectors
from sinergi.classification.models import Subsector
from sinergi.registry.models import Actor
from sinergi.registry.models import Status as ActorStatus

from .models import (
    ApplicationStatus,
    FosteringLetter,
    Participant,
    ParticipantStatus,
    Program,
    ProgramApplication,
    ProgramSession,
    ProgramStatus,
)


def program_list(*, public_only: bool = True, organiser_level: str | None = None) -> QuerySet[Program]:
    """Programs; `organiser_level` as in `events.selectors.event_list` (a kab/kota code or "provinsi")."""
    qs = Program.objects.select_related("organiser__area").annotate(cohort=Count("participants", distinct=True))
    if organiser_level == "provinsi":
        qs = qs.filter(organiser__area__isnull=True)
    elif organiser_level:
        qs = qs.filter(organiser__area__code=organiser_level)
    return qs.exclude(status=ProgramStatus.DRAFT) if public_only else qs


def programs_for_pages() -> QuerySet[Program]:
    """Every program with its organiser; pages check who may see or act on it."""
    return Program.objects.select_related("organiser")


def program_by_pk(pk: int) -> Program:
    """The program as saved now (a bound ModelForm writes its values onto its own instance)."""
    return Program.objects.get(pk=pk)


def applications() -> QuerySet[ProgramApplication]:
    return ProgramApplication.objects.select_related("program", "actor")


def sessions() -> QuerySet[ProgramSession]:
    return ProgramSession.objects.select_related("program")


def participants() -> QuerySet[Participant]:
    """Participants with their program (and its organiser, for certificates) and actor."""
    return Participant.objects.select_related("program__organiser", "actor")


def participant_list(*, program: Program) -> QuerySet[Participant]:
    """The cohort as the organiser manages it, with each participant's outcomes."""
    return program.participants.select_related("actor").prefetch_related("outcomes")


def cohort(*, program: Program) -> QuerySet[Participant]:
    """Those who take part now (not dropped), for attendance."""
    return program.participants.exclude(status=ParticipantStatus.DROPPED).select_related("actor")


def applications_by_owner(*, program: Program, user: User) -> QuerySet[ProgramApplication]:
    """The program's applications for businesses this person owns."""
    return ProgramApplication.objects.filter(program=program, actor__owner_id=user.pk)


def actors_to_apply(*, program: Program, user: User) -> QuerySet[Actor]:
    """The person's businesses (not archived) that have not applied to the program yet."""
    applied = applications_by_owner(program=program, user=user)
    return (
        Actor.objects.filter(owner_id=user.pk)
        .exclude(status=ActorStatus.ARCHIVED)
        .exclude(pk__in=applied.values("actor_id"))
    )


def actor_by_slug(*, slug: str) -> Actor | None:
    return Actor.objects.filter(slug=slug).first()


def actor_by_pk(*, pk: int | str) -> Actor | None:
    return Actor.objects.filter(pk=pk).first()


def organiser_by_slug(*, slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def current_subsectors(*, codes: list[str]) -> list[Subsector]:
    """The subsectors with these codes in the list in force (eligibility uses no other)."""
    return list(classification_selectors.current_subsectors(codes=codes))


def letters() -> QuerySet[FosteringLetter]:
    return FosteringLetter.objects.select_related("actor", "organisation")


def recent_letters(*, user: User, limit: int = 20) -> list[FosteringLetter]:
    """The latest fostering letters of the offices the person acts for."""
    return list(
        FosteringLetter.objects.filter(organisation__in=offices_acted_for(user)).select_related("actor")[:limit]
    )


def application_list(*, program: Program) -> QuerySet[ProgramApplication]:
    return program.applications.select_related("actor", "participant").order_by("status", "-score", "created_at")


def applications_of(*, user: User) -> QuerySet[ProgramApplication]:
    """Applications of the businesses the person owns, newest first (their dashboard)."""
    return (
        ProgramApplication.objects.select_related("program", "actor")
        .filter(actor__owner=user)
        .order_by("-created_at", "-id")
    )


class MyApplications(TypedDict):
    applications: list[ProgramApplication]


# How many applications the dashboard card lists.
DASHBOARD_ROWS = 20


def my_applications(*, user: User) -> MyApplications:
    """The latest fostering-program applications of the person's businesses, for their dashboard card."""
    return {"applications": list(applications_of(user=user)[:DASHBOARD_ROWS])}


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
