"""A revision's page lists the figures that changed from the release it revises."""

from __future__ import annotations

import pytest

import ekraf
from sinergi.statistics import report, services
from sinergi.statistics.models import PublishedFigure

from .helpers import analyst, example, head, published, ratio_run

pytestmark = pytest.mark.django_db


def _value(publication, indicator: str, basis: str, year: int) -> float:  # type: ignore[no-untyped-def]
    return PublishedFigure.objects.get(
        publication=publication, area="", indicator=indicator, price_basis=basis, code=ekraf.TOTAL, year=year
    ).value


def test_revision_lists_the_figures_that_changed(client) -> None:  # type: ignore[no-untyped-def]
    a, h = analyst(), head()
    first = published(a, h, title="Rilis pertama")
    revised_pdrb = example("pdrb.csv").replace(b"Kota Contoh,2022,C,ADHK,840,", b"Kota Contoh,2022,C,ADHK,850,")
    run = ratio_run(a, pdrb=revised_pdrb)
    rev = services.publication_prepare(
        by=a, run=run, title="Revisi", revision_of=first, revision_reason="BPS merevisi PDRB C 2022 ADHK"
    )
    services.publication_submit(by=a, publication=rev)
    services.publication_approve(by=h, publication=rev)

    found = report.revision_changes(rev)
    assert found is not None
    changed = {(c.indicator, c.price_basis, c.code, c.year): c for c in found.changes}
    level = changed[("level", "ADHK", ekraf.TOTAL, 2022)]
    assert level.previous == _value(first, "level", "ADHK", 2022)
    assert level.current == _value(rev, "level", "ADHK", 2022)
    assert level.current != level.previous
    assert ("growth", "ADHK", ekraf.TOTAL, 2022) in changed
    # ADHB and 2021 inputs are the same: none of their levels is listed
    assert not [c for c in found.changes if c.indicator == "level" and (c.price_basis == "ADHB" or c.year == 2021)]
    assert 0 < len(found.changes) < found.compared

    page = client.get(f"/statistik/{rev.pk}/").content.decode()
    assert "Angka yang berubah karena revisi" in page
    assert f"{len(found.changes)} angka berubah dari {found.compared} angka wilayah" in page
    assert client.get(f"/statistik/{first.pk}/").status_code == 200


def test_unchanged_revision_says_nothing_changed(client) -> None:  # type: ignore[no-untyped-def]
    a, h = analyst(), head()
    first = published(a, h, title="Rilis pertama")
    rev = services.publication_prepare(
        by=a, run=ratio_run(a), title="Revisi", revision_of=first, revision_reason="Koreksi judul"
    )
    services.publication_submit(by=a, publication=rev)
    services.publication_approve(by=h, publication=rev)
    found = report.revision_changes(rev)
    assert found is not None
    assert found.changes == []
    assert found.compared > 0
    page = client.get(f"/statistik/{rev.pk}/").content.decode()
    assert f"0 angka berubah dari {found.compared} angka wilayah" in page
    assert "Angka yang berubah karena revisi" not in page
