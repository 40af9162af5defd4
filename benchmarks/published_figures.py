"""Published creative-economy figures against the engine: which can be re-derived, and to the decimal?

    .venv/bin/python benchmarks/published_figures.py [--figures FILE] [--markdown]

Reads `benchmarks/data/published_figures.csv` (an unedited copy of the shared reference file
`published_figures.csv`, 121 rows with their sources) and decides, for every row, whether it can be
recomputed from published inputs (that file's own levels and the other reference files). Every
reproducible figure is recomputed — growth and average growth through the engine
(`ekraf.LevelTable` + `ekraf.compute_indicators`, exactly what `sinergi pdrb indicators` runs), the
rest with the arithmetic stated — and printed as figure, published, computed, match (equal when
rounded to the published decimal) and whether the published value lies within what the rounded
inputs allow. Every other row is listed with the reason it cannot be reproduced.

`--markdown` prints the same as the table in docs/domain/pdrb-ekraf.md §8. Exit status 0: the check
ran (a figure that does not match is a finding, not a failure); 1: the file could not be read.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import ekraf

DEFAULT_FIGURES = Path(__file__).resolve().parent / "data" / "published_figures.csv"
Key = tuple[str, str, str, str]  # region, year, measure, subsector_or_category
InputKey = tuple[str, str, str, str, str]  # … and price_basis


@dataclass(frozen=True)
class Row:
    region: str
    year: str
    measure: str
    code: str
    basis: str
    value: str
    unit: str
    notes: str

    @property
    def key(self) -> Key:
        return (self.region, self.year, self.measure, self.code)

    @property
    def input_key(self) -> InputKey:
        return (self.region, self.year, self.measure, self.code, self.basis)

    @property
    def label(self) -> str:
        basis = "" if self.basis in {"n/a", "unknown"} else f" {self.basis}"
        return f"{self.region} {self.year} {self.measure} {self.code}{basis}"

    @property
    def decimals(self) -> int:
        exponent = Decimal(self.value).as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@dataclass(frozen=True)
class Outcome:
    row: Row
    computed: float | None  # None: not reproducible
    low: float | None  # the range the inputs' rounding allows
    high: float | None
    how: str  # how it was computed, or why it cannot be

    @property
    def match(self) -> bool:
        return self.computed is not None and round(self.computed, self.row.decimals) == float(self.row.value)

    @property
    def within_rounding(self) -> bool:
        if self.low is None or self.high is None:
            return False
        half = 0.5 * 10**-self.row.decimals
        return self.low - half <= float(self.row.value) <= self.high + half


def read_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Row(
                r["region"],
                r["year"],
                r["measure"],
                r["subsector_or_category"],
                r["price_basis"],
                r["value"],
                r["unit"],
                r["notes"],
            )
            for r in csv.DictReader(handle)
        ]


# ---------------------------------------------------------------- the engine's arithmetic
ENGINE_UNITS = {"triliun_rupiah": "triliun rupiah", "miliar_rupiah": "miliar rupiah", "juta_rupiah": "juta rupiah"}


def engine_indicator(indicator: str, region: str, unit: str, basis: str, levels: dict[int, float]) -> float:
    """One indicator of a TOTAL series at its last year, computed by the engine from a levels file
    (years may be non-consecutive, as `sinergi pdrb indicators` accepts them)."""
    with tempfile.TemporaryDirectory(prefix="published-figures-") as tmp:
        path = Path(tmp) / "levels.csv"
        lines = ["region,year,code,price_basis,value,unit"]
        lines += [
            f"{region},{year},TOTAL,{basis},{value!r},{ENGINE_UNITS[unit]}" for year, value in sorted(levels.items())
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        table = ekraf.LevelTable.from_file(path, allow_gaps=True)
        found = ekraf.compute_indicators(table, names=(indicator,)).get(indicator, region, "TOTAL", max(levels), basis)
    if found is None:
        raise ValueError(f"the engine gave no {indicator} for {region}")
    return float(found)


def _bounds(first: float, last: float, half: float, f: Callable[[float, float], float]) -> tuple[float, float]:
    return f(first + half, last - half), f(first - half, last + half)


def _half(value: str) -> float:
    exponent = Decimal(value).as_tuple().exponent
    return 0.5 * 10 ** (exponent if isinstance(exponent, int) else 0)


# ---------------------------------------------------------------- the reproducible figures
Recipe = Callable[[Row, dict[InputKey, Row]], Outcome]


def _basis(row: Row) -> str:
    return "ADHB" if row.basis == "ADHB" else "ADHK"


def _growth_recipe(first_key: InputKey, last_key: InputKey, note: str, *, engine: bool = True) -> Recipe:
    def recipe(row: Row, rows: dict[InputKey, Row]) -> Outcome:
        a, b = rows[first_key], rows[last_key]
        first, last = float(a.value), float(b.value)
        if engine:
            levels = {int(a.year): first, int(b.year): last}
            computed = engine_indicator("growth", row.region, a.unit, _basis(row), levels)
            how = f"engine growth ({a.value} → {b.value} {a.unit.replace('_', ' ')}); {note}"
        else:
            computed = (last / first - 1) * 100
            how = f"(b/a − 1)·100 ({a.value} → {b.value} {a.unit.replace('_', ' ')}); {note}"
        low, high = _bounds(first, last, _half(a.value), lambda x, y: (y / x - 1) * 100)
        return Outcome(row, computed, low, high, how)

    return recipe


def _average_growth(row: Row, rows: dict[InputKey, Row]) -> Outcome:
    a = rows[("Indonesia", "2010", "pdb_ekraf", "TOTAL_16", "ADHB")]
    b = rows[("Indonesia", "2015", "pdb_ekraf", "TOTAL_16", "ADHB")]
    first, last = float(a.value), float(b.value)
    levels = {2010: first, 2015: last}
    computed = engine_indicator("average_growth_compound", row.region, a.unit, "ADHB", levels)
    low, high = _bounds(first, last, _half(a.value), lambda x, y: ((y / x) ** (1 / 5) - 1) * 100)
    return Outcome(
        row,
        computed,
        low,
        high,
        "engine average_growth_compound (525.96 → 852.24 triliun); unpublished method: BPS gave the mean of"
        " annual rates, whose yearly levels 2011–2014 are not published",
    )


def _sum_of_distributions(row: Row, rows: dict[InputKey, Row]) -> Outcome:
    parts = [rows[("Indonesia", "2016", "distribution_pdb_ekraf", code, "ADHB")] for code in ("KUL", "FSN", "KRY")]
    computed = sum(float(p.value) for p in parts)
    half = sum(_half(p.value) for p in parts)
    return Outcome(
        row,
        computed,
        computed - half,
        computed + half,
        "sum of the published KUL, FSN, KRY distributions (41.69 + 18.15 + 15.70); another vintage of the"
        " figures (a revision), not rounding",
    )


def _jabar_share(row: Row, rows: dict[InputKey, Row]) -> Outcome:
    jabar = rows[("Jawa Barat", "unknown", "pdrb_ekraf", "TOTAL", "unknown")]
    national = rows[("Indonesia", "2016", "pdb_ekraf", "TOTAL_16", "ADHB")]
    computed = float(jabar.value) / float(national.value) * 100
    h1, h2 = _half(jabar.value), _half(national.value)
    low = (float(jabar.value) - h1) / (float(national.value) + h2) * 100
    high = (float(jabar.value) + h1) / (float(national.value) - h2) * 100
    return Outcome(
        row,
        computed,
        low,
        high,
        "191.3 / 922.59 (national 2016)·100; the year is not stated (2016 assumed) and 191.3 is rounded to 0.1 triliun",
    )


RECIPES: dict[Key, Recipe] = {
    ("Indonesia", "2010-2015", "avg_annual_increase_pdb_ekraf", "TOTAL_16"): _average_growth,
    ("Indonesia", "2015", "growth_ekspor_ekraf", "TOTAL_16"): _growth_recipe(
        ("Indonesia", "2014", "ekspor_ekraf", "TOTAL_16", "current_USD"),
        ("Indonesia", "2015", "ekspor_ekraf", "TOTAL_16", "current_USD"),
        "rounding: levels published to 0.01 miliar USD (the engine takes rupiah only, so plain arithmetic)",
        engine=False,
    ),
    ("Kota Depok", "2011", "growth_pdrb_ekraf", "TOTAL_K15"): _growth_recipe(
        ("Kota Depok", "2010", "pdrb_ekraf", "TOTAL_K15", "ADHK2000"),
        ("Kota Depok", "2011", "pdrb_ekraf", "TOTAL_K15", "ADHK2000"),
        "rounding: levels published to 0.01 triliun",
    ),
    ("Kota Depok", "2022", "growth_pdrb", "TOTAL_PDRB"): _growth_recipe(
        ("Kota Depok", "2021", "pdrb_total", "TOTAL_PDRB", "ADHK2010"),
        ("Kota Depok", "2022", "pdrb_total", "TOTAL_PDRB", "ADHK2010"),
        "rounding: levels published to 0.01 triliun",
    ),
    ("Indonesia", "2016", "distribution_pdb_ekraf", "KUL+FSN+KRY"): _sum_of_distributions,
    ("Jawa Barat", "unknown", "share_of_national_pdb_ekraf", "TOTAL"): _jabar_share,
}


# ---------------------------------------------------------------- why the others cannot be
def reason(row: Row) -> str:
    m, notes = row.measure, row.notes.upper()
    if m == "nilai_perputaran_ekraf":
        return "not PDRB: 'nilai perputaran' of undefined method"
    if m.endswith("_projection"):
        return "a projection, not an estimate"
    if "oldseries" in m:
        return "old series (2000 base, 15 subsectors): a level, or a growth whose previous year is not published"
    if row.region == "Kota Malang":
        return "level from a Bappeda survey (n=416), not the BPS method; its microdata is not published"
    if m in {"pdb_ekraf", "pdrb_ekraf"}:
        extra = " (approximate / uncertain as published)" if ("APPROXIMATE" in notes or "UNCERTAIN" in notes) else ""
        return (
            "level: its publisher's estimate from establishment data and a creative classification that are"
            f" not public (the engine needs both){extra}"
        )
    if m in {"pdrb_total"}:
        return "level: a BPS PDRB total, an input of the engine, not a derivation"
    if m in {"tenaga_kerja_ekraf", "ekspor_ekraf"}:
        return "level of employment or exports: an input (Sakernas / customs data), not a derivation"
    if m.endswith(("_min", "_max")) or m.startswith(("avg_", "cumulative_")):
        return "missing inputs: the yearly series behind a range or average is not published"
    if m.startswith("share_of_ekspor") or m == "share_tenaga_kerja_ekraf":
        return "missing inputs: the total (national exports / employment, or subsector exports) is not published"
    if m.startswith("share_of_"):
        return "missing inputs: the denominator (PDB/PDRB of that year and basis) is not in the reference files"
    if m.startswith("distribution_"):
        return "missing inputs: the subsector or category levels are not published"
    if m == "pdrb_per_kapita":
        return "missing inputs: the mid-year population of that year (the reference population is an undated count)"
    if m.startswith("growth_"):
        if "AMBIGUOUS" in notes:
            return "ambiguous as published (annual or cumulative) and its base levels are not published"
        return "missing inputs: the previous year's level at constant prices is not published"
    return "not a figure the engine derives"


def assess(rows: list[Row]) -> Iterator[Outcome]:
    by_key = {r.input_key: r for r in rows}
    for row in rows:
        recipe = RECIPES.get(row.key)
        if recipe is None:
            yield Outcome(row, None, None, None, reason(row))
        else:
            yield recipe(row, by_key)


# ---------------------------------------------------------------- output
def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def print_text(outcomes: list[Outcome]) -> None:
    done = [o for o in outcomes if o.computed is not None]
    print(f"{'figure':<62} {'published':>10} {'computed':>12} {'match':>5} {'in rounding':>11}")
    for o in done:
        computed = f"{o.computed:.{o.row.decimals + 2}f}"
        print(f"{o.row.label:<62} {o.row.value:>10} {computed:>12} {_yes(o.match):>5} {_yes(o.within_rounding):>11}")
        print(f"    {o.how}")
    print()
    matched = sum(o.match for o in done)
    print(f"{len(done)} of {len(outcomes)} figures reproducible from published inputs; {matched} to the decimal")
    print()
    print("not reproducible:")
    for o in outcomes:
        if o.computed is None:
            print(f"  {o.row.label} = {o.row.value} {o.row.unit}: {o.how}")


def print_markdown(outcomes: list[Outcome]) -> None:
    print("| figure | published | computed | to the decimal | within the inputs' rounding | how / why not |")
    print("|---|---:|---:|:-:|:-:|---|")
    for o in sorted(outcomes, key=lambda o: o.computed is None):
        value = f"{o.row.value} {o.row.unit.replace('_', ' ')}".replace("percent", "%")
        if o.computed is None:
            print(f"| {o.row.label} | {value} | — | — | — | {o.how} |")
        else:
            computed = f"{o.computed:.{o.row.decimals + 2}f}"
            print(f"| {o.row.label} | {value} | {computed} | {_yes(o.match)} | {_yes(o.within_rounding)} | {o.how} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--figures", type=Path, default=DEFAULT_FIGURES, help="published_figures.csv")
    parser.add_argument("--markdown", action="store_true", help="print the table for docs/domain/pdrb-ekraf.md")
    args = parser.parse_args(argv)
    try:
        rows = read_rows(args.figures)
    except (OSError, KeyError) as exc:
        print(f"error: cannot read {args.figures}: {exc}", file=sys.stderr)
        return 1
    outcomes = list(assess(rows))
    (print_markdown if args.markdown else print_text)(outcomes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
