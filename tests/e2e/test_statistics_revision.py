"""A revision as its reader sees it: the analyst recomputes with BPS's revised PDRB and prepares a
revision of the published release, the head approves, and a visitor finds on the revision's page the
figures that changed."""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from sinergi.accounts.models import Role
from tests.factories import user_with_role

from .test_statistics import _login


def _example(name: str) -> bytes:
    return Path(str(resources.files("ekraf") / "data" / "examples" / name)).read_bytes()


def _upload(page: Any, base: str, kind: str, name: str, path: Path) -> None:
    page.goto(base + "/statistik/kelola/dataset/unggah/")
    page.select_option("#id_kind", kind)
    page.fill("#id_name", name)
    page.fill("#id_region_code", "99.99")
    page.fill("#id_region_name", "Kota Contoh")
    page.set_input_files("#id_file", str(path))
    page.locator("main button[type=submit]").click()
    page.wait_for_selector('[data-status="valid"]')


def _run_and_submit(page: Any, base: str, title: str, *, revises: str | None = None) -> None:
    page.goto(base + "/statistik/kelola/proses/baru/")
    page.select_option("#id_method", "ratio")
    page.fill("#id_region_code", "99.99")
    page.fill("#id_region_name", "Kota Contoh")
    page.select_option("#id_pdrb", index=1)  # the newest
    page.select_option("#id_establishments", index=1)
    page.fill("#id_benchmark_year", "2021")
    page.locator("main button[type=submit]").click()
    page.wait_for_selector('[data-run-status="succeeded"]')
    page.fill("#id_title", title)
    if revises:
        page.select_option("#id_revision_of", label=revises)
        page.fill("#id_revision_reason", "BPS merevisi PDRB industri pengolahan 2022")
    page.locator("form[action$='/terbitkan/'] button[type=submit]").click()
    page.locator("button[formaction$='/ajukan/']").click()
    page.wait_for_selector('[data-status="in_review"]')


def _approve(page: Any, base: str, email: str, title: str) -> str:
    _login(page, base, email)
    page.goto(base + "/statistik/kelola/")
    page.get_by_role("link", name=title).click()
    page.locator("button[formaction$='/setujui/']").click()
    page.wait_for_selector('[data-status="published"]')
    return str(page.url)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_revision_page_lists_the_changed_figures(live_server: Any, page: Any, browser: Any, tmp_path: Path) -> None:
    from django.core.management import call_command

    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    analyst = user_with_role(Role.ANALYST)
    head = user_with_role(Role.HEAD)
    base = live_server.url
    (tmp_path / "pdrb.csv").write_bytes(_example("pdrb.csv"))
    (tmp_path / "establishments.csv").write_bytes(_example("establishments.csv"))
    revised = _example("pdrb.csv").replace(b"Kota Contoh,2022,C,ADHK,840,", b"Kota Contoh,2022,C,ADHK,850,")
    (tmp_path / "pdrb-revisi.csv").write_bytes(revised)

    _login(page, base, analyst.email)
    _upload(page, base, "pdrb", "PDRB 2022", tmp_path / "pdrb.csv")
    _upload(page, base, "establishments", "Data usaha", tmp_path / "establishments.csv")
    _run_and_submit(page, base, "PDRB Ekraf Kota Contoh, rilis pertama")
    _approve(page, base, head.email, "PDRB Ekraf Kota Contoh, rilis pertama")

    # A visitor reads the region's statistics; coming back, they get the same page from the cache.
    visitor = browser.new_context().new_page()
    region_url = base + "/statistik/wilayah/99.99/"
    first = visitor.goto(region_url)
    assert first is not None
    assert first.headers["x-sinergi-page-cache"] == "miss"
    assert visitor.locator("main h1").inner_text() == "PDRB Ekraf Kota Contoh, rilis pertama"
    again = visitor.goto(region_url)
    assert again is not None
    assert again.headers["x-sinergi-page-cache"] == "hit"

    _login(page, base, analyst.email)
    _upload(page, base, "pdrb", "PDRB 2022 revisi BPS", tmp_path / "pdrb-revisi.csv")
    _run_and_submit(page, base, "PDRB Ekraf Kota Contoh, revisi", revises="PDRB Ekraf Kota Contoh, rilis pertama")
    revision_url = _approve(page, base, head.email, "PDRB Ekraf Kota Contoh, revisi")

    # The same visitor comes back after the revision is published: the new release, not the cached one.
    after = visitor.goto(region_url)
    assert after is not None
    assert after.headers["x-sinergi-page-cache"] == "miss"
    assert visitor.locator("main h1").inner_text() == "PDRB Ekraf Kota Contoh, revisi"
    visitor.context.close()

    page.context.clear_cookies()
    page.goto(revision_url)
    changes = page.locator("details.revision-changes")
    assert "angka berubah dari" in changes.locator("summary").inner_text()
    if changes.get_attribute("open") is None:
        changes.locator("summary").click()
    rows = changes.get_by_role("table", name="Angka yang berubah karena revisi").locator("tbody tr")
    cells = [[c.strip() for c in rows.nth(i).inner_text().split("\t")] for i in range(rows.count())]
    levels = [c for c in cells if c[0] == "Nilai"]
    assert ["ADHK", "2022"] in [[c[1], c[3]] for c in levels]  # the revised constant-price level
    assert not [c for c in levels if c[1] == "ADHB" or c[3] == "2021"]  # unchanged inputs, unchanged figures
