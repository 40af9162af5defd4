"""Reconciling kab/kota ekraf levels to their province (``--reconcile``).

BPS compiles a province's PDRB and each kab/kota's separately; the kab/kota do not sum to the
province, and the province is the control total (domain.md §9). An ekraf compilation that holds a
province and all of its kab/kota therefore shows, per subsector, year and price basis, the province's
value P and the kab/kota sum K before adjustment, and with ``--reconcile`` scales every kab/kota value
by P/K (pro rata, so each kab/kota keeps its share of the sum). The ekraf TOTAL of each kab/kota is
then the sum of its adjusted subsectors, and the kab/kota sum to the province in every cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ekraf._errors import InputError, Issue, IssueCollector
from ekraf._frame import PRICE_BASES, TOTAL
from ekraf._methods import SubsectorLevels
from ekraf._regions import children, wilayah

__all__ = ["Reconciliation", "reconcile"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Reconciliation:
    """Per province, subsector (TOTAL included), year and basis: province P and kab/kota sum K
    before adjustment, and the factor P/K applied."""

    provinces: tuple[str, ...]
    codes: tuple[str, ...]
    years: tuple[int, ...]
    province: FloatArray  # (province, basis, code, year)
    kabkota_sum: FloatArray
    kabkota_count: tuple[int, ...]

    @property
    def factor(self) -> FloatArray:
        with np.errstate(divide="ignore", invalid="ignore"):
            out: FloatArray = np.where(self.kabkota_sum > 0, self.province / self.kabkota_sum, np.nan)
        return out

    def rows(self) -> list[tuple[str, str, int, str, float, float, float, float]]:
        """(province, code, year, basis, P, K, P − K, (K − P)/P·100) where both are given."""
        out = []
        for p, province in enumerate(self.provinces):
            for c, code in enumerate(self.codes):
                for y, year in enumerate(self.years):
                    for b, basis in enumerate(PRICE_BASES):
                        pv, kv = float(self.province[p, b, c, y]), float(self.kabkota_sum[p, b, c, y])
                        if np.isnan(pv) or np.isnan(kv):
                            continue
                        pct = (kv - pv) / pv * 100 if pv else float("nan")
                        out.append((province, code, year, basis, pv, kv, pv - kv, pct))
        return out


def reconcile(levels: SubsectorLevels) -> tuple[SubsectorLevels, Reconciliation]:
    """Scale each province's kab/kota so that they sum to it, per subsector, year and basis."""
    known = wilayah()
    regions = levels.regions
    provinces = tuple(r for r in regions if r in known and known[r].level == "provinsi")
    issues = IssueCollector()
    if not provinces:
        issues.add(
            Issue(
                "--reconcile memerlukan satu provinsi dan semua kabupaten/kotanya, dengan kode Kemendagri"
                " (needs a province and all of its kab/kota)",
                file=levels.source or None,
            )
        )
    for province in provinces:
        for child in children(province):
            if child not in regions:
                issues.add(
                    Issue(
                        f"kabupaten/kota {child} {known[child].name} dari provinsi {province} tidak ada dalam data;"
                        " rekonsiliasi memerlukan semua kabupaten/kota (kab/kota missing for reconciliation)",
                        region=child,
                    )
                )
    issues.raise_if_any(InputError)
    subsectors = [c for c in levels.codes if c != TOTAL]
    s_idx = [levels.codes.index(c) for c in subsectors]
    values = levels.values.copy()
    p_values = np.empty((len(provinces), 2, len(levels.codes), len(levels.years)))
    k_sums = np.empty_like(p_values)
    counts = []
    for p, province in enumerate(provinces):
        kids = [regions.index(k) for k in children(province)]
        counts.append(len(kids))
        prov = levels.values[regions.index(province)]
        ksum = levels.values[kids].sum(axis=0)
        p_values[p], k_sums[p] = prov, ksum
        bad = (ksum[:, s_idx] == 0) & (prov[:, s_idx] > 0)
        for b, s, y in np.argwhere(bad)[:20]:
            issues.add(
                Issue(
                    f"provinsi punya nilai {subsectors[s]} {PRICE_BASES[b]} tetapi jumlah kabupaten/kota nol:"
                    " tidak dapat dibagi pro rata (province has a value its kab/kota lack)",
                    region=province,
                    year=levels.years[y],
                    code=subsectors[s],
                )
            )
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.where(ksum[:, s_idx] > 0, prov[:, s_idx] / ksum[:, s_idx], 1.0)
        for k in kids:
            values[k][:, s_idx] = levels.values[k][:, s_idx] * factor
            values[k][:, levels.codes.index(TOTAL)] = values[k][:, s_idx].sum(axis=1)
    issues.raise_if_any(InputError)
    adjusted = SubsectorLevels(
        regions,
        levels.codes,
        levels.years,
        values,
        levels.unit,
        levels.source,
        unit_declared=levels.unit_declared,
        status=levels.status,
    )
    return adjusted, Reconciliation(provinces, levels.codes, levels.years, p_values, k_sums, tuple(counts))
