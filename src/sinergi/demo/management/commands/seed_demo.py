"""`sinergi seed_demo`: clearly labelled demo data for the configured region (Kota Depok, Kalimantan
Timur), idempotent. The seeds of each region and their order are listed in `sinergi.demo.regions`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sinergi.core.demogate import refuse_unless_demo_allowed
from sinergi.demo.regions import regions, seeders


class Command(BaseCommand):
    help = (
        "Isi data demo (berlabel demo) untuk wilayah SINERGI_REGION_CODE. Aman diulang: yang sudah ada "
        "tidak diduplikasi."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_unless_demo_allowed()
        found = seeders(settings.SINERGI_REGION_CODE)
        if not found:
            # Each demo sits in the areas of the region it was written for: elsewhere it would either
            # fail half-way or plant another region into this installation.
            raise CommandError(
                _(
                    "Belum ada data demo untuk SINERGI_REGION_CODE=%(code)s (%(name)s); data demo tersedia untuk "
                    "%(regions)s. Tidak ada yang diubah."
                )
                % {
                    "code": settings.SINERGI_REGION_CODE,
                    "name": settings.SINERGI_REGION_NAME,
                    "regions": ", ".join(regions()),
                }
            )
        for area, seed in found:
            self.stdout.write(f"demo: {area} …")
            seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Data demo siap."))
