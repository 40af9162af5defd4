"""Accounting identities checked on every input and result."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ekraf._classification import lapangan_usaha_structure
from ekraf._errors import IdentityError, Issue, IssueCollector
from ekraf._frame import PRICE_BASES, TOTAL, LevelTable, PdrbTable
from ekraf._indicators import IndicatorTable

__all__ = [
    "INPUT_RELATIVE_TOLERANCE",
    "RELATIVE_TOLERANCE",
    "check_ekraf_within_hosts",
    "check_ekraf_within_pdrb",
    "check_indicators",
    "check_pdrb_hierarchy",
    "check_subsectors_sum",
]

FloatArray = NDArray[np.float64]
#: Tolerance for identities the engine itself computes (float rounding only).
RELATIVE_TOLERANCE = 1e-9
#: Tolerance for identities between values a user typed from published, rounded tables (0.1 %).
INPUT_RELATIVE_TOLERANCE = 1e-3


def _close(a: FloatArray, b: FloatArray, rel: float, absolute: float = 1e-9) -> NDArray[np.bool_]:
    both = ~(np.isnan(a) | np.isnan(b))
    ok = np.abs(a - b) <= np.maximum(rel * np.maximum(np.abs(a), np.abs(b)), absolute)
    result: NDArray[np.bool_] = ~both | ok
    return result


def _report(
    issues: IssueCollector,
    bad: NDArray[np.bool_],
    table: LevelTable,
    code: str,
    message: str,
    *,
    has_basis: bool = True,
) -> None:
    for idx in np.argwhere(bad):
        if issues.full:
            issues.omitted += 1
            continue
        r, b, y = (int(v) for v in idx) if has_basis else (int(idx[0]), 0, int(idx[1]))
        basis = PRICE_BASES[b] if has_basis else ""
        issues.add(
            Issue(
                f"{message} ({basis})" if basis else message,
                file=table.source or None,
                region=table.regions[r],
                year=table.years[y],
                code=code,
            )
        )


def check_pdrb_hierarchy(pdrb: PdrbTable) -> None:
    """Subcategories sum to their category, and categories to TOTAL, where all are given."""
    structure = lapangan_usaha_structure()
    issues = IssueCollector()
    codes = pdrb.codes
    for cat in structure.categories:
        subs = structure.subcategories(cat)
        if cat not in codes or not subs or not all(s in codes for s in subs):
            continue
        total = pdrb.values[:, :, codes.index(cat), :]
        summed = pdrb.values[:, :, [codes.index(s) for s in subs], :].sum(axis=2)
        bad = ~_close(total, summed, INPUT_RELATIVE_TOLERANCE)
        _report(
            issues,
            bad,
            pdrb,
            cat,
            f"jumlah subkategori {'+'.join(subs)} tidak sama dengan kategori {cat}"
            " (subcategories do not sum to their category)",
        )
    if TOTAL in codes and all(c in codes for c in structure.categories):
        summed = pdrb.values[:, :, [codes.index(c) for c in structure.categories], :].sum(axis=2)
        bad = ~_close(pdrb.values[:, :, codes.index(TOTAL), :], summed, INPUT_RELATIVE_TOLERANCE)
        _report(issues, bad, pdrb, TOTAL, "jumlah 17 kategori tidak sama dengan TOTAL (categories do not sum to TOTAL)")
    issues.raise_if_any(IdentityError)


def check_subsectors_sum(levels: LevelTable) -> None:
    """Subsectors sum to the ekraf TOTAL."""
    if TOTAL not in levels.codes:
        return
    idx = [i for i, c in enumerate(levels.codes) if c != TOTAL]
    total = levels.values[:, :, levels.codes.index(TOTAL), :]
    block = levels.values[:, :, idx, :]
    summed = np.where(np.isnan(block).all(axis=2), np.nan, np.nansum(block, axis=2))
    issues = IssueCollector()
    _report(
        issues,
        ~_close(total, summed, RELATIVE_TOLERANCE),
        levels,
        TOTAL,
        "jumlah subsektor tidak sama dengan total ekraf (subsectors do not sum to the ekraf total)",
    )
    issues.raise_if_any(IdentityError)


def check_ekraf_within_pdrb(ekraf: LevelTable, pdrb_total: FloatArray) -> None:
    """Ekraf total ≤ PDRB total (region, basis, year)."""
    if TOTAL not in ekraf.codes:
        return
    total = ekraf.values[:, :, ekraf.codes.index(TOTAL), :]
    with np.errstate(invalid="ignore"):
        bad = total > pdrb_total * (1 + RELATIVE_TOLERANCE)
    issues = IssueCollector()
    _report(
        issues,
        bad,
        ekraf,
        TOTAL,
        "PDRB ekraf melebihi PDRB wilayah (ekraf exceeds PDRB); periksa satuan dan porsi kreatif",
    )
    issues.raise_if_any(IdentityError)


def check_ekraf_within_hosts(  # noqa: PLR0917  axes of the two arrays
    ekraf_by_host: FloatArray,
    pdrb_by_host: FloatArray,
    regions: tuple[str, ...],
    codes: tuple[str, ...],
    years: tuple[int, ...],
    source: str,
) -> None:
    """Ekraf within each lapangan usaha ≤ that lapangan usaha's PDRB, both arrays (region, basis,
    lapangan usaha, year); every method that knows the host industry of its values runs it."""
    with np.errstate(invalid="ignore"):
        bad = ekraf_by_host > pdrb_by_host * (1 + INPUT_RELATIVE_TOLERANCE)
    issues = IssueCollector()
    for r, b, i, y in np.argwhere(bad):
        issues.add(
            Issue(
                f"PDRB ekraf {PRICE_BASES[b]} pada lapangan usaha {codes[i]} = {ekraf_by_host[r, b, i, y]:g}"
                f" melebihi PDRB lapangan usaha itu = {pdrb_by_host[r, b, i, y]:g} (ekraf exceeds its host"
                " industry); periksa satuan, penimbang dan kode KBLI",
                file=source or None,
                region=regions[r],
                year=years[y],
                code=codes[i],
            )
        )
    issues.raise_if_any(IdentityError)


def check_indicators(levels: LevelTable, indicators: IndicatorTable, denominator: FloatArray) -> None:
    """Shares sum to 100, sources of growth sum to total growth, growth chains recompose the levels,
    and ADHB = ADHK × implicit index / 100."""
    issues = IssueCollector()
    x = levels.values
    arrays = indicators.arrays
    top = [i for i, c in enumerate(levels.codes) if c != TOTAL and _is_top(c, levels.codes)]
    if "distribution" in arrays and top:
        dist = arrays["distribution"][1][:, :, top, :]
        summed = np.where(np.isnan(dist).all(axis=2), np.nan, np.nansum(dist, axis=2))
        den_is_sum = np.where(np.isnan(x[:, :, top, :]).all(axis=2), np.nan, np.nansum(x[:, :, top, :], axis=2))
        check = _close(den_is_sum, denominator, RELATIVE_TOLERANCE)
        bad = check & ~_close(summed, np.full_like(summed, 100.0), 1e-7)
        _report(issues, bad, levels, "*", "distribusi tidak berjumlah 100 (shares do not sum to 100)")
        if "source_of_growth" in arrays:
            sog = arrays["source_of_growth"][1][:, :, top, :]
            sog_sum = np.where(np.isnan(sog).all(axis=2), np.nan, np.nansum(sog, axis=2))
            with np.errstate(divide="ignore", invalid="ignore"):
                total_growth = (denominator[..., 1:] / denominator[..., :-1] - 1) * 100
            bad = check[..., 1:] & ~_close(sog_sum[..., 1:], total_growth, 1e-7, 1e-7)
            _report(
                issues,
                np.concatenate([np.zeros_like(bad[..., :1]), bad], axis=-1),
                levels,
                "*",
                "sumber pertumbuhan tidak berjumlah pertumbuhan total (sources of growth do not add up)",
            )
    if "growth" in arrays:
        g = arrays["growth"][1]
        with np.errstate(invalid="ignore"):
            recomposed = x[..., :-1] * (1 + g[..., 1:] / 100)
        bad = ~_close(recomposed, x[..., 1:], 1e-6)  # (1 + g/100) cancels digits for extreme ratios
        for r, _b, c, y in np.argwhere(bad):
            issues.add(
                Issue(
                    "pertumbuhan tidak konsisten dengan level (growth does not recompose levels)",
                    region=levels.regions[r],
                    year=levels.years[y + 1],
                    code=levels.codes[c],
                )
            )
    if "implicit_index" in arrays:
        ipi = arrays["implicit_index"][1][:, 0]
        with np.errstate(invalid="ignore"):
            back = x[:, 1] * ipi / 100
        bad = ~_close(back, x[:, 0], 1e-9)
        for r, c, y in np.argwhere(bad):
            issues.add(
                Issue(
                    "ADHB, ADHK dan indeks implisit tidak konsisten (implicit index inconsistent)",
                    region=levels.regions[r],
                    year=levels.years[y],
                    code=levels.codes[c],
                )
            )
    issues.raise_if_any(IdentityError)


def _is_top(code: str, codes: tuple[str, ...]) -> bool:
    entry = lapangan_usaha_structure().by_code.get(code)
    if entry is None:
        return True
    return entry.parent is None or entry.parent not in codes
