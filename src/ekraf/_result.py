"""A computed result: levels, indicators, θ, manifest; lossless JSON round trip."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ekraf._benchmarks import estimate_thetas, theta_path
from ekraf._checks import (
    align_units,
    check_benchmark_input,
    check_pdrb_input,
    harmonise_kbli,
    low_confidence_notes,
    pdrb_total_for,
)
from ekraf._classification import KbliConcordance, KbliMapping, default_mapping
from ekraf._establishments import EstablishmentAggregate
from ekraf._frame import LevelTable, PdrbTable
from ekraf._identities import check_ekraf_within_pdrb, check_indicators, check_subsectors_sum
from ekraf._indicators import IndicatorTable, compute_indicators, top_level_denominator
from ekraf._manifest import InputFingerprint, Manifest, fingerprint_text
from ekraf._methods import SubsectorLevels, Theta, extrapolate, ratio_allocation, survey_estimate
from ekraf._reconcile import Reconciliation, reconcile
from ekraf._regions import check_run_regions
from ekraf._status import merge_status, status_text
from ekraf._window import window_average_growth

__all__ = ["EkrafResult", "Population", "run_extrapolation", "run_ratio", "run_survey"]

FloatArray = NDArray[np.float64]
JSON_FORMAT = "sinergi-ekraf-result/2"
#: Goes into the manifest (and so the workbook and the web publication) of every ratio result whose θ
#: came from establishment data holding only creative units.
CREATIVE_ONLY_WARNING = (
    "PERINGATAN: θ dihitung dari data usaha yang hanya memuat usaha kreatif (mis. registri/direktori), bukan"
    " kerangka sensus ekonomi; pada lapangan usaha di bawah ini seluruh PDRB terhitung kreatif, sehingga"
    " PDRB ekraf adalah batas atas, bukan estimasi (WARNING: θ from creative-only establishment data; an"
    " upper bound, not an estimate)."
)


@dataclass(frozen=True, eq=False)
class Population:
    """Mid-year population by region and year (persons)."""

    values: dict[tuple[str, int], float]
    source: str = "<memory>"

    def array(self, regions: tuple[str, ...], years: tuple[int, ...]) -> FloatArray:
        out = np.full((len(regions), len(years)), np.nan)
        for r, region in enumerate(regions):
            for y, year in enumerate(years):
                out[r, y] = self.values.get((region, year), np.nan)
        return out


@dataclass(frozen=True, eq=False)
class EkrafResult:
    """Ekraf levels by subsector (with ``TOTAL``), their indicators, the PDRB used, θ per benchmark
    year (ratio method) and a manifest."""

    levels: LevelTable
    indicators: IndicatorTable
    manifest: Manifest
    pdrb: PdrbTable | None = None
    pdrb_indicators: IndicatorTable | None = None
    thetas: tuple[Theta, ...] = ()
    population: Population | None = None
    reconciliation: Reconciliation | None = None

    def to_json(self) -> str:
        """Lossless JSON. The PDRB's own indicators are a function of the PDRB and the population, so
        the JSON holds those two and :meth:`from_json` recomputes the indicators (at national scale
        they are three quarters of the numbers)."""
        data = {
            "format": JSON_FORMAT,
            "manifest": self.manifest.to_dict(),
            "levels": self.levels.to_dict(),
            "indicators": self.indicators.to_dict(),
            "pdrb": self.pdrb.to_dict() if self.pdrb is not None else None,
            "population": _population_to_list(self.population),
            "theta": [_theta_to_dict(t) for t in self.thetas],
            "reconciliation": _reconciliation_to_dict(self.reconciliation),
        }
        return json.dumps(data, ensure_ascii=False, allow_nan=False)

    @classmethod
    def from_json(cls, text: str) -> EkrafResult:
        """Read :meth:`to_json`'s text, or the earlier format 1 (which held the PDRB indicators)."""
        data = json.loads(text)
        pdrb_data = data.get("pdrb")
        pdrb = PdrbTable.from_dict(pdrb_data) if pdrb_data else None
        population = _population_from_list(data.get("population"))
        pind_data = data.get("pdrb_indicators")
        pind: IndicatorTable | None = None
        if pind_data:
            pind = IndicatorTable.from_dict(pind_data)
        elif pdrb is not None:
            pind = _pdrb_indicators(pdrb, population)
        return cls(
            levels=SubsectorLevels.from_dict(data["levels"]),
            indicators=IndicatorTable.from_dict(data["indicators"]),
            manifest=Manifest.from_dict(data["manifest"]),
            pdrb=pdrb,
            pdrb_indicators=pind,
            thetas=tuple(_theta_from_dict(t) for t in data.get("theta", [])),
            population=population,
            reconciliation=_reconciliation_from_dict(data.get("reconciliation")),
        )


def _nan_list(array: FloatArray) -> list[object]:
    return [None if np.isnan(v) else float(v) for v in array.ravel()]


def _reconciliation_to_dict(rec: Reconciliation | None) -> dict[str, object] | None:
    if rec is None:
        return None
    return {
        "provinces": list(rec.provinces),
        "codes": list(rec.codes),
        "years": list(rec.years),
        "province": _nan_list(rec.province),
        "kabkota_sum": _nan_list(rec.kabkota_sum),
        "kabkota_count": list(rec.kabkota_count),
    }


def _reconciliation_from_dict(data: object) -> Reconciliation | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise TypeError(data)
    provinces = tuple(str(x) for x in _list(data["provinces"]))
    codes = tuple(str(x) for x in _list(data["codes"]))
    years = tuple(int(str(x)) for x in _list(data["years"]))
    shape = (len(provinces), 2, len(codes), len(years))

    def array(key: str) -> FloatArray:
        return np.array([np.nan if v is None else float(str(v)) for v in _list(data[key])]).reshape(shape)

    counts = tuple(int(str(x)) for x in _list(data["kabkota_count"]))
    return Reconciliation(provinces, codes, years, array("province"), array("kabkota_sum"), counts)


def _pdrb_indicators(pdrb: PdrbTable, population: Population | None) -> IndicatorTable:
    """The PDRB's own indicators (growth, distribution, … per lapangan usaha), checked."""
    den = top_level_denominator(pdrb)
    pop = population.array(pdrb.regions, pdrb.years) if population else None
    table = compute_indicators(pdrb, denominator=den, population=pop)
    check_indicators(pdrb, table, den)
    return table


def _population_to_list(population: Population | None) -> list[list[object]] | None:
    if population is None:
        return None
    return [[region, year, value] for (region, year), value in sorted(population.values.items())]


def _population_from_list(data: object) -> Population | None:
    if data is None:
        return None
    values: dict[tuple[str, int], float] = {}
    for item in _list(data):
        region, year, value = _list(item)
        values[str(region), int(str(year))] = float(str(value))
    return Population(values, "result.json")


def _theta_to_dict(theta: Theta) -> dict[str, object]:
    return {
        "regions": list(theta.regions),
        "subsectors": list(theta.subsectors),
        "codes": list(theta.codes),
        "benchmark_year": theta.benchmark_year,
        "source": theta.source,
        "values": theta.values.tolist(),
        "employment": theta.employment.tolist(),
        "workers_total": theta.workers_total.tolist(),
        "creative_only": [list(pair) for pair in theta.creative_only],
    }


def _theta_from_dict(data: dict[str, object]) -> Theta:
    year = data["benchmark_year"]
    return Theta(
        regions=tuple(str(x) for x in _list(data["regions"])),
        subsectors=tuple(str(x) for x in _list(data["subsectors"])),
        codes=tuple(str(x) for x in _list(data["codes"])),
        values=np.asarray(data["values"], dtype=np.float64),
        employment=np.asarray(data["employment"], dtype=np.float64),
        workers_total=np.asarray(data["workers_total"], dtype=np.float64),
        benchmark_year=None if year is None else int(str(year)),
        source=str(data["source"]),
        creative_only=tuple((str(r), str(c)) for r, c in (_list(p) for p in _list(data.get("creative_only", [])))),
    )


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError(value)
    return value


def _levels_fingerprint(role: str, table: LevelTable) -> InputFingerprint:
    return fingerprint_text(role, table.source, json.dumps(table.to_dict(), sort_keys=True))


def _finish(
    levels: SubsectorLevels,
    *,
    method: str,
    parameters: dict[str, str],
    mapping: KbliMapping | None,
    inputs: tuple[InputFingerprint, ...],
    pdrb: PdrbTable | None,
    population: Population | None,
    employment: FloatArray | None = None,
    workers_total: FloatArray | None = None,
    employment_year: int | None = None,
    notes: tuple[str, ...] = (),
    thetas: tuple[Theta, ...] = (),
    reconciled: bool = False,
    status_from: tuple[LevelTable | None, ...] = (),
    average_window: tuple[int, int] | None = None,
) -> EkrafResult:
    check_run_regions(levels.regions, source=levels.source)
    status = tuple(
        (y, s) for y, s in merge_status(*(t.status for t in status_from if t is not None)) if y in levels.years
    )
    if status:
        levels = dataclasses.replace(levels, status=status)
        parameters = {**parameters, "year_status": status_text(dict(status))}
    reconciliation = None
    if reconciled:
        levels, reconciliation = reconcile(levels)
        parameters = {**parameters, "reconcile": "kab/kota disesuaikan ke provinsi (pro rata)"}
    check_subsectors_sum(levels)
    pdrb_total = None
    if pdrb is not None:
        pdrb_total = pdrb_total_for(levels, pdrb)
        check_ekraf_within_pdrb(levels, pdrb_total)
    den = top_level_denominator(levels)
    pop = population.array(levels.regions, levels.years) if population else None
    emp = None
    if employment is not None:
        emp = np.concatenate([employment, employment.sum(axis=1, keepdims=True)], axis=1)
    indicators = compute_indicators(
        levels,
        denominator=den,
        pdrb_total=pdrb_total,
        population=pop,
        employment=emp,
        employment_total=workers_total,
        employment_year=employment_year,
    )
    check_indicators(levels, indicators, den)
    if average_window is not None:
        start, end = average_window
        window = window_average_growth(levels, start, end)
        indicators = dataclasses.replace(indicators, arrays={**indicators.arrays, **window})
        parameters = {**parameters, "average_window": f"{start}-{end}"}
    pdrb_ind = _pdrb_indicators(pdrb, population) if pdrb is not None else None
    manifest = Manifest.build(
        method,
        parameters=parameters,
        mapping=mapping,
        subsector_list=levels_list(levels),
        inputs=inputs,
        notes=notes,
    )
    return EkrafResult(levels, indicators, manifest, pdrb, pdrb_ind, thetas, population, reconciliation)


def levels_list(levels: LevelTable) -> str:
    return "bekraf_16" if "APG" in levels.codes else "kemenparekraf_17"


def run_ratio(
    pdrb: PdrbTable,
    establishments: EstablishmentAggregate,
    *,
    mapping: KbliMapping | None = None,
    benchmark_year: int | Sequence[int] | None = None,
    subsector_list: str = "17",
    population: Population | None = None,
    inputs: tuple[InputFingerprint, ...] = (),
    allow_creative_only_frame: bool = False,
    concordance: KbliConcordance | None = None,
    reconciled: bool = False,
    average_window: tuple[int, int] | None = None,
) -> EkrafResult:
    """Ratio allocation: θ from establishment data, applied to the PDRB of every year.

    Several benchmark years give θ per benchmark, interpolated between them and carried before the
    first and after the last (:mod:`ekraf._benchmarks`).

    Establishment data holding only creative units in a lapangan usaha (a registry) is refused unless
    ``allow_creative_only_frame``; the result then carries a warning naming every such industry."""
    check_pdrb_input(pdrb)
    mapping = (mapping or default_mapping()).to_subsector_list(subsector_list)
    establishments = harmonise_kbli(establishments, mapping, concordance)
    marks = [] if benchmark_year is None else [benchmark_year] if isinstance(benchmark_year, int) else benchmark_year
    thetas = estimate_thetas(
        establishments,
        mapping,
        pdrb=pdrb,
        benchmark_years=list(marks),
        allow_creative_only_frame=allow_creative_only_frame,
    )
    theta = thetas[0]
    if len(thetas) == 1:
        levels = ratio_allocation(pdrb, theta)
    else:
        levels = ratio_allocation(pdrb, theta, path=theta_path(thetas, pdrb.regions, pdrb.years))
    last = thetas[-1]
    order = [last.regions.index(r) for r in levels.regions]
    last_year = last.benchmark_year if last.benchmark_year is not None else _single_year(establishments)
    notes, listed = _ratio_notes(establishments, mapping, thetas, last_year)
    return _finish(
        levels,
        method="ratio",
        parameters={
            "benchmark_year": ",".join(str(y) for y in sorted(marks)),
            "subsector_list": mapping.subsector_list,
            **({"allow_creative_only_frame": "true"} if allow_creative_only_frame else {}),
            # what happened, not only what was allowed: the industries whose θ is 1 for want of data
            **({"creative_only_industries": listed} if listed else {}),
        },
        mapping=mapping,
        inputs=inputs or (_levels_fingerprint("pdrb", pdrb),),
        pdrb=pdrb,
        population=population,
        employment=last.employment[order],
        workers_total=last.workers_total[order],
        employment_year=last_year,
        notes=notes,
        thetas=thetas,
        reconciled=reconciled,
        average_window=average_window,
        status_from=(pdrb,),
    )


def _ratio_notes(
    establishments: EstablishmentAggregate, mapping: KbliMapping, thetas: tuple[Theta, ...], single_year: int | None
) -> tuple[tuple[str, ...], str]:
    """The low-confidence notes of each benchmark year (prefixed by the year when there are several)
    and the creative-only warning with the listed (lapangan usaha, region[, year]) whose θ is 1."""
    several = len(thetas) > 1
    notes: tuple[str, ...] = ()
    pairs: list[str] = []
    for theta in thetas:
        year = theta.benchmark_year if theta.benchmark_year is not None else single_year
        found = low_confidence_notes(establishments, mapping, year=year)
        notes += tuple(f"Tahun acuan {year}: {n}" for n in found) if several else found
        pairs += [
            f"{code} ({region}, {year})" if several else f"{code} ({region})" for region, code in theta.creative_only
        ]
    listed = ", ".join(pairs)
    if listed:
        notes += (CREATIVE_ONLY_WARNING + f" Lapangan usaha dengan θ = 1: {listed}.",)
    return notes, listed


def run_extrapolation(
    benchmark: LevelTable,
    indicator: LevelTable,
    *,
    pdrb: PdrbTable | None = None,
    population: Population | None = None,
    inputs: tuple[InputFingerprint, ...] = (),
    reconciled: bool = False,
    average_window: tuple[int, int] | None = None,
) -> EkrafResult:
    """Indicator extrapolation of benchmark-year subsector values."""
    check_benchmark_input(benchmark)
    if pdrb is not None:
        check_pdrb_input(pdrb)
        benchmark = align_units(benchmark, pdrb, what="nilai acuan (benchmark)")
    levels = extrapolate(benchmark, indicator)
    return _finish(
        levels,
        method="extrapolation",
        parameters={"benchmark_source": benchmark.source, "indicator_source": indicator.source},
        mapping=None,
        inputs=inputs or (_levels_fingerprint("benchmark", benchmark), _levels_fingerprint("indicator", indicator)),
        pdrb=pdrb,
        population=population,
        reconciled=reconciled,
        average_window=average_window,
        status_from=(benchmark, indicator, pdrb),
    )


def run_survey(
    establishments: EstablishmentAggregate,
    *,
    pdrb: PdrbTable | None = None,
    mapping: KbliMapping | None = None,
    year: int | None = None,
    subsector_list: str = "17",
    population: Population | None = None,
    inputs: tuple[InputFingerprint, ...] = (),
    concordance: KbliConcordance | None = None,
    reconciled: bool = False,
    average_window: tuple[int, int] | None = None,
) -> EkrafResult:
    """Direct estimation from weighted establishment records, deflated with the host implicit index."""
    if pdrb is not None:
        check_pdrb_input(pdrb)
    mapping = (mapping or default_mapping()).to_subsector_list(subsector_list)
    establishments = harmonise_kbli(establishments, mapping, concordance)
    levels, emp, workers = survey_estimate(establishments, mapping, pdrb=pdrb, year=year)
    notes = low_confidence_notes(establishments, mapping)
    if pdrb is None:
        notes += ("Tanpa PDRB: hanya ADHB dihitung (no PDRB given: ADHB only, no deflation).",)
    return _finish(
        levels,
        method="survey",
        parameters={"year": str(year or ""), "subsector_list": mapping.subsector_list},
        mapping=mapping,
        inputs=inputs,
        pdrb=pdrb,
        population=population,
        employment=emp,
        workers_total=workers,
        notes=notes,
        reconciled=reconciled,
        average_window=average_window,
        status_from=(pdrb,),
    )


def _single_year(est: EstablishmentAggregate) -> int | None:
    years = [y for y in est.years if y is not None]
    return years[0] if len(years) == 1 else None
