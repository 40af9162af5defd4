"""`benchmarks/published_figures.py`: every published figure is either recomputed or given a reason."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "published_figures.py"


@pytest.fixture(scope="module")
def outcomes():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("published_figures", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["published_figures"] = module
    spec.loader.exec_module(module)
    return {o.row.label: o for o in module.assess(module.read_rows(module.DEFAULT_FIGURES))}


def test_every_row_is_recomputed_or_explained(outcomes) -> None:  # type: ignore[no-untyped-def]
    assert len(outcomes) == 121
    assert all(o.how for o in outcomes.values())
    assert sum(o.computed is not None for o in outcomes.values()) == 6


def test_recomputed_through_the_engine(outcomes) -> None:  # type: ignore[no-untyped-def]
    depok = outcomes["Kota Depok 2022 growth_pdrb TOTAL_PDRB ADHK2010"]
    assert depok.computed == pytest.approx((52.56 / 49.95 - 1) * 100, rel=1e-12)
    assert not depok.match
    assert depok.within_rounding
    average = outcomes["Indonesia 2010-2015 avg_annual_increase_pdb_ekraf TOTAL_16 ADHB"]
    assert average.computed == pytest.approx(((852.24 / 525.96) ** 0.2 - 1) * 100, rel=1e-12)
    assert not average.within_rounding  # 10.13 compound: BPS's 10.14 is another method
    vintage = outcomes["Indonesia 2016 distribution_pdb_ekraf KUL+FSN+KRY ADHB"]
    assert vintage.computed == pytest.approx(75.54)
    assert not vintage.within_rounding


def test_markdown_lists_every_row(outcomes, capsys) -> None:  # type: ignore[no-untyped-def]
    module = sys.modules["published_figures"]
    module.print_markdown(list(outcomes.values()))
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    assert len(lines) == 1 + 121
