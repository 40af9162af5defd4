"""Writes for events. Keyword-only, atomic, validated; each change writes one audit entry.

Capacity is protected twice: the capacity row (session, booth, event) is locked with
`select_for_update()` inside the transaction, and unique constraints make a double booking or a
double check-in impossible even if a lock were missed. Callers check permissions with rules.py.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core import audit, bounds
from sinergi.core.errors import Conflict, NotAllowed, ServiceError, from_validation_error
from sinergi.notifications.services import emit
from sinergi.registry.models import Actor, Community

from . import allocation
from .models import (
    BOOTH_CRITERIA,
    TICKET_CODE_LENGTH,
    ApplicationStatus,
    Booth,
    BoothAllocation,
    BoothApplication,
    CheckIn,
    Event,
    EventSession,
    EventStatus,
    Registration,
    RegistrationStatus,
    SalesReport,
    normalise_ticket_code,
)


def _clean(obj: Any, exclude: Sequence[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise ServiceError(_("Data belum benar."), field_errors=from_validation_error(exc)) from exc


# ---------------------------------------------------------------- events and sessions


def event_create(*, by: Any, data: Mapping[str, Any], partners: Iterable[Any] = ()) -> Event:
    with transaction.atomic():
        event = Event(**data)
        if by is not None and not by.has_perm("events.manage_event", event):
            # The organiser is an office the person works for (the form offers only those).
            raise NotAllowed(
                _("Anda hanya dapat menyelenggarakan atas nama perangkat daerah tempat Anda bertugas."),
                field_errors={"organiser": [_("Pilih perangkat daerah tempat Anda bertugas.")]},
            )
        _clean(event)
        event.save()
        event.partners.set(list(partners))
        audit.record(actor=by, action="events.event.created", target=event, data={"slug": event.slug})
    return event


EDITABLE_EVENT_FIELDS = (
    "title",
    "description",
    "start_date",
    "end_date",
    "venue",
    "venue_address",
    "organiser",
    "daily_sales_target",
    "previous_edition",
    "initiative",
    "registration_opens_at",
    "registration_closes_at",
)


def event_update(*, by: Any, event: Event, data: Mapping[str, Any], partners: Iterable[Any] | None = None) -> Event:
    """Change an event's details. The organising office's staff only; the sessions must still fit its dates.

    The audit entry names the fields that changed (with old and new values: none of them is personal data).
    """
    unknown = set(data) - set(EDITABLE_EVENT_FIELDS)
    if unknown:
        raise ServiceError(_("Kolom ini tidak dapat diubah: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        current = Event.objects.select_for_update().get(pk=event.pk)
        if by is not None and not by.has_perm("events.manage_event", current):
            raise NotAllowed(_("Hanya petugas perangkat daerah penyelenggara yang dapat mengubah acara ini."))
        changes: dict[str, list[Any]] = {}
        for name, value in data.items():
            old = getattr(current, name)
            if old != value:
                changes[name] = [old, value]
                setattr(current, name, value)
        if "organiser" in changes and by is not None and not by.has_perm("events.manage_event", current):
            raise NotAllowed(
                _("Anda hanya dapat menyelenggarakan atas nama perangkat daerah tempat Anda bertugas."),
                field_errors={"organiser": [_("Pilih perangkat daerah tempat Anda bertugas.")]},
            )
        if current.previous_edition_id == current.pk:
            raise ServiceError(
                _("Data belum benar."),
                field_errors={
                    "previous_edition": [_("Acara tidak dapat menjadi edisi sebelumnya dari dirinya sendiri.")]
                },
            )
        _clean(current)
        outside = [
            s
            for s in current.sessions.all()
            if timezone.localtime(s.starts_at).date() < current.start_date
            or timezone.localtime(s.ends_at).date() > current.end_date
        ]
        if outside:
            message = _("Tanggal acara harus mencakup semua sesinya; di luar tanggal baru: %(s)s.") % {
                "s": ", ".join(s.title for s in outside)
            }
            raise ServiceError(message, field_errors={"start_date": [message]})
        if changes:
            current.save(update_fields=[*changes, "updated_at"])
        if partners is not None:
            new_partners = set(partners)
            old_partners = set(current.partners.all())
            if new_partners != old_partners:
                changes["partners"] = [sorted(map(str, old_partners)), sorted(map(str, new_partners))]
                current.partners.set(list(new_partners))
        if changes:
            audit.record(actor=by, action="events.event.updated", target=current, data={"changes": changes})
    event.refresh_from_db()
    return current


def event_publish(*, by: Any, event: Event) -> Event:
    with transaction.atomic():
        event.status = EventStatus.PUBLISHED
        event.save(update_fields=["status", "updated_at"])
        audit.record(actor=by, action="events.event.published", target=event)
        emit("events.event.published", event=event.pk)
    return event


def event_lock(*, by: Any, event: Event) -> Event:
    """Close the event: sales reports become read-only; staff may still correct them, with a reason."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status == EventStatus.LOCKED:
            raise Conflict(_("Laporan acara ini sudah dikunci."))
        event.status = EventStatus.LOCKED
        event.locked_at = timezone.now()
        event.save(update_fields=["status", "locked_at", "updated_at"])
        audit.record(actor=by, action="events.event.locked", target=event)
    return event


def session_create(*, by: Any, event: Event, data: Mapping[str, Any]) -> EventSession:
    with transaction.atomic():
        session = EventSession(event=event, **data)
        _clean(session)
        if session.starts_at.date() < event.start_date or session.ends_at.date() > event.end_date:
            raise ServiceError(
                _("Sesi harus berada di antara tanggal acara."),
                field_errors={"starts_at": [_("Sesi harus berada di antara tanggal acara.")]},
            )
        session.save()
        audit.record(actor=by, action="events.session.created", target=session, data={"kind": session.kind})
    return session


def session_capacity_set(
    *, by: Any, session: EventSession, capacity: int, site_url: str | None = None
) -> list[Registration]:
    """Change a session's capacity. Never below the confirmed places; a raise promotes the waiting list
    in order (each promoted person is e-mailed their ticket). Returns the promoted registrations."""
    with transaction.atomic():
        locked = EventSession.objects.select_for_update().select_related("event").get(pk=session.pk)
        if by is not None and not by.has_perm("events.manage_event", locked.event):
            raise NotAllowed(_("Hanya petugas perangkat daerah penyelenggara yang dapat mengubah acara ini."))
        confirmed = locked.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        if capacity < max(1, confirmed):
            message = _("Kapasitas tidak boleh kurang dari %(n)d tempat yang sudah terisi.") % {"n": max(1, confirmed)}
            raise ServiceError(message, field_errors={"capacity": [message]})
        old = locked.capacity
        locked.capacity = capacity
        locked.save(update_fields=["capacity", "updated_at"])
        promoted = list(
            Registration.objects.select_for_update()
            .filter(session=locked, status=RegistrationStatus.WAITLISTED)
            .order_by("created_at", "id")[: max(0, capacity - confirmed)]
        )
        now = timezone.now()
        for reg in promoted:
            reg.status = RegistrationStatus.CONFIRMED
            reg.promoted_at = now
            reg.save(update_fields=["status", "promoted_at", "updated_at"])
            audit.record(actor=None, action="events.registration.promoted", target=reg)
            transaction.on_commit(
                lambda pk=reg.pk: _notify_registration(pk, promoted=True, site_url=site_url)  # type: ignore[misc]
            )
        audit.record(
            actor=by,
            action="events.session.capacity_changed",
            target=locked,
            data={"capacity": [old, capacity], "promoted": len(promoted)},
        )
    session.refresh_from_db()
    return promoted


# ---------------------------------------------------------------- registrations and the waiting list


def registration_create(
    *, session: EventSession, name: str, email: str, user: Any = None, site_url: str | None = None
) -> Registration:
    """A place in the session, or in its waiting list when full. One active registration per e-mail.

    The e-mail carries the ticket's QR code and, given the site's address (`site_url`, from the
    request), a link to the ticket page.
    """
    email = email.strip().lower()
    with transaction.atomic():
        locked = EventSession.objects.select_for_update().select_related("event").get(pk=session.pk)
        if not locked.event.is_public:
            raise NotAllowed(_("Acara ini belum dibuka untuk pendaftaran."))
        if locked.ends_at <= timezone.now():
            raise ServiceError(_("Sesi ini sudah selesai."))
        state = locked.event.registration_state()
        if state == "not_yet":
            opens = timezone.localtime(locked.event.registration_opens_at).strftime("%d-%m-%Y %H:%M")
            when = f"{opens} {settings.SINERGI_TIME_ZONE_LABEL}"
            raise NotAllowed(_("Pendaftaran dibuka mulai %(t)s.") % {"t": when})
        if state == "closed":
            raise NotAllowed(_("Pendaftaran untuk acara ini sudah ditutup."))
        active = Registration.objects.filter(session=locked).filter(
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
        )
        if active.filter(email=email).exists():
            raise Conflict(
                _("E-mail ini sudah terdaftar di sesi ini."),
                field_errors={"email": [_("E-mail ini sudah terdaftar di sesi ini.")]},
            )
        confirmed = active.filter(status=RegistrationStatus.CONFIRMED).count()
        status = RegistrationStatus.CONFIRMED if confirmed < locked.capacity else RegistrationStatus.WAITLISTED
        registration = Registration(
            session=locked,
            name=name.strip(),
            email=email,
            user=user if getattr(user, "pk", None) else None,
            status=status,
        )
        _clean(registration, exclude=["code"])
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as exc:
            raise Conflict(_("E-mail ini sudah terdaftar di sesi ini.")) from exc
        audit.record(actor=user, action="events.registration.created", target=registration, data={"status": status})
        transaction.on_commit(lambda: _notify_registration(registration.pk, site_url=site_url))
        if status == RegistrationStatus.CONFIRMED:
            emit("events.registration.confirmed", registration=registration.pk)
    return registration


def registration_cancel(*, by: Any, registration: Registration, site_url: str | None = None) -> Registration | None:
    """Cancel; if a confirmed place frees, the first in the waiting list is promoted in the same transaction.

    Returns the promoted registration, if any.
    """
    with transaction.atomic():
        EventSession.objects.select_for_update().get(pk=registration.session_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            raise Conflict(_("Pendaftaran ini sudah dibatalkan."))
        if hasattr(current, "checkin"):
            raise Conflict(_("Tiket yang sudah dipakai tidak dapat dibatalkan."))
        freed = current.status == RegistrationStatus.CONFIRMED
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = timezone.now()
        current.save(update_fields=["status", "cancelled_at", "updated_at"])
        audit.record(actor=by, action="events.registration.cancelled", target=current)
        promoted = None
        if freed:
            promoted = (
                Registration.objects.select_for_update()
                .filter(session_id=current.session_id, status=RegistrationStatus.WAITLISTED)
                .order_by("created_at", "id")
                .first()
            )
            if promoted is not None:
                promoted.status = RegistrationStatus.CONFIRMED
                promoted.promoted_at = timezone.now()
                promoted.save(update_fields=["status", "promoted_at", "updated_at"])
                audit.record(actor=None, action="events.registration.promoted", target=promoted)
                promoted_pk = promoted.pk
                transaction.on_commit(lambda: _notify_registration(promoted_pk, promoted=True, site_url=site_url))
    registration.refresh_from_db()
    return promoted


def ticket_qr_png(registration: Registration) -> bytes:
    """The ticket's QR code (the ticket token, as on the ticket page) as a PNG for e-mail."""
    buffer = io.BytesIO()
    segno.make(registration.code, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def _ticket_lines(reg: Registration, site_url: str | None) -> str:
    session = reg.session
    lines = [
        _("%(session)s (%(event)s), %(when)s di %(place)s.")
        % {
            "session": session.title,
            "event": session.event.title,
            "when": f"{timezone.localtime(session.starts_at):%d-%m-%Y %H:%M} {settings.SINERGI_TIME_ZONE_LABEL}",
            "place": session.place,
        },
        _("Kode tiket: %(code)s (status: %(status)s)") % {"code": reg.display_code, "status": reg.get_status_display()},
    ]
    if site_url:
        lines.append(_("Tiket: %(url)s") % {"url": site_url.rstrip("/") + reverse("events:ticket", args=[reg.code])})
    return "\n".join(lines)


def _ticket_attachment(reg: Registration) -> tuple[str, bytes, str]:
    return (f"tiket-{reg.display_code}.png", ticket_qr_png(reg), "image/png")


def _notify_registration(pk: int, *, promoted: bool = False, site_url: str | None = None) -> None:
    reg = Registration.objects.select_related("session__event").get(pk=pk)
    session = reg.session
    attachments = []
    if reg.status == RegistrationStatus.CONFIRMED:
        subject = (_("Tempat Anda terkonfirmasi: %(s)s") if promoted else _("Pendaftaran terkonfirmasi: %(s)s")) % {
            "s": session.title
        }
        body = _(
            "Halo %(name)s,\n\nAnda terdaftar di:\n%(ticket)s\n\n"
            "Tunjukkan kode QR terlampir (atau sebutkan kode tiketnya) saat masuk.\n"
        ) % {"name": reg.name, "ticket": _ticket_lines(reg, site_url)}
        attachments.append(_ticket_attachment(reg))
    else:
        subject = _("Daftar tunggu: %(s)s") % {"s": session.title}
        body = _(
            "Halo %(name)s,\n\nSesi %(session)s sudah penuh; Anda masuk daftar tunggu. Kami kirim e-mail "
            "bila ada tempat kosong.\n"
        ) % {"name": reg.name, "session": session.title}
    EmailMessage(subject, body, None, [reg.email], attachments=attachments).send()


def tickets_resend(*, email: str, site_url: str | None = None) -> int:
    """E-mail a person all their current tickets (sessions not yet over) again; returns how many.

    Nothing is sent for an address without tickets; the caller answers alike either way, so the page never
    tells whether an address is registered. The audit log names the count, not the address.
    """
    address = email.strip().lower()
    tickets = list(
        Registration.objects.select_related("session__event")
        .filter(
            email=address,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
            session__ends_at__gt=timezone.now(),
        )
        .order_by("session__starts_at", "id")
    )
    if not tickets:
        return 0
    body = "\n\n".join(
        [_("Halo %(name)s,\n\nIni tiket Anda yang masih berlaku:") % {"name": tickets[0].name}]
        + [_ticket_lines(reg, site_url) for reg in tickets]
        + [_("Tunjukkan kode QR terlampir (atau sebutkan kode tiketnya) saat masuk.")]
    )
    attachments = [_ticket_attachment(reg) for reg in tickets if reg.status == RegistrationStatus.CONFIRMED]
    with transaction.atomic():
        EmailMessage(_("Tiket Anda"), body, None, [address], attachments=attachments).send()
        audit.record(actor=None, action="events.tickets.resent", target=None, data={"tickets": len(tickets)})
    return len(tickets)


# ---------------------------------------------------------------- check-in


@dataclass(frozen=True)
class ScanResult:
    outcome: str  # "ok", "already", "unknown", "waitlisted", "cancelled", "other_event", "out_of_time"
    message: str
    code: str
    client_uuid: str | None = None
    name: str = ""
    session: str = ""
    checked_in_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "message": self.message,
            "code": self.code,
            "client_uuid": self.client_uuid,
            "name": self.name,
            "session": self.session,
            "checked_in_at": self.checked_in_at.isoformat() if self.checked_in_at else None,
        }


def checkin_scan(
    *, by: Any, event: Event, code: str, client_uuid: uuid.UUID | None = None, scanned_at: datetime | None = None
) -> ScanResult:
    """Check a ticket in, once. A repeated or re-synced scan answers "already checked in at HH:MM"."""
    code = code.strip()
    uid = str(client_uuid) if client_uuid else None
    reg = _ticket(code)
    if reg is None:
        return ScanResult("unknown", _("Kode tiket tidak dikenal."), code, uid)
    if reg.session.event_id != event.pk:
        return ScanResult("other_event", _("Tiket ini untuk acara lain."), code, uid, reg.name, reg.session.title)
    if reg.status != RegistrationStatus.CONFIRMED:
        outcome = "waitlisted" if reg.status == RegistrationStatus.WAITLISTED else "cancelled"
        message = _("Masih di daftar tunggu.") if outcome == "waitlisted" else _("Pendaftaran dibatalkan.")
        return ScanResult(outcome, message, code, uid, reg.name, reg.session.title)
    now = timezone.now()
    when = scanned_at if scanned_at is not None and scanned_at <= now else now
    # A time the phone claims (an offline scan synced later) must fall between the ticket's issue and the
    # end of its session (core.bounds); a scan without one is recorded as now, which is true.
    earliest, latest = bounds.checkin_window(reg.created_at, reg.session.ends_at)
    if scanned_at is not None and not earliest <= scanned_at <= latest:
        return ScanResult(
            "out_of_time",
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
            audit.record(actor=by, action="events.checkin.created", target=reg, data={"session": reg.session_id})
    except IntegrityError:
        existing = CheckIn.objects.filter(
            Q(registration=reg) | Q(client_uuid=client_uuid) if client_uuid else Q(registration=reg)
        ).first()
        at = existing.scanned_at if existing else now
        return ScanResult(
            "already",
            _("Sudah check-in pukul %(t)s.") % {"t": timezone.localtime(at).strftime("%H:%M")},
            code,
            uid,
            reg.name,
            reg.session.title,
            at,
        )
    return ScanResult(
        "ok", _("Selamat datang, %(n)s.") % {"n": reg.name}, code, uid, reg.name, reg.session.title, checkin.scanned_at
    )


def _ticket(code: str) -> Registration | None:
    """The ticket a scanned QR (its token or short code) or a typed short code names, if any."""
    tickets = Registration.objects.select_related("session")
    short = normalise_ticket_code(code)
    if len(short) == TICKET_CODE_LENGTH:
        found = tickets.filter(short_code=short).first()
        if found is not None:
            return found
    return tickets.filter(code=code).first() if code else None


def checkin_sync(*, by: Any, event: Event, scans: Iterable[Mapping[str, Any]]) -> list[ScanResult]:
    """A batch of scans from the staff page (typed, scanned, or queued offline). Each is idempotent."""
    results = []
    for scan in scans:
        raw_uuid = scan.get("client_uuid")
        try:
            uid = uuid.UUID(str(raw_uuid)) if raw_uuid else None
        except ValueError:
            uid = None
        scanned_at = _parse_time(scan.get("scanned_at"))
        results.append(
            checkin_scan(
                by=by, event=event, code=str(scan.get("code", ""))[:64], client_uuid=uid, scanned_at=scanned_at
            )
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


# ---------------------------------------------------------------- booths


def booth_create(*, by: Any, event: Event, data: Mapping[str, Any]) -> Booth:
    with transaction.atomic():
        booth = Booth(event=event, **data)
        _clean(booth)
        booth.save()
        audit.record(actor=by, action="events.booth.created", target=booth)
    return booth


def booth_application_submit(
    *, by: Any, event: Event, data: Mapping[str, Any], community: Community | None = None, actor: Actor | None = None
) -> BoothApplication:
    if (community is None) == (actor is None):
        raise ServiceError(_("Pilih satu: komunitas atau pelaku."))
    with transaction.atomic():
        if event.status != EventStatus.PUBLISHED:
            raise NotAllowed(_("Pendaftaran stan untuk acara ini tidak dibuka."))
        app = BoothApplication(event=event, community=community, actor=actor, applicant=by, **data)
        if app.subsector_id is None:
            app.subsector = _seller_subsector(community, actor)
        _clean(app, exclude=["applicant", "decided_by"])
        try:
            with transaction.atomic():
                app.save()
        except IntegrityError as exc:
            raise Conflict(_("Sudah ada pengajuan stan untuk penjual ini di acara ini.")) from exc
        audit.record(actor=by, action="events.booth_application.submitted", target=app)
        emit("events.booth_application.received", application=app.pk)
    return app


def _seller_subsector(community: Community | None, actor: Actor | None) -> Any:
    if community is not None:
        return community.focus_subsectors.order_by("pk").first()
    if actor is not None:
        return actor.subsectors.order_by("pk").first()
    return None


def booth_application_review(
    *, by: Any, application: BoothApplication, criteria_scores: Mapping[str, int], notes: str, decision: str
) -> BoothApplication:
    """Score against the criteria (0–5 each), note, and accept or reject. Score = mean × 20 (0–100)."""
    keys = {key for key, _label in BOOTH_CRITERIA}
    errors = {}
    for key in keys:
        value = criteria_scores.get(key)
        if not isinstance(value, int) or not 0 <= value <= 5:
            errors[key] = [_("Nilai 0–5.")]
    if errors:
        raise ServiceError(_("Nilai kriteria belum lengkap."), field_errors=errors)
    if decision not in {ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED, ApplicationStatus.SUBMITTED}:
        raise ServiceError(_("Keputusan tidak dikenal."))
    with transaction.atomic():
        app = BoothApplication.objects.select_for_update().get(pk=application.pk)
        if decision == ApplicationStatus.REJECTED and hasattr(app, "allocation"):
            app.allocation.delete()
        app.criteria_scores = {k: int(criteria_scores[k]) for k in sorted(keys)}
        app.score = Decimal(sum(app.criteria_scores.values()) * 20) / Decimal(len(keys))
        app.notes = notes.strip()
        app.status = decision
        app.decided_by = by
        app.decided_at = timezone.now()
        app.save()
        if decision == ApplicationStatus.ACCEPTED:  # an accepted seller is involved: its profile lists the event
            if app.community_id:
                app.event.communities.add(app.community_id)
            if app.actor_id:
                app.event.actors.add(app.actor_id)
        audit.record(
            actor=by,
            action="events.booth_application.reviewed",
            target=app,
            data={"decision": decision, "score": str(app.score)},
        )
        if decision != ApplicationStatus.SUBMITTED:
            emit("events.booth_application.decided", application=app.pk)
    return app


def booths_allocate(*, by: Any, event: Event) -> allocation.AllocationResult:
    """Place every accepted, unplaced application with the pure allocator and write it atomically."""
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)  # one allocation run per event at a time
        booths = list(Booth.objects.filter(event=event).order_by("pk"))
        taken: dict[int, list[int]] = {}
        sharing_first: set[int] = set()
        for booth_id, slot, wants_shared in BoothAllocation.objects.filter(event=event).values_list(
            "booth_id", "slot", "application__wants_shared"
        ):
            taken.setdefault(booth_id, []).append(slot)
            if slot == 1 and wants_shared:
                sharing_first.add(booth_id)
        specs = [
            allocation.BoothSpec(
                b.pk,
                b.code,
                b.size,
                b.has_power,
                b.shareable,
                tuple(sorted(taken.get(b.pk, ()))),
                b.pk in sharing_first,
            )
            for b in booths
        ]
        apps = [
            allocation.ApplicationSpec(a.pk, float(a.score or 0), a.size_wanted, a.needs_power, a.wants_shared)
            for a in BoothApplication.objects.filter(
                event=event, status=ApplicationStatus.ACCEPTED, allocation__isnull=True
            )
        ]
        result = allocation.allocate(specs, apps)
        BoothAllocation.objects.bulk_create(
            [
                BoothAllocation(event=event, booth_id=p.booth_id, application_id=p.application_id, slot=p.slot, by=by)
                for p in result.placements
            ]
        )
        audit.record(
            actor=by,
            action="events.booths.allocated",
            target=event,
            data={"placed": len(result.placements), "unplaced": len(result.unplaced)},
        )
        for placement in result.placements:
            emit("events.booth_application.placed", application=placement.application_id)
    return result


def booth_assign(*, by: Any, application: BoothApplication, booth: Booth) -> BoothAllocation:
    """Place one accepted application in a booth by hand; refuses a full booth or a double booking."""
    with transaction.atomic():
        locked = Booth.objects.select_for_update().get(pk=booth.pk)
        app = BoothApplication.objects.select_for_update().get(pk=application.pk)
        if app.event_id != locked.event_id:
            raise ServiceError(_("Stan dan pengajuan dari acara yang berbeda."))
        if app.status != ApplicationStatus.ACCEPTED:
            raise ServiceError(_("Hanya pengajuan yang diterima yang dapat ditempatkan."))
        if BoothAllocation.objects.filter(application=app).exists():
            raise Conflict(_("Penjual ini sudah punya stan."))
        if app.needs_power and not locked.has_power:
            raise ServiceError(_("Penjual ini perlu listrik; stan ini tidak ada listrik."))
        current = list(BoothAllocation.objects.filter(booth=locked).select_related("application"))
        if not current:
            slot = 1
        elif locked.shareable and len(current) == 1 and current[0].application.wants_shared and app.wants_shared:
            slot = 2
        else:
            raise Conflict(_("Stan %(c)s sudah terisi.") % {"c": locked.code})
        try:
            with transaction.atomic():
                placed = BoothAllocation.objects.create(
                    event_id=locked.event_id, booth=locked, application=app, slot=slot, by=by
                )
        except IntegrityError as exc:
            raise Conflict(_("Stan %(c)s sudah terisi.") % {"c": locked.code}) from exc
        audit.record(actor=by, action="events.booth.assigned", target=placed, data={"booth": locked.code})
        emit("events.booth_application.placed", application=app.pk)
    return placed


def exhibitor_check_in(*, by: Any, application: BoothApplication) -> BoothApplication:
    with transaction.atomic():
        app = BoothApplication.objects.select_for_update().get(pk=application.pk)
        if not hasattr(app, "allocation"):
            raise ServiceError(_("Penjual ini belum punya stan."))
        if app.checked_in_at is not None:
            raise Conflict(
                _("Sudah check-in pukul %(t)s.") % {"t": timezone.localtime(app.checked_in_at).strftime("%H:%M")}
            )
        app.checked_in_at = timezone.now()
        app.save(update_fields=["checked_in_at", "updated_at"])
        audit.record(actor=by, action="events.exhibitor.checked_in", target=app)
    return app


# ---------------------------------------------------------------- sales


def _check_sales(*, amount: Decimal, transactions: int) -> None:
    """One day's figures within core.bounds, refused per field before anything is written."""
    errors: dict[str, list[str]] = {}
    problem = bounds.money_problem(Decimal(amount), maximum=bounds.SALES_DAY_MAX)
    if problem:
        errors["amount"] = [problem]
    if not 0 <= transactions <= bounds.TRANSACTIONS_DAY_MAX:
        errors["transactions"] = [
            _("Jumlah transaksi harus antara 0 dan %(max)s.") % {"max": bounds.TRANSACTIONS_DAY_MAX}
        ]
    if errors:
        raise ServiceError(next(iter(errors.values()))[0], field_errors=errors)


def sales_report(
    *,
    by: Any,
    application: BoothApplication,
    day: date,
    amount: Decimal,
    transactions: int = 0,
    today: date | None = None,
) -> SalesReport:
    """A seller reports (or updates) one day's sales while the event is open."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=application.event_id)
        if event.sales_locked(today):
            raise NotAllowed(_("Laporan penjualan acara ini sudah dikunci; hubungi petugas untuk koreksi."))
        if application.status != ApplicationStatus.ACCEPTED:
            raise NotAllowed(_("Hanya penjual yang diterima yang melaporkan penjualan."))
        if day not in event.days():
            raise ServiceError(
                _("Tanggal di luar hari acara."), field_errors={"day": [_("Tanggal di luar hari acara.")]}
            )
        _check_sales(amount=amount, transactions=transactions)
        report, created = SalesReport.objects.select_for_update().get_or_create(
            application=application,
            day=day,
            defaults={"event": event, "amount": amount, "transactions": transactions, "reported_by": by},
        )
        if not created:
            report.amount, report.transactions, report.reported_by = amount, transactions, by
            report.save()
        audit.record(
            actor=by,
            action="events.sales.reported",
            target=report,
            data={"day": day.isoformat(), "amount": str(amount), "created": created},
        )
    return report


def sales_correct(
    *,
    by: Any,
    event: Event,
    application: BoothApplication,
    day: date,
    amount: Decimal,
    transactions: int,
    reason: str,
) -> SalesReport:
    """Staff correct a day's figure, also after the lock; the reason and the old value are audited."""
    if not reason.strip():
        raise ServiceError(_("Tulis alasan koreksi."), field_errors={"reason": [_("Tulis alasan koreksi.")]})
    _check_sales(amount=amount, transactions=transactions)
    with transaction.atomic():
        if day not in event.days():
            raise ServiceError(_("Tanggal di luar hari acara."))
        report = SalesReport.objects.select_for_update().filter(application=application, day=day).first()
        old = {"amount": str(report.amount), "transactions": report.transactions} if report else None
        if report is None:
            report = SalesReport(event=event, application=application, day=day, reported_by=by)
        report.amount, report.transactions, report.corrected = amount, transactions, True
        report.save()
        audit.record(
            actor=by,
            action="events.sales.corrected",
            target=report,
            data={
                "day": day.isoformat(),
                "old": old,
                "new": {"amount": str(amount), "transactions": transactions},
                "reason": reason.strip()[:500],
            },
        )
    return report
