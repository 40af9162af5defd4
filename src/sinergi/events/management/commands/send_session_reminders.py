"""`sinergi send_session_reminders`: remind those registered for tomorrow's sessions (run once a day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sinergi.events.services import session_reminders_emit


class Command(BaseCommand):
    help = "Kirim pengingat kepada pendaftar sesi yang berlangsung besok (jalankan sekali sehari)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Pengingat dijadwalkan: {session_reminders_emit()}")
