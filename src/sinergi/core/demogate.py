"""The one rule for seeding demo data: its accounts share a published password, so under the production
settings it runs only on a demo site (`SINERGI_DEMO` on). `sinergi.demo`'s `seed_demo` checks it, and so
does core's stand-in `seed_demo` where the demo app is not installed (a real installation)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def refuse_unless_demo_allowed() -> None:
    """Raise CommandError, before anything is touched, where demo data must not be seeded."""
    if settings.SINERGI_PRODUCTION and not settings.SINERGI_DEMO:
        # The demo accounts' password is published in the README: never on a real installation.
        raise CommandError(
            _(
                "seed_demo menolak berjalan dengan pengaturan produksi: data demo membuat akun admin dengan "
                "kata sandi yang diumumkan. Hanya untuk situs demo, nyalakan SINERGI_DEMO=1."
            )
        )
