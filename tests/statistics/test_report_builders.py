"""The publication report is composed of small builders: each section can be built alone from the
publication's figures and is exactly the section `build` puts in the report — and both hold the worked
example's numbers (docs/domain/pdrb-ekraf.md §2, Kota Contoh, miliar rupiah), computed here from that
page's table, never from the code under test."""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.statistics import report
from sinergi.statistics.report import publication as builders

from .helpers import analyst, head, published

pytestmark = pytest.mark.django_db

# The worked example's table: ekraf subsectors ADHB/ADHK for 2021 and 2022, and the PDRB totals.
FSN = {"adhb": (400, 440), "adhk": (320, 336)}
KUL = {"adhb": (200, 230), "adhk": (150, 165)}
APL = {"adhb": (100, 120), "adhk": (90, 103.5)}
EKRAF = {"adhb": (700, 790), "adhk": (560, 604.5)}
PDRB_ADHB = (5000, 5500)


def _pct(new: float, old: float) -> float:
    return (new / old - 1) * 100


def _growth(sub: dict[str, tuple[float, float]]) -> list[float]:
    return [_pct(*reversed(sub["adhk"])), _pct(*reversed(sub["adhb"]))]


def _source(sub: dict[str, tuple[float, float]]) -> float:
    return (sub["adhk"][1] - sub["adhk"][0]) / EKRAF["adhk"][0] * 100


IMPLICIT = [a / k * 100 for a, k in zip(EKRAF["adhb"], EKRAF["adhk"], strict=True)]
EXPECTED: dict[str, list[list[Any]]] = {
    "series": [
        ["2021", 700, 560, None, 700 / 5000 * 100],
        ["2022", 790, 604.5, _pct(604.5, 560), 790 / 5500 * 100],
    ],
    # Subsectors with figures first, then the other fourteen of the seventeen.
    "composition": [
        ["Fesyen", 440, 440 / 790 * 100],
        ["Kuliner", 230, 230 / 790 * 100],
        ["Aplikasi", 120, 120 / 790 * 100],
    ],
    "growth": [["Aplikasi", *_growth(APL)], ["Kuliner", *_growth(KUL)], ["Fesyen", *_growth(FSN)]],
    "sources": [["Fesyen", _source(FSN)], ["Kuliner", _source(KUL)], ["Aplikasi", _source(APL)]],
    "implicit": [["2021", IMPLICIT[0], None], ["2022", IMPLICIT[1], _pct(IMPLICIT[1], IMPLICIT[0])]],
}
# What the other subsectors (no figures) show in each per-subsector section.
EMPTY_ROW = {"composition": [0.0, 0.0], "growth": [None, None], "sources": [0.0]}


def _check(section: Any) -> None:
    rows = section.table.rows
    expected = EXPECTED[section.key]
    assert rows[: len(expected)] == [pytest.approx(row) for row in expected], section.key
    if section.key in EMPTY_ROW:
        rest = rows[len(expected) :]
        if section.key == "sources":  # the last row is the total: the ekraf's real growth
            assert rest.pop() == pytest.approx(["Total ekonomi kreatif", _pct(604.5, 560)])
        assert len(rest) == 17 - len(expected)
        assert all(row[1:] == EMPTY_ROW[section.key] for row in rest), section.key
    else:
        assert len(rows) == len(expected)


def test_build_is_the_composition_of_its_section_builders() -> None:
    publication = published(analyst(), head())
    built = report.build(publication)
    figures = report.Figures.of(publication)
    assert [s.key for s in built.sections] == ["series", "composition", "growth", "sources", "implicit"]
    for builder, section in zip(builders.SECTIONS, built.sections, strict=True):
        _check(section)
        _check(builder(figures))  # the section built alone is the same section
    expected_headline = {
        "year": 2022,
        "value_adhb": 790,
        "value_adhk": 604.5,
        "share": 790 / PDRB_ADHB[1] * 100,
        "growth": _pct(604.5, 560),
        "implicit_index": IMPLICIT[1],
        "pdrb_adhb": PDRB_ADHB[1],
    }
    assert built.headline == pytest.approx(expected_headline)
    assert builders.headline(figures) == pytest.approx(expected_headline)
    assert figures.last == 2022
    assert builders.kecamatan_section(figures) is None  # the worked example has no registry shares
    total = next(row for row in built.table("sources").rows if row[0] == report.subsector_name(report.TOTAL))
    assert total[1] == pytest.approx(7.946, abs=1e-3)  # the last row is the total real growth
