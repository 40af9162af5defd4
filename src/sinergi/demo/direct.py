"""The demo's only writes around the services: each kind in one helper here, saying why no service may do
it (docs/operations/demo-accounts.md, "What the demo writes directly"). Everything else the demo seeds goes
through the services, with their permission checks, validation and audit entries; a test holds the rest of
`sinergi.demo` to that.

A demo shows an installation that has been in use for a while: last year's event with its visitors and
sales, initiatives decided months ago. The services, rightly, only record what happens now: they refuse
a registration for a session that is over and a sales report after the lock, and they stamp every
change with the present moment.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone

from sinergi.events.models import CheckIn, Registration, SalesReport


def backdate(rows: models.QuerySet[Any], **stamps: Any) -> int:
    """Move the time stamps (`created_at`, `at`, `submitted_at`, …: date and time fields only) of `rows`
    into the past, so the demo's history is spread over the months it pretends to cover. Returns how many
    rows changed.

    No service may do this: a stamp says when something happened, and a service records the present
    moment (the audit log keeps the real time of the seeding). Anything other than a stamp is refused here.
    """
    for name in stamps:
        field = rows.model._meta.get_field(name)
        if not isinstance(field, models.DateField):  # DateTimeField is one too
            raise TypeError(f"backdate: {rows.model.__name__}.{name} bukan cap waktu")
    return rows.update(**stamps)


def _past_sessions(registrations: Iterable[Registration]) -> None:
    now = timezone.now()
    ahead = {r.session.title for r in registrations if r.session.ends_at > now}
    if ahead:
        raise ValueError(f"sesi belum selesai; daftarkan lewat events.services.registration_create: {sorted(ahead)}")


def past_registrations(registrations: list[Registration]) -> list[Registration]:
    """Visitors of a past edition's sessions (all already over), written in one statement.

    No service may: `events.services.registration_create` refuses a session that has ended, as it must
    (nobody registers for yesterday). Refuses any session that is not over yet.
    """
    _past_sessions(registrations)
    return Registration.objects.bulk_create(registrations)


def past_checkins(checkins: list[CheckIn]) -> list[CheckIn]:
    """Check-ins of a past edition's visitors, at the time they came in (`scanned_at`).

    No service may: the door's check-in (`events.services.checkin_scan`) records a scan now, at the
    door, for a session that is on. Refuses a registration whose session is not over yet.
    """
    _past_sessions(c.registration for c in checkins)
    return CheckIn.objects.bulk_create(checkins)


def past_sales(reports: list[SalesReport]) -> list[SalesReport]:
    """Sellers' daily sales of a past edition whose reports are locked.

    No service may: `events.services.sales_report` refuses a report once the event's sales are locked
    (and a correction needs a reason a seller never gave). Refuses an event whose sales are still open.
    """
    open_ = {r.event.title for r in reports if not r.event.sales_locked()}
    if open_:
        raise ValueError(f"laporan penjualan belum dikunci; laporkan lewat events.services.sales_report: {open_}")
    return SalesReport.objects.bulk_create(reports)


def unannounced_registrations(registrations: list[Registration]) -> list[Registration]:
    """Visitors already registered for the next edition's sessions, without a ticket e-mail each.

    No service may: `events.services.registration_create` e-mails every visitor their ticket and tells
    the organiser, as it must; a seed must not send mail to invented addresses.
    """
    return Registration.objects.bulk_create(registrations)
