"""The events demo: two past editions with reports, and the next edition open for registration."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.utils import timezone

from sinergi.demo.seed import events as demo
from sinergi.events import services
from sinergi.events.models import Event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 25), date(2026, 12, 5)),  # first Saturday of December 2026, ten days ahead
        (date(2026, 11, 30), date(2027, 12, 4)),  # too close: next year's
        (date(2026, 12, 20), date(2027, 12, 4)),
        (date(2027, 1, 10), date(2027, 12, 4)),
    ],
)
def test_upcoming_start(today: date, expected: date) -> None:
    start = demo.upcoming_start(today)
    assert start == expected
    assert start.weekday() == 5


def test_seed_adds_the_next_edition_open_for_registration_once() -> None:
    from sinergi.demo.seed import accounts as accounts_demo  # the demo users the events demo acts as

    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    start = demo.upcoming_start(timezone.localdate())
    upcoming = Event.objects.get(slug=f"sinergitas-komunitas-{start.year}")
    assert upcoming.start_date == start
    assert upcoming.is_demo
    assert upcoming.previous_edition is not None
    assert upcoming.previous_edition.slug == demo.SLUG_2025
    session = upcoming.sessions.order_by("starts_at").first()
    assert session is not None
    registration = services.registration_create(session=session, name="Tamu Uji", email="tamu@contoh.id")
    assert registration.pk is not None
    demo.seed(io.StringIO())  # idempotent
    assert Event.objects.filter(slug__startswith="sinergitas-komunitas-").count() == 3


def test_the_community_leader_applies_for_its_booth_so_the_seller_hears_the_decision() -> None:
    import random

    from sinergi.events.models import BoothApplication
    from tests.events.factories import make_booths, make_community, make_event, staff_user
    from tests.factories import UserFactory

    staff = staff_user()
    event = make_event()
    make_booths(event, 2)
    leader = UserFactory()
    led = make_community("Komunitas Berketua", leader=leader)
    leaderless = make_community("Komunitas Tanpa Ketua")
    demo._applications(random.Random(1), staff, event, [led, leaderless], accept=0)
    applicants = dict(BoothApplication.objects.values_list("community__name", "applicant"))
    assert applicants == {"Komunitas Berketua": leader.pk, "Komunitas Tanpa Ketua": None}  # no one speaks for it
