"""`sinergi send_digest`: the daily e-mail digest of notifications (run it once a day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sinergi.notifications.services import send_digests


class Command(BaseCommand):
    help = "Kirim ringkasan harian pemberitahuan kepada yang memilih ringkasan harian."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digests()
        self.stdout.write(f"Ringkasan terkirim: {sent}")
