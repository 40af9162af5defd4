"""The three BPS methods: ratio allocation, indicator extrapolation and direct survey estimation."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ekraf._checks import establishment_unit_factor
from ekraf._classification import KbliMapping, kbli_codes, lapangan_usaha_structure, subsector_list
from ekraf._errors import InputError, Issue, IssueCollector
from ekraf._establishments import EstablishmentAggregate
from ekraf._frame import PRICE_BASES, TOTAL, LevelTable, PdrbTable
from ekraf._identities import check_ekraf_within_hosts

__all__ = [
    "SubsectorLevels",
    "Theta",
    "allocation_codes",
    "estimate_theta",
    "extrapolate",
    "ratio_allocation",
    "survey_estimate",
]

FloatArray = NDArray[np.float64]


class SubsectorLevels(LevelTable):
    """Levels by ekraf subsector plus the ekraf ``TOTAL``."""

    kind = "subsector"


def allocation_codes(pdrb: PdrbTable | None) -> tuple[tuple[str, ...], frozenset[str]]:
    """The lapangan usaha codes θ is estimated for: a category's subcategories when the PDRB gives all
    of them and KBLI codes can be placed in them, else the category itself."""
    structure = lapangan_usaha_structure()
    prefixed = {structure.category_of(c) for c in structure.kbli_prefixes.values()}
    codes: list[str] = []
    sub_level: set[str] = set()
    for cat in structure.categories:
        subs = structure.subcategories(cat)
        if pdrb is not None and cat in prefixed and subs and all(s in pdrb.codes for s in subs):
            codes.extend(subs)
            sub_level.add(cat)
        else:
            codes.append(cat)
    return tuple(codes), frozenset(sub_level)


def _pdrb_at(pdrb: PdrbTable, codes: tuple[str, ...]) -> FloatArray:
    """PDRB (region, basis, allocation code, year)."""
    structure = lapangan_usaha_structure()
    cats = pdrb.category_values()
    out = np.empty((len(pdrb.regions), 2, len(codes), len(pdrb.years)))
    for k, code in enumerate(codes):
        if code in structure.categories:
            out[:, :, k, :] = cats[:, :, structure.categories.index(code), :]
        else:
            out[:, :, k, :] = pdrb.values[:, :, pdrb.codes.index(code), :]
    return out


@dataclass(frozen=True, eq=False)
class Theta:
    """Benchmark shares θ(region, subsector, lapangan usaha) and the employment they imply."""

    regions: tuple[str, ...]
    subsectors: tuple[str, ...]
    codes: tuple[str, ...]
    values: FloatArray  # (region, subsector, code)
    employment: FloatArray  # (region, subsector) creative-share-weighted workers
    workers_total: FloatArray  # (region,) all workers in the establishment data
    benchmark_year: int | None
    source: str = ""
    #: (region, lapangan usaha) whose establishment data held only creative units (θ sums to 1);
    #: only ever non-empty when the caller allowed such a frame.
    creative_only: tuple[tuple[str, str], ...] = ()

    def get(self, region: str, subsector: str, code: str) -> float:
        return float(self.values[self.regions.index(region), self.subsectors.index(subsector), self.codes.index(code)])


def _year_mask(est: EstablishmentAggregate, year: int | None) -> NDArray[np.bool_]:
    years = est.years
    if year is None and len(years) > 1:
        raise InputError(
            [
                Issue(
                    f"data usaha memuat beberapa tahun {[y for y in years if y is not None]}; pilih tahun acuan"
                    " dengan --benchmark-year (several years, choose a benchmark year)",
                    file=est.source,
                )
            ]
        )
    if year is not None and year not in years:
        raise InputError(
            [
                Issue(
                    f"tidak ada data usaha untuk tahun acuan {year} (no data for benchmark year)",
                    file=est.source,
                    year=year,
                )
            ]
        )
    chosen = year if year is not None else years[0]
    mask: NDArray[np.bool_] = np.asarray(est.year == (-1 if chosen is None else chosen), dtype=bool)
    return mask


def estimate_theta(
    est: EstablishmentAggregate,
    mapping: KbliMapping,
    *,
    pdrb: PdrbTable | None = None,
    benchmark_year: int | None = None,
    allow_creative_only_frame: bool = False,
) -> Theta:
    """θ(s,i) = Σ_{k∈s∩i} c_k·w·NTB_k / Σ_{k∈i} w·NTB_k per region (domain.md §3, method 1).

    A lapangan usaha whose establishments are all creative gives θ = 1 (its whole PDRB counted as
    creative), which is what a registry of creative actors produces: refused unless
    ``allow_creative_only_frame``; the pairs are then listed in :attr:`Theta.creative_only`."""
    structure = lapangan_usaha_structure()
    codes, sub_level = allocation_codes(pdrb)
    subsectors = subsector_list(mapping.subsector_list).codes
    mask = _year_mask(est, benchmark_year)
    region_values, r_idx = np.unique(est.region[mask].astype(str), return_inverse=True)
    kbli_values, k_idx = np.unique(est.kbli[mask].astype(str), return_inverse=True)
    regions = tuple(str(r) for r in region_values)
    kategori = kbli_codes(mapping.kbli_version).kategori
    si = {s: i for i, s in enumerate(subsectors)}
    ci = {c: i for i, c in enumerate(codes)}
    host_of = np.empty(len(kbli_values), dtype=np.int64)
    share = np.zeros((len(kbli_values), len(subsectors)))
    issues = IssueCollector()
    for k, kbli in enumerate(kbli_values):
        host = structure.host(str(kbli), kategori.get(str(kbli), ""), sub_level)
        if host is None:
            issues.add(
                Issue(
                    "kode KBLI tidak dapat ditempatkan pada lapangan usaha (cannot place code)",
                    file=est.source,
                    code=str(kbli),
                )
            )
            continue
        host_of[k] = ci[host]
        for subsector, c in mapping.shares.get(str(kbli), ()):
            share[k, si[subsector]] += c
    issues.raise_if_any(InputError)
    a = np.zeros((len(regions), len(kbli_values)))
    w = np.zeros((len(regions), len(kbli_values)))
    np.add.at(a, (r_idx, k_idx), est.ntb[mask])
    np.add.at(w, (r_idx, k_idx), est.workers[mask])
    num = np.zeros((len(regions), len(subsectors), len(codes)))
    den = np.zeros((len(regions), len(codes)))
    for i in np.unique(host_of):
        cols = np.flatnonzero(host_of == i)
        den[:, i] = a[:, cols].sum(axis=1)
        num[:, :, i] = a[:, cols] @ share[cols]
    with np.errstate(divide="ignore", invalid="ignore"):
        theta = np.where(den[:, None, :] > 0, num / den[:, None, :], 0.0)
    creative = num.sum(axis=1)
    # θ = 1 is structural where every KBLI code of the industry is wholly creative (I.2, food and
    # beverage service, in the provisional mapping); elsewhere it means the frame lacks the
    # non-creative units.
    mixed = np.zeros(len(codes), dtype=bool)
    for kbli, kat in kategori.items():
        host = structure.host(kbli, kat, sub_level)
        if host is not None and sum(c for _, c in mapping.shares.get(kbli, ())) < 1:
            mixed[ci[host]] = True
    only = (creative > 0) & (creative >= den * (1 - 1e-12)) & mixed[None, :]
    pairs = tuple((regions[r], codes[i]) for r, i in np.argwhere(only))
    if pairs and not allow_creative_only_frame:
        raise InputError(
            [
                Issue(
                    "data usaha pada lapangan usaha ini hanya memuat usaha kreatif, sehingga θ = 1 dan seluruh"
                    " PDRB-nya terhitung kreatif (establishment data holds only creative units: θ = 1). θ memerlukan"
                    " usaha non-kreatif setiap lapangan usaha induk, yaitu kerangka sensus ekonomi (SE2016/SE2026)"
                    " atau survei; data registri/direktori hanya cocok untuk pembagian per kecamatan. Bila"
                    " disengaja, izinkan dengan --allow-creative-only-frame dan hasilnya diberi peringatan.",
                    file=est.source,
                    region=region,
                    year=benchmark_year,
                    code=code,
                )
                for region, code in pairs
            ]
        )
    return Theta(regions, subsectors, codes, theta, w @ share, w.sum(axis=1), benchmark_year, est.source, pairs)


def ratio_allocation(pdrb: PdrbTable, theta: Theta, *, path: FloatArray | None = None) -> SubsectorLevels:
    """PDRBEK(s,t) = Σ_i θ(s,i)·PDRB(i,t), ADHB with ADHB and ADHK with ADHK.

    ``path`` (region in PDRB order, subsector, code, year) gives θ per year when there are several
    benchmarks (:func:`ekraf._benchmarks.theta_path`); ``theta`` is then the first benchmark."""
    issues = IssueCollector()
    missing = [r for r in pdrb.regions if r not in theta.regions]
    extra = [r for r in theta.regions if r not in pdrb.regions]
    for r in missing:
        issues.add(
            Issue(
                "tidak ada data usaha untuk wilayah ini (no establishment data for region)", file=theta.source, region=r
            )
        )
    for r in extra:
        issues.add(
            Issue("wilayah ada di data usaha tetapi tidak di PDRB (region not in PDRB)", file=pdrb.source, region=r)
        )
    codes, _ = allocation_codes(pdrb)
    if codes != theta.codes:
        issues.add(
            Issue("θ dihitung untuk rincian lapangan usaha yang berbeda dari PDRB (theta level differs from PDRB)")
        )
    issues.raise_if_any(InputError)
    order = [theta.regions.index(r) for r in pdrb.regions]
    th = theta.values[order][..., None] if path is None else path  # (R, S, I, 1 or Y)
    p = _pdrb_at(pdrb, codes)  # (R, B, I, Y)
    needed = (th.sum(axis=1).max(axis=2) > 0)[:, None, :, None] & np.isnan(p)
    given_basis: NDArray[np.bool_] = np.asarray(~np.isnan(pdrb.values).all(axis=(2, 3)))  # (R, B)
    needed &= given_basis[:, :, None, None]
    for r, b, i, y in np.argwhere(needed)[:20]:
        issues.add(
            Issue(
                f"PDRB {codes[i]} {PRICE_BASES[b]} tidak ada padahal ada usaha kreatif di dalamnya (PDRB missing"
                " for a lapangan usaha with creative activity)",
                file=pdrb.source,
                region=pdrb.regions[r],
                year=pdrb.years[y],
                code=codes[i],
            )
        )
    issues.raise_if_any(InputError)
    if path is None:
        by_host = np.einsum("rsi,rbiy->rbiy", th[..., 0], p)
        ek = np.einsum("rsi,rbiy->rbsy", th[..., 0], np.nan_to_num(p))
    else:
        by_host = np.einsum("rsiy,rbiy->rbiy", th, p)
        ek = np.einsum("rsiy,rbiy->rbsy", th, np.nan_to_num(p))
    check_ekraf_within_hosts(by_host, p, pdrb.regions, codes, pdrb.years, theta.source or pdrb.source)
    absent = ~given_basis
    ek[absent] = np.nan
    return _with_total(pdrb.regions, theta.subsectors, pdrb.years, ek, pdrb.unit, "ratio")


def _with_total(  # noqa: PLR0917  private constructor of a result frame
    regions: tuple[str, ...],
    subsectors: tuple[str, ...],
    years: tuple[int, ...],
    ek: FloatArray,
    unit: str,
    source: str,
) -> SubsectorLevels:
    total = ek.sum(axis=2, keepdims=True)
    values = np.concatenate([ek, total], axis=2)
    return SubsectorLevels(regions, (*subsectors, TOTAL), years, values, unit, source)


def extrapolate(benchmark: LevelTable, indicator: LevelTable) -> SubsectorLevels:
    """X(s,t) = X(s,t−1)·I(t)/I(t−1) from the benchmark year, forwards and backwards, per price basis."""
    issues = IssueCollector()
    bm = benchmark.values
    subsectors = tuple(c for c in benchmark.codes if c != TOTAL)
    years = indicator.years
    out = np.full((len(benchmark.regions), 2, len(subsectors), len(years)), np.nan)
    for r, region in enumerate(benchmark.regions):
        for b, basis in enumerate(PRICE_BASES):
            for s, code in enumerate(subsectors):
                series = bm[r, b, benchmark.codes.index(code)]
                given = np.flatnonzero(~np.isnan(series))
                if len(given) == 0:
                    continue
                if len(given) > 1:
                    issues.add(
                        Issue(
                            "nilai acuan harus satu tahun saja (benchmark must be a single year)",
                            file=benchmark.source,
                            region=region,
                            code=code,
                        )
                    )
                    continue
                year0 = benchmark.years[int(given[0])]
                value0 = float(series[given[0]])
                if region not in indicator.regions or code not in indicator.codes:
                    issues.add(
                        Issue(
                            f"seri indikator {basis} tidak ada (indicator series missing)",
                            file=indicator.source,
                            region=region,
                            code=code,
                        )
                    )
                    continue
                ind = indicator.values[indicator.regions.index(region), b, indicator.codes.index(code)]
                if year0 not in years or math.isnan(ind[years.index(year0)]) or ind[years.index(year0)] <= 0:
                    issues.add(
                        Issue(
                            f"indikator {basis} tahun acuan tidak ada atau nol (indicator missing at benchmark year)",
                            file=indicator.source,
                            region=region,
                            year=year0,
                            code=code,
                        )
                    )
                    continue
                out[r, b, s] = value0 * ind / ind[years.index(year0)]
    issues.raise_if_any(InputError)
    return _with_total(benchmark.regions, subsectors, years, out, benchmark.unit, "extrapolation")


def survey_estimate(
    est: EstablishmentAggregate,
    mapping: KbliMapping,
    *,
    pdrb: PdrbTable | None = None,
    year: int | None = None,
) -> tuple[SubsectorLevels, FloatArray, FloatArray]:
    """NTB(s) = Σ w·c·(output − intermediate); ADHK by deflating with the host lapangan usaha's
    implicit index ADHB/ADHK from ``pdrb``. Returns levels, employment (region, subsector) and all
    workers (region,)."""
    structure = lapangan_usaha_structure()
    codes, sub_level = allocation_codes(pdrb)
    subsectors = subsector_list(mapping.subsector_list).codes
    kategori = kbli_codes(mapping.kbli_version).kategori
    issues = IssueCollector()
    unit, factor = establishment_unit_factor(est, pdrb)
    cells = est.cells
    if any(k[1] is None for k in cells) and year is None:
        raise InputError(
            [
                Issue(
                    "kolom year kosong; isi tahun atau beri --year (survey year missing)",
                    file=est.source,
                    column="year",
                )
            ]
        )
    regions = tuple(sorted({k[0] for k in cells}))
    years_set = {year if k[1] is None else k[1] for k in cells}
    years = tuple(range(min(y for y in years_set if y is not None), max(y for y in years_set if y is not None) + 1))
    adhb = np.zeros((len(regions), len(subsectors), len(codes), len(years)))
    seen_years = np.zeros((len(regions), len(years)), dtype=bool)
    emp = np.zeros((len(regions), len(subsectors)))
    workers = np.zeros(len(regions))
    last_year = years[-1]
    si = {s: i for i, s in enumerate(subsectors)}
    ci = {c: i for i, c in enumerate(codes)}
    for (region, y, kbli), cell in cells.items():
        yr = year if y is None else y
        if yr is None:
            continue
        host = structure.host(kbli, kategori.get(kbli, ""), sub_level)
        if host is None:
            issues.add(
                Issue(
                    "kode KBLI tidak dapat ditempatkan pada lapangan usaha", file=est.source, region=region, code=kbli
                )
            )
            continue
        r, t = regions.index(region), years.index(yr)
        seen_years[r, t] = True
        if yr == last_year:
            workers[r] += cell.workers
        for subsector, share in mapping.shares.get(kbli, ()):
            adhb[r, si[subsector], ci[host], t] += share * cell.ntb * factor
            if yr == last_year:
                emp[r, si[subsector]] += share * cell.workers
    for r, region in enumerate(regions):
        for t, yr in enumerate(years):
            if not seen_years[r, t]:
                issues.add(
                    Issue(
                        "tahun survei tidak ada (missing year) untuk wilayah ini",
                        file=est.source,
                        region=region,
                        year=yr,
                    )
                )
    issues.raise_if_any(InputError)
    values = np.full((len(regions), 2, len(subsectors), len(years)), np.nan)
    values[:, 0] = adhb.sum(axis=2)
    if pdrb is not None:
        p = _pdrb_at(pdrb, codes)
        deflator = np.full((len(regions), len(codes), len(years)), np.nan)
        for r, region in enumerate(regions):
            if region not in pdrb.regions:
                issues.add(Issue("wilayah tidak ada di PDRB (region missing in PDRB)", file=pdrb.source, region=region))
                continue
            pr = pdrb.regions.index(region)
            for t, yr in enumerate(years):
                if yr not in pdrb.years:
                    issues.add(
                        Issue(
                            "tahun tidak ada di PDRB (year missing in PDRB)", file=pdrb.source, region=region, year=yr
                        )
                    )
                    continue
                py = pdrb.years.index(yr)
                with np.errstate(divide="ignore", invalid="ignore"):
                    deflator[r, :, t] = p[pr, 0, :, py] / p[pr, 1, :, py]
        issues.raise_if_any(InputError)
        used = adhb.sum(axis=1) > 0  # (R, I, Y)
        bad = used & ~np.isfinite(deflator)
        for r, i, t in np.argwhere(bad)[:20]:
            issues.add(
                Issue(
                    "indeks implisit lapangan usaha tidak dapat dihitung: PDRB ADHB/ADHK tidak ada (cannot deflate)",
                    file=pdrb.source,
                    region=regions[r],
                    year=years[t],
                    code=codes[i],
                )
            )
        issues.raise_if_any(InputError)
        with np.errstate(divide="ignore", invalid="ignore"):
            adhk = np.where(adhb > 0, adhb / deflator[:, None, :, :], 0.0)
        values[:, 1] = adhk.sum(axis=2)
        host_pdrb = np.full((len(regions), 2, len(codes), len(years)), np.nan)
        for r, region in enumerate(regions):
            for t, yr in enumerate(years):
                host_pdrb[r, :, :, t] = p[pdrb.regions.index(region), :, :, pdrb.years.index(yr)]
        by_host = np.stack([adhb.sum(axis=1), adhk.sum(axis=1)], axis=1)
        check_ekraf_within_hosts(by_host, host_pdrb, regions, codes, years, est.source)
    levels = _with_total(regions, subsectors, years, values, unit, "survey")
    return levels, emp, workers


def subsector_totals(theta: Theta) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for s, code in enumerate(theta.subsectors):
        out[code] = float(theta.values[:, s, :].sum())
    return dict(out)
