"""A visitor's broad search in a large directory (issue 17): the directory counts up to its limit, then
says "lebih dari …" in the result tab and the pagination, pages on to the limit by HTMX, and at the last
page asks to narrow the search; a narrower search shows its exact count again. Past the limit the
word search is in name order, not relevance: the page says so beside the count and the sort control
says "by name" (swapped by HTMX with the results); the narrower search is ranked again. `page`
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
        make_actor(name=f"Kopi Nusantara {i:02d}", kbli_code="56303", description="kopi " * (i + 1))
    for i in range(3):
        make_actor(name=f"Kopi Cinere {i}", kbli_code="56303", kelurahan=kelurahan("32.76.03.1001"))

    # From the home page's search (a word only: the directory's default order for it is relevance).
    page.goto(live_server.url + "/")
    page.get_by_label("Cari di direktori").fill("kopi")
    page.get_by_role("button", name="Cari").click()
    results = page.locator("#results")
    results.get_by_text("Menampilkan 1–20 dari lebih dari 40").wait_for()
    assert results.locator(".tabs .active .badge").inner_text().strip() == "lebih dari 40"
    note = "Lebih dari 40 hasil, diurutkan menurut nama — persempit pencarian untuk urutan relevansi."
    assert results.get_by_text(note).is_visible()
    assert results.locator(".card-title").first.inner_text() == "Kopi Cinere 0"  # name order, not rank
    sort = page.get_by_label("Urutkan")
    assert sort.locator("option:checked").inner_text() == "Menurut nama (terlalu banyak hasil untuk relevansi)"
    results.get_by_role("link", name="Berikutnya").click()  # HTMX: the results and the sort control
    results.get_by_text("Menampilkan 21–40 dari lebih dari 40").wait_for()
    assert results.get_by_text(note).is_visible()
    assert sort.locator("option:checked").inner_text() == "Menurut nama (terlalu banyak hasil untuk relevansi)"
    assert results.get_by_text("Persempit pencarian untuk melihat hasil lainnya.").is_visible()
    assert results.get_by_role("link", name="Berikutnya").count() == 0

    page.goto(live_server.url + "/direktori/?q=kopi&kecamatan=32.76.03")
    page.locator("#results").get_by_text("Menampilkan 1–3 dari 3").wait_for()
    assert page.locator("#results .tabs .active .badge").inner_text().strip() == "3"
    assert page.get_by_text("diurutkan menurut nama").count() == 0
    assert page.get_by_label("Urutkan").locator("option:checked").inner_text() == "Paling relevan"


def test_a_word_typed_into_the_directory_form_is_ranked(live_server: Any, page: Any) -> None:
    """The directory opened without a word lists by name; the visitor types a word into its own form and
    the results are ranked by relevance (the form does not pin the name order it was first shown in)."""
    make_actor(name="Batik Tulis Cinere", kbli_code="13134", kelurahan=kelurahan("32.76.03.1001"))
    make_actor(name="Kopi Margonda", kbli_code="56303")
    page.goto(live_server.url + "/direktori/")
    sort = page.get_by_label("Urutkan")
    assert sort.locator("option:checked").inner_text() == "Nama A–Z"
    page.get_by_label("Kata kunci").fill("batik")
    page.get_by_role("button", name="Cari").click()
    page.locator("#results").get_by_text("Menampilkan 1–1 dari 1").wait_for()
    assert "urut=name" not in page.url
    assert sort.locator("option:checked").inner_text() == "Paling relevan"
    assert page.locator("#results .card-title").first.inner_text() == "Batik Tulis Cinere"
