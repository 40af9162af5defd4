"""`sinergi reap_work`: fail the work whose worker died (the supervised worker does this by itself;
this is for a timer when no worker runs, and for operators)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sinergi.core import leases


class Command(BaseCommand):
    help = "Mark failed (retryable) the running work whose worker stopped beating (core.leases)."

    def handle(self, *args: Any, **options: Any) -> None:
        failed = leases.reap()
        total = sum(failed.values())
        details = ", ".join(f"{name}: {count}" for name, count in sorted(failed.items())) or "-"
        self.stdout.write(f"work failed because its worker stopped: {total} ({details})")
