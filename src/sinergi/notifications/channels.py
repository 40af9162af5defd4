"""The external channels: each turns deliveries into messages and says, per delivery, what went wrong.

A channel is a class with `name`, `reaches(user)` (can it reach this person at all) and
`send(deliveries)` returning one error text (or None) per delivery, in order. It must not raise for
one bad message: the others of the batch still go out, and the worker retries the failed ones.
`settings.SINERGI_NOTIFICATION_CHANNELS` lists the enabled classes by dotted path; an SMS gateway is
one more class with the same three members (docs/operations/notifications.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.module_loading import import_string

from sinergi.core.mail import delivery_backend

from .models import Delivery


class ChannelBackend(Protocol):
    name: str

    def reaches(self, user: Any) -> bool: ...

    def send(self, deliveries: Sequence[Delivery]) -> list[str | None]: ...


def site_url(path: str) -> str:
    base = str(getattr(settings, "SINERGI_SITE_URL", "")).rstrip("/")
    return f"{base}{path}" if path else base


class EmailChannel:
    """E-mail, sent by the worker itself through the delivery backend (SMTP in production)."""

    name = "email"

    def reaches(self, user: Any) -> bool:
        return bool(getattr(user, "email", ""))

    def send(self, deliveries: Sequence[Delivery]) -> list[str | None]:
        connection = get_connection(delivery_backend(), fail_silently=False)
        errors: list[str | None] = []
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
                    errors.append(f"{type(exc).__name__}: {exc}"[:500])
                else:
                    errors.append(None)
        return errors


@cache
def _load(path: str) -> ChannelBackend:
    backend: ChannelBackend = import_string(path)()
    return backend


def enabled() -> dict[str, ChannelBackend]:
    backends = [_load(path) for path in settings.SINERGI_NOTIFICATION_CHANNELS]
    return {b.name: b for b in backends}
