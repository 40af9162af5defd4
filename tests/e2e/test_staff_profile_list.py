"""Registry staff find any profile (not only the queue): the work menu leads to the list of every
profile; they filter it and open a profile's workspace page."""

from __future__ import annotations

import os
from typing import Any

import pytest

from sinergi.accounts.models import Role
from sinergi.registry.models import Status
from tests.e2e.journeys import sign_in
from tests.factories import make_actor, user_with_role

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_registry_staff_filter_the_profile_list_and_open_a_profile(live_server: Any, page: Any) -> None:
    base = live_server.url
    staff = user_with_role(Role.STAFF)
    make_actor(name="Batik Tulis Margonda", kbli_code="14111")
    make_actor(name="Warung Nasi Draf", kbli_code="56101", status=Status.DRAFT)
    make_actor(name="Kopi Terverifikasi", kbli_code="56101")

    sign_in(page, base, staff.email)
    menu = page.get_by_test_id("account-menu")
    menu.locator("summary").click()
    menu.get_by_role("link", name="Semua profil").click()
    page.get_by_role("heading", name="Semua profil").wait_for()
    table = page.locator("table")
    assert "Batik Tulis Margonda" in table.inner_text()
    page.get_by_label("Subsektor").select_option(label="Kuliner")
    page.get_by_label("Status").select_option(label="Draf")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_url(lambda url: "subsektor=KUL" in url and "status=draft" in url)
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "Warung Nasi Draf" in rows.first.inner_text()
    assert page.get_by_label("Status").input_value() == "draft"  # the form keeps the filters
    rows.first.get_by_role("link", name="Warung Nasi Draf").click()
    page.get_by_role("heading", name="Warung Nasi Draf").wait_for()
    assert "/direktori/kelola/pelaku/" in page.url
