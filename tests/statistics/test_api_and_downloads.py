from __future__ import annotations

import io
import json

import openpyxl
import pytest

from sinergi.statistics import services

from .helpers import analyst, head, published, ratio_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication():  # type: ignore[no-untyped-def]
    return published(analyst(), head())


def test_api_lists_only_published(client, publication) -> None:  # type: ignore[no-untyped-def]
    a = analyst()
    draft = services.publication_prepare(by=a, run=ratio_run(a), title="Draf rahasia")
    data = client.get("/api/v1/statistics/publications").json()
    assert data["count"] == 1
    assert [p["id"] for p in data["results"]] == [publication.pk]
    assert data["results"][0]["manifest"]["method"] == "ratio"
    assert data["results"][0]["manifest"]["engine_version"]
    assert client.get(f"/api/v1/statistics/publications/{draft.pk}").status_code == 404
    assert client.get(f"/api/v1/statistics/publications/{draft.pk}/figures").status_code == 404


def test_api_figures_filters_and_pagination(client, publication) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/statistics/publications/{publication.pk}/figures"
    data = client.get(url, {"indicator": "level", "code": "TOTAL", "price_basis": "ADHK"}).json()
    assert data["count"] == 2
    assert {r["year"]: r["value"] for r in data["results"]}[2021] == pytest.approx(560.0)
    page = client.get(url, {"limit": 5}).json()
    assert len(page["results"]) == 5
    assert page["count"] > 5
    assert page["next"]
    one = client.get(url, {"indicator": "growth", "year": 2022, "code": "TOTAL", "price_basis": "ADHK"}).json()
    assert one["count"] == 1
    assert one["results"][0]["value"] == pytest.approx(7.946, abs=1e-3)
    assert client.get(url, {"limit": 0}).status_code == 422


def test_api_region_latest(client, publication) -> None:  # type: ignore[no-untyped-def]
    data = client.get("/api/v1/statistics/regions/99.99/latest").json()
    assert data["id"] == publication.pk
    assert data["links"]["xlsx"].endswith("/unduh/pdrb-ekraf.xlsx")
    assert client.get("/api/v1/statistics/regions/00/latest").status_code == 404


def test_dcat_catalog_and_record(client, publication) -> None:  # type: ignore[no-untyped-def]
    catalog = json.loads(client.get("/statistik/dcat.jsonld").content)
    assert catalog["@type"] == "dcat:Catalog"
    (dataset,) = catalog["dcat:dataset"]
    for key in ("dct:title", "dct:description", "dct:publisher", "dct:issued", "dct:modified", "dct:spatial",
                "dct:temporal", "dct:license", "dcat:distribution"):  # fmt: skip
        assert dataset[key], key
    types = {d["dcat:mediaType"] for d in dataset["dcat:distribution"]}
    assert {
        "text/csv",
        "application/json",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    } <= types
    assert all(d["dcat:downloadURL"].startswith("http") for d in dataset["dcat:distribution"])
    record = json.loads(client.get(f"/statistik/{publication.pk}/dcat.jsonld").content)
    assert record["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert record["dct:temporal"]["dcat:startDate"] == "2021-01-01"


def test_downloads(client, publication) -> None:  # type: ignore[no-untyped-def]
    base = f"/statistik/{publication.pk}/unduh"
    pdf = client.get(f"{base}/laporan.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"{base}/pdrb-ekraf.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) > 1
    manifest = json.loads(client.get(f"{base}/manifest.json").content)
    assert manifest["classification"]["provisional"] is True
    for table in ("series", "composition", "growth", "sources", "implicit"):
        response = client.get(f"{base}/tabel-{table}.csv")
        assert response.status_code == 200, table
        assert response.content.decode("utf-8-sig").count("\n") >= 2
    assert client.get(f"{base}/tabel-nope.csv").status_code == 404
    assert b"indicator" in client.get(f"{base}/semua-angka.csv").content


def test_draft_downloads_are_not_public(client) -> None:  # type: ignore[no-untyped-def]
    a = analyst()
    draft = services.publication_prepare(by=a, run=ratio_run(a), title="Draf")
    assert client.get(f"/statistik/{draft.pk}/").status_code == 404
    assert client.get(f"/statistik/{draft.pk}/unduh/laporan.pdf").status_code == 404
    client.force_login(a)
    assert client.get(f"/statistik/{draft.pk}/").status_code == 200


def test_public_page_has_charts_and_tables_in_both_languages(client, publication) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/statistik/wilayah/99.99/").content.decode()
    assert html.count('role="img"') >= 4
    assert html.count("<table") >= 5
    assert "Sumber pertumbuhan" in html
    assert "7,95" in html  # Indonesian decimal comma: real growth 2022 of the worked example
    client.cookies["sinergi_language"] = "en"
    english = client.get("/statistik/wilayah/99.99/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "7.95" in english
