"""`sinergi seed_demo`: clearly labelled Depok demo data, idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sinergi.core.demo import seeders


class Command(BaseCommand):
    help = "Isi data demo Depok (berlabel demo). Aman diulang: yang sudah ada tidak diduplikasi."

    def handle(self, *args: Any, **options: Any) -> None:
        for app, seed in seeders():
            self.stdout.write(f"demo: {app} …")
            seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Data demo siap."))
