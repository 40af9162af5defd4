"""Year status as BPS publishes it: final, angka sementara (*) and angka sangat sementara (**).

The latest years of a PDRB release are preliminary; the next release revises them. A level input may
carry a ``status`` column (one status per year for the whole file); every output then marks those
years — ``2023*`` and ``2024**`` in the workbook with the BPS footnote, a ``status`` in the manifest —
and an indicator of a marked year carries its mark (a growth or share computed from a preliminary
figure is itself preliminary).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

from ekraf._errors import InputError, Issue, IssueCollector
from ekraf._tabular import read_table

__all__ = ["FOOTNOTE", "MARKS", "merge_status", "normalise_status", "read_year_status", "status_text"]

FINAL, PRELIMINARY, VERY_PRELIMINARY = "final", "sementara", "sangat sementara"
MARKS = {FINAL: "", PRELIMINARY: "*", VERY_PRELIMINARY: "**"}
_RANK = {FINAL: 0, PRELIMINARY: 1, VERY_PRELIMINARY: 2}
FOOTNOTE = "* Angka sementara   ** Angka sangat sementara"
_ACCEPTED = {
    "": FINAL,
    "final": FINAL,
    "tetap": FINAL,
    "angka tetap": FINAL,
    "*": PRELIMINARY,
    "sementara": PRELIMINARY,
    "angka sementara": PRELIMINARY,
    "preliminary": PRELIMINARY,
    "**": VERY_PRELIMINARY,
    "sangat sementara": VERY_PRELIMINARY,
    "angka sangat sementara": VERY_PRELIMINARY,
    "very preliminary": VERY_PRELIMINARY,
}


def normalise_status(text: str) -> str | None:
    return _ACCEPTED.get(" ".join(text.strip().lower().split()))


def read_year_status(path: str | Path) -> tuple[tuple[int, str], ...]:
    """The year → status of a level file's ``status`` column (``()`` when it has none, or only
    final years). One status per year; anything else is reported with its row."""
    path = Path(path)
    header = _header(path)
    if "status" not in header:
        return ()
    pairs = _distinct_csv(path) if path.suffix.lower() == ".csv" else None
    if pairs is None or any(normalise_status(s) is None or not y.isdigit() for y, s in pairs):
        pairs = None
    else:
        by_year: dict[int, set[str]] = {}
        for y, s in pairs:
            by_year.setdefault(int(y), set()).add(normalise_status(s) or FINAL)
        if all(len(v) == 1 for v in by_year.values()):
            return tuple(sorted((y, v.pop()) for y, v in by_year.items() if v != {FINAL}))
    return _located(path)


def _header(path: Path) -> list[str]:
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [h.strip().lower() for h in next(csv.reader(handle), [])]
    return list(
        read_table(path, ("year",), ("region", "code", "price_basis", "value", "unit", "note", "status")).header
    )


def _distinct_csv(path: Path) -> list[tuple[str, str]] | None:
    import duckdb

    escaped = str(path).replace("'", "''")
    con = duckdb.connect()
    try:
        rows = con.execute(
            "SELECT DISTINCT trim(coalesce(year, '')), coalesce(status, '')"  # noqa: S608  path escaped
            f" FROM read_csv('{escaped}', header = true, all_varchar = true)"
        ).fetchall()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return [(str(y), str(s)) for y, s in rows]


def _located(path: Path) -> tuple[tuple[int, str], ...]:
    table = read_table(path, ("region", "year", "code", "price_basis", "value"), ("unit", "note", "status"))
    issues = IssueCollector()
    seen: dict[int, tuple[str, int]] = {}
    for row, c in table:
        status = normalise_status(c.get("status", ""))
        if status is None:
            issues.add(
                Issue(
                    f"status '{c['status']}' tidak dikenal; gunakan kosong/final, * (sementara) atau **"
                    " (sangat sementara) (unknown year status)",
                    file=table.file,
                    row=row,
                    column="status",
                )
            )
            continue
        if not c["year"].strip().isdigit():
            continue  # the level reader reports the year
        year = int(c["year"])
        if year in seen and seen[year][0] != status:
            issues.add(
                Issue(
                    f"tahun {year} berstatus '{status}' di sini tetapi '{seen[year][0]}' di baris {seen[year][1]};"
                    " satu status per tahun (one status per year)",
                    file=table.file,
                    row=row,
                    year=year,
                    column="status",
                )
            )
            continue
        seen.setdefault(year, (status, row))
    issues.raise_if_any(InputError)
    return tuple(sorted((y, s) for y, (s, _row) in seen.items() if s != FINAL))


def merge_status(*statuses: Iterable[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    """Per year, the most preliminary of the inputs' statuses."""
    out: dict[int, str] = {}
    for status in statuses:
        for year, s in status:
            if _RANK[s] > _RANK[out.get(year, FINAL)]:
                out[year] = s
    return tuple(sorted(out.items()))


def status_text(status: Mapping[int, str]) -> str:
    return ", ".join(f"{y} {s} ({MARKS[s]})" for y, s in sorted(status.items()))
