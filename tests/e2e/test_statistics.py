"""Analyst uploads the engine's template files, runs, submits; the head approves; the public page shows a
drawn chart (SVG shapes with size, and coloured pixels in a screenshot of the chart)."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest

import ekraf
from sinergi.accounts.models import Role
from tests.factories import user_with_role

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD = "rahasia-Sinergi-2026"


def _login(page: Any, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/akun/masuk/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)


def _upload(page: Any, base: str, kind: str, path: Path) -> None:
    page.goto(base + "/statistik/kelola/dataset/unggah/")
    page.select_option("#id_kind", kind)
    page.fill("#id_name", kind)
    page.fill("#id_region_code", "99.99")
    page.fill("#id_region_name", "Kota Contoh")
    page.set_input_files("#id_file", str(path))
    page.locator("main button[type=submit]").click()
    page.wait_for_selector('[data-status="valid"]')


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_upload_run_approve_and_public_chart(live_server: Any, page: Any, tmp_path: Path) -> None:
    from django.core.management import call_command

    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    analyst = user_with_role(Role.ANALYST)
    head = user_with_role(Role.HEAD)
    ekraf.write_templates(tmp_path)
    base = live_server.url

    _login(page, base, analyst.email)
    _upload(page, base, "pdrb", tmp_path / "pdrb.xlsx")
    _upload(page, base, "establishments", tmp_path / "establishments.xlsx")

    page.goto(base + "/statistik/kelola/proses/baru/")
    page.select_option("#id_method", "ratio")
    page.fill("#id_region_code", "99.99")
    page.fill("#id_region_name", "Kota Contoh")
    page.select_option("#id_pdrb", index=1)
    page.select_option("#id_establishments", index=1)
    page.fill("#id_benchmark_year", "2021")
    page.locator("main button[type=submit]").click()
    page.wait_for_selector('[data-run-status="succeeded"]')
    page.fill("#id_title", "PDRB Ekraf Kota Contoh 2021–2022")
    page.locator("form[action$='/terbitkan/'] button[type=submit]").click()
    page.locator("button[formaction$='/ajukan/']").click()
    page.wait_for_selector('[data-status="in_review"]')

    _login(page, base, head.email)
    page.goto(base + "/statistik/kelola/")
    page.get_by_role("link", name="PDRB Ekraf Kota Contoh 2021–2022").click()
    page.locator("button[formaction$='/setujui/']").click()
    page.wait_for_selector('[data-status="published"]')

    page.context.clear_cookies()
    page.goto(base + "/statistik/wilayah/99.99/")
    chart = page.locator('figure[data-chart="composition"] svg')
    box = chart.bounding_box()
    assert box is not None
    assert box["width"] > 100
    assert box["height"] > 20
    bars = page.locator('figure[data-chart="composition"] svg rect.bar')
    widths = [(bars.nth(i).bounding_box() or {"width": 0})["width"] for i in range(bars.count())]
    assert sum(1 for w in widths if w > 5) == 3  # FSN, KUL, APL in the worked example
    line = page.locator('figure[data-chart="series"] svg path.series').first
    assert (line.bounding_box() or {"width": 0})["width"] > 100

    from PIL import Image

    shot = Image.open(io.BytesIO(chart.screenshot())).convert("RGB")
    coloured = sum(1 for r, g, b in shot.get_flattened_data() if abs(r - g) > 40 or abs(g - b) > 40 or abs(r - b) > 40)
    assert coloured > 500, coloured


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_checks_refuse_meaningless_inputs_and_registry_theta_is_published_with_a_warning(
    live_server: Any, page: Any, tmp_path: Path
) -> None:
    """Issue 13 §1: the upload refuses a PDRB whose base-year implicit index is not 100; a run from an
    establishment file of creative units only is refused with the reason, and when the analyst allows it,
    the published page warns that the figures are an upper bound."""
    from django.core.management import call_command

    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    analyst = user_with_role(Role.ANALYST)
    head = user_with_role(Role.HEAD)
    ekraf.write_templates(tmp_path)
    base = live_server.url
    _login(page, base, analyst.email)
    page.goto(base + "/statistik/kelola/")
    assert "per kecamatan" in page.locator("[data-registry-scope]").inner_text()

    bad = tmp_path / "pdrb-2010.csv"
    bad.write_text(
        "region,year,code,price_basis,value,unit\nKota Contoh,2010,C,ADHB,1000,juta rupiah\n"
        "Kota Contoh,2010,C,ADHK,900,juta rupiah\n",
        encoding="utf-8",
    )
    page.goto(base + "/statistik/kelola/dataset/unggah/")
    page.select_option("#id_kind", "pdrb")
    page.fill("#id_name", "pdrb salah")
    page.fill("#id_region_code", "99.99")
    page.fill("#id_region_name", "Kota Contoh")
    page.set_input_files("#id_file", str(bad))
    page.locator("main button[type=submit]").click()
    page.wait_for_selector('[data-status="invalid"]')
    assert "111.11" in page.locator("table.issues").inner_text()

    registry = tmp_path / "registri.csv"
    registry.write_text(
        "region,year,kbli,output,intermediate,workers,weight,unit\n"
        "Kota Contoh,2021,14111,100,60,12,2,miliar rupiah\nKota Contoh,2021,56101,50,30,6,3,miliar rupiah\n"
        "Kota Contoh,2021,62012,40,10,5,1,miliar rupiah\n",
        encoding="utf-8",
    )
    _upload(page, base, "pdrb", tmp_path / "pdrb.xlsx")
    summary = page.locator("main dl").inner_text()
    assert "miliar rupiah" in summary
    assert "m, i, l" not in summary
    _upload(page, base, "establishments", registry)

    def start_run(allow: bool) -> None:
        page.goto(base + "/statistik/kelola/proses/baru/")
        page.select_option("#id_method", "ratio")
        page.fill("#id_region_code", "99.99")
        page.fill("#id_region_name", "Kota Contoh")
        page.select_option("#id_pdrb", index=1)
        page.select_option("#id_establishments", index=1)
        page.fill("#id_benchmark_year", "2021")
        if allow:
            page.check("#id_allow_creative_only_frame")
        page.locator("main button[type=submit]").click()

    start_run(allow=False)
    page.wait_for_selector('[data-run-status="failed"]')
    assert "only creative units" in page.locator("main").inner_text()

    start_run(allow=True)
    page.wait_for_selector('[data-run-status="succeeded"]')
    page.fill("#id_title", "Batas atas dari direktori")
    page.locator("form[action$='/terbitkan/'] button[type=submit]").click()
    page.locator("button[formaction$='/ajukan/']").click()
    page.wait_for_selector('[data-status="in_review"]')

    _login(page, base, head.email)
    page.goto(base + "/statistik/kelola/")
    page.get_by_role("link", name="Batas atas dari direktori").click()
    page.locator("button[formaction$='/setujui/']").click()
    page.wait_for_selector('[data-status="published"]')

    page.context.clear_cookies()
    page.goto(base + "/statistik/wilayah/99.99/")
    warning = page.locator(".notice.warn[role=alert]")
    assert "batas atas, bukan estimasi" in warning.inner_text()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_head_returns_a_draft_and_the_analyst_reads_each_step_by_name(live_server: Any, page: Any) -> None:
    """The review history names each step in the reader's words ("diajukan", "dikembalikan"), never
    the stored code."""
    from sinergi.statistics import services
    from tests.statistics.helpers import ratio_run

    analyst = user_with_role(Role.ANALYST)
    head = user_with_role(Role.HEAD)
    run = ratio_run(analyst)
    run.refresh_from_db()
    publication = services.publication_prepare(by=analyst, run=run, title="PDRB Ekraf Kota Contoh")
    services.publication_submit(by=analyst, publication=publication, comment="Siap ditinjau.")
    base = live_server.url

    _login(page, base, head.email)
    page.goto(f"{base}/statistik/{publication.pk}/")
    page.locator("textarea[name=body]").fill("Tambahkan ringkasan untuk pembaca.")
    page.locator("button[formaction$='/kembalikan/']").click()
    page.wait_for_selector('[data-status="draft"]')

    _login(page, base, analyst.email)
    page.goto(f"{base}/statistik/{publication.pk}/")
    steps = page.locator("ol.comments li")
    assert steps.count() == 2
    assert "diajukan" in steps.nth(0).inner_text()
    assert "dikembalikan" in steps.nth(1).inner_text()
    assert "Tambahkan ringkasan untuk pembaca." in steps.nth(1).inner_text()
    assert "returned" not in page.locator("ol.comments").inner_text()
