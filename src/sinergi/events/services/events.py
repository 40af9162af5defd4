"""Events and their sessions: create, change, publish, lock; a session's capacity (which may promote the
waiting list)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import Organisation, User
from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.errors import Conflict, ServiceError
from sinergi.core.writes import validate
from sinergi.notifications.services import emit

from ..models import Event, EventSession, EventStatus, Registration, RegistrationStatus
from .tickets import notify_registration


def _managers_only() -> str:
    return _("Hanya petugas perangkat daerah penyelenggara yang dapat mengubah acara ini.")


def _elsewhere() -> str:
    return _("Anda hanya dapat menyelenggarakan atas nama perangkat daerah tempat Anda bertugas.")


def _organiser_error() -> dict[str, list[str]]:
    return {"organiser": [_("Pilih perangkat daerah tempat Anda bertugas.")]}


def event_create(*, by: User | None, data: Mapping[str, Any], partners: Iterable[Organisation] = ()) -> Event:
    with transaction.atomic():
        event = Event(**data)
        # The organiser is an office the person works for (the form offers only those).
        check_perm(by, "events.manage_event", event, message=_elsewhere(), field_errors=_organiser_error())
        validate(event)
        event.save()
        event.partners.set(list(partners))
        audit.record(by=by, action="events.event.created", target=event, data={"slug": event.slug})
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


def event_update(
    *, by: User | None, event: Event, data: Mapping[str, Any], partners: Iterable[Organisation] | None = None
) -> Event:
    """Change an event's details. The organising office's staff only; the sessions must still fit its dates.

    The audit entry names the fields that changed (with old and new values: none of them is personal data).
    """
    unknown = set(data) - set(EDITABLE_EVENT_FIELDS)
    if unknown:
        raise ServiceError(_("Kolom ini tidak dapat diubah: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        current = Event.objects.select_for_update().get(pk=event.pk)
        check_perm(by, "events.manage_event", current, message=_managers_only())
        changes: dict[str, list[Any]] = {}
        for name, value in data.items():
            old = getattr(current, name)
            if old != value:
                changes[name] = [old, value]
                setattr(current, name, value)
        if "organiser" in changes:
            check_perm(by, "events.manage_event", current, message=_elsewhere(), field_errors=_organiser_error())
        if current.previous_edition_id == current.pk:
            raise ServiceError(
                _("Data belum benar."),
                field_errors={
                    "previous_edition": [_("Acara tidak dapat menjadi edisi sebelumnya dari dirinya sendiri.")]
                },
            )
        validate(current)
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
            audit.record(by=by, action="events.event.updated", target=current, data={"changes": changes})
    event.refresh_from_db()
    return current


def event_publish(*, by: User | None, event: Event) -> Event:
    check_perm(by, "events.manage_event", event, message=_managers_only())
    with transaction.atomic():
        event.status = EventStatus.PUBLISHED
        event.save(update_fields=["status", "updated_at"])
        audit.record(by=by, action="events.event.published", target=event)
        emit("events.event.published", event=event.pk)
    return event


def event_lock(*, by: User | None, event: Event) -> Event:
    """Close the event: sales reports become read-only; staff may still correct them, with a reason."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        check_perm(by, "events.manage_event", event, message=_managers_only())
        if event.status == EventStatus.LOCKED:
            raise Conflict(_("Laporan acara ini sudah dikunci."))
        event.status = EventStatus.LOCKED
        event.locked_at = timezone.now()
        event.save(update_fields=["status", "locked_at", "updated_at"])
        audit.record(by=by, action="events.event.locked", target=event)
    return event


def session_create(*, by: User | None, event: Event, data: Mapping[str, Any]) -> EventSession:
    check_perm(by, "events.manage_event", event, message=_managers_only())
    with transaction.atomic():
        session = EventSession(event=event, **data)
        validate(session)
        if session.starts_at.date() < event.start_date or session.ends_at.date() > event.end_date:
            raise ServiceError(
                _("Sesi harus berada di antara tanggal acara."),
                field_errors={"starts_at": [_("Sesi harus berada di antara tanggal acara.")]},
            )
        session.save()
        audit.record(by=by, action="events.session.created", target=session, data={"kind": session.kind})
    return session


def session_capacity_set(
    *, by: User | None, session: EventSession, capacity: int, site_url: str | None = None
) -> list[Registration]:
    """Change a session's capacity. Never below the confirmed places; a raise promotes the waiting list
    in order (each promoted person is e-mailed their ticket). Returns the promoted registrations."""
    with transaction.atomic():
        locked = EventSession.objects.select_for_update().select_related("event").get(pk=session.pk)
        check_perm(by, "events.manage_event", locked.event, message=_managers_only())
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
            audit.record(by=None, action="events.registration.promoted", target=reg)
            transaction.on_commit(
                lambda pk=reg.pk: notify_registration(pk, promoted=True, site_url=site_url)  # type: ignore[misc]
            )
        audit.record(
            by=by,
            action="events.session.capacity_changed",
            target=locked,
            data={"capacity": [old, capacity], "promoted": len(promoted)},
        )
    session.refresh_from_db()
    return promoted
