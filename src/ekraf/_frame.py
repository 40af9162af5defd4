"""Typed frames of levels: value[region, price basis, code, year] with NaN for "not given"."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar, Literal, Self

import numpy as np
from numpy.typing import NDArray

from ekraf._classification import lapangan_usaha_structure, subsector_list
from ekraf._errors import InputError, Issue, IssueCollector
from ekraf._spreadsheet import inspect_csv
from ekraf._tabular import LevelColumns, parse_float, parse_year, read_level_columns, read_table

__all__ = [
    "PRICE_BASES",
    "TOTAL",
    "UNITS",
    "CodeKind",
    "LevelRecord",
    "LevelTable",
    "PdrbRecord",
    "PdrbTable",
    "nan_to_none",
    "normalise_unit",
]

TOTAL = "TOTAL"
PRICE_BASES: tuple[str, str] = ("ADHB", "ADHK")
#: Accepted units and their size in juta (million) rupiah.
UNITS = {"juta rupiah": 1.0, "miliar rupiah": 1e3, "triliun rupiah": 1e6}
CodeKind = Literal["pdrb", "subsector", "any"]
FloatArray = NDArray[np.float64]


def normalise_unit(text: str) -> str | None:
    t = text.strip().lower().replace("_", " ")
    if t in ("", "juta", "juta rupiah", "jt", "million rupiah"):
        return "juta rupiah" if t else None
    if t in ("miliar", "milyar", "miliar rupiah", "milyar rupiah", "billion rupiah"):
        return "miliar rupiah"
    if t in ("triliun", "triliun rupiah", "trillion rupiah"):
        return "triliun rupiah"
    return "?" + text


def _normalise_basis(text: str) -> str | None:
    t = text.strip().upper().replace(" ", "")
    if t == "ADHB":
        return "ADHB"
    if t in ("ADHK", "ADHK2010"):
        return "ADHK"
    return None


@dataclass(frozen=True, slots=True)
class LevelRecord:
    """One value: region, year, code (lapangan usaha, subsector or TOTAL), ADHB/ADHK, value, unit."""

    region: str
    year: int
    code: str
    price_basis: str
    value: float
    unit: str = "juta rupiah"


PdrbRecord = LevelRecord


def _known_codes(kind: CodeKind) -> set[str]:
    lu = {e.code for e in lapangan_usaha_structure().entries}
    subs = set(subsector_list("kemenparekraf_17").codes) | set(subsector_list("bekraf_16").codes)
    if kind == "pdrb":
        return lu | {TOTAL}
    if kind == "subsector":
        return subs | {TOTAL}
    return lu | subs | {TOTAL}


@dataclass(frozen=True, eq=False)
class LevelTable:
    """Levels by region × price basis (ADHB, ADHK) × code × year; NaN where not given.

    Values are floats in ``unit``; identity checks use the tolerances in :mod:`ekraf._identities`.
    """

    regions: tuple[str, ...]
    codes: tuple[str, ...]
    years: tuple[int, ...]
    values: FloatArray
    unit: str = "juta rupiah"
    source: str = ""
    #: False when no row stated a unit (the unit is then the default, juta rupiah, by assumption).
    unit_declared: bool = True
    #: (year, "sementara" | "sangat sementara") for the years that are not final (:mod:`ekraf._status`)
    status: tuple[tuple[int, str], ...] = ()

    kind: ClassVar[CodeKind] = "any"

    # ----- construction -------------------------------------------------------------------
    @classmethod
    def from_records(cls, records: Iterable[LevelRecord], *, source: str = "<memory>") -> Self:
        """Validate in-memory records (same checks as files)."""
        rows = (
            (i + 1, r.region, str(r.year), r.code, r.price_basis, repr(float(r.value)), r.unit)
            for i, r in enumerate(records)
        )
        return cls._from_rows(rows, source=source, row_offset=0)

    @classmethod
    def from_file(cls, path: str | Path, *, allow_gaps: bool = False) -> Self:
        """Read a tidy CSV/XLSX with columns ``region,year,code,price_basis,value[,unit][,status]``.

        ``allow_gaps``: the years may be a non-consecutive list (2010, 2015, 2020), as published
        tables of levels often are; every code must still be given for every listed year.

        A clean CSV is read in bulk by DuckDB (:func:`ekraf._tabular.read_level_columns`); any other
        file, and any CSV with a problem, row by row, which locates every problem."""
        from ekraf._status import read_year_status

        if Path(path).suffix.lower() == ".csv" and Path(path).exists():
            # the spreadsheet guard of the row reader (UTF-16, NUL bytes, not UTF-8) holds for the
            # status scan and the bulk path too, before DuckDB or the csv module sees the file
            inspect_csv(path)
        status = read_year_status(path)
        fast = cls._from_columns(read_level_columns(path), Path(path).name, allow_gaps=allow_gaps)
        if fast is not None:
            return dataclasses.replace(fast, status=status)
        table = read_table(path, ("region", "year", "code", "price_basis", "value"), ("unit", "note", "status"))
        rows = (
            (n, c["region"], c["year"], c["code"], c["price_basis"], c["value"], c.get("unit", "")) for n, c in table
        )
        return dataclasses.replace(
            cls._from_rows(rows, source=table.file, row_offset=0, allow_gaps=allow_gaps), status=status
        )

    @classmethod
    def _from_columns(cls, cols: LevelColumns | None, source: str, *, allow_gaps: bool = False) -> Self | None:
        """The table of a bulk-read CSV, or ``None`` when a row needs the row reader's message
        (duplicated rows, unknown or mixed units).

        Holds every rule of :meth:`_from_rows`: the same key checks, ``unit_declared`` (some row
        stated a unit) and ``allow_gaps`` (the listed years only, else every year of the span)."""
        if cols is None:
            return None
        # every distinct key text passes the row reader's own rules, else the row reader explains
        known = _known_codes(cls.kind)
        quiet = IssueCollector()
        regions = [t.strip() for t in cols.texts["region"]]
        years = [parse_year(t.strip(), quiet, Issue("")) for t in cols.texts["year"]]
        codes_in = [t.strip().upper() for t in cols.texts["code"]]
        bases = [_normalise_basis(t) for t in cols.texts["price_basis"]]
        units = {normalise_unit(t) or "juta rupiah" for t in cols.texts["unit"]}
        value = cols.value
        if (
            quiet
            or not all(regions)
            or any(c not in known for c in codes_in)
            or None in bases
            or len(units) != 1
            or next(iter(units)).startswith("?")
            or not np.isfinite(value).all()
            or (value < 0).any()
        ):
            return None
        region_names = tuple(sorted(set(regions)))
        codes = _order_codes(set(codes_in))
        r_idx = np.array([region_names.index(r) for r in regions], dtype=np.int64)[cols.index["region"]]
        c_idx = np.array([codes.index(c) for c in codes_in], dtype=np.int64)[cols.index["code"]]
        b_idx = np.array([PRICE_BASES.index(b or "") for b in bases], dtype=np.int64)[cols.index["price_basis"]]
        year = np.array(years, dtype=np.int64)[cols.index["year"]]
        if allow_gaps:
            years_all = tuple(int(y) for y in np.unique(year))
            y_idx = np.searchsorted(np.array(years_all, dtype=np.int64), year)
        else:
            y0 = int(year.min())
            years_all = tuple(range(y0, int(year.max()) + 1))
            y_idx = year - y0
        shape = (len(region_names), 2, len(codes), len(years_all))
        flat = np.ravel_multi_index((r_idx, b_idx, c_idx, y_idx), shape)
        seen = np.zeros(int(np.prod(shape)), dtype=np.int64)
        np.add.at(seen, flat, 1)
        if seen.max() > 1:
            return None
        values = np.full(shape, np.nan)
        values.reshape(-1)[flat] = value
        declared = any(t.strip() for t in cols.texts["unit"])
        table = cls(region_names, codes, years_all, values, next(iter(units)), source, declared)
        table._check_complete()
        return table

    @classmethod
    def _from_rows(
        cls,
        rows: Iterable[tuple[int, str, str, str, str, str, str]],
        *,
        source: str,
        row_offset: int,
        allow_gaps: bool = False,
    ) -> Self:
        del row_offset
        issues = IssueCollector()
        known = _known_codes(cls.kind)
        cells: dict[tuple[str, int, str, str], tuple[float, int]] = {}
        units: dict[str, int] = {}
        declared = False
        for row, region_text, year_text, code_text, basis_text, value_text, unit_text in rows:
            code = code_text.strip().upper()
            region = region_text.strip()
            where = Issue("", file=source, row=row, region=region or None, code=code or None)
            if not region:
                issues.add(Issue("wilayah kosong (empty region)", file=source, row=row, column="region"))
                continue
            year = parse_year(year_text.strip(), issues, _col(where, "year"))
            if year is None:
                continue
            where = Issue("", file=source, row=row, region=region, year=year, code=code or None)
            if code not in known:
                issues.add(_msg(where, "code", _unknown_code_message(code, cls.kind)))
                continue
            basis = _normalise_basis(basis_text)
            if basis is None:
                issues.add(_msg(where, "price_basis", f"price_basis '{basis_text}' harus ADHB atau ADHK"))
                continue
            value = parse_float(value_text.strip(), issues, _col(where, "value"))
            if value is None:
                continue
            unit = normalise_unit(unit_text) or "juta rupiah"
            declared = declared or bool(unit_text.strip())
            if unit.startswith("?"):
                issues.add(
                    _msg(where, "unit", f"satuan '{unit_text}' tidak dikenal; pilih juta, miliar atau triliun rupiah")
                )
                continue
            units.setdefault(unit, row)
            key = (region, year, code, basis)
            if key in cells:
                issues.add(
                    _msg(
                        where,
                        None,
                        f"baris ganda: {code} {basis} sudah ada di baris {cells[key][1]} (duplicated row);"
                        " hapus salah satu",
                    )
                )
                continue
            cells[key] = (value, row)
        if len(units) > 1:
            first = ", ".join(f"{u} (baris {r})" for u, r in units.items())
            issues.add(
                Issue(
                    f"satuan bercampur: {first} (mixed units); gunakan satu satuan untuk seluruh berkas",
                    file=source,
                    column="unit",
                )
            )
        issues.raise_if_any(InputError)
        if not cells:
            raise InputError([Issue("tidak ada baris data (no data rows)", file=source)])
        unit = next(iter(units)) if units else "juta rupiah"
        regions = tuple(sorted({k[0] for k in cells}))
        codes = _order_codes({k[2] for k in cells})
        if allow_gaps:
            years = tuple(sorted({k[1] for k in cells}))
        else:
            years = tuple(range(min(k[1] for k in cells), max(k[1] for k in cells) + 1))
        values = np.full((len(regions), 2, len(codes), len(years)), np.nan)
        ri = {r: i for i, r in enumerate(regions)}
        ci = {c: i for i, c in enumerate(codes)}
        yi = {y: i for i, y in enumerate(years)}
        for (region, year, code, basis), (value, _row) in cells.items():
            values[ri[region], PRICE_BASES.index(basis), ci[code], yi[year]] = value
        table = cls(regions, codes, years, values, unit, source, declared)
        table._check_complete()
        return table

    @classmethod
    def from_array(
        cls,
        regions: Sequence[str],
        codes: Sequence[str],
        years: Sequence[int],
        values: FloatArray,
        *,
        unit: str = "juta rupiah",
        source: str = "<memory>",
    ) -> Self:
        """Fast constructor from an array shaped (region, 2 [ADHB, ADHK], code, year)."""
        values = np.asarray(values, dtype=np.float64)
        shape = (len(regions), 2, len(codes), len(years))
        if values.shape != shape:
            raise InputError([Issue(f"bentuk array {values.shape} harus {shape} (array shape)", file=source)])
        known = _known_codes(cls.kind)
        issues = IssueCollector()
        for code in codes:
            if code not in known:
                issues.add(Issue(_unknown_code_message(code, cls.kind), file=source, code=code))
        if list(years) != list(range(years[0], years[0] + len(years))):
            issues.add(Issue("tahun harus berurutan tanpa celah (years must be consecutive)", file=source))
        if np.any(values < 0):
            r, b, c, y = (int(x) for x in np.argwhere(values < 0)[0])
            issues.add(
                Issue(
                    "nilai negatif tidak diperbolehkan (negative value)",
                    file=source,
                    region=regions[r],
                    year=years[y],
                    code=f"{codes[c]} {PRICE_BASES[b]}",
                )
            )
        issues.raise_if_any(InputError)
        table = cls(tuple(regions), tuple(codes), tuple(years), values, normalise_unit(unit) or unit, source)
        table._check_complete()
        return table

    def _check_complete(self) -> None:
        """Every code given for a region and price basis must be given for all of its years (the span
        of years any code of that region and basis has)."""
        issues = IssueCollector()
        present: NDArray[np.bool_] = np.asarray(~np.isnan(self.values), dtype=bool)  # (R, B, C, Y)
        years_any: NDArray[np.bool_] = np.asarray(present.any(axis=2), dtype=bool)  # (R, B, Y)
        n = len(self.years)
        lo = np.where(years_any.any(axis=2), years_any.argmax(axis=2), n)
        hi = np.where(years_any.any(axis=2), n - 1 - years_any[:, :, ::-1].argmax(axis=2), -1)
        idx = np.arange(n)
        in_span = (idx >= lo[:, :, None]) & (idx <= hi[:, :, None])  # (R, B, Y)
        code_any: NDArray[np.bool_] = np.asarray(present.any(axis=3), dtype=bool)  # (R, B, C)
        missing = code_any[:, :, :, None] & in_span[:, :, None, :] & ~present
        for r, b, c, y in np.argwhere(missing):
            issues.add(
                Issue(
                    f"tahun {self.years[y]} tidak ada untuk {self.codes[c]} {PRICE_BASES[b]} (missing year);"
                    f" isi semua tahun {self.years[lo[r, b]]}-{self.years[hi[r, b]]}, tanpa celah",
                    file=self.source,
                    region=self.regions[r],
                    year=self.years[y],
                    code=self.codes[c],
                )
            )
            if issues.full:
                issues.omitted = int(missing.sum()) - len(issues.issues)
                break
        issues.raise_if_any(InputError)

    # ----- access -------------------------------------------------------------------------
    def in_unit(self, unit: str) -> Self:
        """The same levels expressed in ``unit`` (one of :data:`UNITS`)."""
        if unit == self.unit:
            return self
        factor = UNITS[self.unit] / UNITS[unit]
        return replace(self, values=self.values * factor, unit=unit)

    def get(self, region: str, basis: str, code: str, year: int) -> float | None:
        try:
            v = self.values[
                self.regions.index(region), PRICE_BASES.index(basis), self.codes.index(code), self.years.index(year)
            ]
        except ValueError:
            return None
        return None if math.isnan(v) else float(v)

    def records(self) -> Iterator[LevelRecord]:
        for r, b, c, y in np.argwhere(~np.isnan(self.values)):
            yield LevelRecord(
                self.regions[r],
                self.years[y],
                self.codes[c],
                PRICE_BASES[b],
                float(self.values[r, b, c, y]),
                self.unit,
            )

    def has_basis(self, basis: str) -> bool:
        return bool((~np.isnan(self.values[:, PRICE_BASES.index(basis)])).any())

    def to_dict(self) -> dict[str, object]:
        return {
            "regions": list(self.regions),
            "codes": list(self.codes),
            "years": list(self.years),
            "unit": self.unit,
            "unit_declared": self.unit_declared,
            "source": self.source,
            "status": [[y, s] for y, s in self.status],
            "values": [nan_to_none(row) for row in self.values.reshape(-1, len(self.years))],
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Self:
        regions = tuple(str(x) for x in _seq(data["regions"]))
        codes = tuple(str(x) for x in _seq(data["codes"]))
        years = tuple(int(str(x)) for x in _seq(data["years"]))
        flat = [[math.nan if v is None else float(str(v)) for v in _seq(row)] for row in _seq(data["values"])]
        values = np.array(flat, dtype=np.float64).reshape(len(regions), 2, len(codes), len(years))
        declared = bool(data.get("unit_declared", True))
        status = tuple((int(str(y)), str(st)) for y, st in (_seq(p) for p in _seq(data.get("status", []))))
        return cls(regions, codes, years, values, str(data["unit"]), str(data.get("source", "")), declared, status)


class PdrbTable(LevelTable):
    """PDRB by lapangan usaha (codes of the 2010 structure, optional ``TOTAL``)."""

    kind: ClassVar[CodeKind] = "pdrb"

    def total(self) -> FloatArray:
        """PDRB total (region, basis, year): the TOTAL row, else the sum of the 17 categories (NaN where
        a category is missing)."""
        if TOTAL in self.codes:
            total: FloatArray = self.values[:, :, self.codes.index(TOTAL), :]
            return total
        summed: FloatArray = self.category_values().sum(axis=2)
        return summed

    def category_values(self) -> FloatArray:
        """(region, basis, category, year) for the 17 categories; a missing category row is the sum of
        all its subcategories when they are all given, else NaN."""
        structure = lapangan_usaha_structure()
        out = np.full((len(self.regions), 2, len(structure.categories), len(self.years)), np.nan)
        for k, cat in enumerate(structure.categories):
            if cat in self.codes:
                out[:, :, k, :] = self.values[:, :, self.codes.index(cat), :]
                continue
            subs = structure.subcategories(cat)
            if subs and all(s in self.codes for s in subs):
                out[:, :, k, :] = self.values[:, :, [self.codes.index(s) for s in subs], :].sum(axis=2)
        return out


def nan_to_none(values: FloatArray) -> list[float | None]:
    """The values as Python floats, NaN as ``None`` (JSON ``null``), in one vectorised step."""
    objects = values.astype(object)
    objects[np.isnan(values)] = None
    out: list[float | None] = objects.tolist()
    return out


def _seq(value: object) -> Sequence[object]:
    if not isinstance(value, list | tuple):
        raise InputError([Issue("format JSON tidak sesuai (unexpected JSON)")])
    return value


def _order_codes(codes: set[str]) -> tuple[str, ...]:
    order = {e.code: i for i, e in enumerate(lapangan_usaha_structure().entries)}
    subs = {c: 100 + i for i, c in enumerate((*subsector_list("kemenparekraf_17").codes, "APG"))}
    return tuple(sorted(codes, key=lambda c: (order.get(c, subs.get(c, 1000)), c)))


def _unknown_code_message(code: str, kind: CodeKind) -> str:
    if kind == "pdrb":
        hint = "kode lapangan usaha PDRB 2010 (A, C, C.4, M_N, …) atau TOTAL"
    elif kind == "subsector":
        hint = "kode subsektor ekraf (APL, FSN, KUL, …) atau TOTAL"
    else:
        hint = "kode lapangan usaha, kode subsektor atau TOTAL"
    return f"kode '{code}' tidak dikenal (unknown code); gunakan {hint}"


def _col(where: Issue, column: str) -> Issue:
    return Issue(
        "", file=where.file, row=where.row, column=column, region=where.region, year=where.year, code=where.code
    )


def _msg(where: Issue, column: str | None, message: str) -> Issue:
    return Issue(
        message, file=where.file, row=where.row, column=column, region=where.region, year=where.year, code=where.code
    )
