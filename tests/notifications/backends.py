"""An SMTP relay that is down for a while: the worker's delivery backend in the failure tests."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import ClassVar

from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    """Refuses the next `failures` messages (as a relay that hung up), then delivers to mail.outbox."""

    failures: ClassVar[int] = 0

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return int(super().send_messages(messages))


def outbox_to(address: str) -> list[EmailMessage]:
    return [m for m in mail.outbox if address in m.to]
