"""The initiative list renders the shared result list (core/_results.html) like the portal's lists:
`halaman` pages it (an old `page` link still works), a dropped filter is said, and no match has an
empty state that says what to try."""

from __future__ import annotations

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
