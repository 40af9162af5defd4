"""The events' notices and who hears them (the notification layer, notifications/types.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.models import Membership
from sinergi.accounts.predicates import organised_by
from sinergi.accounts.selectors import office_staff_ids
from sinergi.notifications.channels import site_url
from sinergi.notifications.types import (
    EventType,
    Message,
    Payload,
    Reminder,
    Workflow,
    register,
    register_reminder,
    register_workflow,
)
from sinergi.notifications.types import when as local_time
from sinergi.registry.models import CommunityMember, MembershipStatus

from .models import ApplicationStatus, BoothApplication, Event, Registration, RegistrationStatus


def _application(payload: Payload) -> BoothApplication:
    return BoothApplication.objects.select_related("event", "community", "actor").get(pk=payload["application"])


def _applicant(payload: Payload) -> list[int]:
    applicant = _application(payload).applicant_id
    return [applicant] if applicant else []


def _applicant_and_organiser(payload: Payload) -> list[int]:
    app = _application(payload)
    staff = office_staff_ids(organisation_id=app.event.organiser_id) if app.event.organiser_id else []
    return [*_applicant(payload), *staff]


def _application_event(payload: Payload) -> Event:
    return _application(payload).event


def _registration_event(payload: Payload) -> Event:
    return Event.objects.get(sessions__registrations=payload["registration"])


def _event(payload: Payload) -> Event:
    return Event.objects.get(pk=payload["event"])


def _received(payload: Payload) -> Message:
    app = _application(payload)
    return Message(
        _("Pengajuan stan %(seller)s di %(event)s diterima untuk dinilai")
        % {"seller": app.seller_name, "event": app.event.title},
        url=reverse("events:booth", args=[app.pk]),
        params=(app.seller_name, app.event.title),
    )


def _decided(payload: Payload) -> Message:
    app = _application(payload)
    names = {"seller": app.seller_name, "event": app.event.title}
    if app.status == ApplicationStatus.ACCEPTED:
        title = _("Pengajuan stan %(seller)s di %(event)s disetujui") % names
        body = _("Nomor stan diumumkan setelah penempatan.")
    else:
        title = _("Pengajuan stan %(seller)s di %(event)s belum dapat diterima") % names
        body = app.notes
    return Message(title, body=body, url=reverse("events:booth", args=[app.pk]), params=(app.seller_name,))


def _placed(payload: Payload) -> Message:
    app = BoothApplication.objects.select_related("event", "allocation__booth").get(pk=payload["application"])
    booth = app.allocation.booth.code
    return Message(
        _("Stan Anda di %(event)s: nomor %(booth)s") % {"event": app.event.title, "booth": booth},
        body=_("Denah: %(url)s") % {"url": site_url(reverse("events:floor_plan", args=[app.event.slug]))},
        url=reverse("events:booth", args=[app.pk]),
        params=(app.event.title, booth),
    )


def _community_members(payload: Payload) -> set[int]:
    """People who belong to the event's communities: their leaders, accepted person members and the
    owners of member businesses."""
    rows = CommunityMember.objects.filter(
        community__events=payload["event"], status=MembershipStatus.ACCEPTED
    ).values_list("user_id", "actor__owner_id")
    leaders = Membership.objects.filter(organisation__community__events=payload["event"]).values_list(
        "user_id", flat=True
    )
    return {uid for pair in rows for uid in pair if uid} | set(leaders)


def _published(payload: Payload) -> Message:
    event = Event.objects.get(pk=payload["event"])
    when = event.start_date.strftime("%d-%m-%Y")
    return Message(
        _("Komunitas Anda ikut dalam %(event)s") % {"event": event.title},
        body=_("%(date)s di %(venue)s.") % {"date": when, "venue": event.venue},
        url=reverse("events:detail", args=[event.slug]),
        params=(event.title, when, event.venue),
    )


def _registrant(payload: Payload) -> list[int]:
    user = Registration.objects.values_list("user_id", flat=True).get(pk=payload["registration"])
    return [user] if user else []


def _ticket(payload: Payload, heading: str) -> Message:
    reg = Registration.objects.select_related("session__event").get(pk=payload["registration"])
    session = reg.session
    when = local_time(session.starts_at)
    return Message(
        heading % {"session": session.title},
        body=_("%(event)s, %(when)s, %(place)s. Kode tiket: %(code)s")
        % {"event": session.event.title, "when": when, "place": session.place, "code": reg.display_code},
        url=reverse("events:ticket", args=[reg.code]),
        params=(session.title, when, reg.display_code),
        image_url=reverse("events:ticket_qr", args=[reg.code]),
    )


def _sessions_tomorrow(day: date) -> list[tuple[str, dict[str, Any]]]:
    """A reminder per confirmed place, for registrants signed in, in the sessions starting on `day`."""
    registrations = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED, session__starts_at__date=day, user__isnull=False
    ).values_list("pk", flat=True)
    return [(f"session-reminder-{pk}", {"registration": pk}) for pk in registrations]


def _confirmed(payload: Payload) -> Message:
    return _ticket(payload, _("Tiket Anda: %(session)s"))


def _reminder(payload: Payload) -> Message:
    return _ticket(payload, _("Besok: %(session)s"))


register(
    EventType(
        "events.registration.confirmed",
        gettext_lazy("Tiket pendaftaran sesi"),
        gettext_lazy("Pendaftar yang masuk dengan akun"),
        _registrant,
        _confirmed,
        whatsapp_templates={"id": "sinergi_tiket", "en": "sinergi_ticket"},
        channels=frozenset({"whatsapp"}),  # the ticket e-mail (QR attached) is sent by registration_create
        subject=_registration_event,
    ),
    EventType(
        "events.session.reminder",
        gettext_lazy("Pengingat sehari sebelum sesi"),
        gettext_lazy("Pendaftar yang masuk dengan akun"),
        _registrant,
        _reminder,
        whatsapp_templates={"id": "sinergi_pengingat_sesi", "en": "sinergi_session_reminder"},
        subject=_registration_event,
    ),
    EventType(
        "events.event.published",
        gettext_lazy("Acara komunitas Anda diumumkan"),
        gettext_lazy("Anggota komunitas yang terlibat"),
        _community_members,
        _published,
        whatsapp_templates={"id": "sinergi_acara_komunitas", "en": "sinergi_community_event"},
        subject=_event,
    ),
    EventType(
        "events.booth_application.received",
        gettext_lazy("Pengajuan stan masuk"),
        gettext_lazy("Pengaju stan dan petugas penyelenggara"),
        _applicant_and_organiser,
        _received,
        subject=_application_event,
    ),
    EventType(
        "events.booth_application.decided",
        gettext_lazy("Keputusan atas pengajuan stan"),
        gettext_lazy("Pengaju stan"),
        _applicant,
        _decided,
        subject=_application_event,
    ),
    EventType(
        "events.booth_application.placed",
        gettext_lazy("Nomor stan dan denah"),
        gettext_lazy("Pengaju stan"),
        _applicant,
        _placed,
        subject=_application_event,
    ),
)


register_workflow(
    Workflow(
        Event,
        gettext_lazy("Acara"),
        "events.view_deliveries",
        visible=lambda user: organised_by(Event.objects.all(), user),
        url=lambda event: reverse("events:manage", args=[event.slug]),
    )
)

register_reminder(Reminder("events.session.reminder", _sessions_tomorrow))
