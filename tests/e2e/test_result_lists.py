"""A visitor pages through the initiatives and the portal's lists, which share one result list
(core/_results.html): the next page swaps in by HTMX with its address kept, and a search with no match
says what to try. `page` (tests/e2e/conftest.py) fails the test on any CSP violation."""

from __future__ import annotations

import os
from typing import Any

import pytest

from sinergi.collaboration.models import Phase
from sinergi.collaboration.views import pages
from tests.collaboration.factories import Cast, make_initiative

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visitor_pages_and_searches_the_result_lists(live_server: Any, page: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(pages, "PAGE_SIZE", 1)
    cast = Cast()
    make_initiative(cast, Phase.OPEN, title="Galeri batik keliling")
    make_initiative(cast, Phase.OPEN, title="Pasar kriya akhir pekan")
    base = live_server.url

    page.goto(base + "/kolaborasi/?phase=open&sort=judul")
    results = page.locator("#results")
    results.get_by_text("Menampilkan 1–1 dari 2").wait_for()
    assert results.get_by_text("Galeri batik keliling").is_visible()
    results.get_by_role("link", name="Berikutnya").click()
    results.get_by_text("Pasar kriya akhir pekan").wait_for()
    page.wait_for_url("**/kolaborasi/?phase=open&sort=judul&halaman=2")
    assert page.locator("#results").count() == 1  # the list replaced, not nested in itself
    assert page.get_by_role("heading", name="Inisiatif kolaborasi", level=1).is_visible()

    page.goto(base + "/kolaborasi/?q=tidak-ada-yang-bernama-begini")
    page.locator("#results .empty").get_by_text("Tidak ada inisiatif yang cocok.").wait_for()

    page.goto(base + "/direktori/ruang-kreatif/?q=tidak-ada-yang-bernama-begini")
    page.locator("#results .empty").get_by_text("Tidak ada ruang kreatif yang cocok.").wait_for()
