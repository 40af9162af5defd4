"""`sinergi seed_demo`: clearly labelled demo data for the configured region (Kota Depok, Kalimantan
Timur), idempotent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sinergi.core.demo import regions, seeders


class Command(BaseCommand):
    help = (
        "Isi data demo (berlabel demo) untuk wilayah SINERGI_REGION_CODE. Aman diulang: yang sudah ada "
        "tidak diduplikasi."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.SINERGI_PRODUCTION and not settings.SINERGI_DEMO:
            # The demo accounts' password is published in the README: never on a real installation.
            raise CommandError(
                _(
                    "seed_demo menolak berjalan dengan pengaturan produksi: data demo membuat akun admin dengan "
                    "kata sandi yang diumumkan. Hanya untuk situs demo, nyalakan SINERGI_DEMO=1."
                )
            )
        found = seeders(settings.SINERGI_REGION_CODE)
        if not found:
            # Each app's demo sits in the areas of the regions it was written for: elsewhere it would
            # either fail half-way or plant another region into this installation.
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
        for app, seed in found:
            self.stdout.write(f"demo: {app} …")
            seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Data demo siap."))
