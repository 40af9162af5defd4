"""Which seeds make each region's demo, in the order they run (each needs those before it).

A region is a Kemendagri code (`SINERGI_REGION_CODE`): Kota Depok (`32.76`, the first demo) and
Kalimantan Timur (`64`, a province with its kab/kota: `make run REGION=64`). A region not listed has no
demo, and `seed_demo` refuses it without changing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sinergi.demo.seed import accounts, collaboration, events, programs, registry, statistics
from sinergi.demo.seed.kaltim import accounts as kaltim_accounts
from sinergi.demo.seed.kaltim import events as kaltim_events
from sinergi.demo.seed.kaltim import registry as kaltim_registry
from sinergi.demo.seed.kaltim import statistics as kaltim_statistics

#: A seed takes where to report (a management command's stdout) and writes idempotently.
Seed = Callable[[Any], None]

SEEDERS: dict[str, tuple[tuple[str, Seed], ...]] = {
    "32.76": (
        ("accounts", accounts.seed),
        ("registry", registry.seed),
        ("collaboration", collaboration.seed),
        ("programs", programs.seed),
        ("events", events.seed),
        ("statistics", statistics.seed),
    ),
    "64": (
        ("accounts", kaltim_accounts.seed),
        ("registry", kaltim_registry.seed),
        ("events", kaltim_events.seed),
        ("statistics", kaltim_statistics.seed),
    ),
}


def regions() -> list[str]:
    """Every region that has a demo."""
    return list(SEEDERS)


def seeders(region: str | None = None) -> tuple[tuple[str, Seed], ...]:
    """The seeds of `region`'s demo in order (the configured `SINERGI_REGION_CODE` when None); none for a
    region without a demo."""
    if region is None:
        from django.conf import settings

        region = settings.SINERGI_REGION_CODE
    return SEEDERS.get(region, ())
