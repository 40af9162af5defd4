"""`sinergi retry_notifications`: send the deliveries whose retry is due (the worker schedules them
itself; run this from cron as a safety net, e.g. every ten minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sinergi.notifications.services import retry_due


class Command(BaseCommand):
    help = "Kirim ulang pemberitahuan yang gagal dan sudah waktunya dicoba lagi."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Terkirim: {retry_due()}")
