"""Derived indicators (BPS definitions), computed on whole arrays at once."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from ekraf._classification import lapangan_usaha_structure, subsector_list
from ekraf._errors import InputError, Issue
from ekraf._frame import PRICE_BASES, TOTAL, UNITS, LevelTable, nan_to_none

__all__ = [
    "IMPLICIT_BASIS",
    "INDICATOR_NAMES",
    "IndicatorRecord",
    "IndicatorTable",
    "compute_indicators",
    "top_level_denominator",
]

FloatArray = NDArray[np.float64]
#: Label used in the price_basis column for indicators built from both bases.
IMPLICIT_BASIS = "ADHB/ADHK"
INDICATOR_NAMES = (
    "growth",
    "distribution",
    "contribution",
    "implicit_index",
    "implicit_index_growth",
    "source_of_growth",
    "average_growth_compound",
    "average_growth_mean",
    "per_capita",
    "employment",
    "employment_share",
)
CORE_INDICATORS = ("growth", "distribution", "implicit_index", "implicit_index_growth", "source_of_growth")
#: What ``sinergi pdrb indicators`` derives from given levels (contribution needs the PDRB).
LEVEL_INDICATORS = (*CORE_INDICATORS, "contribution", "average_growth_compound", "average_growth_mean")


@dataclass(frozen=True, slots=True)
class IndicatorRecord:
    region: str
    year: int
    code: str
    indicator: str
    price_basis: str
    value: float


@dataclass(frozen=True, eq=False)
class IndicatorTable:
    """Indicator name → array (region, basis label, code, year) over the axes of its levels.

    Percentages are unrounded floats (×100 already applied); NaN means "not defined" (first year,
    missing basis, zero denominator) and is never written out.
    """

    regions: tuple[str, ...]
    codes: tuple[str, ...]
    years: tuple[int, ...]
    arrays: Mapping[str, tuple[tuple[str, ...], FloatArray]] = field(default_factory=dict)

    def __iter__(self) -> Iterator[IndicatorRecord]:
        return self.records()

    def records(self, names: tuple[str, ...] | None = None) -> Iterator[IndicatorRecord]:
        for name, (bases, array) in self.arrays.items():
            if names is not None and name not in names:
                continue
            finite = np.argwhere(~np.isnan(array))
            # order: region, code, year, basis for readable output
            order = np.lexsort((finite[:, 1], finite[:, 3], finite[:, 2], finite[:, 0]))
            for r, b, c, y in finite[order]:
                yield IndicatorRecord(
                    self.regions[r], self.years[y], self.codes[c], name, bases[b], float(array[r, b, c, y])
                )

    def get(self, name: str, region: str, code: str, year: int, basis: str) -> float | None:
        bases, array = self.arrays[name]
        v = array[self.regions.index(region), bases.index(basis), self.codes.index(code), self.years.index(year)]
        return None if math.isnan(v) else float(v)

    def to_dict(self) -> dict[str, object]:
        return {
            "regions": list(self.regions),
            "codes": list(self.codes),
            "years": list(self.years),
            "arrays": {
                name: {"bases": list(bases), "values": nan_to_none(array.ravel())}
                for name, (bases, array) in self.arrays.items()
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> IndicatorTable:
        regions = tuple(str(x) for x in _list(data["regions"]))
        codes = tuple(str(x) for x in _list(data["codes"]))
        years = tuple(int(str(x)) for x in _list(data["years"]))
        arrays: dict[str, tuple[tuple[str, ...], FloatArray]] = {}
        raw = data["arrays"]
        if not isinstance(raw, dict):
            raise TypeError(raw)
        for name, item in raw.items():
            bases = tuple(str(b) for b in _list(item["bases"]))
            flat = np.array([math.nan if v is None else float(str(v)) for v in _list(item["values"])], dtype=np.float64)
            arrays[str(name)] = (bases, flat.reshape(len(regions), len(bases), len(codes), len(years)))
        return cls(regions, codes, years, arrays)


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError(value)
    return value


def top_level_denominator(levels: LevelTable) -> FloatArray:
    """Share denominators (region, basis, year): the TOTAL row where given, else the sum of top-level
    codes (categories, subcategories whose category is absent, or subsectors; never both levels)."""
    codes = levels.codes
    structure = lapangan_usaha_structure()
    lu = [c for c in codes if c in structure.by_code]
    subs17 = set(subsector_list("kemenparekraf_17").codes) | {"APG"}
    subs = [c for c in codes if c in subs17 and c not in structure.by_code]
    if "APG" in subs and ({"APL", "GAM"} & set(subs)):
        raise InputError(
            [Issue("APG tidak boleh bersama APL/GAM (16 and 17 subsector lists mixed)", file=levels.source, code="APG")]
        )
    top = [c for c in lu if structure.by_code[c].parent is None or structure.by_code[c].parent not in codes]
    top_idx = [codes.index(c) for c in top] + [codes.index(c) for c in subs]
    summed = np.full((len(levels.regions), 2, len(levels.years)), np.nan)
    if top_idx:
        block = levels.values[:, :, top_idx, :]
        present = ~np.isnan(block)
        summed = np.where(present.any(axis=2), np.nansum(block, axis=2), np.nan)
    if TOTAL in codes:
        given = levels.values[:, :, codes.index(TOTAL), :]
        summed = np.where(np.isnan(given), summed, given)
        if lu and subs and np.isnan(given).any():
            raise InputError(
                [
                    Issue(
                        "kode lapangan usaha dan subsektor bercampur tanpa baris TOTAL untuk semua wilayah/tahun"
                        " (mixed code families need a TOTAL row)",
                        file=levels.source,
                    )
                ]
            )
    elif lu and subs:
        raise InputError(
            [
                Issue(
                    "kode lapangan usaha dan subsektor bercampur tanpa baris TOTAL; tambahkan TOTAL atau pisahkan"
                    " berkasnya (mixed code families need a TOTAL row)",
                    file=levels.source,
                )
            ]
        )
    return summed


def _consecutive(years: tuple[int, ...]) -> NDArray[np.bool_]:
    """For positions 1…n−1: is the year the one right after the previous position's year?"""
    result: NDArray[np.bool_] = np.diff(np.asarray(years, dtype=np.int64)) == 1
    return result


def _growth(x: FloatArray, years: tuple[int, ...]) -> FloatArray:
    """Annual growth; undefined across a gap in the years (2010, 2015: no annual rate)."""
    out = np.full_like(x, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        out[..., 1:] = (x[..., 1:] / x[..., :-1] - 1.0) * 100.0
    out[..., 1:][..., ~_consecutive(years)] = np.nan
    out[~np.isfinite(out)] = np.nan
    return out


def _ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / den * 100.0
    out[~np.isfinite(out)] = np.nan
    return out


def compute_indicators(
    levels: LevelTable,
    *,
    denominator: FloatArray | None = None,
    pdrb_total: FloatArray | None = None,
    population: FloatArray | None = None,
    employment: FloatArray | None = None,
    employment_total: FloatArray | None = None,
    employment_year: int | None = None,
    names: tuple[str, ...] = INDICATOR_NAMES,
) -> IndicatorTable:
    """Every derived indicator for every code of ``levels``.

    ``denominator`` (region, basis, year) is the share base for distribution and sources of growth
    (default: :func:`top_level_denominator`); ``pdrb_total`` the economy's PDRB for contribution;
    ``population`` (region, year) mid-year persons; ``employment`` (region, code) workers and
    ``employment_total`` (region,) all workers, for the employment indicators.
    """
    x = levels.values
    den = top_level_denominator(levels) if denominator is None else denominator
    arrays: dict[str, tuple[tuple[str, ...], FloatArray]] = {}
    if "growth" in names:
        arrays["growth"] = (PRICE_BASES, _growth(x, levels.years))
    if "distribution" in names:
        arrays["distribution"] = (PRICE_BASES, _ratio(x, den[:, :, None, :]))
    if "contribution" in names and pdrb_total is not None:
        arrays["contribution"] = (PRICE_BASES, _ratio(x, pdrb_total[:, :, None, :]))
    if "implicit_index" in names or "implicit_index_growth" in names:
        ipi = _ratio(x[:, 0:1], x[:, 1:2])
        if "implicit_index" in names:
            arrays["implicit_index"] = ((IMPLICIT_BASIS,), ipi)
        if "implicit_index_growth" in names:
            arrays["implicit_index_growth"] = ((IMPLICIT_BASIS,), _growth(ipi, levels.years))
    if "source_of_growth" in names:
        sog = np.full_like(x, np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            sog[..., 1:] = (x[..., 1:] - x[..., :-1]) / den[:, :, None, :-1] * 100.0
        sog[..., 1:][..., ~_consecutive(levels.years)] = np.nan
        sog[~np.isfinite(sog)] = np.nan
        arrays["source_of_growth"] = (PRICE_BASES, sog)
    if "average_growth_compound" in names or "average_growth_mean" in names:
        arrays.update(_average_growth(x, levels.years, names))
    if "per_capita" in names and population is not None:
        factor = UNITS.get(levels.unit, 1.0) * 1e6  # rupiah per unit
        with np.errstate(divide="ignore", invalid="ignore"):
            pc = x * factor / population[:, None, None, :]
        pc[~np.isfinite(pc)] = np.nan
        arrays["per_capita"] = (PRICE_BASES, pc)
    if employment is not None and ("employment" in names or "employment_share" in names):
        emp = np.full((len(levels.regions), 1, len(levels.codes), len(levels.years)), np.nan)
        last = levels.years.index(employment_year) if employment_year in levels.years else len(levels.years) - 1
        emp[:, 0, :, last] = employment
        if "employment" in names:
            arrays["employment"] = (("pekerja",), emp)
        if "employment_share" in names and employment_total is not None:
            arrays["employment_share"] = (("pekerja",), _ratio(emp, employment_total[:, None, None, None]))
    return IndicatorTable(levels.regions, levels.codes, levels.years, arrays)


def _average_growth(
    x: FloatArray, years: tuple[int, ...], names: tuple[str, ...]
) -> dict[str, tuple[tuple[str, ...], FloatArray]]:
    """Average growth over each series' span, reported at its last year (compound and mean, labelled).

    The compound rate is over the calendar years between the first and last value, so a list of
    non-consecutive years (2010, 2015) gives the 2010–2015 average; the mean of annual rates needs every
    year in between and is left undefined across a gap."""
    present = ~np.isnan(x)
    n_years = x.shape[-1]
    idx = np.arange(n_years)
    year_of = np.asarray(years, dtype=np.int64)
    first = np.where(present, idx, n_years).min(axis=-1)
    last = np.where(present, idx, -1).max(axis=-1)
    span = np.where(last >= first, year_of[np.clip(last, 0, n_years - 1)] - year_of[np.clip(first, 0, n_years - 1)], 0)
    out: dict[str, tuple[tuple[str, ...], FloatArray]] = {}
    valid = span >= 1
    safe_first = np.clip(first, 0, n_years - 1)
    safe_last = np.clip(last, 0, n_years - 1)
    x_first = np.take_along_axis(x, safe_first[..., None], axis=-1)[..., 0]
    x_last = np.take_along_axis(x, safe_last[..., None], axis=-1)[..., 0]
    if "average_growth_compound" in names:
        arr = np.full_like(x, np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            cagr = (np.power(x_last / x_first, 1.0 / np.where(valid, span, 1)) - 1.0) * 100.0
        cagr = np.where(valid & np.isfinite(cagr), cagr, np.nan)
        np.put_along_axis(arr, safe_last[..., None], cagr[..., None], axis=-1)
        out["average_growth_compound"] = (PRICE_BASES, arr)
    if "average_growth_mean" in names:
        arr = np.full_like(x, np.nan)
        g = _growth(x, years)
        count = (~np.isnan(g)).sum(axis=-1)
        total = np.nansum(g, axis=-1)
        mean = np.where(valid & (count == span), total / np.maximum(count, 1), np.nan)
        np.put_along_axis(arr, safe_last[..., None], mean[..., None], axis=-1)
        out["average_growth_mean"] = (PRICE_BASES, arr)
    return out
