"""The Kalimantan Timur demo as a visitor sees it (issue 14 §4), on a phone (390 px) and a laptop
(1366 px): the home page names the province, the directory lists actors of its kab/kota, the demo event
shows its bazaar at 09:00 WITA; nothing says Depok and no page is wider than the window."""

from __future__ import annotations

import io
import os
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from sinergi.demo.seed.kaltim import events as events_demo
from sinergi.registry import filters
from sinergi.wilayah import reference
from sinergi.wilayah.models import Level, Wilayah
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.layout import walk

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EVENT_TITLE = "Festival Ekonomi Kreatif Kalimantan Timur (demo)"


@pytest.fixture
def kaltim_demo(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """`make run REGION=64`: the settings SINERGI_REGION_CODE=64 derives, region 64's areas only, seed_demo."""
    region = reference.region("64")
    settings.SINERGI_REGION_CODE = region.code
    settings.SINERGI_REGION_NAME = region.name
    settings.SINERGI_REGION_PLACE = region.place_name
    settings.TIME_ZONE = reference.time_zone_for(region.code)
    settings.SINERGI_TIME_ZONE_LABEL = reference.zone_label(settings.TIME_ZONE)
    settings.SINERGI_DEMO = True
    for level in (Level.KELURAHAN, Level.KECAMATAN, Level.KOTA, Level.PROVINSI):
        Wilayah.objects.filter(level=level).delete()
    call_command("load_reference", stdout=io.StringIO())
    monkeypatch.setattr(filters, "_options", None)
    call_command("seed_demo", stdout=io.StringIO())


def _fits(page: Any) -> None:
    body = page.locator("body").inner_text()
    assert "depok" not in body.lower(), page.url
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def _open_nav(page: Any, name: str) -> None:
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible():
        toggle.click()
    page.locator("#site-nav").get_by_role("link", name=name, exact=True).click()


@pytest.mark.parametrize("width", [390, 1366])
def test_visitor_opens_home_directory_and_the_event_of_the_kaltim_demo(
    kaltim_demo: None, live_server: Any, page: Any, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    assert "Kalimantan Timur" in page.locator("header").inner_text()
    _fits(page)

    _open_nav(page, "Direktori")
    page.wait_for_url(re.compile(r"/direktori/"))
    main = page.locator("main")
    assert re.search(r"Kota Samarinda|Kabupaten Kutai|Kota Balikpapan", main.inner_text())
    _fits(page)
    actor = main.locator("a[href*='/direktori/pelaku/']").first
    name = actor.inner_text().strip()
    actor.click()
    page.wait_for_url(re.compile(r"/direktori/pelaku/"))
    assert name in page.locator("main h1").inner_text()
    assert "Data demo" in page.locator("main").inner_text()
    _fits(page)

    _open_nav(page, "Acara")
    page.wait_for_url(re.compile(r"/acara/$"))
    page.locator("main").get_by_role("link", name=EVENT_TITLE).first.click()
    page.wait_for_url(re.compile(rf"/acara/{events_demo.SLUG}/"))
    row = page.get_by_role("row", name=re.compile(r"Bazar produk kreatif kab.kota hari pertama"))
    assert "09:00–21:00 WITA" in row.inner_text()
    assert "Samarinda" in page.locator("main").inner_text()
    _fits(page)


def test_every_public_page_of_the_kaltim_demo_fits_and_names_no_depok(
    kaltim_demo: None, live_server: Any, page: Any
) -> None:
    """The visitor's whole site, walked by its links at both widths (tests/e2e/layout.py), then each page
    reached read again for the word Depok."""
    visited: set[str] = set()
    problems = []
    for width in (390, 1366):
        result = walk(page, live_server.url, ["/"], width=width, who="pengunjung-kaltim", shots=ARTIFACTS / "layout")
        visited |= set(result.visited)
        problems += result.problems
    assert len(visited) > 10, f"only {len(visited)} pages reached: the walk lost its way"
    assert not problems, "\n".join(f"{p.width}px {p.kind} {p.url}: {p.detail}" for p in problems)
    client = Client()
    naming_depok = []
    for url in sorted(visited):
        path = url.removeprefix(live_server.url)
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        if "depok" in response.content.decode().lower():
            naming_depok.append(path)
    assert naming_depok == []
    assert any("/direktori/pelaku/" in url for url in visited)
    assert any("/acara/" in url for url in visited)
