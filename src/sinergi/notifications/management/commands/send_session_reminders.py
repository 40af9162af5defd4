"""`sinergi send_session_reminders`: remind people of what they have a place in tomorrow — event
sessions, program sessions, whatever an app registers as a `types.Reminder` (run once a day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sinergi.notifications.services import reminders_emit


class Command(BaseCommand):
    help = "Kirim pengingat kepada peserta sesi acara dan program yang berlangsung besok (jalankan sekali sehari)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Pengingat dijadwalkan: {reminders_emit()}")
