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
    pancoran = Wilayah.objects.get(kode="32.76.01")
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
