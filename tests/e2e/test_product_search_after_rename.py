"""A business owner renames their profile; a visitor searching the product catalogue by the new name
finds the business's products (their search text follows the maker's name)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from sinergi.registry import services
from tests.e2e.journeys import sign_in
from tests.factories import UserFactory, make_actor

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_products_are_found_by_the_new_name_after_the_owner_renames(live_server: Any, page: Any) -> None:
    base = live_server.url
    owner = UserFactory()
    actor = make_actor(by=owner, name="Batik Tulis Sawangan")
    services.product_save(by=owner, actor=actor, data={"name": "Kain Tenun Ikat"})

    sign_in(page, base, owner.email)
    page.goto(f"{base}/direktori/kelola/pelaku/{actor.slug}/ubah/")
    page.locator("#id_name").fill("Rumah Tenun Pancoran")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("heading", name="Rumah Tenun Pancoran").wait_for()

    page.context.clear_cookies()
    page.goto(f"{base}/produk/")
    page.locator("#f-q").fill("Pancoran")
    page.get_by_role("button", name="Cari").click()
    page.locator("#results").get_by_role("link", name="Kain Tenun Ikat").first.wait_for()
    # The old name no longer finds it: the list says so.
    page.locator("#f-q").fill("Sawangan")
    page.get_by_role("button", name="Cari").click()
    page.locator("#results").get_by_text("Tidak ada produk yang cocok.").wait_for()
    assert page.locator("#results").get_by_role("link", name="Kain Tenun Ikat").count() == 0
