"""Demo data: each app that has demo data offers `sinergi.<app>.demo.seed(stdout) -> None`.

`sinergi seed_demo` calls them in dependency order. Every seed is idempotent (safe to run on each
`make run`) and marks its records as demo so pages can label them.
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


def seeders() -> list[tuple[str, Callable[..., Any]]]:
    found = []
    for app in DEMO_APPS:
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name not in {f"{app}.demo", app}:
                raise
            continue
        found.append((app, module.seed))
    return found
