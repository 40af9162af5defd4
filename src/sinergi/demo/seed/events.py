"""Demo: Sinergitas Komunitas 2025 (Mal Cinere, 7–8 December 2025), its previous edition, and the next
edition ahead of today (the first Saturday of December at least a week away), open for registration.

Idempotent (found by slug), marked is_demo. Uses the registry's demo communities (17 when the registry
demo has run; whatever exists otherwise). Visitors, check-ins and sales are generated with a fixed seed,
so every installation shows the same figures. The 2024 and 2025 editions are past events, so rows that the
services would refuse today (registrations and check-ins for finished sessions, sales after the lock) are
written by `sinergi.demo.direct`, and the times the services stamp (exhibitors' arrival, the lock) are
moved back to the edition's days; the next edition's visitor registrations are written there too (a seed
sends no confirmation e-mails).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from sinergi.accounts.models import Membership, Organisation, OrganisationKind, Role
from sinergi.accounts.services import organisation_create
from sinergi.demo.data import parsed
from sinergi.demo.direct import backdate, past_checkins, past_registrations, past_sales, unannounced_registrations
from sinergi.demo.seed.accounts import demo_organisation, demo_user
from sinergi.events import services
from sinergi.events.models import (
    ApplicationStatus,
    Booth,
    BoothApplication,
    CheckIn,
    Event,
    EventSession,
    Registration,
    RegistrationStatus,
    SalesReport,
    SessionKind,
)
from sinergi.registry.models import Community

SLUG_2025 = "sinergitas-komunitas-2025"
SLUG_2024 = "sinergitas-komunitas-2024"


def _organisation(key: str, slug: str, name: str, short: str, kind: str) -> Organisation:
    found = demo_organisation(key) if key else None
    if found is not None:
        return found
    return Organisation.objects.filter(slug=slug).first() or organisation_create(
        by=None, name=name, kind=kind, short_name=short, slug=slug
    )


def _organisers() -> tuple[Organisation, Organisation, Organisation]:
    """Disdagin organises; Dekranasda and the mall are partners."""
    disdagin = _organisation("disdagin", "demo-disdagin", "Dinas Perdagangan dan Perindustrian Kota Depok",
                             "Disdagin", OrganisationKind.OFFICE)  # fmt: skip
    dekranasda = _organisation("dekranasda", "demo-dekranasda", "Dewan Kerajinan Nasional Daerah Kota Depok",
                               "Dekranasda", OrganisationKind.OFFICE)  # fmt: skip
    mall = _organisation("", "demo-mal-cinere", "Mal Cinere (demo)", "Mal Cinere", OrganisationKind.BUSINESS)
    return disdagin, dekranasda, mall


def _applications(
    rng: random.Random, staff: Any, event: Event, communities: list[Community], *, accept: int | None = None
) -> None:
    """Every community applies for a booth; staff score and accept the first `accept` (all when None),
    the rest wait in the curation queue; the allocator places the accepted ones."""
    for i, community in enumerate(communities):
        # The community's leader applies, as on the seller's page, so the seller hears the decision.
        leader = (
            Membership.objects.filter(organisation=community.organisation, role=Role.LEADER)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        applicant = leader.user if leader is not None else None  # no leader: the platform files it
        app = services.booth_application_submit(by=applicant, event=event, community=community, data={
            "products": f"Produk unggulan anggota {community.name}",
            "size_wanted": "3x6" if i % 7 == 0 else "3x3",
            "needs_power": i % 3 == 0, "wants_shared": i % 5 == 4,
        })  # fmt: skip
        if accept is None or i < accept:
            scores = {k: rng.randint(3, 5) for k in ("product", "local", "readiness", "fostered")}
            services.booth_application_review(by=staff, application=app, criteria_scores=scores,
                                              notes="Kurasi demo", decision=ApplicationStatus.ACCEPTED)  # fmt: skip
    services.booths_allocate(by=staff, event=event)


def upcoming_start(today: date) -> date:
    """The next edition's first day: the first Saturday of December at least a week ahead."""
    for year in (today.year, today.year + 1):
        first = date(year, 12, 1)
        saturday = first + timedelta(days=(5 - first.weekday()) % 7)
        if saturday >= today + timedelta(days=7):
            return saturday
    raise AssertionError("unreachable")


def seed(stdout: Any) -> None:
    if Event.objects.filter(slug=SLUG_2025).exists():
        stdout.write("  acara demo sudah ada")
        _seed_upcoming(stdout)
        return
    communities = list(Community.objects.filter(is_demo=True).order_by("pk")[:17]) or list(
        Community.objects.order_by("pk")[:17]
    )
    disdagin, dekranasda, mall = _organisers()
    staff = demo_user("petugas_disdagin")
    rng = random.Random(2025)  # noqa: S311 -- demo figures, not security
    with transaction.atomic():
        previous = _edition(
            rng, slug=SLUG_2024, title="Sinergitas Komunitas 2024", start=date(2024, 12, 7),
            venue="Mal Cinere", organiser=disdagin, partners=[dekranasda, mall], communities=communities[:10],
            target=Decimal(60_000_000), visitors=260, sales_scale=0.8, staff=staff, previous=None,
        )  # fmt: skip
        current = _edition(
            rng, slug=SLUG_2025, title="Sinergitas Komunitas 2025", start=date(2025, 12, 7),
            venue="Mal Cinere", organiser=disdagin, partners=[dekranasda, mall], communities=communities,
            target=Decimal(90_000_000), visitors=420, sales_scale=1.0, staff=staff, previous=previous,
        )  # fmt: skip
    stdout.write(
        f"  acara demo: {current.title} ({len(communities)} komunitas, {current.booths.count()} stan, "
        f"{current.sessions.count()} sesi) dan edisi sebelumnya {previous.title}"
    )
    _seed_upcoming(stdout)


def _seed_upcoming(stdout: Any) -> None:
    """The next edition, ahead of today: open for visitor registration and booth applications, some
    applications already accepted and placed, others waiting for curation (so staff can try both)."""
    start = upcoming_start(timezone.localdate())
    if start.year <= 2025:  # the 2025 edition above is that year's
        return
    slug = f"sinergitas-komunitas-{start.year}"
    if Event.objects.filter(slug=slug).exists():
        return
    communities = list(Community.objects.filter(is_demo=True).order_by("pk")[:17])
    disdagin, dekranasda, mall = _organisers()
    staff = demo_user("petugas_disdagin")
    previous = Event.objects.filter(slug=SLUG_2025).first()
    rng = random.Random(start.year)  # noqa: S311 -- demo figures, not security
    with transaction.atomic():
        event = services.event_create(by=staff, partners=[dekranasda, mall], data={
            "title": f"Sinergitas Komunitas {start.year}", "slug": slug, "start_date": start,
            "end_date": start + timedelta(days=1), "venue": "Mal Cinere",
            "venue_address": "Jl. Cinere Raya No. 1, Cinere, Depok",
            "description": (
                "Edisi berikutnya Sinergitas Komunitas: pendaftaran pengunjung dan stan komunitas dibuka. "
                "Bazar, lokakarya, talk show dan demo masak selama dua hari."
            ),
            "organiser": disdagin, "daily_sales_target": Decimal(100_000_000), "previous_edition": previous,
            "is_demo": True,
        })  # fmt: skip
        services.event_publish(by=staff, event=event)
        sessions = _sessions(event)
        _booths(event, max(20, len(communities) + 3))
        _applications(rng, staff, event, communities, accept=8)  # the rest wait for curation
        # Visitors registered so far (no confirmation e-mails from a demo seed).
        unannounced_registrations(
            [
                Registration(
                    session=sessions[i % len(sessions)],
                    name=f"Pengunjung demo {start.year}-{i + 1:03d}",
                    email=f"pengunjung{start.year}{i + 1:03d}@demo.sinergi.id",
                    status=RegistrationStatus.CONFIRMED,
                )
                for i in range(40)
            ]
        )
    stdout.write(f"\n  acara demo berikutnya: {event.title} ({start:%d-%m-%Y}), pendaftaran dibuka")


def _edition(
    rng: random.Random,
    *,
    slug: str,
    title: str,
    start: date,
    venue: str,
    organiser: Organisation,
    partners: list[Organisation],
    communities: list[Community],
    target: Decimal,
    visitors: int,
    sales_scale: float,
    staff: Any,
    previous: Event | None,
) -> Event:
    event = services.event_create(by=staff, partners=partners, data={
        "title": title, "slug": slug, "start_date": start, "end_date": start + timedelta(days=1), "venue": venue,
        "venue_address": "Jl. Cinere Raya No. 1, Cinere, Depok",
        "description": (
            "Sinergitas Komunitas: komunitas binaan fesyen, kriya dan kuliner Kota Depok berkumpul dua hari "
            "dengan bazar, lokakarya, talk show dan demo masak, didukung Dekranasda dan pengelola mal."
        ),
        "organiser": organiser, "daily_sales_target": target, "previous_edition": previous, "is_demo": True,
    })  # fmt: skip
    services.event_publish(by=staff, event=event)
    sessions = _sessions(event)
    _booths(event, max(20, len(communities) + 3))
    _applications(rng, staff, event, communities)
    accepted = list(event.booth_applications.filter(status=ApplicationStatus.ACCEPTED))
    # Visitors, registrations and check-ins (the sessions are over: `sinergi.demo.direct`).
    _visitors(rng, event, sessions, visitors)
    # Exhibitors checked in on the first morning; staff lock the reports two days after the start; sales
    # per seller per day (after the lock: `sinergi.demo.direct`).
    for app in accepted:
        services.exhibitor_check_in(by=staff, application=app)
    first_morning = timezone.make_aware(datetime.combine(start, time(8, 30)))
    backdate(BoothApplication.objects.filter(pk__in=[a.pk for a in accepted]), checked_in_at=first_morning)
    event = services.event_lock(by=staff, event=event)
    locked_at = timezone.make_aware(datetime.combine(start + timedelta(days=2), time(9)))
    backdate(Event.objects.filter(pk=event.pk), locked_at=locked_at)
    sales = []
    for app in accepted:
        base = rng.randint(2_500_000, 7_500_000) * sales_scale
        for offset, day in enumerate(event.days()):
            amount = Decimal(int(base * (1.25 if offset else 1.0) * rng.uniform(0.8, 1.2)) // 1000 * 1000)
            sales.append(SalesReport(event=event, application=app, day=day, amount=amount,
                                     transactions=max(1, int(amount / 45_000)), reported_by=staff))  # fmt: skip
    past_sales(sales)
    event.refresh_from_db()
    return event


SessionPlan = tuple[int, str, str, time, time, str, str, int]
SESSION_COLUMNS = ("day", "kind", "title", "begins", "ends", "place", "speakers", "capacity")


def _session(row: dict[str, str]) -> SessionPlan:
    return (
        int(row["day"]),
        SessionKind(row["kind"]),
        row["title"],
        time.fromisoformat(row["begins"]),
        time.fromisoformat(row["ends"]),
        row["place"],
        row["speakers"],
        int(row["capacity"]),
    )


def session_plan(folder: str) -> tuple[SessionPlan, ...]:
    """An edition's sessions, `data/<folder>/event_sessions.csv`: (day from the first, kind, title, begins,
    ends (the region's wall-clock HH:MM), place, speakers, capacity)."""
    return parsed(folder, "event_sessions", SESSION_COLUMNS, _session)


SESSIONS = session_plan("depok")


def _sessions(event: Event) -> list[EventSession]:
    plan = SESSIONS
    out = []
    for offset, kind, title, begin, end, place, speakers, capacity in plan:
        day = event.start_date + timedelta(days=offset)
        out.append(services.session_create(by=None, event=event, data={
            "kind": kind, "title": title, "place": place, "speakers": speakers, "capacity": capacity,
            "starts_at": timezone.make_aware(datetime.combine(day, begin)),
            "ends_at": timezone.make_aware(datetime.combine(day, end)),
        }))  # fmt: skip
    return out


def _booths(event: Event, n: int) -> list[Booth]:
    booths = []
    for i in range(n):
        row, col = divmod(i, 6)
        booths.append(services.booth_create(by=None, event=event, data={
            "code": f"{chr(65 + row)}{col + 1}", "x": col, "y": row, "size": "3x6" if i % 8 == 0 else "3x3",
            "has_power": col in (0, 5) or i % 4 == 0, "shareable": col == 3,
        }))  # fmt: skip
    return booths


def _visitors(rng: random.Random, event: Event, sessions: list[EventSession], n: int) -> None:
    regs = []
    tag = event.start_date.year
    for i in range(n):
        session = sessions[i % 2] if i % 4 else rng.choice(sessions[2:])
        regs.append(Registration(session=session, name=f"Pengunjung demo {tag}-{i + 1:03d}",
                                 email=f"pengunjung{tag}{i + 1:03d}@demo.sinergi.id",
                                 status=RegistrationStatus.CONFIRMED))  # fmt: skip
    created = past_registrations(regs)
    checkins = [
        CheckIn(registration=r, scanned_at=r.session.starts_at + timedelta(minutes=rng.randint(0, 90)))
        for r in created
        if rng.random() < 0.82
    ]
    past_checkins(checkins)
