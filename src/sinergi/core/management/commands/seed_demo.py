"""`sinergi seed_demo` where the demo app is not installed (a real installation): it only refuses.

Where demo data belongs, `sinergi.demo` is installed ahead of core (`settings.base.with_demo`), and its
own `seed_demo` replaces this one, as core's `db_worker` replaces django-tasks-db's.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sinergi.core.demogate import refuse_unless_demo_allowed


class Command(BaseCommand):
    help = "Data demo hanya tersedia bila aplikasi demo terpasang; di sini perintah ini menolak."

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_unless_demo_allowed()
        raise CommandError(
            _(
                "Data demo tidak tersedia dengan pengaturan ini: aplikasi demo (sinergi.demo) hanya terpasang "
                "pada pengaturan lokal dan tes, atau situs demo dengan SINERGI_DEMO=1. Tidak ada yang diubah."
            )
        )
