"""The experimental per-kecamatan estimates are also drawn as a proportional-symbol map, labelled
experimental like their table."""

from __future__ import annotations

import pytest
from django.test import Client

from sinergi.statistics import report
from sinergi.statistics.models import Publication, PublishedFigure
from sinergi.wilayah.models import Wilayah

from .helpers import analyst, head, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication() -> Publication:
    pub = published(analyst(), head())
    year = report.build(pub).last_year
    assert year is not None
    # 32.76.99 is no kecamatan in the reference data: no centroid, listed under the map
    for area, code, value in [
        ("32.76.01", "KUL", 1500.0),
        ("32.76.01", "KRY", 500.0),
        ("32.76.06", "KUL", 250.0),
        ("32.76.99", "KUL", 100.0),
    ]:
        PublishedFigure.objects.create(
            publication=pub,
            region_code=pub.region_code,
            area=area,
            year=year,
            code=code,
            indicator="kecamatan_level",
            price_basis="ADHB",
            value=value,
        )
    return pub


def test_report_carries_map_points_with_centroids(publication: Publication) -> None:
    section = next(s for s in report.build(publication).sections if s.key == "kecamatan")
    pancoran = Wilayah.objects.get(code="32.76.01")
    points = {p[0]: p for p in section.extra["map_points"]}
    assert points["Pancoran Mas"][1:] == (
        pancoran.centroid_lon,
        pancoran.centroid_lat,
        pytest.approx(2000.0 * report.UNIT_SIZE[report._unit_of(publication)] / 1e3),
        None,
    )
    assert points["32.76.99"][1:3] == (None, None)


def test_public_page_shows_the_experimental_map(client: Client, publication: Publication) -> None:
    html = client.get(f"/statistik/{publication.pk}/").content.decode()
    section = html[html.index('id="bagian-kecamatan"') :]
    section = section[: section.index("</section>")]
    assert 'class="symbol-map experimental"' in section
    assert "eksperimental" in section[section.index("<figcaption") :]
    assert "<title>Pancoran Mas: 2.000,0</title>" in section  # Indonesian grouping and decimal comma
    assert "<title>Beji: 250,0</title>" in section
    missing = section[section.index("symbol-map-missing") :]
    assert "32.76.99" in missing[: missing.index("</p>")]
    assert "maps.css" in html


def _registry_actor(kelurahan_kode: str, sales: dict[int, int]) -> None:
    from sinergi.registry.models import ActorYearlyFigure
    from tests.factories import kelurahan, make_actor

    actor = make_actor(kelurahan=kelurahan(kelurahan_kode))
    for year, value in sales.items():
        ActorYearlyFigure.objects.create(actor=actor, year=year, sales=value)


def _run_for(region_code: str) -> object:
    from django.test import TestCase

    from sinergi.classification.models import KbliMapping
    from sinergi.statistics import services
    from sinergi.statistics.models import RunStatus

    from .helpers import example, upload

    by = analyst()
    kw = {"region_code": region_code, "region_name": "Kota Contoh"}
    p = upload(by, "pdrb", example("pdrb.csv"), "pdrb.csv", **kw)
    e = upload(by, "establishments", example("establishments.csv"), "establishments.csv", **kw)
    with TestCase.captureOnCommitCallbacks(execute=True):
        run = services.run_create(
            by=by,
            method="ratio",
            region_code=region_code,
            region_name="Kota Contoh",
            datasets={"pdrb": p, "establishments": e},
            mapping=KbliMapping.objects.get(is_active=True),
            parameters={"benchmark_year": 2021},
        )
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error_summary
    return run


def test_kecamatan_split_uses_the_runs_own_region_and_each_years_shares() -> None:
    """Issue 13 §5: a non-Depok publication showed a split over Depok's kecamatan, and one year's
    registry shares were applied to every year."""
    from sinergi.statistics import adapters, services

    _registry_actor("32.76.01.1006", {2021: 100_000_000, 2022: 100_000_000})  # Pancoran Mas
    _registry_actor("32.76.06.1001", {2022: 300_000_000})  # another Depok kecamatan, sales from 2022
    elsewhere = _run_for("64.72")  # Kota Samarinda: no registry actor there
    assert adapters.kecamatan_shares_by_year(elsewhere.kecamatan_shares) == {}  # type: ignore[attr-defined]
    pub = services.publication_prepare(by=analyst(), run=elsewhere, title="Samarinda")
    assert not PublishedFigure.objects.filter(publication=pub, indicator="kecamatan_level").exists()

    depok = _run_for("32.76")
    by_year = adapters.kecamatan_shares_by_year(depok.kecamatan_shares)  # type: ignore[attr-defined]
    assert by_year[2021]["FSN"] == pytest.approx({"32.76.01": 1.0})
    assert by_year[2022]["FSN"] == pytest.approx({"32.76.01": 0.25, "32.76.06": 0.75})
    pub = services.publication_prepare(by=analyst(), run=depok, title="Depok")
    fsn_2021 = dict(
        PublishedFigure.objects.filter(
            publication=pub, indicator="kecamatan_level", code="FSN", price_basis="ADHB", year=2021
        ).values_list("area", "value")
    )
    assert fsn_2021 == pytest.approx({"32.76.01": 400.0})  # all of FSN 2021 (worked example: 400)
