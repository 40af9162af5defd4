"""How the demo app's code is laid out (issue 12): no module over 600 lines, the Depok registry seed a
package by purpose whose `__init__` keeps its public names, one reading of the KBLI mapping for every
region's registry seed."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "src" / "sinergi" / "demo"


def test_no_module_of_the_demo_app_is_over_600_lines() -> None:
    long = {
        str(p.relative_to(DEMO)): n
        for p in DEMO.rglob("*.py")
        if "migrations" not in p.parts and (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert long == {}


def test_the_depok_registry_seed_is_a_package_by_purpose() -> None:
    package = DEMO / "seed" / "registry"
    assert {p.stem for p in package.glob("*.py")} == {
        "__init__",
        "plan",
        "values",
        "actors",
        "communities",
        "hubs",
        "photos",
    }


# The public names of the Depok registry seed before it became a package: each is still importable
# from `sinergi.demo.seed.registry`, and is the same object as where it now lives.
PUBLIC = {
    "seed": "sinergi.demo.seed.registry",
    "demo_photo": "sinergi.demo.seed.registry.photos",
    "PHOTO_SIZE": "sinergi.demo.seed.registry.photos",
    "PHOTOS_FROM_ACTORS": "sinergi.demo.seed.registry.photos",
    "PHOTO_LABEL": "sinergi.demo.seed.registry.photos",
    "PHOTO_NOTE": "sinergi.demo.seed.registry.photos",
    **dict.fromkeys(
        [
            "SEED",
            "NIB_PREFIX",
            "REGION",
            "YEARS",
            "ENTITIES_CSV",
            "DEMO_LABEL",
            "DATA",
            "Template",
            "Line",
            "Hub",
            "PLAN",
            "WORDS",
            "PEOPLE",
            "STREETS",
            "FIRST_NAMES",
            "LAST_NAMES",
            "FLAGSHIP_REASONS",
            "REAL_COMMUNITY_FOCUS",
            "FICTIONAL_COMMUNITIES",
            "LED_COMMUNITY",
            "ACTIVITIES",
            "HUBS",
            "FEMALE_SHARE",
            "VERIFY_NOTE",
            "REJECT_REASON",
        ],
        "sinergi.demo.seed.registry.plan",
    ),
}


@pytest.mark.parametrize(("name", "home"), PUBLIC.items())
def test_the_registry_seed_keeps_its_public_names(name: str, home: str) -> None:
    registry = importlib.import_module("sinergi.demo.seed.registry")
    assert name in registry.__all__
    assert getattr(registry, name) is getattr(importlib.import_module(home), name)


def test_every_region_reads_the_kbli_mapping_through_one_helper() -> None:
    """Which KBLI codes a subsector has, and whether the registry is seeded already, is read in
    `seed/kbli.py` for Depok and Kalimantan Timur alike, not once per region."""
    readers = sorted(
        str(p.relative_to(DEMO))
        for p in DEMO.rglob("*.py")
        if re.search(r"\bKbliMappingEntry\b|\bactive_mapping\(", p.read_text(encoding="utf-8"))
    )
    assert readers == ["seed/kbli.py"]


# The writes that go around the services (issue 12 §5): only `sinergi.demo.direct` may make them.
AROUND_SERVICES = re.compile(
    r"\bbulk_create\(|\.objects\.(create|get_or_create|update_or_create)\(|\)\.update\(|\)\.delete\(|"
    r"\bmake_password\(|\bcreate_user\(|\bcreate_superuser\(|\.full_clean\(|\bset_password\(|"
    r"\w\.save\(\)|save\(update_fields="
)


def test_only_the_direct_module_writes_around_the_services() -> None:
    found = {
        f"{p.relative_to(DEMO)}:{number}": line.strip()
        for p in DEMO.rglob("*.py")
        if p.name != "direct.py"
        for number, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if AROUND_SERVICES.search(line)
    }
    assert found == {}
