"""Staff import actors in chromium: template → upload with errors → errors by row and column → download the
report → fix it → upload again → preview → commit → the imported count."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sinergi.accounts.models import Role
from sinergi.registry.models import Actor
from tests.factories import user_with_role
from tests.imports.factories import HEADERS, good_row, xlsx_bytes

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD = "rahasia-Sinergi-2026"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_upload_fix_and_commit(live_server: Any, page: Any, tmp_path: Path) -> None:
    staff = user_with_role(Role.STAFF)
    page.goto(live_server.url + "/akun/masuk/")
    page.locator("#id_username").fill(staff.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)

    page.goto(live_server.url + "/impor/pelaku/")
    with page.expect_download() as template:
        page.get_by_test_id("template-xlsx").click()
    template_path = tmp_path / "templat.xlsx"
    template.value.save_as(template_path)
    assert [c.value for c in openpyxl.load_workbook(template_path)["data"][1]] == HEADERS

    bad = tmp_path / "pelaku.xlsx"
    bad.write_bytes(xlsx_bytes([good_row(1), good_row(2, nib="12345", kode_kelurahan="32.76.01.9999"), good_row(3)]))
    page.get_by_label("Berkas XLSX atau CSV").set_input_files(str(bad))
    page.get_by_role("button", name="Unggah dan periksa").click()
    errors = page.get_by_test_id("errors")
    errors.wait_for()
    text = errors.inner_text()
    assert "NIB harus 13 angka." in text
    assert "Kode kelurahan 32.76.01.9999 tidak ada dalam tabel wilayah." in text
    first = errors.locator("tbody tr").first.locator("td")
    assert [first.nth(0).inner_text(), first.nth(1).inner_text()] == ["3", "nib"]

    with page.expect_download() as report:
        page.get_by_test_id("report-link").click()
    report_path = tmp_path / "laporan.xlsx"
    report.value.save_as(report_path)
    workbook = openpyxl.load_workbook(report_path)
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    assert header[0] == "kesalahan"
    assert "NIB harus 13 angka." in sheet.cell(row=3, column=1).value
    sheet.cell(row=3, column=header.index("nib") + 1, value="9120000000002")
    sheet.cell(row=3, column=header.index("kode_kelurahan") + 1, value="32.76.01.1007")
    fixed = tmp_path / "laporan-diperbaiki.xlsx"
    workbook.save(fixed)

    page.goto(live_server.url + "/impor/pelaku/")
    page.get_by_label("Berkas XLSX atau CSV").set_input_files(str(fixed))
    page.get_by_role("button", name="Unggah dan periksa").click()
    preview = page.get_by_test_id("preview")
    preview.wait_for()
    assert "Usaha Impor 2" in preview.inner_text()
    assert Actor.objects.count() == 0
    page.get_by_test_id("commit").click()
    page.get_by_test_id("committed-count").wait_for()
    assert page.get_by_test_id("committed-count").inner_text() == "3"
    assert page.get_by_test_id("job-status").inner_text() == "Tersimpan"
    assert Actor.objects.count() == 3
