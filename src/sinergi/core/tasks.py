"""Background work of the core: delivering e-mail (queued by `core.mail.TaskEmailBackend`)."""

from __future__ import annotations

from typing import Any

from django.core.mail import get_connection
from django_tasks import task


@task()
def deliver_email(message: dict[str, Any]) -> int:
    """Send one queued message through the delivery backend (SMTP with EMAIL_TIMEOUT in production).
    An SMTP error fails the task, with its traceback on the task result: nothing is swallowed."""
    from .mail import delivery_backend, deserialise

    connection = get_connection(delivery_backend(), fail_silently=False)
    return connection.send_messages([deserialise(message)])
