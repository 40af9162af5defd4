"""The public statistics pages and the API's published figures never change between publications:
cached by the statistics version (core.pagecache), with conditional GET, and fresh after a publication."""

from __future__ import annotations

import pytest
from django.test import Client

from sinergi.core.pagecache import HEADER
from sinergi.statistics import services

from .helpers import analyst, head, published, ratio_run

pytestmark = pytest.mark.django_db


def revise(first, a, h, title):  # type: ignore[no-untyped-def]
    run = ratio_run(a)
    run.refresh_from_db()
    rev = services.publication_prepare(by=a, run=run, title=title, revision_of=first, revision_reason="Data baru BPS")
    services.publication_submit(by=a, publication=rev)
    return services.publication_approve(by=h, publication=rev)


def test_the_region_page_is_served_from_the_cache_until_the_next_publication() -> None:
    a, h = analyst(), head()
    first = published(a, h, title="Rilis pertama")
    url = f"/statistik/wilayah/{first.region_code}/"
    visitor = Client()
    one = visitor.get(url)
    assert one.status_code == 200
    assert one[HEADER] == "miss"
    assert "Rilis pertama" in one.content.decode()
    two = visitor.get(url)  # now with the CSRF cookie the first answer set
    assert two[HEADER] == "hit"
    assert "Rilis pertama" in two.content.decode()
    assert visitor.get(url)["ETag"] == two["ETag"]
    assert two["Last-Modified"] == one["Last-Modified"]
    assert "no-cache" in two["Cache-Control"]

    # The visitor's browser revalidates: nothing changed, nothing sent.
    unchanged = visitor.get(url, HTTP_IF_NONE_MATCH=two["ETag"])
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    since = visitor.get(url, HTTP_IF_MODIFIED_SINCE=two["Last-Modified"])
    assert since.status_code == 304
    assert Client().get(url, HTTP_IF_NONE_MATCH=two["ETag"]).status_code == 200  # not their copy

    revise(first, a, h, "Rilis revisi")
    fresh = visitor.get(url, HTTP_IF_NONE_MATCH=two["ETag"])
    assert fresh.status_code == 200
    assert fresh[HEADER] == "miss"
    assert "Rilis revisi" in fresh.content.decode()
    assert fresh["ETag"] != two["ETag"]
    older = visitor.get(f"/statistik/{first.pk}/")
    assert "digantikan revisi" in older.content.decode()


def test_cached_pages_carry_each_visitors_own_csrf_token() -> None:
    publication = published(analyst(), head())
    url = f"/statistik/{publication.pk}/"
    first, second = Client(), Client()
    assert first.get(url)[HEADER] == "miss"
    page = second.get(url)
    assert page[HEADER] == "hit"
    token = second.cookies["csrftoken"].value
    from django.middleware.csrf import _unmask_cipher_token

    masked = page.content.decode().split('"X-CSRFToken": "')[1].split('"')[0]
    assert _unmask_cipher_token(masked) == token


def test_signed_in_staff_always_get_a_fresh_page() -> None:
    a, h = analyst(), head()
    publication = published(a, h)
    client = Client()
    client.force_login(h)
    url = f"/statistik/{publication.pk}/"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert HEADER not in response
        assert "ETag" not in response


def test_published_figures_api_is_cached_until_the_next_publication() -> None:
    a, h = analyst(), head()
    first = published(a, h)
    url = f"/api/v1/statistics/publications/{first.pk}/figures"
    query = {"indicator": "level", "price_basis": "ADHK", "limit": 5}
    api = Client()
    one = api.get(url, query)
    assert one.status_code == 200
    assert one[HEADER] == "miss"
    assert one["Content-Type"] == "application/json; charset=utf-8"
    body = one.json()
    assert body["count"] > 5
    assert len(body["results"]) == 5
    assert body["next"]
    assert set(body["results"][0]) == {"year", "code", "indicator", "price_basis", "area", "value"}
    two = api.get(url, query)
    assert two[HEADER] == "hit"
    assert two.json() == body
    assert two["ETag"] == one["ETag"]  # an API client has no cookies
    assert api.get(url, query, HTTP_IF_NONE_MATCH=one["ETag"]).status_code == 304
    other = api.get(url, {**query, "offset": 5})
    assert other[HEADER] == "miss"
    assert other.json()["results"] != body["results"]

    revise(first, a, h, "Revisi")
    after = api.get(url, query, HTTP_IF_NONE_MATCH=one["ETag"])
    assert after.status_code == 200
    assert after[HEADER] == "miss"
    assert api.get("/api/v1/statistics/publications/999999/figures").status_code == 404
