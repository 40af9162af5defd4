"""A computed result: levels, indicators, θ, manifest; lossless JSON round trip."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

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
from ekraf._methods import SubsectorLevels, estimate_theta, extrapolate, ratio_allocation, survey_estimate

__all__ = ["EkrafResult", "Population", "run_extrapolation", "run_ratio", "run_survey"]

FloatArray = NDArray[np.float64]
JSON_FORMAT = "sinergi-ekraf-result/1"
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
    """Ekraf levels by subsector (with ``TOTAL``), their indicators, the PDRB used and a manifest."""

    levels: LevelTable
    indicators: IndicatorTable
    manifest: Manifest
    pdrb: PdrbTable | None = None
    pdrb_indicators: IndicatorTable | None = None

    def to_json(self) -> str:
        data = {
            "format": JSON_FORMAT,
            "manifest": self.manifest.to_dict(),
            "levels": self.levels.to_dict(),
            "indicators": self.indicators.to_dict(),
            "pdrb": self.pdrb.to_dict() if self.pdrb is not None else None,
            "pdrb_indicators": self.pdrb_indicators.to_dict() if self.pdrb_indicators is not None else None,
        }
        return json.dumps(data, ensure_ascii=False, allow_nan=False)

    @classmethod
    def from_json(cls, text: str) -> EkrafResult:
        data = json.loads(text)
        pdrb = data.get("pdrb")
        pind = data.get("pdrb_indicators")
        return cls(
            levels=SubsectorLevels.from_dict(data["levels"]),
            indicators=IndicatorTable.from_dict(data["indicators"]),
            manifest=Manifest.from_dict(data["manifest"]),
            pdrb=PdrbTable.from_dict(pdrb) if pdrb else None,
            pdrb_indicators=IndicatorTable.from_dict(pind) if pind else None,
        )


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
) -> EkrafResult:
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
    pdrb_ind = None
    if pdrb is not None:
        pden = top_level_denominator(pdrb)
        ppop = population.array(pdrb.regions, pdrb.years) if population else None
        pdrb_ind = compute_indicators(pdrb, denominator=pden, population=ppop)
        check_indicators(pdrb, pdrb_ind, pden)
    manifest = Manifest.build(
        method,
        parameters=parameters,
        mapping=mapping,
        subsector_list=levels_list(levels),
        inputs=inputs,
        notes=notes,
    )
    return EkrafResult(levels, indicators, manifest, pdrb, pdrb_ind)


def levels_list(levels: LevelTable) -> str:
    return "bekraf_16" if "APG" in levels.codes else "kemenparekraf_17"


def run_ratio(
    pdrb: PdrbTable,
    establishments: EstablishmentAggregate,
    *,
    mapping: KbliMapping | None = None,
    benchmark_year: int | None = None,
    subsector_list: str = "17",
    population: Population | None = None,
    inputs: tuple[InputFingerprint, ...] = (),
    allow_creative_only_frame: bool = False,
    concordance: KbliConcordance | None = None,
) -> EkrafResult:
    """Ratio allocation: θ from establishment data, applied to the PDRB of every year.

    Establishment data holding only creative units in a lapangan usaha (a registry) is refused unless
    ``allow_creative_only_frame``; the result then carries a warning naming every such industry."""
    check_pdrb_input(pdrb)
    mapping = (mapping or default_mapping()).to_subsector_list(subsector_list)
    establishments = harmonise_kbli(establishments, mapping, concordance)
    theta = estimate_theta(
        establishments,
        mapping,
        pdrb=pdrb,
        benchmark_year=benchmark_year,
        allow_creative_only_frame=allow_creative_only_frame,
    )
    levels = ratio_allocation(pdrb, theta)
    notes = low_confidence_notes(
        establishments, mapping, year=benchmark_year if benchmark_year is not None else _single_year(establishments)
    )
    listed = ", ".join(f"{code} ({region})" for region, code in theta.creative_only)
    if theta.creative_only:
        notes += (CREATIVE_ONLY_WARNING + f" Lapangan usaha dengan θ = 1: {listed}.",)
    order = [theta.regions.index(r) for r in levels.regions]
    return _finish(
        levels,
        method="ratio",
        parameters={
            "benchmark_year": str(benchmark_year or ""),
            "subsector_list": mapping.subsector_list,
            **({"allow_creative_only_frame": "true"} if allow_creative_only_frame else {}),
            # what happened, not only what was allowed: the industries whose θ is 1 for want of data
            **({"creative_only_industries": listed} if listed else {}),
        },
        mapping=mapping,
        inputs=inputs or (_levels_fingerprint("pdrb", pdrb),),
        pdrb=pdrb,
        population=population,
        employment=theta.employment[order],
        workers_total=theta.workers_total[order],
        employment_year=benchmark_year if benchmark_year is not None else _single_year(establishments),
        notes=notes,
    )


def run_extrapolation(
    benchmark: LevelTable,
    indicator: LevelTable,
    *,
    pdrb: PdrbTable | None = None,
    population: Population | None = None,
    inputs: tuple[InputFingerprint, ...] = (),
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
    )


def _single_year(est: EstablishmentAggregate) -> int | None:
    years = [y for y in est.years if y is not None]
    return years[0] if len(years) == 1 else None
