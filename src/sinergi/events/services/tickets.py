"""Tickets by e-mail: the QR code, the confirmation or waiting-list message, and "send my tickets again"."""

from __future__ import annotations

import io

import segno
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core import audit
from sinergi.notifications.types import when as local_time

from ..models import Registration, RegistrationStatus


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
            "when": local_time(session.starts_at),
            "place": session.place,
        },
        _("Kode tiket: %(code)s (status: %(status)s)") % {"code": reg.display_code, "status": reg.get_status_display()},
    ]
    if site_url:
        lines.append(_("Tiket: %(url)s") % {"url": site_url.rstrip("/") + reverse("events:ticket", args=[reg.code])})
    return "\n".join(lines)


def _ticket_attachment(reg: Registration) -> tuple[str, bytes, str]:
    return (f"tiket-{reg.display_code}.png", ticket_qr_png(reg), "image/png")


def notify_registration(pk: int, *, promoted: bool = False, site_url: str | None = None) -> None:
    """E-mail the person their ticket (a confirmed place) or their place in the waiting list."""
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
        audit.record(by=None, action="events.tickets.resent", target=None, data={"tickets": len(tickets)})
    return len(tickets)
