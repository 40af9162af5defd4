"""Check-in at the door: a ticket scanned, typed or found by name counts once (a repeated or re-synced scan
answers "already"); a batch from the staff page's offline queue; and a booth seller's arrival."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core import audit, bounds
from sinergi.core.access import check_perm
from sinergi.core.errors import Conflict, ServiceError
from sinergi.core.selectors import unique_row

from ..models import (
    TICKET_CODE_LENGTH,
    BoothApplication,
    CheckIn,
    Event,
    Registration,
    RegistrationStatus,
    ScanOutcome,
    normalise_ticket_code,
)


def _door_staff_only() -> str:
    return _("Hanya petugas yang dapat mencatat kehadiran.")


@dataclass(frozen=True)
class ScanResult:
    outcome: ScanOutcome
    message: str
    code: str
    client_uuid: str | None = None
    name: str = ""
    session: str = ""
    checked_in_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": str(self.outcome),
            "message": self.message,
            "code": self.code,
            "client_uuid": self.client_uuid,
            "name": self.name,
            "session": self.session,
            "checked_in_at": self.checked_in_at.isoformat() if self.checked_in_at else None,
        }


def checkin_scan(
    *,
    by: User | None,
    event: Event,
    code: str,
    client_uuid: uuid.UUID | None = None,
    scanned_at: datetime | None = None,
) -> ScanResult:
    """Check a ticket in, once. A repeated or re-synced scan answers "already checked in at HH:MM"."""
    check_perm(by, "events.check_in", event, message=_door_staff_only())
    return _scan(by=by, event=event, code=code, client_uuid=client_uuid, scanned_at=scanned_at)


def _scan(
    *, by: User | None, event: Event, code: str, client_uuid: uuid.UUID | None, scanned_at: datetime | None
) -> ScanResult:
    code = code.strip()
    uid = str(client_uuid) if client_uuid else None
    reg = _ticket(code)
    if reg is None:
        return ScanResult(ScanOutcome.UNKNOWN, _("Kode tiket tidak dikenal."), code, uid)
    if reg.session.event_id != event.pk:
        return ScanResult(
            ScanOutcome.OTHER_EVENT, _("Tiket ini untuk acara lain."), code, uid, reg.name, reg.session.title
        )
    if reg.status != RegistrationStatus.CONFIRMED:
        if reg.status == RegistrationStatus.WAITLISTED:
            outcome, message = ScanOutcome.WAITLISTED, _("Masih di daftar tunggu.")
        else:
            outcome, message = ScanOutcome.CANCELLED, _("Pendaftaran dibatalkan.")
        return ScanResult(outcome, message, code, uid, reg.name, reg.session.title)
    now = timezone.now()
    when = scanned_at if scanned_at is not None and scanned_at <= now else now
    # A time the phone claims (an offline scan synced later) must fall between the ticket's issue and the
    # end of its session (core.bounds); a scan without one is recorded as now, which is true.
    earliest, latest = bounds.checkin_window(reg.created_at, reg.session.ends_at)
    if scanned_at is not None and not earliest <= scanned_at <= latest:
        return ScanResult(
            ScanOutcome.OUT_OF_TIME,
            _(
                "Waktu pindai %(t)s tidak mungkin: tiket ini terbit %(issued)s dan sesinya selesai %(end)s. "
                "Periksa jam ponsel pemindai; pindaian ini tidak dicatat."
            )
            % {
                "t": timezone.localtime(scanned_at).strftime("%d-%m-%Y %H:%M"),
                "issued": timezone.localtime(reg.created_at).strftime("%d-%m-%Y %H:%M"),
                "end": timezone.localtime(reg.session.ends_at).strftime("%d-%m-%Y %H:%M"),
            },
            code,
            uid,
            reg.name,
            reg.session.title,
        )
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(registration=reg, client_uuid=client_uuid, scanned_at=when, by=by)
            audit.record(by=by, action="events.checkin.created", target=reg, data={"session": reg.session_id})
    except IntegrityError:
        existing = CheckIn.objects.filter(
            Q(registration=reg) | Q(client_uuid=client_uuid) if client_uuid else Q(registration=reg)
        ).first()
        at = existing.scanned_at if existing else now
        return ScanResult(
            ScanOutcome.ALREADY,
            _("Sudah check-in pukul %(t)s.") % {"t": timezone.localtime(at).strftime("%H:%M")},
            code,
            uid,
            reg.name,
            reg.session.title,
            at,
        )
    return ScanResult(
        ScanOutcome.OK,
        _("Selamat datang, %(n)s.") % {"n": reg.name},
        code,
        uid,
        reg.name,
        reg.session.title,
        checkin.scanned_at,
    )


def _ticket(code: str) -> Registration | None:
    """The ticket a scanned QR (its token or short code) or a typed short code names, if any."""
    # Only what a scan reads (the answer, the time window, the audit label): the hottest lookup of the
    # door, so its SQL and rows stay small (issue 17).
    tickets = Registration.objects.select_related("session").only(
        "name", "status", "created_at", "session__event_id", "session__title", "session__ends_at"
    )
    short = normalise_ticket_code(code)
    if len(short) == TICKET_CODE_LENGTH:
        found = unique_row(tickets.filter(short_code=short))
        if found is not None:
            return found
    return unique_row(tickets.filter(code=code)) if code else None


def checkin_sync(*, by: User | None, event: Event, scans: Iterable[Mapping[str, Any]]) -> list[ScanResult]:
    """A batch of scans from the staff page (typed, scanned, or queued offline). Each is idempotent."""
    check_perm(by, "events.check_in", event, message=_door_staff_only())
    results = []
    for scan in scans:
        raw_uuid = scan.get("client_uuid")
        try:
            uid = uuid.UUID(str(raw_uuid)) if raw_uuid else None
        except ValueError:
            uid = None
        scanned_at = _parse_time(scan.get("scanned_at"))
        results.append(
            _scan(by=by, event=event, code=str(scan.get("code", ""))[:64], client_uuid=uid, scanned_at=scanned_at)
        )
    return results


def _parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def exhibitor_check_in(*, by: User | None, application: BoothApplication) -> BoothApplication:
    """A booth seller arrives: once, and only with a booth."""
    with transaction.atomic():
        app = BoothApplication.objects.select_for_update().get(pk=application.pk)
        check_perm(by, "events.check_in", app.event, message=_door_staff_only())
        if not hasattr(app, "allocation"):
            raise ServiceError(_("Penjual ini belum punya stan."))
        if app.checked_in_at is not None:
            raise Conflict(
                _("Sudah check-in pukul %(t)s.") % {"t": timezone.localtime(app.checked_in_at).strftime("%H:%M")}
            )
        app.checked_in_at = timezone.now()
        app.save(update_fields=["checked_in_at", "updated_at"])
        audit.record(by=by, action="events.exhibitor.checked_in", target=app)
    return app
