"""An administrator moves the directory from one office to another in the admin: Sinergi refuses to
leave the directory without an office, accepts once another office has it, and the change is in the
audit log (issue 12 §5: the admin saves through `accounts.services.organisation_functions_set`)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from sinergi.accounts.models import OfficeFunction
from tests.e2e.journeys import sign_in
from tests.factories import UserFactory, office_with

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_admin_moves_the_directory_to_another_office(live_server: Any, page: Any) -> None:
    base = live_server.url
    admin = UserFactory(email="admin@depok.go.id", full_name="Admin Sinergi", is_superuser=True, is_staff=True)
    trade = office_with(OfficeFunction.REGISTRY, name="Disdagin")
    tourism = office_with(name="Disparbud")

    sign_in(page, base, admin.email)
    page.goto(f"{base}/admin/accounts/organisation/{trade.pk}/change/")
    page.get_by_label("Mengelola direktori").uncheck()
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Kantor ini satu-satunya yang mengelola direktori untuk seluruh wilayah").wait_for()
    trade.refresh_from_db()
    assert trade.administers_registry

    page.goto(f"{base}/admin/accounts/organisation/{tourism.pk}/change/")
    page.get_by_label("Mengelola direktori").check()
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_url(lambda url: url.endswith("/admin/accounts/organisation/"))
    page.goto(f"{base}/admin/accounts/organisation/{trade.pk}/change/")
    page.get_by_label("Mengelola direktori").uncheck()
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_url(lambda url: url.endswith("/admin/accounts/organisation/"))
    trade.refresh_from_db()
    tourism.refresh_from_db()
    assert (trade.administers_registry, tourism.administers_registry) == (False, True)

    page.goto(f"{base}/")
    menu = page.get_by_test_id("account-menu")
    menu.locator("summary").click()
    menu.get_by_role("link", name="Log audit").click()
    page.get_by_label("Tindakan").select_option("accounts.organisation.functions_changed")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_url(lambda url: "tindakan=accounts.organisation.functions_changed" in url)
    rows = page.locator("table tbody tr")
    assert rows.count() == 2
    assert all("admin@depok.go.id" in text for text in rows.all_inner_texts())
