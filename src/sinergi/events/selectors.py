"""Reads for events: querysets with their joins done here, and the selectors other apps' pages use."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from django.db.models import Count, F, Q, QuerySet
from django.utils import formats, timezone

from sinergi.accounts.models import Role, User
from sinergi.accounts.predicates import memberships_of
from sinergi.core.pagecache import VERSION_MAX_AGE
from sinergi.core.selectors import unique_row
from sinergi.registry.models import Actor, Community
from sinergi.registry.models import Status as ActorStatus

from .cache import DOOR_EVENTS
from .models import (
    ACTIVE_REGISTRATION,
    TICKET_CODE_LENGTH,
    ApplicationStatus,
    Booth,
    BoothAllocation,
    BoothApplication,
    Event,
    EventSession,
    EventStatus,
    Registration,
    RegistrationStatus,
    SalesReport,
    normalise_ticket_code,
)

PUBLIC = [EventStatus.PUBLISHED, EventStatus.LOCKED]


def event_list(*, public_only: bool = True, organiser_level: str | None = None) -> QuerySet[Event]:
    """Events; `organiser_level` (a province installation) keeps those organised by a kab/kota's offices
    (its code) or by the province's ("provinsi": offices with no kab/kota)."""
    qs = Event.objects.select_related("organiser__area").prefetch_related("partners")
    if organiser_level == "provinsi":
        qs = qs.filter(organiser__area__isnull=True)
    elif organiser_level:
        qs = qs.filter(organiser__area__code=organiser_level)
    return qs.filter(status__in=PUBLIC) if public_only else qs


# slug → (door version, event), in this process; at most DOOR_MEMO_SIZE events (a busy installation runs a
# handful of events a day), emptied when full.
_door_memo: dict[str, tuple[int, Event]] = {}
DOOR_MEMO_SIZE = 256


def door_event(*, slug: str) -> Event | None:
    """The public event a door scan names, on its own: the check-in guard reads its organiser's id and the
    scan its id, so nothing is joined and only those columns are read. A scan is the hottest write (issue
    17), so each process keeps the events it read while the door version (`events.cache.DOOR_EVENTS`,
    bumped by every save or delete of an Event) is unchanged: a change made here is seen at once, one
    made in another worker within `VERSION_MAX_AGE` (a second), as the public pages see theirs. The
    person's right to scan is never kept: their memberships are read on every request."""
    version = DOOR_EVENTS.current(max_age=VERSION_MAX_AGE)
    memo = _door_memo.get(slug)
    if memo is None or memo[0] != version:
        found = Event.objects.filter(status__in=PUBLIC, slug=slug).only("id", "slug", "status", "organiser")
        event = unique_row(found)
        if event is None:
            return None  # an unknown slug is not kept: anyone may send any
        if len(_door_memo) >= DOOR_MEMO_SIZE:
            _door_memo.clear()
        memo = _door_memo[slug] = (version, event)
    return copy.copy(memo[1])  # each request its own instance: nothing one sets leaks into the next


def event_get(*, slug: str, public_only: bool = True) -> Event:
    return event_list(public_only=public_only).get(slug=slug)


def events_for_pages() -> QuerySet[Event]:
    """Every event, with what its pages show at once (organiser, previous edition); pages check who sees it."""
    return Event.objects.select_related("organiser", "previous_edition")


def event_by_pk(pk: int) -> Event:
    """The event as saved now (a bound ModelForm writes its values onto its own instance)."""
    return Event.objects.get(pk=pk)


def sessions_with_event() -> QuerySet[EventSession]:
    return EventSession.objects.select_related("event")


def tickets() -> QuerySet[Registration]:
    """Registrations, each with its session and event (the ticket page, the door, cancelling)."""
    return Registration.objects.select_related("session__event")


def booth_applications() -> QuerySet[BoothApplication]:
    """Booth applications with their event, seller and booth (the seller's page, the organiser's actions)."""
    return BoothApplication.objects.select_related("event", "community", "actor", "allocation__booth")


def sales_of(*, application: BoothApplication) -> QuerySet[SalesReport]:
    return SalesReport.objects.filter(application=application).order_by("day")


def _led_organisations(user: User) -> list[int]:
    return [org for org, _k, role in memberships_of(user) if role in {Role.LEADER, Role.ADMIN}]


def sellers_for(*, user: User, event: Event) -> tuple[QuerySet[Community], QuerySet[Actor]]:
    """The communities (led) and businesses (owned) this person may apply for, less those already applying."""
    applying = BoothApplication.objects.filter(event=event).exclude(status=ApplicationStatus.WITHDRAWN)
    communities = Community.objects.filter(organisation_id__in=_led_organisations(user)).exclude(
        pk__in=applying.filter(community__isnull=False).values("community_id")
    )
    actors = (
        Actor.objects.filter(owner=user)
        .exclude(status=ActorStatus.ARCHIVED)
        .exclude(pk__in=applying.filter(actor__isnull=False).values("actor_id"))
    )
    return communities, actors


def seller_get(ref: str) -> Community | Actor:
    """A seller by the form's reference: "c<pk>" a community, "a<pk>" a business."""
    if ref.startswith("c"):
        return Community.objects.get(pk=ref[1:])
    return Actor.objects.get(pk=ref[1:])


def session_list(*, event: Event) -> QuerySet[EventSession]:
    return event.sessions.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
        attended=Count("registrations__checkin"),
    ).order_by("starts_at", "id")


def exhibitors(*, event: Event) -> QuerySet[BoothAllocation]:
    """Sellers placed in a booth of the event (accepted and allocated), in floor-plan order."""
    return (
        BoothAllocation.objects.filter(event=event, application__status=ApplicationStatus.ACCEPTED)
        .select_related("booth", "application__community", "application__actor", "application__subsector")
        .order_by("booth__y", "booth__x", "booth__code", "slot")
    )


def booth_list(*, event: Event) -> QuerySet[Booth]:
    return event.booths.prefetch_related("allocations__application__community", "allocations__application__actor")


def application_list(*, event: Event, status: str | None = None) -> QuerySet[BoothApplication]:
    qs = event.booth_applications.select_related("community", "actor", "subsector", "allocation__booth").order_by(
        "status", "-score", "created_at", "id"
    )
    return qs.filter(status=status) if status else qs


def _speaks_for(user: User) -> Q:
    """Booth applications a person may follow: theirs, their businesses', their communities'."""
    return Q(applicant=user) | Q(community__organisation_id__in=_led_organisations(user)) | Q(actor__owner=user)


def applications_for_user(*, user: User, event: Event) -> QuerySet[BoothApplication]:
    return application_list(event=event).filter(_speaks_for(user))


def booth_applications_of(*, user: User) -> QuerySet[BoothApplication]:
    """Every booth application the person follows, newest first (their dashboard)."""
    return (
        BoothApplication.objects.select_related("event", "community", "actor")
        .filter(_speaks_for(user))
        .order_by("-created_at", "-id")
    )


def tickets_of(*, user: User) -> QuerySet[Registration]:
    """The person's own registrations (made while signed in), the coming sessions first."""
    return (
        Registration.objects.select_related("session__event").filter(user=user).order_by("-session__starts_at", "-id")
    )


class MyEvents(TypedDict):
    tickets: list[Registration]
    booths: list[BoothApplication]


# How many tickets and booth applications the dashboard card lists.
DASHBOARD_ROWS = 20


def my_events(*, user: User) -> MyEvents:
    """A person's tickets and the booth applications they follow, for their dashboard card."""
    return {
        "tickets": list(tickets_of(user=user)[:DASHBOARD_ROWS]),
        "booths": list(booth_applications_of(user=user)[:DASHBOARD_ROWS]),
    }


def registration_get(*, code: str) -> Registration:
    return Registration.objects.select_related("session__event", "checkin").get(code=code)


def events_for_actor(actor: Actor) -> QuerySet[Event]:
    """Public events an actor took part in: as a booth seller or as a linked actor (for its profile page)."""
    return (
        event_list()
        .filter(
            Q(actors=actor) | Q(booth_applications__actor=actor, booth_applications__status=ApplicationStatus.ACCEPTED)
        )
        .distinct()
        .order_by("-start_date")
    )


def events_for_community(community: Community) -> QuerySet[Event]:
    """Public events a community took part in (for its profile page)."""
    return (
        event_list()
        .filter(
            Q(communities=community)
            | Q(booth_applications__community=community, booth_applications__status=ApplicationStatus.ACCEPTED)
        )
        .distinct()
        .order_by("-start_date")
    )


CHECKIN_SEARCH_LIMIT = 20


def checkin_search(*, event: Event, query: str) -> list[Registration]:
    """Tickets of the event for the door: by part of the name (2+ characters) or by the short code.

    Active tickets only (confirmed or waitlisted), at most CHECKIN_SEARCH_LIMIT, each with `checked_in_at`
    (None until checked in).
    """
    text = query.strip()
    if len(text) < 2:
        return []
    code = normalise_ticket_code(text)
    match = Q(name__icontains=text)
    if len(code) == TICKET_CODE_LENGTH:
        match |= Q(short_code=code)
    return list(
        Registration.objects.select_related("session")
        .annotate(checked_in_at=F("checkin__scanned_at"))
        .filter(ACTIVE_REGISTRATION, session__event=event)
        .filter(match)
        .order_by("name", "session__starts_at", "id")[:CHECKIN_SEARCH_LIMIT]
    )


@dataclass(frozen=True)
class Attendance:
    label: str
    checked_in: int
    registered: int


@dataclass(frozen=True)
class DayAttendance:
    """One day of the event and, under it, that day's sessions (the door reads them together)."""

    label: str
    checked_in: int
    registered: int
    sessions: list[Attendance]


@dataclass(frozen=True)
class DoorCounters:
    total: Attendance
    days: list[DayAttendance]
    sessions: list[Attendance]


def checkin_counters(*, event: Event) -> DoorCounters:
    """Checked in / confirmed registrations, per day of the event and per session (for the door's live view)."""
    sessions = list(
        EventSession.objects.filter(event=event)
        .annotate(
            registered=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
            checked_in=Count("registrations__checkin"),
        )
        .order_by("starts_at", "id")
    )
    per_session = [
        Attendance(
            f"{timezone.localtime(s.starts_at):%H:%M} · {s.title}",
            s.checked_in,
            s.registered,
        )
        for s in sessions
    ]
    by_day: dict[date, list[Attendance]] = {}
    for s, attendance in zip(sessions, per_session, strict=True):
        by_day.setdefault(timezone.localtime(s.starts_at).date(), []).append(attendance)
    per_day = [
        DayAttendance(
            formats.date_format(d, "D j M"),
            sum(a.checked_in for a in day),
            sum(a.registered for a in day),
            day,
        )
        for d, day in sorted(by_day.items())
    ]
    total = Attendance("", sum(a.checked_in for a in per_session), sum(a.registered for a in per_session))
    return DoorCounters(total, per_day, per_session)
