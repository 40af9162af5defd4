"""`sinergi seed_demo`: clearly labelled Depok demo data, idempotent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sinergi.core.demo import seeders

DEMO_REGION = "32.76"


class Command(BaseCommand):
    help = "Isi data demo Depok (berlabel demo). Aman diulang: yang sudah ada tidak diduplikasi."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.SINERGI_REGION_CODE != DEMO_REGION:
            # Its actors, initiatives and figures sit in Depok's kelurahan: in another region they would
            # either fail half-way or plant Depok into that installation.
            raise CommandError(
                f"Data demo ini untuk Kota Depok ({DEMO_REGION}), sedangkan SINERGI_REGION_CODE="
                f"{settings.SINERGI_REGION_CODE} ({settings.SINERGI_REGION_NAME}). Jalankan demo dengan "
                f"SINERGI_REGION_CODE={DEMO_REGION}; tidak ada yang diubah."
            )
        for app, seed in seeders():
            self.stdout.write(f"demo: {app} …")
            seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Data demo siap."))
