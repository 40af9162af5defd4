"""Input checks shared by ``compute``, ``validate`` and the web upload: one function per input kind,
so whatever a computation would refuse is refused when the file is checked on its own."""

from __future__ import annotations

from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from ekraf._classification import KbliConcordance, KbliMapping
from ekraf._errors import InputError, Issue, IssueCollector
from ekraf._establishments import EstablishmentAggregate, convert_kbli
from ekraf._frame import PRICE_BASES, TOTAL, UNITS, LevelTable, PdrbTable
from ekraf._identities import INPUT_RELATIVE_TOLERANCE, check_pdrb_hierarchy

__all__ = [
    "CONSTANT_PRICE_BASE_YEAR",
    "align_units",
    "check_benchmark_input",
    "check_pdrb_input",
    "check_price_bases",
    "establishment_unit_factor",
    "harmonise_kbli",
    "low_confidence_notes",
    "pdrb_total_for",
]

FloatArray = NDArray[np.float64]
L = TypeVar("L", bound=LevelTable)
#: ADHK is "atas dasar harga konstan 2010": in 2010 ADHB and ADHK are the same numbers.
CONSTANT_PRICE_BASE_YEAR = 2010


def check_pdrb_input(pdrb: PdrbTable) -> None:
    """Every check a computation runs on a PDRB table: hierarchy sums and price bases."""
    check_pdrb_hierarchy(pdrb)
    check_price_bases(pdrb, pdrb.total())


def check_benchmark_input(benchmark: LevelTable) -> None:
    """A benchmark's TOTAL row agrees with its subsectors (never silently replaced), and its price bases
    are plausible."""
    issues = IssueCollector()
    if TOTAL in benchmark.codes:
        subs = [i for i, c in enumerate(benchmark.codes) if c != TOTAL]
        total = benchmark.values[:, :, benchmark.codes.index(TOTAL), :]
        block = benchmark.values[:, :, subs, :]
        summed = np.where(np.isnan(block).all(axis=2), np.nan, np.nansum(block, axis=2))
        both = ~(np.isnan(total) | np.isnan(summed))
        with np.errstate(invalid="ignore"):
            bad = both & (np.abs(total - summed) > INPUT_RELATIVE_TOLERANCE * np.maximum(np.abs(total), np.abs(summed)))
        for r, b, y in np.argwhere(bad):
            issues.add(
                Issue(
                    f"TOTAL {PRICE_BASES[b]} = {total[r, b, y]:g} tetapi jumlah subsektor = {summed[r, b, y]:g}"
                    " (benchmark TOTAL disagrees with its subsectors); perbaiki salah satunya atau hapus baris"
                    " TOTAL",
                    file=benchmark.source or None,
                    region=benchmark.regions[r],
                    year=benchmark.years[y],
                    code=TOTAL,
                )
            )
    issues.raise_if_any(InputError)
    if TOTAL in benchmark.codes:
        total_levels = benchmark.values[:, :, benchmark.codes.index(TOTAL), :]
    else:
        block = benchmark.values
        total_levels = np.where(np.isnan(block).all(axis=2), np.nan, np.nansum(block, axis=2))
    check_price_bases(benchmark, total_levels)


def check_price_bases(table: LevelTable, total: FloatArray) -> None:
    """ADHB equals ADHK in the base year of constant prices (implicit index 100), and the implicit index
    of the total is not below 100 in every later year (the pattern of swapped ADHB/ADHK columns).

    ``total`` is the table's total (region, basis, year)."""
    issues = IssueCollector()
    base = CONSTANT_PRICE_BASE_YEAR
    if base in table.years:
        y = table.years.index(base)
        adhb, adhk = table.values[:, 0, :, y], table.values[:, 1, :, y]
        with np.errstate(divide="ignore", invalid="ignore"):
            index = adhb / adhk * 100
            bad = np.isfinite(index) & (np.abs(index - 100) > 100 * INPUT_RELATIVE_TOLERANCE)
        for r, c in np.argwhere(bad):
            issues.add(
                Issue(
                    f"indeks implisit tahun dasar {base} = {index[r, c]:.2f}, harus 100: ADHB dan ADHK harga"
                    f" konstan {base} sama pada tahun dasar (implicit index in the base year must be 100)",
                    file=table.source or None,
                    region=table.regions[r],
                    year=base,
                    code=table.codes[c],
                )
            )
    later = [i for i, year in enumerate(table.years) if year > base]
    if later:
        with np.errstate(divide="ignore", invalid="ignore"):
            index = total[:, 0, later] / total[:, 1, later] * 100
        given = np.isfinite(index)
        swapped = given.any(axis=1) & np.where(given, index < 100, True).all(axis=1)
        for r in np.flatnonzero(swapped):
            low = [(table.years[later[k]], float(index[r, k])) for k in np.flatnonzero(given[r])]
            year, value = low[0]
            issues.add(
                Issue(
                    f"indeks implisit total di bawah 100 pada setiap tahun setelah {base} ({value:.2f} pada"
                    f" {year}): kolom ADHB dan ADHK kemungkinan tertukar (ADHB below ADHK in every year after"
                    f" {base}; price bases swapped?)",
                    file=table.source or None,
                    region=table.regions[r],
                    year=year,
                    code=TOTAL,
                )
            )
    issues.raise_if_any(InputError)


def _unit_mismatch(what: str, unit: str | None, ref: str, ref_unit: str | None, source: str | None) -> InputError:
    def said(name: str, u: str | None) -> str:
        return f"{name} dalam {u}" if u else f"{name} tanpa kolom unit"

    return InputError(
        [
            Issue(
                f"satuan tidak dapat dicocokkan: {said(what, unit)}, {said(ref, ref_unit)} (units differ and one"
                " file does not state its unit); isi kolom unit (juta, miliar atau triliun rupiah) di kedua berkas",
                file=source,
                column="unit",
            )
        ]
    )


def align_units(table: L, reference: LevelTable, *, what: str, reference_what: str = "PDRB") -> L:
    """``table`` in the unit of ``reference`` (converted when both state their units; refused when they
    differ and either one did not state it)."""
    if table.unit == reference.unit:
        return table
    if table.unit_declared and reference.unit_declared:
        return table.in_unit(reference.unit)
    raise _unit_mismatch(
        what,
        table.unit if table.unit_declared else None,
        reference_what,
        reference.unit if reference.unit_declared else None,
        table.source or None,
    )


def establishment_unit_factor(est: EstablishmentAggregate, pdrb: PdrbTable | None) -> tuple[str, float]:
    """The unit of a survey result and the factor that brings establishment values into it: the PDRB's
    unit when a PDRB is given (converted; refused when the units differ and one is not stated)."""
    if pdrb is None:
        return est.unit or "juta rupiah", 1.0
    est_unit = est.unit or "juta rupiah"
    if est_unit == pdrb.unit:
        return pdrb.unit, 1.0
    if est.unit is not None and pdrb.unit_declared:
        return pdrb.unit, UNITS[est_unit] / UNITS[pdrb.unit]
    raise _unit_mismatch("data usaha", est.unit, "PDRB", pdrb.unit if pdrb.unit_declared else None, est.source or None)


def pdrb_total_for(levels: LevelTable, pdrb: PdrbTable) -> FloatArray:
    """The PDRB total (region, basis, year) on the axes of ``levels``; NaN where the PDRB lacks the region
    or year."""
    out = np.full((len(levels.regions), 2, len(levels.years)), np.nan)
    total = pdrb.total()
    for r, region in enumerate(levels.regions):
        if region not in pdrb.regions:
            continue
        for y, year in enumerate(levels.years):
            if year in pdrb.years:
                out[r, :, y] = total[pdrb.regions.index(region), :, pdrb.years.index(year)]
    return out


def harmonise_kbli(
    est: EstablishmentAggregate, mapping: KbliMapping, concordance: KbliConcordance | None
) -> EstablishmentAggregate:
    """Establishments coded in the mapping's KBLI version: as given when the versions agree, converted
    with the concordance when it leads from the data's version to the mapping's, refused otherwise (a
    KBLI 2015 code read as KBLI 2020 would silently count as non-creative)."""
    if est.kbli_version == mapping.kbli_version:
        return est
    if (
        concordance is not None
        and concordance.source_version == est.kbli_version
        and concordance.target_version == mapping.kbli_version
    ):
        return convert_kbli(est, concordance)
    raise InputError(
        [
            Issue(
                f"data usaha memakai KBLI {est.kbli_version}, pemetaan memakai KBLI {mapping.kbli_version}"
                " (KBLI versions differ); berikan tabel padanan KBLI"
                f" {est.kbli_version}→{mapping.kbli_version} (--concordance) atau pemetaan dalam KBLI"
                f" {est.kbli_version}",
                file=est.source,
                column="kbli_version",
            )
        ]
    )


def low_confidence_notes(
    est: EstablishmentAggregate, mapping: KbliMapping, *, year: int | None = None
) -> tuple[str, ...]:
    """One note per region and subsector whose value rests partly on codes the mapping marks as of low
    confidence: which codes, and what share of the subsector's creative value added in the establishment
    data (of ``year`` when given) they carry."""
    low = {(e.kbli_code, e.subsector_code) for e in mapping.entries if e.confidence.strip().lower() == "low"}
    if not low:
        return ()
    total: dict[tuple[str, str], float] = {}
    weak: dict[tuple[str, str], float] = {}
    codes: dict[tuple[str, str], set[str]] = {}
    for (region, y, kbli), cell in est.cells.items():
        if year is not None and y is not None and y != year:
            continue
        for subsector, share in mapping.shares.get(kbli, ()):
            key = (region, subsector)
            total[key] = total.get(key, 0.0) + share * cell.ntb
            if (kbli, subsector) in low:
                weak[key] = weak.get(key, 0.0) + share * cell.ntb
                codes.setdefault(key, set()).add(kbli)
    notes = []
    for key in sorted(weak):
        if total[key] <= 0 or weak[key] <= 0:
            continue
        region, subsector = key
        notes.append(
            f"Keyakinan rendah: {subsector} di {region} bertumpu {weak[key] / total[key] * 100:.1f} % pada kode"
            f" KBLI berkeyakinan rendah dalam pemetaan ({', '.join(sorted(codes[key]))}) (low-confidence codes"
            " carry this share of the subsector's creative value added in the establishment data)."
        )
    return tuple(notes)
