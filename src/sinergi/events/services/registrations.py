"""Registrations and the waiting list: a place in a session (or in its queue), cancelling (which promotes the
first waiting), and the reminder the day before."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core import audit
from sinergi.core.errors import Conflict, NotAllowed, ServiceError
from sinergi.core.writes import validate
from sinergi.notifications.services import emit

from ..models import EventSession, Registration, RegistrationStatus, RegistrationWindow
from .tickets import notify_registration


def registration_create(
    *, session: EventSession, name: str, email: str, user: User | None = None, site_url: str | None = None
) -> Registration:
    """A place in the session, or in its waiting list when full. One active registration per e-mail.

    `user` is the signed-in person registering (None for a visitor). The e-mail carries the ticket's QR code
    and, given the site's address (`site_url`, from the request), a link to the ticket page.
    """
    email = email.strip().lower()
    with transaction.atomic():
        locked = EventSession.objects.select_for_update().select_related("event").get(pk=session.pk)
        if not locked.event.is_public:
            raise NotAllowed(_("Acara ini belum dibuka untuk pendaftaran."))
        if locked.ends_at <= timezone.now():
            raise ServiceError(_("Sesi ini sudah selesai."))
        state = locked.event.registration_state()
        if state == RegistrationWindow.NOT_YET:
            opens = timezone.localtime(locked.event.registration_opens_at).strftime("%d-%m-%Y %H:%M")
            when = f"{opens} {settings.SINERGI_TIME_ZONE_LABEL}"
            raise NotAllowed(_("Pendaftaran dibuka mulai %(t)s.") % {"t": when})
        if state == RegistrationWindow.CLOSED:
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
        registration = Registration(session=locked, name=name.strip(), email=email, user=user, status=status)
        validate(registration, exclude=["code"])
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as exc:
            raise Conflict(_("E-mail ini sudah terdaftar di sesi ini.")) from exc
        audit.record(by=user, action="events.registration.created", target=registration, data={"status": status})
        transaction.on_commit(lambda: notify_registration(registration.pk, site_url=site_url))
        if status == RegistrationStatus.CONFIRMED:
            emit("events.registration.confirmed", registration=registration.pk)
    return registration


def registration_cancel(
    *, by: User | None, registration: Registration, site_url: str | None = None
) -> Registration | None:
    """Cancel; if a confirmed place frees, the first in the waiting list is promoted in the same transaction.

    The ticket's unguessable code is what entitles: whoever holds it (`by` may be a visitor, None) may cancel.
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
        audit.record(by=by, action="events.registration.cancelled", target=current)
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
                audit.record(by=None, action="events.registration.promoted", target=promoted)
                promoted_pk = promoted.pk
                transaction.on_commit(lambda: notify_registration(promoted_pk, promoted=True, site_url=site_url))
    registration.refresh_from_db()
    return promoted
