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

from ekraf._classification import KbliCodeList, KbliConcordance, kbli_codes
from ekraf._errors import MAX_ISSUES, ClassificationError, InputError, Issue, IssueCollector
from ekraf._frame import normalise_unit
from ekraf._spreadsheet import inspect_csv
from ekraf._tabular import parse_float, parse_year, read_table

__all__ = ["ESTABLISHMENT_COLUMNS", "EstablishmentAggregate", "EstablishmentRecord", "convert_kbli"]

ESTABLISHMENT_REQUIRED = ("region", "kbli", "output")
ESTABLISHMENT_OPTIONAL = (
    "year",
    "intermediate",
    "workers",
    "weight",
    "establishment_id",
    "unit",
    "kbli_version",
    "note",
)
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
    unit: str = ""  # of output and intermediate; empty = not stated


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
    #: Unit of output and intermediate cost (one of ``UNITS``); None when the file did not state it.
    unit: str | None = None
    #: KBLI version of the codes (column ``kbli_version``; default 2020).
    kbli_version: str = "2020"

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
        cls,
        cells: Mapping[tuple[str, int | None, str], Cell],
        source: str = "<memory>",
        unit: str | None = None,
        kbli_version: str = "2020",
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
            unit=unit,
            kbli_version=kbli_version,
        )

    @classmethod
    def from_records(
        cls, records: Iterable[EstablishmentRecord], *, source: str = "<memory>", kbli_version: str = "2020"
    ) -> EstablishmentAggregate:
        """Check and aggregate records whose KBLI codes are of ``kbli_version``."""
        issues = IssueCollector()
        codes = _version_codes(kbli_version, source)
        sums: dict[tuple[str, int | None, str], tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
        ids: dict[tuple[int | None, str], int] = {}
        units: dict[str, int] = {}
        for row, rec in enumerate(records, start=1):
            units.setdefault(rec.unit.strip(), row)
            _check_record(rec, row, source, codes, issues, ids)
            if issues:
                continue
            ntb = rec.output - (rec.intermediate or 0.0)
            ntbs, workers = sums[(rec.region.strip(), rec.year, rec.kbli)]  # as read_table and DuckDB trim
            ntbs.append(rec.weight * ntb)
            workers.append(rec.weight * (rec.workers or 0.0))
        unit = _file_unit(units, source, issues)
        issues.raise_if_any(InputError)
        if not sums:
            raise InputError([Issue("tidak ada data usaha (no establishment rows)", file=source)])
        cells = {k: Cell(exact_sum(n), exact_sum(w), len(n)) for k, (n, w) in sorted(sums.items(), key=_cell_key)}
        return cls.from_cells(cells, source, unit, kbli_version)

    @classmethod
    def from_file(cls, path: str | Path) -> EstablishmentAggregate:
        """Aggregate a CSV (DuckDB, any size) or XLSX (small) establishment file."""
        path = Path(path)
        if path.suffix.lower() in _XLSX:
            records, version = _xlsx_records(path)
            return cls.from_records(records, source=path.name, kbli_version=version)
        return _duckdb_aggregate(path)


def _cell_key(item: tuple[tuple[str, int | None, str], object]) -> tuple[str, int, str]:
    region, year, kbli = item[0]
    return (region, -1 if year is None else year, kbli)


def _check_record(  # noqa: PLR0917  private helper, called in two places
    rec: EstablishmentRecord,
    row: int,
    source: str,
    codes: KbliCodeList,
    issues: IssueCollector,
    ids: dict[tuple[int | None, str], int],
) -> None:
    def add(column: str, message: str) -> None:
        issues.add(
            Issue(message, file=source, row=row, column=column, region=rec.region or None, year=rec.year, code=rec.kbli)
        )

    if not rec.region.strip():
        add("region", "wilayah kosong (empty region)")
    if rec.kbli not in codes:
        add("kbli", codes.unknown_message(rec.kbli))
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


def _xlsx_records(path: Path) -> tuple[list[EstablishmentRecord], str]:
    table = read_table(path, ESTABLISHMENT_REQUIRED, ESTABLISHMENT_OPTIONAL)
    issues = IssueCollector()
    out: list[EstablishmentRecord] = []
    versions: dict[str, int] = {}
    for row, c in table:
        versions.setdefault(c.get("kbli_version", ""), row)
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
                unit=c.get("unit", ""),
            )
        )
    version = _file_kbli_version(versions, table.file, issues)
    issues.raise_if_any(InputError)
    return out, version


def _duckdb_aggregate(path: Path) -> EstablishmentAggregate:
    import duckdb

    if not path.exists():
        raise InputError([Issue("berkas tidak ditemukan (file not found)", file=str(path))])
    inspect_csv(path)
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
                    FROM (SELECT trim(region) AS region, {year} AS year, kbli,
                            {_exact_sum(f"{weight} * (output - coalesce({inter}, 0))")} AS ntb,
                            {_exact_sum(f"{weight} * coalesce({workers}, 0)")} AS workers,
                            count(*) AS n,
                            count(*) FILTER (WHERE {row_bad}) AS bad
                          FROM {source} GROUP BY trim(region), {year}, kbli) ORDER BY region, year, kbli"""  # noqa: S608  path escaped, columns validated
            ).fetchnumpy()
        except duckdb.Error as exc:
            message = str(exc).splitlines()[0]
            raise InputError(
                [Issue(f"berkas tidak dapat dibaca (cannot read CSV): {message}", file=path.name)]
            ) from exc
        versions = _column_values(con, source, "kbli_version") if "kbli_version" in has else {}
        version_issues = IssueCollector()
        kbli_version = _file_kbli_version(versions, path.name, version_issues)
        version_issues.raise_if_any(InputError)
        codes = _version_codes(kbli_version, path.name)
        unknown = sorted(str(k) for k in np.unique(np.asarray(cols["kbli"], dtype=object)) if k not in codes)
        if unknown or int(np.asarray(cols["bad"]).sum()):
            _locate_problems(con, source, path.name, year, inter, workers, weight, bad, unknown, codes)
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
        units = _column_values(con, source, "unit") if "unit" in has else {}
        unit_issues = IssueCollector()
        unit = _file_unit(units, path.name, unit_issues)
        unit_issues.raise_if_any(InputError)
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
        unit=unit,
        kbli_version=kbli_version,
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
    codes: KbliCodeList,
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
        _check_record(rec, int(rn), name, codes, issues, ids)
    if not issues:
        issues.add(Issue("data usaha tidak valid (invalid establishment rows)", file=name))
    issues.raise_if_any(InputError)


def _column_values(con: object, source: str, column: str) -> dict[str, int]:
    """{trimmed value: first file row} of a one-per-file column (unit, kbli_version). The common case, one
    value, costs one distinct scan; the rows are looked up only when a file holds several values."""
    import duckdb

    if not isinstance(con, duckdb.DuckDBPyConnection):
        raise TypeError(con)
    values = [str(v) for (v,) in con.execute(f"SELECT DISTINCT coalesce(trim({column}), '') FROM {source}").fetchall()]  # noqa: S608  path escaped, column validated
    if len(values) <= 1:
        return dict.fromkeys(values, 2)
    con.execute("SET preserve_insertion_order = true")
    found = con.execute(
        f"SELECT coalesce(trim({column}), '') AS v, min(rn) FROM (SELECT {column}, row_number() OVER () + 1 AS rn"  # noqa: S608  path escaped, column validated
        f" FROM {source}) GROUP BY v ORDER BY 2"
    ).fetchall()
    return {str(v): int(rn) for v, rn in found}


def _version_codes(version: str, source: str) -> KbliCodeList:
    try:
        return kbli_codes(version)
    except ClassificationError as exc:
        raise InputError([Issue(exc.issues[0].message, file=source, column="kbli_version")]) from exc


def _file_kbli_version(versions: Mapping[str, int], source: str, issues: IssueCollector) -> str:
    """The one KBLI version of a file from {version as written: first row}; 2020 when not stated."""
    stated = {v: r for v, r in versions.items() if v}
    if len(versions) > 1:
        listed = ", ".join(f"{v or '(kosong)'} (baris {r})" for v, r in versions.items())
        issues.add(
            Issue(
                f"versi KBLI bercampur: {listed} (mixed KBLI versions); satu berkas satu versi",
                file=source,
                column="kbli_version",
            )
        )
    return next(iter(stated), "2020")


def _file_unit(units: Mapping[str, int], source: str, issues: IssueCollector) -> str | None:
    """The one unit of a file from {unit text as written: first row}; None when no row states one."""
    normal: dict[str, int] = {}
    for text, row in units.items():
        unit = normalise_unit(text) if text else ""
        if unit is None or unit.startswith("?"):
            issues.add(
                Issue(
                    f"satuan '{text}' tidak dikenal; pilih juta, miliar atau triliun rupiah (unknown unit)",
                    file=source,
                    row=row,
                    column="unit",
                )
            )
            continue
        normal.setdefault(unit, row)
    if len(normal) > 1:
        listed = ", ".join(f"{u or '(kosong)'} (baris {r})" for u, r in normal.items())
        issues.add(
            Issue(
                f"satuan bercampur: {listed} (mixed units); gunakan satu satuan untuk seluruh berkas",
                file=source,
                column="unit",
            )
        )
        return None
    return next((u for u in normal if u), None)


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


def convert_kbli(est: EstablishmentAggregate, concordance: KbliConcordance) -> EstablishmentAggregate:
    """The same establishments coded in the concordance's target version: each code's weighted NTB and
    workers go to its target codes by share; a code the concordance does not cover is refused."""
    if est.kbli_version != concordance.source_version:
        raise InputError(
            [
                Issue(
                    f"tabel padanan dari KBLI {concordance.source_version}, data usaha memakai KBLI"
                    f" {est.kbli_version} (concordance does not start from the data's version)",
                    file=concordance.source or None,
                )
            ]
        )
    issues = IssueCollector()
    sums: dict[tuple[str, int | None, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for (region, year, code), cell in est.cells.items():
        targets = concordance.targets.get(code)
        if targets is None:
            issues.add(
                Issue(
                    f"kode KBLI {est.kbli_version} {code} tidak ada di tabel padanan (code missing in the concordance)",
                    file=concordance.source or None,
                    region=region,
                    year=year,
                    code=code,
                )
            )
            continue
        for target, share in targets:
            acc = sums[(region, year, target)]
            acc[0] += share * cell.ntb
            acc[1] += share * cell.workers
            acc[2] += share * cell.count
    issues.raise_if_any(InputError)
    cells = {k: Cell(v[0], v[1], round(v[2])) for k, v in sums.items()}
    return EstablishmentAggregate.from_cells(
        cells, f"{est.source} (KBLI {concordance.target_version})", est.unit, concordance.target_version
    )
