"""Browser journeys where a database rule is in play: a community leader who has applied for a booth
is not offered "Ajukan stan" again and finds the application instead; staff adding a booth whose code
is taken read why, in the form's words (never "Batasan … dilanggar")."""

from __future__ import annotations

import os
from typing import Any

import pytest

from sinergi.events.models import Booth, BoothApplication
from tests.e2e.journeys import sign_in
from tests.events.factories import make_booths, make_community, make_event, staff_user
from tests.factories import UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_leader_is_not_offered_a_second_booth_application(live_server: Any, page: Any) -> None:
    base = live_server.url
    leader = UserFactory()
    make_community("Komunitas Rajut Depok", leader=leader)
    event = make_event(title="Bazar Uji Sekali Ajukan")

    sign_in(page, base, leader.email)
    page.goto(f"{base}/acara/{event.slug}/")
    page.get_by_role("link", name="Ajukan stan").click()
    page.get_by_label("Mengajukan atas nama").select_option(label="Komunitas Rajut Depok")
    page.get_by_label("Produk yang dijual").fill("Tas dan syal rajut")
    page.get_by_role("button", name="Kirim pengajuan").click()
    page.get_by_text("Pengajuan stan terkirim").wait_for()

    page.goto(f"{base}/acara/{event.slug}/")
    assert page.get_by_role("link", name="Ajukan stan").count() == 0
    mine = page.locator("section[aria-labelledby=my-apps]")
    assert "Komunitas Rajut Depok · Diajukan" in " ".join(mine.inner_text().split())
    # Typing the address anyway: told why, pointed at the application, no form to send twice.
    page.goto(f"{base}/acara/{event.slug}/ajukan-stan/")
    page.get_by_text("Semua komunitas dan usaha Anda sudah mengajukan stan di acara ini.").wait_for()
    assert page.get_by_role("button", name="Kirim pengajuan").count() == 0
    page.get_by_role("link", name="Komunitas Rajut Depok").click()
    assert page.locator("#application-status").inner_text() == "Diajukan"
    assert BoothApplication.objects.count() == 1


def test_staff_adding_a_booth_with_a_taken_code_read_why(live_server: Any, page: Any) -> None:
    base = live_server.url
    event = make_event(title="Bazar Uji Kode Stan")
    taken = make_booths(event, 1)[0]
    sign_in(page, base, staff_user().email)
    page.goto(f"{base}/acara/{event.slug}/kelola/")
    page.get_by_text("Tambah stan", exact=True).first.click()
    page.locator("#id_stan-code").fill(taken.code)
    page.locator("#id_stan-x").fill("9")
    page.locator("#id_stan-y").fill("9")
    page.get_by_role("button", name="Tambah stan").click()
    page.get_by_text("Kode stan ini sudah dipakai di acara ini.").wait_for()
    assert page.get_by_text("dilanggar").count() == 0
    assert Booth.objects.filter(event=event).count() == 1
