"""Statistics per kab/kota and for the province (issue 14 §2): one run of a province and its kab/kota,
reconciled by the engine, published region by region; the province comparison page and its downloads."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import TestCase

from sinergi.demo.seed.kaltim import statistics as demo
from sinergi.statistics import provenance, report, selectors, services
from sinergi.statistics.models import Method, Publication, PublicationStatus, PublishedFigure, Run
from sinergi.wilayah import reference
from tests.statistics.helpers import analyst, head, upload

pytestmark = pytest.mark.django_db

KABKOTA = ("64.01", "64.02", "64.03", "64.07", "64.08", "64.09", "64.11", "64.71", "64.72", "64.74")


@pytest.fixture
def kaltim(settings: Any) -> None:
    region = reference.region("64")
    settings.SINERGI_REGION_CODE = region.code
    settings.SINERGI_REGION_NAME = region.name


def _province_run(by: Any, *, reconcile: bool = True) -> Run:
    files = demo.kaltim_inputs()
    datasets = {
        kind: upload(by, kind, files[kind], f"{kind}.csv", region_code="64", region_name="Kalimantan Timur")
        for kind in ("pdrb", "benchmark", "indicator")
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        run = services.run_create(
            by=by,
            method=Method.EXTRAPOLATION,
            region_code="64",
            region_name="Provinsi Kalimantan Timur",
            datasets=datasets,
            parameters={"reconcile": True if reconcile else None},
        )
    run.refresh_from_db()
    return run


def _level(pub: Publication, code: str, basis: str, year: int) -> float:
    return PublishedFigure.objects.get(
        publication=pub, area="", indicator="level", code=code, price_basis=basis, year=year
    ).value


def test_a_province_run_publishes_each_kabkota_reconciled_to_the_province() -> None:
    a, h = analyst(), head()
    run = _province_run(a)
    assert run.status == "succeeded", run.error_summary
    assert [code for code, _ in selectors.run_regions(run)] == ["64", *KABKOTA]
    assert dict(selectors.run_regions(run))["64.72"] == "Kota Samarinda"
    pubs = {}
    for code in ("64", *KABKOTA):
        pub = services.publication_prepare(by=a, run=run, region_code=code, title="")
        services.publication_submit(by=a, publication=pub)
        pubs[code] = services.publication_approve(by=h, publication=pub)
    assert pubs["64.72"].region_name == "Kota Samarinda"
    assert pubs["64.72"].title == "PDRB Ekonomi Kreatif Kota Samarinda"
    assert pubs["64"].region_name == "Provinsi Kalimantan Timur"
    for basis in ("ADHB", "ADHK"):
        for year in (2020, 2024):
            for code in ("TOTAL", "KUL", "APL"):
                summed = sum(_level(pubs[k], code, basis, year) for k in KABKOTA)
                assert summed == pytest.approx(_level(pubs["64"], code, basis, year), rel=1e-9)
    # a kab/kota's contribution is to its own PDRB (published BPS total where there is one)
    share = PublishedFigure.objects.get(
        publication=pubs["64.72"], indicator="contribution", code="TOTAL", price_basis="ADHB", year=2024
    ).value
    pdrb = PublishedFigure.objects.get(
        publication=pubs["64.72"], indicator="pdrb", code="TOTAL", price_basis="ADHK", year=2024
    ).value
    assert pdrb == pytest.approx(58.24 * 1000)
    assert share == pytest.approx(_level(pubs["64.72"], "TOTAL", "ADHB", 2024) / pdrb_adhb(pubs["64.72"]) * 100)
    # the reconciliation table: before adjustment the kab/kota do not sum to the province
    table = report.reconciliation(pubs["64"], 2024)
    assert table is not None
    total = table.rows[0]
    assert total[0] == "Total ekonomi kreatif"
    assert total[1] == pytest.approx(_level(pubs["64"], "TOTAL", "ADHB", 2024) / 1)
    assert total[2] != pytest.approx(total[1])
    assert total[3] == pytest.approx((total[2] - total[1]) / total[1] * 100)
    assert report.reconciliation(pubs["64.72"], 2024) is not None  # a kab/kota shows its province's


def pdrb_adhb(pub: Publication) -> float:
    return PublishedFigure.objects.get(
        publication=pub, indicator="pdrb", code="TOTAL", price_basis="ADHB", year=2024
    ).value


def test_without_reconciliation_the_kabkota_keep_their_own_values() -> None:
    run = _province_run(analyst(), reconcile=False)
    assert run.status == "succeeded", run.error_summary
    assert run.result is not None
    assert run.result["reconciliation"] is None


def test_a_region_outside_the_run_is_refused() -> None:
    a = analyst()
    run = _province_run(a)
    with pytest.raises(services.ServiceError) as err:
        services.publication_prepare(by=a, run=run, region_code="32.76", title="")
    assert "region_code" in err.value.field_errors
    assert not Publication.objects.exists()


def test_four_eyes_for_a_kabkota_publication(client: Any) -> None:
    """The analyst prepares and submits Samarinda's publication from the run page; she cannot approve it;
    the head approves it and it is the region's public page."""
    a, h = analyst(), head()
    run = _province_run(a)
    client.force_login(a)
    page = client.get(f"/statistik/kelola/proses/{run.pk}/").content.decode()
    assert 'value="64.72"' in page
    assert "Kota Samarinda" in page
    response = client.post(f"/statistik/kelola/proses/{run.pk}/terbitkan/", {"region_code": "64.72", "title": ""})
    pub = Publication.objects.get()
    assert response.status_code == 302
    assert pub.region_code == "64.72"
    client.post(f"/statistik/{pub.pk}/ajukan/", {"body": ""})
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.IN_REVIEW
    client.post(f"/statistik/{pub.pk}/setujui/", {"body": ""})
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.IN_REVIEW  # nobody approves what they prepared
    client.force_login(h)
    client.post(f"/statistik/{pub.pk}/setujui/", {"body": "ok"})
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED
    assert pub.approved_by == h
    client.logout()
    public = client.get("/statistik/wilayah/64.72/").content.decode()
    assert "Kota Samarinda" in public


def test_kaltim_demo_pdrb_is_the_published_csv_where_published(kaltim: None) -> None:
    demo.seed(io.StringIO())
    pubs = {p.region_code: p for p in Publication.objects.filter(is_demo=True)}
    assert sorted(pubs) == ["64", *KABKOTA]
    assert all(p.status == PublicationStatus.PUBLISHED for p in pubs.values())
    with (provenance.DATA_DIR / "kaltim_pdrb_published.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["kemendagri_code"] for r in rows} == {"64", *KABKOTA}
    for r in rows:
        basis = "ADHK" if r["price_basis"] == "ADHK2010" else "ADHB"
        figure = PublishedFigure.objects.get(
            publication=pubs[r["kemendagri_code"]], indicator="pdrb", code="TOTAL", price_basis=basis, year=r["year"]
        )
        assert figure.value == pytest.approx(float(r["value"]) * 1000, abs=1e-3), r
        assert r["source_url"].startswith("http")
    assert provenance.pdrb_source("64.11", 2020, "ADHK") == "dipublikasikan BPS"
    assert provenance.pdrb_source("64.11", 2024, "ADHK") == "sintetis/demo"
    demo.seed(io.StringIO())
    assert Publication.objects.filter(is_demo=True).count() == 11


def test_province_comparison_table_and_downloads(client: Any, kaltim: None) -> None:
    demo.seed(io.StringIO())
    cmp = report.province_comparison("64")
    assert cmp.year == 2024
    assert [r.code for r in cmp.rows] == list(KABKOTA)
    assert sum(r.share_of_province or 0 for r in cmp.rows) == pytest.approx(100)
    samarinda = next(r for r in cmp.rows if r.code == "64.72")
    assert samarinda.pdrb_adhk == pytest.approx(58_240)
    assert samarinda.pdrb_source_adhk == "dipublikasikan BPS"
    assert samarinda.pdrb_source_adhb == "sintetis/demo"
    assert samarinda.ekraf_adhb == pytest.approx(cmp.province.ekraf_adhb * samarinda.share_of_province / 100)
    page = client.get("/statistik/provinsi/64/")
    html = page.content.decode()
    assert page.status_code == 200
    for name in ("Kota Samarinda", "Kabupaten Mahakam Ulu", "Kota Bontang"):
        assert name in html
    assert html.count('class="stat-chart"') == 2
    assert "58.240,0" in html
    csv_text = client.get("/statistik/provinsi/64/kabupaten-kota.csv?tahun=2020").content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(csv_text)))
    assert table[0][0] == "Kode wilayah"
    by_code = {r[0]: r for r in table[1:] if r[1] != "Jumlah kabupaten/kota"}
    assert float(by_code["64.11"][9]) == pytest.approx(1760)
    assert by_code["64.11"][11] == "dipublikasikan BPS"
    xlsx = client.get("/statistik/provinsi/64/kabupaten-kota.xlsx?tahun=2020")
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    refused = client.get("/statistik/provinsi/64/?tahun=1999")
    assert refused.status_code == 400
    assert "1999" in refused.content.decode()
    assert client.get("/statistik/provinsi/64.72/").status_code == 404  # a kota is not a province
    assert "Belum ada statistik terbit" in client.get("/statistik/provinsi/32/").content.decode()
    index = client.get("/statistik/").content.decode()
    assert "/statistik/provinsi/64/" in index
    # the province before its kab/kota, in code order
    assert index.index('href="/statistik/wilayah/64/"') < index.index('href="/statistik/wilayah/64.01/"')
    assert index.index('href="/statistik/wilayah/64.72/"') < index.index('href="/statistik/wilayah/64.74/"')


def test_publication_pages_link_the_comparison_and_show_the_reconciliation(client: Any, kaltim: None) -> None:
    demo.seed(io.StringIO())
    province = client.get("/statistik/wilayah/64/").content.decode()
    assert "Rekonsiliasi kabupaten/kota ke Provinsi Kalimantan Timur" in province
    assert 'href="/statistik/provinsi/64/"' in province
    samarinda = client.get("/statistik/wilayah/64.72/").content.decode()
    assert 'href="/statistik/provinsi/64/"' in samarinda
    assert "dipublikasikan BPS" in samarinda
    assert "https://gocsrkaltim.com/" in samarinda
    chosen = client.get("/statistik/wilayah/", {"wilayah": "64.72"})
    assert chosen.status_code == 302
    assert chosen["Location"] == "/statistik/wilayah/64.72/"
    unknown = client.get("/statistik/wilayah/", {"wilayah": "32.76"})
    assert unknown.status_code == 400
    assert "32.76" in unknown.content.decode()


def test_loaded_levels_are_never_reconciled() -> None:
    a = analyst()
    levels = upload(a, "levels", demo.kaltim_inputs()["benchmark"], "levels.csv", region_code="64")
    with pytest.raises(services.ServiceError) as err:
        services.run_create(
            by=a,
            method=Method.LEVELS,
            region_code="64",
            region_name="Provinsi Kalimantan Timur",
            datasets={"levels": levels},
            parameters={"reconcile": True},
        )
    assert "reconcile" in err.value.field_errors
    assert not Run.objects.exists()


def test_a_draft_for_every_region_at_once(client: Any) -> None:
    a = analyst()
    run = _province_run(a)
    client.force_login(a)
    response = client.post(f"/statistik/kelola/proses/{run.pk}/terbitkan/", {"region_code": "*", "title": ""})
    assert response.status_code == 302
    drafts = Publication.objects.filter(run=run)
    assert sorted(drafts.values_list("region_code", flat=True)) == ["64", *KABKOTA]
    assert {p.status for p in drafts} == {PublicationStatus.DRAFT}
    page = client.get(f"/statistik/kelola/proses/{run.pk}/").content.decode()
    assert "PDRB Ekonomi Kreatif Kabupaten Mahakam Ulu" in page
    # pressing again makes no second set
    client.post(f"/statistik/kelola/proses/{run.pk}/terbitkan/", {"region_code": "*", "title": ""})
    assert Publication.objects.filter(run=run).count() == 11
    # a revision is of one region
    refused = client.post(
        f"/statistik/kelola/proses/{run.pk}/terbitkan/",
        {"region_code": "*", "title": "", "revision_of": drafts.first().pk, "revision_reason": "x"},  # type: ignore[union-attr]
    )
    assert refused.status_code == 200
    assert Publication.objects.filter(run=run).count() == 11
