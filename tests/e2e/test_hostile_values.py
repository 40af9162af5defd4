"""Journeys of people who (knowingly or not) send what would have crashed Sinergi: a spreadsheet bomb to the
import and to the statistics upload, and an absurd amount in the yearly figures. Each sees, where they look,
a message that names what was wrong and which limit applies; nothing is stored."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from sinergi.accounts.models import Role
from sinergi.registry.models import ActorYearlyFigure, Status
from sinergi.statistics.models import Dataset
from tests import crafted
from tests.factories import UserFactory, make_actor, user_with_role
from tests.imports.factories import HEADERS, good_row

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD = "rahasia-Sinergi-2026"


def _login(page: Any, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/akun/masuk/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_staff_import_a_dimension_bomb_and_read_why_it_was_refused(live_server: Any, page: Any, tmp_path: Path) -> None:
    staff = user_with_role(Role.STAFF)
    _login(page, live_server.url, staff.email)
    bomb = tmp_path / "pelaku.xlsx"
    row = good_row(1)
    bomb.write_bytes(crafted.dimension_bomb([list(HEADERS), [row.get(h) for h in HEADERS]]))
    page.goto(live_server.url + "/impor/pelaku/")
    page.get_by_label("Berkas XLSX atau CSV").set_input_files(str(bomb))
    page.get_by_role("button", name="Unggah dan periksa").click()
    page.wait_for_url(lambda url: "/impor/pelaku/" not in url)
    main = page.locator("main")
    main.get_by_text("melebihi batas 300.000 baris").wait_for()
    assert "baris 1.048.576" in main.inner_text()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_analyst_uploads_a_dimension_bomb_and_sees_it_invalid(live_server: Any, page: Any, tmp_path: Path) -> None:
    analyst = user_with_role(Role.ANALYST)
    _login(page, live_server.url, analyst.email)
    bomb = tmp_path / "pdrb.xlsx"
    bomb.write_bytes(
        crafted.dimension_bomb(
            [["region", "year", "code", "price_basis", "value", "unit"], ["Kota Contoh", 2021, "C", "ADHB", 1, "juta"]]
        )
    )
    page.goto(live_server.url + "/statistik/kelola/dataset/unggah/")
    page.select_option("#id_kind", "pdrb")
    page.fill("#id_name", "PDRB bom")
    page.fill("#id_region_code", "99.99")
    page.fill("#id_region_name", "Kota Contoh")
    page.set_input_files("#id_file", str(bomb))
    page.locator("main button[type=submit]").click()
    page.wait_for_selector('[data-status="invalid"]')
    assert "melebihi batas 300.000 baris" in page.locator("main").inner_text()
    assert Dataset.objects.get().status == "invalid"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_owner_types_an_absurd_capital_and_sees_the_limit_on_the_field(live_server: Any, page: Any) -> None:
    owner = UserFactory()
    actor = make_actor(by=owner, status=Status.DRAFT)
    _login(page, live_server.url, owner.email)
    page.goto(live_server.url + reverse("registry:actor", kwargs={"slug": actor.slug}))
    form = page.locator("form", has=page.locator("#id_capital"))
    form.locator("#id_year").fill("2024")
    form.locator("#id_capital").fill("1e30")
    form.get_by_role("button", name="Simpan angka").click()
    error = page.locator("main").get_by_text("melebihi batas wajar Rp 1.000.000.000.000.000")
    error.wait_for()
    assert not ActorYearlyFigure.objects.exists()
