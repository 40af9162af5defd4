"""E-mail is never sent inside a web request: every message goes through the task worker.

`EMAIL_BACKEND` is `TaskEmailBackend` in every environment but the tests: whatever sends mail (Django's
password reset, sign-up verification, event tickets, notifications, digests, …) hands its messages to
it, and it queues one `core.tasks.deliver_email` task per message. The worker then delivers through
`SINERGI_EMAIL_DELIVERY_BACKEND` (SMTP in production; `SINERGI_EMAIL_BACKEND` in the environment),
with `EMAIL_TIMEOUT` seconds for the SMTP connection (`SINERGI_EMAIL_TIMEOUT`, default 20). A hung
relay now holds up one worker task, never a visitor's request; a failure is recorded on the task
(`django_tasks_db` results, with the traceback), not swallowed.

Sent inside a database transaction, the message is queued in it: if the transaction rolls back, no
mail goes out (the database task backend writes the task in the same transaction).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend

TASK_BACKEND = "sinergi.core.mail.TaskEmailBackend"


def serialise(message: EmailMessage) -> dict[str, Any]:
    """A message as JSON-safe data for a task argument (attachments base64)."""
    attachments = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):
            raise TypeError("MIME attachments cannot be queued; attach (filename, content, mimetype)")
        filename, content, mimetype = attachment
        raw = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        attachments.append([filename, base64.b64encode(raw).decode("ascii"), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [[str(c), m] for c, m in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def deserialise(data: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data["content_subtype"]
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


class TaskEmailBackend(BaseEmailBackend):
    """Queues each message for the worker (`core.tasks.deliver_email`); sends nothing itself."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from .tasks import deliver_email

        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            deliver_email.enqueue(serialise(message))
            queued += 1
        return queued


def delivery_backend() -> str:
    from django.conf import settings

    backend: str = settings.SINERGI_EMAIL_DELIVERY_BACKEND
    if backend == TASK_BACKEND:
        raise ImproperlyConfigured("SINERGI_EMAIL_DELIVERY_BACKEND must send mail, not queue it again")
    return backend
