"""Demo data: each app that has demo data offers `sinergi.<app>.demo.seed(stdout) -> None`.

`sinergi seed_demo` calls them in dependency order. Every seed is idempotent (safe to run on each
`make run`) and marks its records as demo so pages can label them.

A demo is written for particular regions: an app's demo module names them in `REGIONS` (Kemendagri
codes, e.g. `("32.76", "64")`) and its `seed` decides what to write for the configured
`SINERGI_REGION_CODE`. A module that does not name its regions is the Depok demo (`DEFAULT_REGIONS`).
`seed_demo` runs only the apps whose demo covers the configured region, and refuses a region no app covers.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

DEMO_APPS = (
    "sinergi.accounts",
    "sinergi.registry",
    "sinergi.collaboration",
    "sinergi.programs",
    "sinergi.events",
    "sinergi.statistics",
)
#: The regions of a demo module that does not say (the first demo, written for Kota Depok).
DEFAULT_REGIONS = ("32.76",)


def _modules() -> list[tuple[str, Any]]:
    found = []
    for app in DEMO_APPS:
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name not in {f"{app}.demo", app}:
                raise
            continue
        found.append((app, module))
    return found


def regions() -> list[str]:
    """Every region some app has demo data for (the accounts demo's regions first)."""
    seen: dict[str, None] = {}
    for _app, module in _modules():
        for code in getattr(module, "REGIONS", DEFAULT_REGIONS):
            seen.setdefault(code, None)
    return list(seen)


def seeders(region: str | None = None) -> list[tuple[str, Callable[..., Any]]]:
    """The seed functions, in dependency order, of the apps whose demo covers `region` (the configured
    `SINERGI_REGION_CODE` when None)."""
    if region is None:
        from django.conf import settings

        region = settings.SINERGI_REGION_CODE
    return [(app, module.seed) for app, module in _modules() if region in getattr(module, "REGIONS", DEFAULT_REGIONS)]
