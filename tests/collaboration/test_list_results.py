"""The initiative list renders the shared result list (core/_results.html) like the portal's lists:
`halaman` pages it (an old `page` link still works), a dropped filter is said, and no match has an
empty state that says what to try."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sinergi.collaboration.models import Phase
from sinergi.collaboration.views import pages
from tests.collaboration.factories import Cast, make_initiative

pytestmark = pytest.mark.django_db


def _html(url: str, **headers: str) -> str:
    response = Client().get(url, headers=headers)
    assert response.status_code == 200
    assert "core/_results.html" in [t.name for t in response.templates]
    return response.content.decode()


def test_pages_by_halaman_and_keeps_the_filters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "PAGE_SIZE", 1)
    cast = Cast()
    make_initiative(cast, Phase.OPEN, title="Galeri batik keliling")
    make_initiative(cast, Phase.OPEN, title="Pasar kriya akhir pekan")
    first = _html("/kolaborasi/?phase=open&sort=judul")
    assert "Galeri batik keliling" in first
    assert "Pasar kriya akhir pekan" not in first
    assert "?phase=open&amp;sort=judul&amp;halaman=2" in first
    assert "Menampilkan 1–1 dari 2" in first
    second = _html("/kolaborasi/?phase=open&sort=judul&halaman=2", **{"HX-Request": "true"})
    assert second.strip().startswith('<section id="results"')
    assert "Pasar kriya akhir pekan" in second
    assert "Pasar kriya akhir pekan" in _html("/kolaborasi/?phase=open&sort=judul&page=2")


def test_no_match_and_a_dropped_filter_are_said() -> None:
    html = _html("/kolaborasi/?phase=tidak-ada")
    results = html[html.index('id="results"') :]
    assert 'class="message warning"' in results
    assert "Tidak ada inisiatif yang cocok." in results
    assert "Coba kata kunci lain" in results


def test_a_card_reads_only_what_it_shows_and_no_query_per_card(django_assert_num_queries: Any) -> None:
    """The list's cards read their columns in the page's one query (selectors.initiative_cards): the
    initiative's long texts, the author's account and the office's letterhead are not read, and no card
    reads anything more (a deferred column read later would be a query per card)."""
    cast = Cast()
    make_initiative(cast, Phase.OPEN, title="Galeri batik keliling", goal="x" * 4000)
    make_initiative(cast, Phase.REVIEW, title="Pasar kriya")
    Client().get("/kolaborasi/?sort=judul")  # the filter options' cache, the session machinery
    with django_assert_num_queries(2) as captured:  # the count and the page
        html = Client().get("/kolaborasi/?sort=judul&_=1").content.decode()
    assert "Galeri batik keliling" in html
    assert str(cast.author) in html  # the proposer's name, from the author's row
    page_sql = captured.captured_queries[-1]["sql"]
    assert '"collaboration_initiative"."goal"' not in page_sql
    assert '"accounts_user"."password"' not in page_sql
    assert '"accounts_organisation"."letterhead_address"' not in page_sql
    assert '"collaboration_initiative"."title"' in page_sql
