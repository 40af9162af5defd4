"""The public result lists share one result-list template (core/_results.html): the filters' warnings,
the count line and pagination, or an empty state that says what to try; HTMX gets the same markup."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LISTS = {
    "portal:hub_list": ("Tidak ada ruang kreatif yang cocok.", "pilih semua kecamatan"),
    "portal:community_list": ("Tidak ada komunitas yang cocok.", "hapus filter subsektor"),
    "portal:product_list": ("Tidak ada produk yang cocok.", "hanya produk unggulan"),
}


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_lists_render_the_shared_result_list(name: str, headers: dict[str, str]) -> None:
    response = Client().get(reverse(name) + "?q=tidak-ada-yang-bernama-begini", headers=headers)
    assert response.status_code == 200
    assert "core/_results.html" in [t.name for t in response.templates]
    html = response.content.decode()
    empty, hint = LISTS[name]
    assert '<div class="empty">' in html
    assert empty in html
    assert hint in html


@pytest.mark.parametrize("name", LISTS)
def test_a_dropped_filter_is_said_above_every_list(name: str) -> None:
    html = Client().get(reverse(name) + "?kecamatan=99.99.99").content.decode()
    results = html[html.index('id="results"') :]
    assert 'class="message warning"' in results
