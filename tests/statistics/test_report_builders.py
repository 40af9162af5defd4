"""The publication report is composed of small builders: each section can be built alone from the
publication's figures and is exactly the section `build` puts in the report."""

from __future__ import annotations

import pytest

from sinergi.statistics import report
from sinergi.statistics.report import publication as builders

from .helpers import analyst, head, published

pytestmark = pytest.mark.django_db


def test_build_is_the_composition_of_its_section_builders() -> None:
    publication = published(analyst(), head())
    built = report.build(publication)
    figures = report.Figures.of(publication)
    alone = [builder(figures) for builder in builders.SECTIONS]
    assert [s.key for s in built.sections] == ["series", "composition", "growth", "sources", "implicit"]
    assert [s.table for s in built.sections] == [s.table for s in alone]
    assert built.headline == builders.headline(figures)
    assert built.headline["year"] == figures.last == 2022
    assert builders.kecamatan_section(figures) is None  # the worked example has no registry shares
    total = next(row for row in built.table("sources").rows if row[0] == report.subsector_name(report.TOTAL))
    assert total[1] == pytest.approx(7.946, abs=1e-3)  # the last row is the total real growth
