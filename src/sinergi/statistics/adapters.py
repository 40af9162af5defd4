"""The one adapter between the database and the `ekraf` engine (rows → engine values, result → rows)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import ngettext

import ekraf
from ekraf import EkrafError, Issue
from sinergi.imports.readers import refusal_message

from .models import DatasetKind

LEVEL_KINDS = {DatasetKind.BENCHMARK, DatasetKind.INDICATOR, DatasetKind.LEVELS}


def issue(
    message: str,
    *,
    file: str | None = None,
    row: int | None = None,
    column: str | None = None,
    region: str | None = None,
    year: int | None = None,
    code: str | None = None,
) -> dict[str, Any]:
    """One dataset issue as stored in `Dataset.issues`: every issue has every key, so pages show each
    column the same way whatever found the problem."""
    return {"file": file, "row": row, "column": column, "region": region, "year": year, "code": code,
            "message": message}  # fmt: skip


def issues_json(error: EkrafError) -> list[dict[str, Any]]:
    if isinstance(error, ekraf.SpreadsheetRefused):
        # The spreadsheet guard's refusal, in the user's language, as the import pages word it.
        return [issue(refusal_message(error), file=error.issues[0].file)]
    out = [
        issue(i.message, file=i.file, row=i.row, column=i.column, region=i.region, year=i.year, code=i.code)
        for i in error.issues
    ]
    if error.omitted:
        message = ngettext(
            "… %(count)d masalah lain tidak ditampilkan", "… %(count)d masalah lain tidak ditampilkan", error.omitted
        ) % {"count": error.omitted}
        out.append(issue(message))
    return out


def load_engine_input(kind: str, path: Path) -> Any:
    """Parse one file with the engine and run the input checks a computation runs on it (the same
    functions as ``sinergi pdrb validate``); raises `EkrafError` with located issues."""
    if kind == DatasetKind.PDRB:
        pdrb = ekraf.PdrbTable.from_file(path)
        ekraf.check_pdrb_input(pdrb)
        return pdrb
    if kind == DatasetKind.BENCHMARK:
        benchmark = ekraf.SubsectorLevels.from_file(path)
        ekraf.check_benchmark_input(benchmark)
        return benchmark
    if kind == DatasetKind.ESTABLISHMENTS:
        return ekraf.EstablishmentAggregate.from_file(path)
    if kind in LEVEL_KINDS:
        return ekraf.SubsectorLevels.from_file(path)
    if kind == DatasetKind.POPULATION:
        return ekraf.load_population(path)
    raise ValueError(kind)


def summarise(kind: str, parsed: Any) -> dict[str, Any]:
    if isinstance(parsed, ekraf.LevelTable):
        return {
            "regions": list(parsed.regions),
            "years": [parsed.years[0], parsed.years[-1]],
            "codes": list(parsed.codes),
            "unit": parsed.unit,
            "bases": [b for b in ekraf.PRICE_BASES if parsed.has_basis(b)],
        }
    if isinstance(parsed, ekraf.EstablishmentAggregate):
        return {
            "regions": list(parsed.regions),
            "years": sorted(y for y in parsed.years if y is not None),
            "establishments": int(parsed.count.sum()),
            "kbli_codes": len(set(parsed.kbli.tolist())),
            "kbli_version": parsed.kbli_version,
            **({"unit": parsed.unit} if parsed.unit else {}),
        }
    if isinstance(parsed, ekraf.Population):
        years = sorted({y for _, y in parsed.values})
        return {"regions": sorted({r for r, _ in parsed.values}), "years": [years[0], years[-1]] if years else []}
    return {}


def engine_mapping(mapping: Any) -> ekraf.KbliMapping:
    """The engine's mapping for a `classification.KbliMapping` row: the shipped file when it is the same
    content (so the manifest carries the file's SHA-256), else built from the database rows."""
    default = ekraf.default_mapping()
    if mapping.sha256 and mapping.sha256 == default.sha256:
        return default
    entries = [
        ekraf.MappingEntry(
            kbli_code=e.kbli_code,
            subsector_code=e.subsector.code,
            kbli_version=mapping.kbli_version,
            creative_share=None if e.creative_share is None else float(e.creative_share),
            basis=e.basis,
            rule=e.rule,
            confidence=e.confidence,
            source_url=e.source_url,
        )
        for e in mapping.entries.select_related("subsector")
    ]
    return ekraf.KbliMapping.from_entries(
        entries, name=mapping.name, version=mapping.version, provisional=mapping.is_provisional
    )


def levels_result(levels: ekraf.LevelTable, pdrb: ekraf.PdrbTable | None, inputs: tuple[Any, ...]) -> ekraf.EkrafResult:
    """An `EkrafResult` for levels computed elsewhere (another region's published table): the engine's
    indicators over them, no mapping."""
    import numpy as np

    if pdrb is not None:
        levels = ekraf.align_units(levels, pdrb, what="level")
    den = ekraf.top_level_denominator(levels)
    pdrb_total = None
    if pdrb is not None:
        pdrb_total = np.full((len(levels.regions), 2, len(levels.years)), np.nan)
        total = pdrb.total()
        for r, region in enumerate(levels.regions):
            if region in pdrb.regions:
                for y, year in enumerate(levels.years):
                    if year in pdrb.years:
                        pdrb_total[r, :, y] = total[pdrb.regions.index(region), :, pdrb.years.index(year)]
    indicators = ekraf.compute_indicators(levels, denominator=den, pdrb_total=pdrb_total)
    manifest = ekraf.Manifest.build(
        "levels",
        parameters={"note": "hasil wilayah lain dimuat apa adanya (levels loaded as published)"},
        mapping=None,
        subsector_list="bekraf_16" if "APG" in levels.codes else "kemenparekraf_17",
        inputs=inputs,
    )
    return ekraf.EkrafResult(levels, indicators, manifest, pdrb, None)


def result_region(result: ekraf.EkrafResult, region_code: str, region_name: str) -> str | None:
    """The key of a region in a result: its Kemendagri code where the inputs write codes (a province and
    its kab/kota), else its name (a run of one region, named freely); None when the result lacks it."""
    regions = result.levels.regions
    if region_code in regions:
        return region_code
    if region_name in regions:
        return region_name
    return None


def figure_rows(result: ekraf.EkrafResult, region_name: str) -> Iterator[tuple[str, int, str, str, str, float]]:
    """(area, year, code, indicator, price_basis, value) for every finite value of the region."""
    for rec in result.levels.records():
        if rec.region == region_name and math.isfinite(rec.value):
            yield "", rec.year, rec.code, "level", rec.price_basis, rec.value
    for ind in result.indicators.records():
        if ind.region == region_name and math.isfinite(ind.value):
            yield "", ind.year, ind.code, ind.indicator, ind.price_basis, ind.value
    if result.pdrb is not None:
        for rec in result.pdrb.records():
            if rec.region == region_name:
                yield "", rec.year, rec.code, "pdrb", rec.price_basis, rec.value
        total = result.pdrb.total()
        if region_name in result.pdrb.regions and ekraf.TOTAL not in result.pdrb.codes:
            r = result.pdrb.regions.index(region_name)
            for b, basis in enumerate(ekraf.PRICE_BASES):
                for y, year in enumerate(result.pdrb.years):
                    v = float(total[r, b, y])
                    if math.isfinite(v):
                        yield "", year, ekraf.TOTAL, "pdrb", basis, v


def kecamatan_shares_by_year(stored: dict[str, Any] | None) -> dict[int | None, dict[str, dict[str, float]]]:
    """Year → subsector → kecamatan → share from a run's stored `kecamatan_shares`. Runs stored before
    shares were kept per year hold one set, computed for their last year and applied to every year
    (key None), and are read as they were computed."""
    if not stored:
        return {}
    if "by_year" in stored:
        return {int(year): found["shares"] for year, found in stored["by_year"].items()}
    return {None: stored.get("shares", {})}


def kecamatan_rows(
    result: ekraf.EkrafResult, region_name: str, shares_by_year: dict[int | None, dict[str, dict[str, float]]]
) -> Iterator[tuple[str, int, str, str, str, float]]:
    """Experimental: each subsector's city value of a year split over kecamatan by that year's registry
    shares (a year without registry shares gets no split)."""
    levels = result.levels
    if region_name not in levels.regions:
        return
    for year in levels.years:
        shares = shares_by_year.get(year, shares_by_year.get(None, {}))
        for code, by_area in shares.items():
            if code not in levels.codes or code == ekraf.TOTAL:
                continue
            for basis in ekraf.PRICE_BASES:
                value = levels.get(region_name, basis, code, year)
                if value is None:
                    continue
                for area, share in by_area.items():
                    yield area, year, code, "kecamatan_level", basis, value * share


def establishment_records(
    rows: Iterable[dict[str, Any]], region_name: str, year: int
) -> list[ekraf.EstablishmentRecord]:
    return [
        ekraf.EstablishmentRecord(
            region=region_name,
            kbli=r["kbli"],
            output=float(r["output"]),
            workers=float(r["workers"]),
            year=year,
            establishment_id=str(r["id"]),
        )
        for r in rows
    ]


__all__ = [
    "Issue",
    "engine_mapping",
    "establishment_records",
    "figure_rows",
    "issues_json",
    "kecamatan_rows",
    "kecamatan_shares_by_year",
    "levels_result",
    "load_engine_input",
    "result_region",
    "summarise",
]
