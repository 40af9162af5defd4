"""How the events and programs code is laid out (issue 12): modules by aggregate, reads through selectors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "sinergi"
APPS = ("events", "programs")


def _modules(app: str) -> list[Path]:
    return [
        p
        for p in (SRC / app).rglob("*.py")
        if "migrations" not in p.parts and not p.name.startswith("demo")  # demo data moves to its own app
    ]


@pytest.mark.parametrize("app", APPS)
def test_no_module_is_over_600_lines(app: str) -> None:
    long = {str(p.relative_to(SRC)): n for p in _modules(app) if (n := len(p.read_text().splitlines())) > 600}
    assert long == {}


@pytest.mark.parametrize("app", APPS)
def test_pages_and_api_read_through_selectors(app: str) -> None:
    """No `Model.objects` in views or the API: the app's selectors do the reads (with their joins)."""
    views = SRC / app / "views"
    pages = sorted(views.rglob("*.py")) if views.is_dir() else [SRC / app / "views.py"]
    direct = {
        str(p.relative_to(SRC)): hits
        for p in [*pages, SRC / "api" / "v1" / f"{app}.py"]
        if (hits := re.findall(r"\b[A-Z]\w*\.objects\b", p.read_text()))
    }
    assert direct == {}


@pytest.mark.parametrize("app", APPS)
def test_services_check_permissions_only_through_core_access(app: str) -> None:
    """One permission check for services (`core.access.check_perm`): no local copy of it, no hand-written
    `has_perm` → `NotAllowed` in a service."""
    services = SRC / app / "services"
    modules = sorted(services.rglob("*.py")) if services.is_dir() else [SRC / app / "services.py"]
    own = {str(p.relative_to(SRC)): hits for p in modules if (hits := re.findall(r"\.has_perm\(", p.read_text()))}
    assert own == {}


@pytest.mark.parametrize("app", APPS)
def test_pages_and_api_choose_404_or_403_through_core_access(app: str) -> None:
    """A page or endpoint fetching an object with a permission uses `core.access.get_permitted` (the API:
    `api.access.fetch`), never a hand-written `has_perm(…, obj)` followed by 404/403."""
    views = SRC / app / "views"
    pages = sorted(views.rglob("*.py")) if views.is_dir() else [SRC / app / "views.py"]
    by_hand = re.compile(r"has_perm\([^()]+,[^\n]*:\s*\n\s*raise (?:Http404|PermissionDenied|NotFound)")
    manual = {
        str(p.relative_to(SRC)): hits
        for p in [*pages, SRC / "api" / "v1" / f"{app}.py"]
        if (hits := by_hand.findall(p.read_text()))
    }
    assert manual == {}
