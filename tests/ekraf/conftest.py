from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest


@pytest.fixture
def examples() -> Path:
    return Path(str(resources.files("ekraf") / "data" / "examples"))


def write(path: Path, text: str) -> Path:
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return path
