"""Establishment records and their aggregation to (region, year, KBLI) sums; DuckDB for files."""

from __future__ import annotations

import csv
import functools
import math
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ekraf._classification import kbli_codes
from ekraf._errors import MAX_ISSUES, InputError, Issue, IssueCollector
from ekraf._tabular import parse_float, parse_year, read_table

__all__ = ["ESTABLISHMENT_COLUMNS", "EstablishmentAggregate", "EstablishmentRecord"]

ESTABLISHMENT_REQUIRED = ("region", "kbli", "output")
ESTABLISHMENT_OPTIONAL = ("year", "intermediate", "workers", "weight", "establishment_id", "note")
ESTABLISHMENT_COLUMNS = ESTABLISHMENT_REQUIRED + ESTABLISHMENT_OPTIONAL
_XLSX = (".xlsx", ".xlsm")


@dataclass(frozen=True, slots=True)
class EstablishmentRecord:
    """One establishment (usaha): output and intermediate cost in the same rupiah unit as the PDRB.

    ``intermediate`` unknown means an NTB/output ratio of 1; ``weight`` is the sampling weight
    (1 for a census or the registry)."""

    region: str
    kbli: str
    output: float
    intermediate: float | None = None
    workers: float | None = None
    weight: float = 1.0
    year: int | None = None
    establishment_id: str | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    ntb: float  # Σ w·(output − intermediate)
    workers: float  # Σ w·workers
    count: int


@dataclass(frozen=True, eq=False)
class EstablishmentAggregate:
    """Weighted sums by (region, year, KBLI code), held as columns; year -1 means "not given"."""

    region: NDArray[np.object_]
    year: NDArray[np.int64]
    kbli: NDArray[np.object_]
    ntb: NDArray[np.float64]  # Σ w·(output − intermediate)
    workers: NDArray[np.float64]  # Σ w·workers
    count: NDArray[np.int64]
    source: str = "<memory>"

    @functools.cached_property
    def cells(self) -> dict[tuple[str, int | None, str], Cell]:
        return {
            (str(r), None if y < 0 else int(y), str(k)): Cell(float(n), float(w), int(c))
            for r, y, k, n, w, c in zip(
                self.region, self.year, self.kbli, self.ntb, self.workers, self.count, strict=True
            )
        }

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(sorted({str(r) for r in np.unique(self.region)}))

    @property
    def years(self) -> tuple[int | None, ...]:
        return tuple(None if y < 0 else int(y) for y in np.unique(self.year))

    @classmethod
    def from_cells(
        cls, cells: Mapping[tuple[str, int | None, str], Cell], source: str = "<memory>"
    ) -> EstablishmentAggregate:
        keys = list(cells)
        vals = list(cells.values())
        return cls(
            region=np.array([k[0] for k in keys], dtype=object),
            year=np.array([-1 if k[1] is None else k[1] for k in keys], dtype=np.int64),
            kbli=np.array([k[2] for k in keys], dtype=object),
            ntb=np.array([v.ntb for v in vals], dtype=np.float64),
            workers=np.array([v.workers for v in vals], dtype=np.float64),
            count=np.array([v.count for v in vals], dtype=np.int64),
            source=source,
        )

    @classmethod
    def from_records(
        cls, records: Iterable[EstablishmentRecord], *, source: str = "<memory>"
    ) -> EstablishmentAggregate:
        issues = IssueCollector()
        codes = kbli_codes("2020")
        sums: dict[tuple[str, int | None, str], tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
        ids: dict[tuple[int | None, str], int] = {}
        for row, rec in enumerate(records, start=1):
            _check_record(rec, row, source, codes.titles, issues, ids)
            if issues:
                continue
            ntb = rec.output - (rec.intermediate or 0.0)
            ntbs, workers = sums[(rec.region, rec.year, rec.kbli)]
            ntbs.append(rec.weight * ntb)
            workers.append(rec.weight * (rec.workers or 0.0))
        issues.raise_if_any(InputError)
        if not sums:
            raise InputError([Issue("tidak ada data usaha (no establishment rows)", file=source)])
        cells = {k: Cell(exact_sum(n), exact_sum(w), len(n)) for k, (n, w) in sorted(sums.items(), key=_cell_key)}
        return cls.from_cells(cells, source)

    @classmethod
    def from_file(cls, path: str | Path) -> EstablishmentAggregate:
        """Aggregate a CSV (DuckDB, any size) or XLSX (small) establishment file."""
        path = Path(path)
        if path.suffix.lower() in _XLSX:
            return cls.from_records(_xlsx_records(path), source=path.name)
        return _duckdb_aggregate(path)


def _cell_key(item: tuple[tuple[str, int | None, str], object]) -> tuple[str, int, str]:
    region, year, kbli = item[0]
    return (region, -1 if year is None else year, kbli)


def _check_record(  # noqa: PLR0917  private helper, called in two places
    rec: EstablishmentRecord,
    row: int,
    source: str,
    titles: Mapping[str, str],
    issues: IssueCollector,
    ids: dict[tuple[int | None, str], int],
) -> None:
    def add(column: str, message: str) -> None:
        issues.add(
            Issue(message, file=source, row=row, column=column, region=rec.region or None, year=rec.year, code=rec.kbli)
        )

    if not rec.region.strip():
        add("region", "wilayah kosong (empty region)")
    if rec.kbli not in titles:
        add("kbli", f"kode KBLI {rec.kbli} tidak ada dalam KBLI 2020 (code not in KBLI 2020); tulis lima digit")
    if not rec.output >= 0:
        add("output", f"output negatif atau kosong: {rec.output} (negative output)")
    if rec.intermediate is not None and not rec.intermediate >= 0:
        add("intermediate", f"biaya antara negatif: {rec.intermediate} (negative intermediate cost)")
    elif rec.intermediate is not None and rec.output >= 0 and rec.intermediate > rec.output:
        add("intermediate", "biaya antara melebihi output, NTB negatif (intermediate cost exceeds output)")
    if rec.workers is not None and not rec.workers >= 0:
        add("workers", f"jumlah pekerja negatif: {rec.workers} (negative workers)")
    if not rec.weight > 0:
        add("weight", f"penimbang harus positif: {rec.weight} (weight must be positive)")
    if rec.establishment_id:
        key = (rec.year, rec.establishment_id)
        if key in ids:
            add(
                "establishment_id", f"usaha {rec.establishment_id} ganda, sama dengan baris {ids[key]} (duplicated row)"
            )
        else:
            ids[key] = row


def _xlsx_records(path: Path) -> list[EstablishmentRecord]:
    table = read_table(path, ESTABLISHMENT_REQUIRED, ESTABLISHMENT_OPTIONAL)
    issues = IssueCollector()
    out: list[EstablishmentRecord] = []
    for row, c in table:
        where = Issue("", file=table.file, row=row, region=c["region"] or None, code=c["kbli"] or None)
        year = parse_year(c["year"], issues, where) if c.get("year") else None
        nums = {}
        for col in ("output", "intermediate", "workers", "weight"):
            nums[col] = parse_float(
                c.get(col, ""),
                issues,
                Issue("", file=table.file, row=row, column=col, region=c["region"] or None, code=c["kbli"] or None),
                allow_empty=col != "output",
            )
        if issues:
            continue
        output = nums["output"]
        if output is None:  # reported above
            continue
        out.append(
            EstablishmentRecord(
                region=c["region"],
                kbli=c["kbli"].zfill(5) if c["kbli"].isdigit() else c["kbli"],
                output=output,
                intermediate=nums["intermediate"],
                workers=nums["workers"],
                weight=1.0 if nums["weight"] is None else nums["weight"],
                year=year,
                establishment_id=c.get("establishment_id") or None,
            )
        )
    issues.raise_if_any(InputError)
    return out


def _duckdb_aggregate(path: Path) -> EstablishmentAggregate:
    import duckdb

    if not path.exists():
        raise InputError([Issue("berkas tidak ditemukan (file not found)", file=str(path))])
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        header = [h.strip().lower() for h in next(csv.reader(handle), [])]
    issues = IssueCollector()
    for col in ESTABLISHMENT_REQUIRED:
        if col not in header:
            issues.add(Issue(f"kolom wajib '{col}' tidak ada (required column missing)", file=path.name, row=1))
    for col in header:
        if col not in ESTABLISHMENT_COLUMNS:
            issues.add(Issue(f"kolom '{col}' tidak dikenal (unknown column)", file=path.name, row=1))
    issues.raise_if_any(InputError)
    types = {"year": "INTEGER", "output": "DOUBLE", "intermediate": "DOUBLE", "workers": "DOUBLE", "weight": "DOUBLE"}
    columns = ", ".join(f"'{c}': '{types.get(c, 'VARCHAR')}'" for c in header)
    has = set(header)
    year = "year" if "year" in has else "NULL::INTEGER"
    inter = "intermediate" if "intermediate" in has else "NULL::DOUBLE"
    workers = "workers" if "workers" in has else "NULL::DOUBLE"
    weight = "weight" if "weight" in has else "1.0"
    source = f"read_csv('{_sql_path(path)}', header = true, auto_detect = false, columns = {{{columns}}})"
    bad = (
        f"(region IS NULL OR trim(region) = '' OR output IS NULL OR output < 0 OR {inter} < 0 OR {inter} > output"
        f" OR {workers} < 0 OR {weight} IS NULL OR {weight} <= 0)"
    )
    # Per row, only the numeric checks; region and KBLI are group keys, so they are checked on the
    # (region, year, KBLI) groups (a few hundred thousand) instead of on every row.
    row_bad = (
        f"(output IS NULL OR output < 0 OR {inter} < 0 OR {inter} > output"
        f" OR {workers} < 0 OR {weight} IS NULL OR {weight} <= 0)"
    )
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"SET threads = {max(1, os.cpu_count() or 1)}")
        con.execute("SET preserve_insertion_order = false")
        try:
            cols = con.execute(
                f"""SELECT coalesce(region, '') AS region, coalesce(year, -1) AS year, coalesce(kbli, '') AS kbli,
                        ntb, workers, n, bad + CASE WHEN trim(coalesce(region, '')) = '' THEN n ELSE 0 END AS bad
                    FROM (SELECT region, {year} AS year, kbli,
                            {_exact_sum(f"{weight} * (output - coalesce({inter}, 0))")} AS ntb,
                            {_exact_sum(f"{weight} * coalesce({workers}, 0)")} AS workers,
                            count(*) AS n,
                            count(*) FILTER (WHERE {row_bad}) AS bad
                          FROM {source} GROUP BY region, {year}, kbli) ORDER BY region, year, kbli"""  # noqa: S608  path escaped, columns validated
            ).fetchnumpy()
        except duckdb.Error as exc:
            message = str(exc).splitlines()[0]
            raise InputError(
                [Issue(f"berkas tidak dapat dibaca (cannot read CSV): {message}", file=path.name)]
            ) from exc
        titles = kbli_codes("2020").titles
        unknown = sorted(str(k) for k in np.unique(np.asarray(cols["kbli"], dtype=object)) if k not in titles)
        if unknown or int(np.asarray(cols["bad"]).sum()):
            _locate_problems(con, source, path.name, year, inter, workers, weight, bad, unknown)
        if "establishment_id" in has:
            dup = con.execute(
                f"SELECT establishment_id, {year}, count(*) FROM {source} WHERE establishment_id IS NOT NULL"  # noqa: S608  path escaped, columns validated
                " GROUP BY ALL HAVING count(*) > 1 LIMIT 20"
            ).fetchall()
            if dup:
                raise InputError(
                    [
                        Issue(
                            f"usaha {d[0]} muncul {d[2]} kali (duplicated row)",
                            file=path.name,
                            year=d[1],
                            column="establishment_id",
                        )
                        for d in dup
                    ]
                )
    finally:
        con.close()
    if len(cols["region"]) == 0:
        raise InputError([Issue("tidak ada data usaha (no establishment rows)", file=path.name)])
    return EstablishmentAggregate(
        region=np.asarray(cols["region"], dtype=object),
        year=np.asarray(cols["year"], dtype=np.int64),
        kbli=np.asarray(cols["kbli"], dtype=object),
        ntb=np.asarray(cols["ntb"], dtype=np.float64),
        workers=np.asarray(cols["workers"], dtype=np.float64),
        count=np.asarray(cols["n"], dtype=np.int64),
        source=path.name,
    )


def _locate_problems(  # noqa: PLR0917  private helper, SQL fragments of one query
    con: object,
    source: str,
    name: str,
    year: str,
    inter: str,
    workers: str,
    weight: str,
    bad: str,
    unknown: list[str],
) -> None:
    import duckdb

    if not isinstance(con, duckdb.DuckDBPyConnection):
        raise TypeError(con)
    con.execute("SET preserve_insertion_order = true")
    con.execute("CREATE TEMP TABLE unknown_kbli (kbli VARCHAR)")
    if unknown:
        con.executemany("INSERT INTO unknown_kbli VALUES (?)", [[u] for u in unknown if u])
    found = con.execute(
        f"""SELECT rn, region, {year}, kbli, output, {inter}, {workers}, {weight}, kbli IS NULL OR kbli IN (SELECT kbli FROM unknown_kbli)
            FROM (SELECT *, row_number() OVER () + 1 AS rn FROM {source})
            WHERE {bad} OR kbli IS NULL OR kbli IN (SELECT kbli FROM unknown_kbli) ORDER BY rn LIMIT {MAX_ISSUES}"""  # noqa: S608, E501  path escaped, columns validated
    ).fetchall()
    issues = IssueCollector()
    titles = kbli_codes("2020").titles
    ids: dict[tuple[int | None, str], int] = {}
    for rn, region, yr, kbli, output, intermediate, wk, w, _unk in found:
        rec = EstablishmentRecord(
            region=region or "",
            kbli=kbli or "",
            output=float("nan") if output is None else output,
            intermediate=intermediate,
            workers=wk,
            weight=float("nan") if w is None else float(w),
            year=yr,
        )
        _check_record(rec, int(rn), name, titles, issues, ids)
    if not issues:
        issues.add(Issue("data usaha tidak valid (invalid establishment rows)", file=name))
    issues.raise_if_any(InputError)


#: Per-row values are rounded to this many decimals and summed exactly, so a sum does not depend on
#: the order of the rows or on how DuckDB splits them over threads (float addition is not associative).
SUM_DECIMALS = 9


def _exact_sum(expression: str) -> str:
    """SQL: an order-independent sum (DECIMAL(38, 9) addition is exact) returned as DOUBLE."""
    return f"CAST(sum(CAST({expression} AS DECIMAL(38, {SUM_DECIMALS}))) AS DOUBLE)"


def exact_sum(values: Iterable[float]) -> float:
    """The Python twin of :func:`_exact_sum`: round each value, sum exactly (``math.fsum``)."""
    return math.fsum(round(v, SUM_DECIMALS) for v in values)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
