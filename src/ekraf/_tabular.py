"""Reading tidy tables from CSV or XLSX files, with row numbers for messages."""

from __future__ import annotations

import csv
import hashlib
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ekraf._errors import InputError, Issue, IssueCollector
from ekraf._spreadsheet import inspect_csv, inspect_xlsx

__all__ = [
    "LevelColumns",
    "RawTable",
    "parse_float",
    "parse_year",
    "read_level_columns",
    "read_table",
    "sha256_of_file",
]

DATA_SHEET = "data"


@dataclass(frozen=True, slots=True)
class RawTable:
    """Cells as text, with the 1-based row number each came from (header is row 1)."""

    file: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return iter(self.rows)


def sha256_of_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(value)
    return str(value).strip()


def read_table(path: str | Path, required: Sequence[str], optional: Sequence[str] = ()) -> RawTable:
    """Read a CSV (UTF-8, comma separated) or the ``data`` sheet of an XLSX file.

    Column names are compared case-insensitively; unknown columns are an error so that a typo in a
    header is never silently ignored.
    """
    path = Path(path)
    name = path.name
    if not path.exists():
        raise InputError([Issue("berkas tidak ditemukan (file not found)", file=str(path))])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        header, body = _read_xlsx(path)
    else:
        header, body = _read_csv(path)
    columns = tuple(h.strip().lower() for h in header)
    header = list(columns)
    issues = IssueCollector()
    missing = [c for c in required if c not in header]
    for column in missing:
        issues.add(Issue(f"kolom wajib '{column}' tidak ada (required column missing)", file=name, row=1))
    allowed = set(required) | set(optional)
    for column in header:
        if column and column not in allowed:
            issues.add(
                Issue(
                    f"kolom '{column}' tidak dikenal; kolom yang diterima: {', '.join(sorted(allowed))}"
                    " (unknown column)",
                    file=name,
                    row=1,
                )
            )
    if len(set(header)) != len(header):
        issues.add(Issue("nama kolom ganda (duplicated column name)", file=name, row=1))
    issues.raise_if_any(InputError)
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in body:
        if not any(c.strip() for c in cells):
            continue
        record = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header) if h}
        rows.append((number, record))
    return RawTable(file=name, header=columns, rows=tuple(rows))


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    inspect_csv(path)  # UTF-16, NUL bytes and non-UTF-8 are refused with their line, never a crash
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError([Issue("berkas kosong (empty file)", file=path.name)]) from None
        body = [(reader.line_num, row) for row in reader]
    return header, body


def _read_xlsx(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    import openpyxl

    inspect_xlsx(path)  # dimensions, expansion and type, before openpyxl allocates anything
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError([Issue(f"XLSX tidak dapat dibaca (cannot read XLSX): {exc}", file=path.name)]) from exc
    try:
        sheet = book[DATA_SHEET] if DATA_SHEET in book.sheetnames else book.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    if not rows:
        raise InputError([Issue("lembar data kosong (empty data sheet)", file=path.name)])
    return rows[0], [(i + 2, r) for i, r in enumerate(rows[1:])]


def parse_float(
    text: str,
    issues: IssueCollector,
    where: Issue,
    *,
    allow_negative: bool = False,
    allow_empty: bool = False,
) -> float | None:
    """Parse a number written with a dot decimal; report anything else at ``where``."""
    if text == "":
        if not allow_empty:
            issues.add(_at(where, "nilai kosong (empty value)"))
        return None
    try:
        value = float(text)
    except ValueError:
        hint = ""
        if "," in text:
            hint = (
                "; gunakan titik sebagai pemisah desimal, tanpa pemisah ribuan"
                " (use a dot decimal, no thousands separator)"
            )
        issues.add(_at(where, f"'{text}' bukan angka (not a number){hint}"))
        return None
    if not math.isfinite(value):
        issues.add(_at(where, f"'{text}' bukan angka terhingga (not a finite number)"))
        return None
    if value < 0 and not allow_negative:
        issues.add(_at(where, f"nilai negatif {text} tidak diperbolehkan (negative value)"))
        return None
    return value


def parse_year(text: str, issues: IssueCollector, where: Issue) -> int | None:
    try:
        year = int(text)
    except ValueError:
        issues.add(_at(where, f"tahun '{text}' tidak valid (invalid year)"))
        return None
    if not 1900 <= year <= 2200:
        issues.add(_at(where, f"tahun {year} di luar rentang 1900-2200 (year out of range)"))
        return None
    return year


def _at(where: Issue, message: str) -> Issue:
    return Issue(
        message,
        file=where.file,
        row=where.row,
        column=where.column,
        region=where.region,
        year=where.year,
        code=where.code,
    )


#: Characters of a plain decimal number (no spaces, no thousands separator, no "inf"/"nan", no "_").
_NUMBER_CHARS = "0123456789.eE+-"
LEVEL_KEYS = ("region", "year", "code", "price_basis", "unit")


@dataclass(frozen=True, eq=False)
class LevelColumns:
    """A tidy level CSV read in bulk and dictionary-encoded: for each key column the distinct cell
    texts (as written, sorted) and each row's index into them; the value as a float (NaN when the
    text is not a plain number)."""

    texts: dict[str, tuple[str, ...]]
    index: dict[str, NDArray[np.int64]]
    value: NDArray[np.float64]


def read_level_columns(path: str | Path) -> LevelColumns | None:
    """Read ``region,year,code,price_basis,value[,unit][,note]`` with DuckDB's CSV reader.

    Returns ``None`` when the file is not a CSV with a header the row reader accepts and the same
    number of fields on every row: the caller then reads it row by row. The caller checks each
    distinct key text with the row reader's own rules and reads row by row on any problem, so this
    path only decides "clean or not" and never accepts what the row reader would refuse.
    """
    import duckdb

    path = Path(path)
    if path.suffix.lower() != ".csv" or not path.exists():
        return None
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = [h.strip().lower() for h in next(csv.reader(handle), [])]
    required = {"region", "year", "code", "price_basis", "value"}
    if not required <= set(header) <= {*required, "unit", "note", "status"} or len(set(header)) != len(header):
        return None
    columns = ", ".join(f"'{h}': 'VARCHAR'" for h in header)
    escaped = str(path).replace("'", "''")
    source = (
        f"read_csv('{escaped}', header = true, auto_detect = false, columns = {{{columns}}},"
        " delim = ',', quote = '\"', escape = '\"', strict_mode = true)"
    )
    keys = ", ".join(f"coalesce({k}, '') AS {k}" if k in header else f"'' AS {k}" for k in LEVEL_KEYS)
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        try:
            con.execute(f"CREATE TEMP TABLE cells AS SELECT {keys}, value FROM {source}")  # noqa: S608  path escaped, header validated
        except duckdb.Error:
            return None  # the row reader reports what is wrong with the file
        texts: dict[str, tuple[str, ...]] = {}
        for key in LEVEL_KEYS:
            con.execute(f"CREATE TYPE {key}_t AS ENUM (SELECT DISTINCT {key} FROM cells ORDER BY {key})")  # noqa: S608  fixed names
            ((values,),) = con.execute(f"SELECT enum_range(NULL::{key}_t)").fetchall()
            texts[key] = tuple(values)
        codes = ", ".join(f"enum_code(CAST({k} AS {k}_t)) AS {k}" for k in LEVEL_KEYS)
        cols = con.execute(
            f"""SELECT {codes}, CASE WHEN ltrim(value, '{_NUMBER_CHARS}') = '' THEN TRY_CAST(value AS DOUBLE)
                END AS value FROM cells"""  # noqa: S608  fixed names
        ).fetchnumpy()
    finally:
        con.close()
    value = np.ma.asarray(cols["value"])
    return LevelColumns(
        texts=texts,
        index={k: np.asarray(cols[k], dtype=np.int64) for k in LEVEL_KEYS},
        value=np.ma.filled(value.astype(np.float64), np.nan),
    )
