"""A visitor's broad search in a large directory (issue 17): the directory counts up to its limit, then
says "lebih dari …" in the result tab and the pagination, pages on to the limit by HTMX, and at the last
page asks to narrow the search; a narrower search shows its exact count again. `page`
(tests/e2e/conftest.py) fails the test on any CSP violation."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.factories import kelurahan, make_actor

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visitor_sees_more_than_the_limit_and_narrows_the_search(live_server: Any, page: Any, settings: Any) -> None:
    settings.SINERGI_DIRECTORY_COUNT_LIMIT = 40
    for i in range(45):
        make_actor(name=f"Kopi Nusantara {i:02d}", kbli_code="56303")
    for i in range(3):
        make_actor(name=f"Kopi Cinere {i}", kbli_code="56303", kelurahan=kelurahan("32.76.03.1001"))

    page.goto(live_server.url + "/direktori/")
    page.get_by_label("Kata kunci").fill("kopi")
    page.get_by_role("button", name="Cari").click()
    results = page.locator("#results")
    results.get_by_text("Menampilkan 1–20 dari lebih dari 40").wait_for()
    assert results.locator(".tabs .active .badge").inner_text().strip() == "lebih dari 40"
    results.get_by_role("link", name="Berikutnya").click()
    results.get_by_text("Menampilkan 21–40 dari lebih dari 40").wait_for()
    assert results.get_by_text("Persempit pencarian untuk melihat hasil lainnya.").is_visible()
    assert results.get_by_role("link", name="Berikutnya").count() == 0

    page.goto(live_server.url + "/direktori/?q=kopi&kecamatan=32.76.03")
    page.locator("#results").get_by_text("Menampilkan 1–3 dari 3").wait_for()
    assert page.locator("#results .tabs .active .badge").inner_text().strip() == "3"
