"""Events endpoints: events, their sessions and booths (public reads), check-in batches, registrations
and sales reports (writes with a token of scope `events:write` and the same named permissions as pages)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply

from sinergi.accounts.models import User
from sinergi.core import bounds
from sinergi.events import selectors, services
from sinergi.events.models import BoothApplication, Event

from ..access import fetch
from ..auth import guarded, path_id, require_perm, require_scope, token_auth, write_throttle
from ..errors import ErrorOut, NotFound
from ..pagination import Page, PageParams, paginate
from .schemas import SalesDayRupiah

router = Router(tags=["events"])
READ_ERRORS = {frozenset({404, 422}): ErrorOut}
WRITE_ERRORS = {frozenset({400, 401, 403, 404, 409, 422, 429}): ErrorOut}
WRITE = "events:write"


class EventOut(Schema):
    slug: str
    title: str
    description: str
    start_date: date
    end_date: date
    venue: str
    organiser: str
    partners: list[str]
    status: str
    previous_edition: str | None
    initiative: int | None
    communities: list[str]

    @staticmethod
    def from_model(e: Event) -> dict[str, Any]:
        return {
            "slug": e.slug, "title": e.title, "description": e.description, "start_date": e.start_date,
            "end_date": e.end_date, "venue": e.venue, "organiser": str(e.organiser),
            "partners": [str(p) for p in e.partners.all()],
            "status": e.status, "previous_edition": e.previous_edition.slug if e.previous_edition else None,
            "initiative": e.initiative_id, "communities": [c.slug for c in e.communities.all()],
        }  # fmt: skip


class EventPage(Page[EventOut]):
    pass


class EventSessionOut(Schema):
    id: int
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    speakers: str
    capacity: int
    confirmed: int
    waitlisted: int


class BoothOut(Schema):
    code: str
    size: str
    x: int
    y: int
    has_power: bool
    shareable: bool
    sellers: list[str]


class ScanIn(Schema):
    code: str
    client_uuid: str | None = None
    scanned_at: datetime | None = None


class ScansIn(Schema):
    scans: list[ScanIn]


class ScanOut(Schema):
    outcome: str
    message: str
    code: str
    client_uuid: str | None
    name: str
    session: str
    checked_in_at: datetime | None


class RegistrationIn(Schema):
    name: str
    email: str


class RegistrationOut(Schema):
    code: str
    short_code: str
    status: str
    session: int


class SalesIn(Schema):
    day: date
    amount: SalesDayRupiah
    transactions: int = Field(0, ge=0, le=bounds.TRANSACTIONS_DAY_MAX)


class SalesOut(Schema):
    day: date
    amount: Decimal
    transactions: int


def _event(request: HttpRequest, slug: str) -> Event:
    """The public event `slug`, read once per request: a write's guard and its view share it."""
    loaded: dict[str, Event] = request.__dict__.setdefault("_sinergi_events", {})
    if slug not in loaded:
        event = selectors.event_list().select_related("previous_edition").filter(slug=slug).first()
        if event is None:
            raise NotFound(_("Acara tidak ditemukan."))
        loaded[slug] = event
    return loaded[slug]


@router.get("/events", response={200: EventPage, **READ_ERRORS}, summary="Daftar acara")
def event_list(request: HttpRequest, page: Query[PageParams]) -> Any:
    qs = selectors.event_list().select_related("previous_edition").prefetch_related("communities")
    data = paginate(request, qs, page)
    data["results"] = [EventOut.from_model(e) for e in data["results"]]
    return data


@router.get("/events/{slug}", response={200: EventOut, **READ_ERRORS}, summary="Satu acara")
def event_get(request: HttpRequest, slug: str) -> Any:
    return EventOut.from_model(_event(request, slug))


@router.get("/events/{slug}/sessions", response={200: list[EventSessionOut], **READ_ERRORS}, summary="Jadwal sesi")
def event_sessions(request: HttpRequest, slug: str) -> Any:
    return [
        {"id": s.pk, "kind": s.kind, "title": s.title, "starts_at": s.starts_at, "ends_at": s.ends_at,
         "place": s.place, "speakers": s.speakers, "capacity": s.capacity,
         "confirmed": getattr(s, "confirmed", 0), "waitlisted": getattr(s, "waitlisted", 0)}
        for s in selectors.session_list(event=_event(request, slug))
    ]  # fmt: skip


@router.get("/events/{slug}/booths", response={200: list[BoothOut], **READ_ERRORS}, summary="Stan dan penjualnya")
def event_booths(request: HttpRequest, slug: str) -> Any:
    return [
        {"code": b.code, "size": b.size, "x": b.x, "y": b.y, "has_power": b.has_power, "shareable": b.shareable,
         "sellers": [a.application.seller_name for a in sorted(b.allocations.all(), key=lambda a: a.slot)]}
        for b in selectors.booth_list(event=_event(request, slug))
    ]  # fmt: skip


def _door_event(request: HttpRequest, slug: str) -> Event:
    """The event a check-in batch names, read once per request (the guard and the view share it), with
    nothing joined: `selectors.door_event`."""
    loaded: dict[str, Event] = request.__dict__.setdefault("_sinergi_door_events", {})
    if slug not in loaded:
        event = selectors.door_event(slug=slug)
        if event is None:
            raise NotFound(_("Acara tidak ditemukan."))
        loaded[slug] = event
    return loaded[slug]


def _checkin_guard(request: HttpRequest, slug: str) -> None:
    user = require_scope(request, WRITE)
    require_perm(user, "events.check_in", _door_event(request, slug))


def _booth_application(user: User, pk: int) -> BoothApplication:
    return fetch(
        user,
        selectors.booth_applications(),
        perm="events.report_sales",
        missing=_("Pengajuan stan tidak ditemukan."),
        pk=pk,
    )


def _sales_guard(request: HttpRequest, pk: str) -> None:
    number = path_id(pk)
    if number is not None:
        _booth_application(require_scope(request, WRITE), number)


@router.post("/events/{slug}/checkins", auth=guarded(_checkin_guard), throttle=[write_throttle],
             response={200: list[ScanOut], **WRITE_ERRORS}, summary="Kirim pindaian check-in (idempoten)")  # fmt: skip
def event_checkins(request: HttpRequest, slug: str, payload: ScansIn) -> Any:
    user = require_scope(request, WRITE)
    event = _door_event(request, slug)
    require_perm(user, "events.check_in", event)
    scans = [s.dict() for s in payload.scans[:200]]
    return [r.as_dict() for r in services.checkin_sync(by=user, event=event, scans=scans)]


@router.post("/events/sessions/{pk}/registrations", auth=token_auth, throttle=[write_throttle],
             response={201: RegistrationOut, **WRITE_ERRORS}, summary="Daftar ke sesi")  # fmt: skip
def session_register(request: HttpRequest, pk: int, payload: RegistrationIn) -> Any:
    user = require_scope(request, WRITE)
    view = "events.view_event"
    session = fetch(
        user, selectors.sessions_with_event(), perm=view, visible=view, missing=_("Sesi tidak ditemukan."), pk=pk
    )
    reg = services.registration_create(
        session=session, name=payload.name, email=payload.email, user=user, site_url=request.build_absolute_uri("/")
    )
    return Reply(201, {"code": reg.code, "short_code": reg.display_code, "status": reg.status, "session": session.pk})


@router.post("/events/booth-applications/{pk}/sales", auth=guarded(_sales_guard), throttle=[write_throttle],
             response={200: SalesOut, **WRITE_ERRORS}, summary="Laporkan penjualan harian")  # fmt: skip
def sales_report(request: HttpRequest, pk: int, payload: SalesIn) -> Any:
    user = require_scope(request, WRITE)
    app = _booth_application(user, pk)
    report = services.sales_report(by=user, application=app, day=payload.day, amount=payload.amount,
                                   transactions=payload.transactions)  # fmt: skip
    return {"day": report.day, "amount": report.amount, "transactions": report.transactions}
