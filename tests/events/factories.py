"""State for event tests, built through the services where behaviour matters."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from sinergi.accounts.models import Organisation, OrganisationKind, Role
from sinergi.events import services
from sinergi.events.models import Booth, BoothApplication, Event, EventSession, SessionKind
from sinergi.registry.models import Community
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, city_office, make_actor


def office() -> Organisation:
    """The tests' default city office (staff made by `user_with_role` work there)."""
    return city_office()


def make_event(*, start: date | None = None, days: int = 2, publish: bool = True, **data: Any) -> Event:
    start = start or timezone.localdate() + timedelta(days=7)
    defaults: dict[str, Any] = {
        "title": f"Acara Uji {Event.objects.count() + 1}",
        "start_date": start,
        "end_date": start + timedelta(days=days - 1),
        "venue": "Mal Cinere",
        "organiser": office(),
        "daily_sales_target": 10_000_000,
    }
    defaults.update(data)
    defaults.setdefault("slug", slugify(defaults["title"]))
    event = services.event_create(by=None, data=defaults)
    if publish:
        services.event_publish(by=None, event=event)
    return event


def make_session(event: Event, *, capacity: int = 10, kind: str = SessionKind.WORKSHOP, hour: int = 10) -> EventSession:
    starts = timezone.make_aware(datetime.combine(event.start_date, datetime.min.time()).replace(hour=hour))
    return services.session_create(
        by=None,
        event=event,
        data={
            "kind": kind,
            "title": f"Sesi {kind} {hour}",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=1),
            "place": "Panggung utama",
            "speakers": "Narasumber",
            "capacity": capacity,
        },
    )


def make_community(name: str = "Komunitas Uji", leader: Any = None) -> Community:
    org = OrganisationFactory(kind=OrganisationKind.COMMUNITY, name=name)
    community = Community.objects.create(organisation=org, name=name, slug=slugify(name) + f"-{org.pk}")
    if leader is not None:
        MembershipFactory(user=leader, organisation=org, role=Role.LEADER)
    return community


def make_booths(
    event: Event, n: int, *, shareable: bool = False, has_power: bool = False, size: str = "3x3", row: int = 0
) -> list[Booth]:
    return [
        services.booth_create(
            by=None,
            event=event,
            data={
                "code": f"{chr(65 + row)}{i + 1}",
                "size": size,
                "x": i,
                "y": row,
                "has_power": has_power,
                "shareable": shareable,
            },
        )
        for i in range(n)
    ]


def accepted_application(event: Event, *, score: int = 4, **data: Any) -> BoothApplication:
    seller = data.pop("actor", None) or make_actor()
    fields = {"products": "Batik dan kriya", **data}
    app = services.booth_application_submit(by=None, event=event, actor=seller, data=fields)
    return services.booth_application_review(
        by=None,
        application=app,
        criteria_scores={"product": score, "local": score, "readiness": score, "fostered": score},
        notes="",
        decision="accepted",
    )


def staff_user() -> Any:
    user = UserFactory()
    MembershipFactory(user=user, organisation=office(), role=Role.STAFF)
    return user
