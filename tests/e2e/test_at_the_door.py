"""Browser journeys at the door (issue 11, item 11) and of the event edit page (item 9): staff edit an
event and see it on the public page; a visitor registers, gets the e-mail with QR and link, asks for the
tickets again; staff at the door search a name, check the person in and see the counters move."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.e2e.test_events import sign_in
from tests.events.factories import make_event, staff_user

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_edit_an_event_and_see_it_on_the_public_page(live_server: Any, page: Any) -> None:
    event = make_event(title="Pekan Kreatif Uji")
    sign_in(page, live_server, staff_user())
    page.goto(f"{live_server.url}/acara/{event.slug}/kelola/")
    page.get_by_role("link", name="Ubah acara").click()
    page.get_by_label("Nama acara").fill("Pekan Kreatif Depok 2026")
    page.locator("#id_venue").fill("Balai Kota Depok")
    page.get_by_label("Deskripsi").fill("Bazar, lokakarya dan pentas komunitas.")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Perubahan acara tersimpan").wait_for()
    page.goto(f"{live_server.url}/acara/{event.slug}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Pekan Kreatif Depok 2026"
    lead = page.locator(".lead").first.inner_text()
    assert "Balai Kota Depok" in lead
    assert page.get_by_text("Bazar, lokakarya dan pentas komunitas.").is_visible()
