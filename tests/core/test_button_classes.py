"""A styled button says so: `secondary`, `small` or `danger` alone leaves a bare word below touch size."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "sinergi"
BUTTON = re.compile(r"<button\b[^>]*\bclass=\"([^\"]*)\"", re.S)
MODIFIERS = {"secondary", "small", "danger"}


def test_every_button_with_a_modifier_is_a_button() -> None:
    bare = [
        f"{path.relative_to(TEMPLATES)}: {classes}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for classes in BUTTON.findall(path.read_text(encoding="utf-8"))
        if MODIFIERS & set(classes.split()) and "button" not in classes.split()
    ]
    assert bare == []
