"""A province installation's statistics (issue 14 §2): a visitor on a REGION=64 installation opens the
comparison of Kaltim's kab/kota from the statistics index and sees the ten kab/kota with the PDRB totals
BPS published (`statistics/data/kaltim_pdrb_published.csv`), labelled as such, on a laptop and a phone;
and an analyst and a head take a kab/kota's publication through four eyes."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from typing import Any

import pytest

from sinergi.demo.seed.kaltim import statistics as demo
from sinergi.statistics import provenance
from sinergi.statistics.charts import fmt
from sinergi.statistics.models import Method, Publication
from sinergi.wilayah import reference
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.journeys import sign_in
from tests.e2e.layout import walk
from tests.statistics.helpers import analyst, head, upload

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PUBLISHED = Path(provenance.DATA_DIR) / "kaltim_pdrb_published.csv"


@pytest.fixture
def kaltim(settings: Any) -> None:
    """What the settings derive for SINERGI_REGION_CODE=64, and the statistics demo seeded for it."""
    region = reference.region("64")
    settings.SINERGI_REGION_CODE = region.code
    settings.SINERGI_REGION_NAME = region.name
    settings.SINERGI_REGION_PLACE = region.place_name


def _published_adhk(year: int) -> dict[str, float]:
    """Kemendagri code → the PDRB ADHK 2010 BPS published for `year` (triliun rupiah), kab/kota only."""
    with PUBLISHED.open(encoding="utf-8") as handle:
        return {
            r["kemendagri_code"]: float(r["value"])
            for r in csv.DictReader(handle)
            if r["year"] == str(year) and r["price_basis"] == "ADHK2010" and r["kemendagri_code"] != "64"
        }


def _check_rows(page: Any, year: int) -> None:
    rows = page.locator("[data-testid=province-comparison] tbody tr")
    assert rows.count() == 10
    published = _published_adhk(year)
    for i in range(10):
        row = rows.nth(i)
        code = row.get_attribute("data-region")
        cell = row.locator("[data-col=pdrb-adhk]").inner_text()
        if code in published:
            # miliar rupiah with one decimal, as an Indonesian reader writes it (58.240,0)
            assert fmt(published[code] * 1000, 1) in cell, (code, cell)
            assert "dipublikasikan BPS" in cell
        else:
            assert "sintetis/demo" in cell
        assert re.search(r"\d", row.locator("td").nth(0).inner_text()), "no ekraf value shown"


def test_visitor_compares_kaltim_kabkota_with_the_published_pdrb(live_server: Any, page: Any, kaltim: None) -> None:
    demo.seed(io.StringIO())
    base = live_server.url
    page.goto(base + "/statistik/")
    page.get_by_role("link", name="Bandingkan kabupaten/kota di Provinsi Kalimantan Timur").click()
    page.wait_for_url(re.compile(r"/statistik/provinsi/64/$"))
    table = page.get_by_test_id("province-comparison")
    for name in ("Kabupaten Paser", "Kabupaten Mahakam Ulu", "Kota Balikpapan", "Kota Samarinda", "Kota Bontang"):
        assert table.get_by_role("link", name=name).is_visible()
    _check_rows(page, 2024)
    assert "Estimasi demo" in page.locator("main").inner_text()
    assert page.locator("[data-chart=share] svg rect.bar").count() == 10
    # 2020: BPS published every kab/kota's PDRB ADHK
    page.select_option("#tahun", "2020")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url(re.compile(r"tahun=2020"))
    _check_rows(page, 2020)
    assert len(_published_adhk(2020)) == 10
    with page.expect_download() as download:
        page.get_by_role("link", name="Tabel kabupaten/kota (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Kabupaten Mahakam Ulu" in text
    assert "dipublikasikan BPS" in text
    # from the table to Samarinda's own publication
    table = page.get_by_test_id("province-comparison")
    table.get_by_role("link", name="Kota Samarinda").click()
    page.wait_for_url(re.compile(r"/statistik/wilayah/64\.72/$"))
    assert "Kota Samarinda" in page.locator("h1").inner_text()
    # or to any area through the chooser of the index
    page.goto(base + "/statistik/")
    page.select_option("#wilayah", "64.74")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url(re.compile(r"/statistik/wilayah/64\.74/$"))
    assert "Kota Bontang" in page.locator("h1").inner_text()
    # the page fits a phone and a laptop, and so does every page reachable from it
    for width in (390, 1366):
        result = walk(page, base, ["/statistik/provinsi/64/"], width=width, who="pengunjung", shots=ARTIFACTS)
        assert not result.problems, result.problems


def test_analyst_and_head_publish_a_kabkota_through_four_eyes(live_server: Any, page: Any, kaltim: None) -> None:
    a, h = analyst(), head()
    files = demo.kaltim_inputs()
    datasets = {
        kind: upload(a, kind, files[kind], f"{kind}.csv", region_code="64", region_name="Kalimantan Timur")
        for kind in ("pdrb", "benchmark", "indicator")
    }
    base = live_server.url
    sign_in(page, base, a.email)
    page.goto(base + "/statistik/kelola/proses/baru/")
    page.select_option("#id_method", Method.EXTRAPOLATION)
    page.fill("#id_region_code", "64")
    page.fill("#id_region_name", "Provinsi Kalimantan Timur")
    page.select_option("#id_pdrb", str(datasets["pdrb"].pk))
    page.select_option("#id_benchmark", str(datasets["benchmark"].pk))
    page.select_option("#id_indicator", str(datasets["indicator"].pk))
    page.check("#id_reconcile")
    page.locator("main button[type=submit]").click()
    page.wait_for_selector('[data-run-status="succeeded"]')
    page.reload()
    page.select_option("#id_region_code", "64.72")
    page.locator("form[action$='/terbitkan/'] button[type=submit]").click()
    page.wait_for_selector('[data-status="draft"]')
    assert "PDRB Ekonomi Kreatif Kota Samarinda" in page.locator("h1").inner_text()
    page.locator("button[formaction$='/ajukan/']").click()
    page.wait_for_selector('[data-status="in_review"]')
    assert page.get_by_test_id("four-eyes").is_visible()  # she prepared it: someone else approves
    assert page.locator("button[formaction$='/setujui/']").count() == 0

    sign_in(page, base, h.email)
    page.goto(base + "/statistik/kelola/persetujuan/")
    page.get_by_role("link", name="PDRB Ekonomi Kreatif Kota Samarinda").click()
    page.locator("button[formaction$='/setujui/']").click()
    page.wait_for_selector('[data-status="published"]')
    pub = Publication.objects.get()
    assert (pub.region_code, pub.prepared_by, pub.approved_by) == ("64.72", a, h)

    # a visitor finds Samarinda's figures on the statistics index, adjusted to the province
    page.context.clear_cookies()
    page.goto(base + "/statistik/")
    page.get_by_role("link", name="Kota Samarinda").click()
    page.wait_for_url(re.compile(r"/statistik/wilayah/64\.72/$"))
    assert "Kota Samarinda" in page.locator("h1").inner_text()
    assert "Rekonsiliasi kabupaten/kota ke Provinsi Kalimantan Timur" in page.locator("main").inner_text()
