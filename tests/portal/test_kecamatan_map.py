"""The kecamatan summary page draws the proportional-symbol map next to its table and chart."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.wilayah.models import Wilayah
from tests.factories import kelurahan, make_actor

pytestmark = pytest.mark.django_db


def _map(html: str) -> str:
    start = html.index('<svg class="symbol-map-svg"')
    return html[start : html.index("</svg>", start)]


def test_map_links_each_kecamatan_to_the_directory_and_keeps_table_and_chart() -> None:
    make_actor(kbli_code="13134", kelurahan=kelurahan("32.76.03.1001"))  # Sawangan, kriya
    make_actor(kbli_code="56101")
    html = Client().get(reverse("portal:kecamatan_summary")).content.decode()
    svg = _map(html)
    assert len(re.findall(r'<a class="sm-link" href="/direktori/\?kecamatan=32\.76\.\d\d"', svg)) == 11
    assert "<title>Sawangan: 1</title>" in svg
    assert svg.count("sm-zero") >= 9  # kecamatan without actors: hollow markers, still linked
    assert 'id="kecamatan-chart-title"' in html
    assert '<table class="dense">' in html
    assert "sentroid" in html
    assert "maps.css" in html


def test_map_follows_the_subsector_filter() -> None:
    make_actor(kbli_code="13134", kelurahan=kelurahan("32.76.03.1001"))
    make_actor(kbli_code="56101", kelurahan=kelurahan("32.76.03.1001"))
    svg = _map(Client().get(reverse("portal:kecamatan_summary") + "?subsektor=KRY").content.decode())
    assert "<title>Sawangan: 1</title>" in svg
    assert "kecamatan=32.76.03&amp;subsektor=KRY" in svg
    everything = _map(Client().get(reverse("portal:kecamatan_summary")).content.decode())
    assert "<title>Sawangan: 2</title>" in everything


def test_kecamatan_without_centroid_is_listed_under_the_map() -> None:
    Wilayah.objects.filter(code="32.76.07").update(centroid_lon=None, centroid_lat=None)
    name = Wilayah.objects.get(code="32.76.07").name
    html = Client().get(reverse("portal:kecamatan_summary")).content.decode()
    assert name not in _map(html)
    missing = html[html.index("symbol-map-missing") :]
    assert name in missing[: missing.index("</p>")]
