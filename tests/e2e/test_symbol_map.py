"""The kecamatan map is drawn and styled in chromium under the strict CSP (the page fixture fails on
any CSP violation): eleven circles, filled by the stylesheet, one a link to the directory."""

from typing import Any

import pytest

from tests.factories import kelurahan, make_actor


@pytest.mark.django_db(transaction=True)
def test_kecamatan_map_renders_styled_in_chromium(live_server: Any, page: Any) -> None:
    make_actor(kelurahan=kelurahan("32.76.03.1001"))
    page.goto(live_server.url + "/direktori/ringkasan-kecamatan/")
    svg = page.locator("svg.symbol-map-svg")
    assert svg.get_attribute("role") == "img"
    places = svg.locator(":scope > a circle, :scope > g:not(.sm-legend) circle")
    assert places.count() == 11
    filled = svg.locator("a circle.sm-symbol").first
    assert filled.evaluate("c => getComputedStyle(c).fillOpacity") == "0.55"  # maps.css is applied
    assert svg.locator("a").first.get_attribute("href").startswith("/direktori/?kecamatan=")
