"""The external channels: each turns deliveries into messages and says, per delivery, what went wrong.

A channel is a class with `name`, `reachable(users)` (the ids of those it can reach at all) and
`send(deliveries)` returning one outcome per delivery, in order: None (sent), an error text (retried
with backoff) or a `Permanent` error text (failed at once, e.g. the number was revoked). It must not
raise for one bad message: the others of the batch still go out. `settings.SINERGI_NOTIFICATION_CHANNELS`
lists the enabled classes by dotted path; an SMS gateway is one more class with the same members
(docs/operations/notifications.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, Protocol

import httpx
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from sinergi.core.mail import delivery_backend

from .models import Delivery, PhoneNumber


class Permanent(str):
    """An error that retrying cannot mend: the delivery fails at once."""


Outcome = str | None


class ChannelBackend(Protocol):
    name: str

    def reachable(self, users: Iterable[Any]) -> set[int]: ...

    def send(self, deliveries: Sequence[Delivery]) -> list[Outcome]: ...


def site_url(path: str) -> str:
    base = str(getattr(settings, "SINERGI_SITE_URL", "")).rstrip("/")
    return f"{base}{path}" if path else base


class EmailChannel:
    """E-mail, sent by the worker itself through the delivery backend (SMTP in production)."""

    name = "email"

    def reachable(self, users: Iterable[Any]) -> set[int]:
        return {u.pk for u in users if getattr(u, "email", "")}

    def send(self, deliveries: Sequence[Delivery]) -> list[Outcome]:
        connection = get_connection(delivery_backend(), fail_silently=False)
        outcomes: list[Outcome] = []
        with connection:
            for delivery in deliveries:
                n = delivery.notification
                message = EmailMessage(
                    subject=f"[Sinergi] {n.title}",
                    body=f"{n.body}\n\n{site_url(n.url) if n.url else ''}".strip(),
                    to=[n.user.email],
                    connection=connection,
                )
                try:
                    message.send()
                except Exception as exc:  # noqa: BLE001 -- recorded on the delivery and retried, never lost
                    outcomes.append(f"{type(exc).__name__}: {exc}"[:500])
                else:
                    outcomes.append(None)
        return outcomes


# ---------------------------------------------------------------- WhatsApp Business Cloud API

# Sinergi's languages → WhatsApp template language codes.
WHATSAPP_LANGUAGES = {"id": "id", "en": "en"}
# The authentication template that carries the one-time code (category AUTHENTICATION in Meta's manager).
CODE_TEMPLATE = "sinergi_kode_verifikasi"


def whatsapp_template_message(
    *, to: str, template: str, language: str, params: Sequence[str], image: str = ""
) -> dict[str, Any]:
    """The Graph API body of a business-initiated template message (POST /{phone-number-id}/messages)."""
    components: list[dict[str, Any]] = []
    if image:
        components.append({"type": "header", "parameters": [{"type": "image", "image": {"link": image}}]})
    if params:
        components.append({"type": "body", "parameters": [{"type": "text", "text": p[:1024]} for p in params]})
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to.removeprefix("+"),
        "type": "template",
        "template": {
            "name": template,
            "language": {"code": WHATSAPP_LANGUAGES.get(language, "id")},
            "components": components,
        },
    }


def whatsapp_post(body: dict[str, Any], client: httpx.Client | None = None) -> str:
    """Send one message; returns the provider's message id. Raises WhatsAppError with Graph's reason.
    A batch passes one `client`, so its messages share a kept-alive connection."""
    url = f"{settings.SINERGI_WHATSAPP_API_URL.rstrip('/')}/{settings.SINERGI_WHATSAPP_PHONE_NUMBER_ID}/messages"
    try:
        response = (client or httpx).post(
            url,
            json=body,
            headers={"Authorization": f"Bearer {settings.SINERGI_WHATSAPP_TOKEN}"},
            timeout=settings.SINERGI_WHATSAPP_TIMEOUT,
        )
    except httpx.HTTPError as exc:
        raise WhatsAppError(f"{type(exc).__name__}: {exc}", permanent=False) from exc
    if response.status_code >= 400:
        try:
            error = response.json().get("error", {})
            reason = f"{error.get('code', response.status_code)}: {error.get('message', '')}"
        except ValueError:
            reason = f"HTTP {response.status_code}"
        # 4xx other than rate limits are refusals of this message (bad number, template not approved).
        permanent = 400 <= response.status_code < 500 and response.status_code != 429
        raise WhatsAppError(reason, permanent=permanent)
    messages = response.json().get("messages") or [{}]
    return str(messages[0].get("id", ""))


class WhatsAppError(Exception):
    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.permanent = permanent


class WhatsAppChannel:
    """Template messages through the WhatsApp Business Cloud API, only to verified, opted-in numbers."""

    name = "whatsapp"

    def reachable(self, users: Iterable[Any]) -> set[int]:
        ids = [u.pk for u in users]
        return set(
            PhoneNumber.objects.filter(user_id__in=ids, verified_at__isnull=False).values_list("user_id", flat=True)
        )

    def send(self, deliveries: Sequence[Delivery]) -> list[Outcome]:
        numbers = dict(
            PhoneNumber.objects.filter(
                user_id__in=[d.notification.user_id for d in deliveries], verified_at__isnull=False
            ).values_list("user_id", "number")
        )
        outcomes: list[Outcome] = []
        with httpx.Client() as client:
            for delivery in deliveries:
                outcomes.append(self._send_one(delivery, numbers, client))
        return outcomes

    def _send_one(self, delivery: Delivery, numbers: dict[int, str], client: httpx.Client) -> Outcome:
        number = numbers.get(delivery.notification.user_id)
        if number is None:
            return Permanent(_("Nomor WhatsApp sudah dicabut atau belum diverifikasi."))
        p = delivery.payload
        body = whatsapp_template_message(
            to=number, template=p["template"], language=p["language"], params=p["params"], image=p.get("image", "")
        )
        try:
            delivery.external_id = whatsapp_post(body, client)
        except WhatsAppError as exc:
            text = str(exc)[:500]
            return Permanent(text) if exc.permanent else text
        return None


@cache
def _load(path: str) -> ChannelBackend:
    backend: ChannelBackend = import_string(path)()
    return backend


def enabled() -> dict[str, ChannelBackend]:
    backends = [_load(path) for path in settings.SINERGI_NOTIFICATION_CHANNELS]
    return {b.name: b for b in backends}
