"""The demo's data as CSV files, one folder per region (`depok/`, `kaltim/`), packaged with the wheel (the
package data of `pyproject.toml`): names, descriptions, addresses and lists the seeds in
`sinergi.demo.seed` read. Each file's columns are fixed; a file that does not match stops the seed with
the file, line and what is wrong, before anything is written."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

DATA_DIR = Path(__file__).resolve().parent
T = TypeVar("T")


class DemoDataError(ValueError):
    """A demo data file that is missing, has other columns or a value the seed cannot use."""


def rows(folder: str, name: str, columns: Sequence[str]) -> list[dict[str, str]]:
    """The rows of `<folder>/<name>.csv`, whose header must be exactly `columns`."""
    path = DATA_DIR / folder / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != list(columns):
            raise DemoDataError(f"{path}: kolom {reader.fieldnames}, seharusnya {list(columns)}")
        found = list(reader)
    for line, row in enumerate(found, start=2):
        if None in row or None in row.values():
            raise DemoDataError(f"{path}:{line}: jumlah isian tidak sama dengan jumlah kolom")
    return found


def parsed(folder: str, name: str, columns: Sequence[str], parse: Callable[[dict[str, str]], T]) -> tuple[T, ...]:
    """Each row of `<folder>/<name>.csv` through `parse`; a value it refuses names its file and line."""
    out = []
    for line, row in enumerate(rows(folder, name, columns), start=2):
        try:
            out.append(parse(row))
        except (KeyError, ValueError) as exc:
            raise DemoDataError(f"{DATA_DIR / folder / name}.csv:{line}: {exc}") from exc
    return tuple(out)
