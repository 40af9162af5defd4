"""Each event service checks its own named permission for the person acting (`by`), whoever calls it:
a page, the API, a script. `by=None` is the platform itself (demo seeding, timers)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from sinergi.accounts.models import Role
from sinergi.core.errors import NotAllowed
from sinergi.core.models import AuditEntry
from sinergi.events import services
from sinergi.events.models import BoothApplication, EventStatus
from tests.factories import UserFactory, make_actor, office_with, user_with_role

from .factories import accepted_application, make_booths, make_community, make_event, make_session, staff_user

pytestmark = pytest.mark.django_db


def _calls(event: Any) -> dict[str, Callable[[Any], Any]]:
    app = accepted_application(event)
    booth = make_booths(event, 1)[0]
    starts = timezone.make_aware(timezone.datetime.combine(event.start_date, timezone.datetime.min.time()))
    session = make_session(event)
    return {
        "publish": lambda by: services.event_publish(by=by, event=event),
        "lock": lambda by: services.event_lock(by=by, event=event),
        "session": lambda by: services.session_create(
            by=by,
            event=event,
            data={
                "kind": "talk_show",
                "title": "Sesi",
                "starts_at": starts + timedelta(hours=9),
                "ends_at": starts + timedelta(hours=10),
                "place": "Aula",
                "capacity": 5,
            },
        ),
        "capacity": lambda by: services.session_capacity_set(by=by, session=session, capacity=50),
        "booth": lambda by: services.booth_create(
            by=by, event=event, data={"code": "Z9", "size": "3x3", "x": 9, "y": 9, "has_power": False}
        ),
        "review": lambda by: services.booth_application_review(
            by=by,
            application=app,
            criteria_scores={"product": 1, "local": 1, "readiness": 1, "fostered": 1},
            notes="",
            decision="rejected",
        ),
        "allocate": lambda by: services.booths_allocate(by=by, event=event),
        "assign": lambda by: services.booth_assign(by=by, application=app, booth=booth),
        "scan": lambda by: services.checkin_scan(by=by, event=event, code="TIDAKADA"),
        "sync": lambda by: services.checkin_sync(by=by, event=event, scans=[{"code": "TIDAKADA"}]),
        "exhibitor": lambda by: services.exhibitor_check_in(by=by, application=app),
        "sales": lambda by: services.sales_report(by=by, application=app, day=event.start_date, amount=Decimal(1)),
        "correct": lambda by: services.sales_correct(
            by=by, event=event, application=app, day=event.start_date, amount=Decimal(1), transactions=1, reason="x"
        ),
    }


@pytest.mark.parametrize(
    "call",
    ["publish", "lock", "session", "capacity", "booth", "review", "allocate", "assign", "scan", "sync", "exhibitor",
     "sales", "correct"],
)  # fmt: skip
@pytest.mark.parametrize("who", ["member", "other_office_staff"])
def test_a_person_without_the_permission_is_refused_and_nothing_is_written(call: str, who: str) -> None:
    event = make_event()
    person = UserFactory() if who == "member" else user_with_role(Role.STAFF, organisation=office_with(name="Lain"))
    action = _calls(event)[call]
    before = AuditEntry.objects.count()
    with pytest.raises(NotAllowed):
        action(person)
    assert AuditEntry.objects.count() == before
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_the_organising_office_may() -> None:
    event = make_event()
    staff = user_with_role(Role.STAFF)  # works at the tests' city office, which organises the event
    calls = _calls(event)
    for name in ("booth", "review", "scan", "sync", "allocate", "correct", "lock"):
        calls[name](staff)
    assert AuditEntry.objects.filter(by=staff).exists()


@pytest.mark.parametrize("kind", ["community", "actor"])
def test_only_who_speaks_for_the_seller_applies_for_its_booth(kind: str) -> None:
    """The service itself holds `events.apply_booth`: a community's leader or a business's owner, not
    anyone who names the seller (nor an office's staff); the refusal is on the seller's field."""
    event = make_event()
    leader = UserFactory()
    seller = make_community("Komunitas Kriya", leader=leader) if kind == "community" else make_actor(by=leader)
    before = AuditEntry.objects.count()
    for stranger in (UserFactory(), staff_user()):
        with pytest.raises(NotAllowed) as refused:
            services.booth_application_submit(by=stranger, event=event, data={"products": "Kriya"}, **{kind: seller})
        assert list(refused.value.field_errors) == [kind]
    assert AuditEntry.objects.count() == before
    assert not BoothApplication.objects.exists()
    app = services.booth_application_submit(by=leader, event=event, data={"products": "Kriya"}, **{kind: seller})
    assert app.applicant == leader
