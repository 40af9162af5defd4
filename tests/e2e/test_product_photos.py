"""A business owner adds a photo to a product in the workspace; a visitor sees it on the public product
list and product page (the image really loads)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from PIL import Image

from sinergi.registry import services
from tests.e2e.journeys import sign_in
from tests.factories import UserFactory, make_actor

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def loaded_width(locator: Any) -> int:
    locator.scroll_into_view_if_needed()
    locator.evaluate("img => img.complete || new Promise(done => img.addEventListener('load', done))")
    return int(locator.evaluate("img => img.naturalWidth"))


def test_owner_adds_a_photo_and_visitors_see_it(live_server: Any, page: Any, tmp_path: Any) -> None:
    base = live_server.url
    owner = UserFactory()
    actor = make_actor(by=owner, name="Anyaman Bu Tini")
    services.product_save(by=owner, actor=actor, data={"name": "Tas Anyaman Pandan"})
    picture = tmp_path / "tas.jpg"
    Image.new("RGB", (1200, 900), (180, 120, 60)).save(picture, "JPEG")

    sign_in(page, base, owner.email)
    page.goto(f"{base}/direktori/kelola/pelaku/{actor.slug}/")
    page.get_by_role("link", name="Tas Anyaman Pandan").first.click()
    page.get_by_label("Foto produk").set_input_files(str(picture))
    page.get_by_label("Keterangan foto").fill("Tas dari depan")
    page.get_by_role("button", name="Unggah foto").click()
    page.locator("img.photo[alt='Tas dari depan']").wait_for()

    page.context.clear_cookies()
    page.goto(f"{base}/produk/")
    card_image = page.locator("img.thumb[alt='Tas dari depan']")
    assert loaded_width(card_image) == 400
    page.get_by_role("link", name="Tas Anyaman Pandan").click()
    photo = page.locator("img.photo")
    assert loaded_width(photo) == 1200
    assert page.locator(".thumb.placeholder").count() == 0
