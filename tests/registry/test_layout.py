"""The registry's read side keeps the layout issue #12 gave it: pages and API read through selectors,
and no module grows back into a file of several aggregates."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "sinergi"
PAGES_AND_API = [*sorted((SRC / "registry" / "views").glob("*.py")), SRC / "api" / "v1" / "registry.py"]
READ_SIDE = [
    *sorted((SRC / "registry" / "selectors").glob("*.py")),
    *sorted((SRC / "registry" / "forms").glob("*.py")),
    SRC / "registry" / "filters.py",
    SRC / "api" / "v1" / "registry.py",
    SRC / "api" / "v1" / "schemas.py",
]


@pytest.mark.parametrize("path", PAGES_AND_API, ids=lambda p: p.name)
def test_pages_and_api_read_through_selectors_not_model_managers(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [
        f"{path.name}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]
    assert found == [], "read through registry.selectors instead of Model.objects"


@pytest.mark.parametrize("path", READ_SIDE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_read_side_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 600, f"{path.name} has {lines} lines: split it by aggregate (a package whose __init__ re-exports)"


def test_selectors_and_forms_are_packages_by_aggregate() -> None:
    selectors = {p.stem for p in (SRC / "registry" / "selectors").glob("*.py")}
    forms = {p.stem for p in (SRC / "registry" / "forms").glob("*.py")}
    assert {"actors", "directory", "communities", "hubs", "products", "summary", "queues"} <= selectors
    assert {"actors", "communities", "hubs", "products", "staff"} <= forms
