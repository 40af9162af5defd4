"""The reproducibility bundle, as a reader meets it: the analyst runs and submits, the head approves, and
a visitor without an account downloads the bundle from the publication page and recomputes it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

import ekraf
from sinergi.accounts.models import Role
from tests.factories import user_with_role

from .test_statistics import _login, _upload


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_visitor_downloads_the_bundle_and_it_reproduces(live_server: Any, page: Any, tmp_path: Path) -> None:
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
    page.fill("#id_title", "PDRB Ekraf Kota Contoh (bundel)")
    page.locator("form[action$='/terbitkan/'] button[type=submit]").click()
    page.locator("button[formaction$='/ajukan/']").click()
    page.wait_for_selector('[data-status="in_review"]')

    _login(page, base, head.email)
    page.goto(base + "/statistik/kelola/")
    page.get_by_role("link", name="PDRB Ekraf Kota Contoh (bundel)").click()
    page.locator("button[formaction$='/setujui/']").click()
    page.wait_for_selector('[data-status="published"]')
    publication_url = page.url

    page.context.clear_cookies()
    page.goto(publication_url)
    with page.expect_download() as info:
        page.get_by_role("link", name="Bundel reproduksi (ZIP)").click()
    bundle = tmp_path / "downloaded.zip"
    info.value.save_as(bundle)
    manifest, differences = ekraf.reproduce(bundle)
    assert manifest["method"] == "ratio"
    assert differences == []
