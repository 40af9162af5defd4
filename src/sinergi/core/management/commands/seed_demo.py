"""`sinergi seed_demo`: clearly labelled Depok demo data, idempotent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sinergi.core.demo import seeders

DEMO_REGION = "32.76"


class Command(BaseCommand):
    help = "Isi data demo Depok (berlabel demo). Aman diulang: yang sudah ada tidak diduplikasi."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.SINERGI_PRODUCTION and not settings.SINERGI_DEMO:
            # The demo accounts' password is published in the README: never on a real installation.
            raise CommandError(
                _(
                    "seed_demo menolak berjalan dengan pengaturan produksi: data demo membuat akun admin dengan "
                    "kata sandi yang diumumkan. Hanya untuk situs demo, nyalakan SINERGI_DEMO=1."
                )
            )
        if settings.SINERGI_REGION_CODE != DEMO_REGION:
            # Its actors, initiatives and figures sit in Depok's kelurahan: in another region they would
            # either fail half-way or plant Depok into that installation.
            raise CommandError(
                _(
                    "Data demo ini untuk Kota Depok (%(demo)s), sedangkan SINERGI_REGION_CODE=%(code)s (%(name)s). "
                    "Jalankan demo dengan SINERGI_REGION_CODE=%(demo)s; tidak ada yang diubah."
                )
                % {"demo": DEMO_REGION, "code": settings.SINERGI_REGION_CODE, "name": settings.SINERGI_REGION_NAME}
            )
        for app, seed in seeders():
            self.stdout.write(f"demo: {app} …")
            seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Data demo siap."))
