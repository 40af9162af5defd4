"""Browser journeys at the door (issue 11, item 11) and of the event edit page (item 9): staff edit an
event and see it on the public page; a visitor registers, gets the e-mail with QR and link, asks for the
tickets again; staff at the door search a name, check the person in and see the counters move."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.test_events import sign_in
from tests.events.factories import make_event, make_session, staff_user

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


def test_visitor_registers_gets_the_mail_with_qr_and_link_and_asks_again(live_server: Any, page: Any) -> None:
    event = make_event(title="Pekan Kreatif Tiket")
    make_session(event, kind="workshop", capacity=20)
    page.goto(f"{live_server.url}/acara/{event.slug}/")
    page.locator("table").get_by_role("link", name="Daftar").first.click()
    page.get_by_label("Nama").fill("Dewi Lestari")
    page.get_by_label("E-mail").fill("dewi@contoh.id")
    page.get_by_role("button", name="Daftar dan ambil tiket").click()
    page.locator(".ticket-qr svg").wait_for()
    code = page.locator("#ticket-code").inner_text()
    [message] = mail.outbox
    assert message.to == ["dewi@contoh.id"]
    assert code in message.body
    [(filename, _png, mimetype)] = message.attachments
    assert mimetype == "image/png"
    assert code in filename
    link = re.search(r"https?://\S+/acara/tiket/\S+/", message.body)
    assert link is not None
    # The link in the mail opens the ticket (in a fresh browser, as from the visitor's mail app).
    page.context.clear_cookies()
    page.goto(link.group(0))
    assert page.locator("#ticket-code").inner_text() == code

    page.goto(f"{live_server.url}/acara/{event.slug}/")
    page.get_by_role("link", name="Kirim ulang tiket saya").click()
    page.get_by_label("E-mail").fill("Dewi@Contoh.id")
    page.get_by_role("button", name="Kirim tiket saya").click()
    page.get_by_text("tiketnya sudah kami kirim").wait_for()
    assert len(mail.outbox) == 2
    again = mail.outbox[1]
    assert again.to == ["dewi@contoh.id"]
    assert code in again.body
    assert len(again.attachments) == 1


def test_staff_search_a_name_check_in_and_see_the_counter_move(live_server: Any, page: Any) -> None:
    from sinergi.events import services

    event = make_event(title="Pekan Kreatif Pintu")
    session = make_session(event, kind="talk_show", capacity=20)
    services.registration_create(session=session, name="Sari Wulandari", email="sari@contoh.id")
    services.registration_create(session=session, name="Budi Santoso", email="budi@contoh.id")
    sign_in(page, live_server, staff_user())
    page.goto(f"{live_server.url}/acara/{event.slug}/check-in/")
    assert page.locator("#counter-total").inner_text() == "0 / 2"
    page.get_by_label("Nama pengunjung atau kodenya").fill("wulan")
    found = page.locator("#checkin-found")
    button = found.get_by_role("button", name="Check-in Sari Wulandari")
    button.wait_for()
    assert "Budi" not in found.inner_text()
    button.click()
    page.locator("#checkin-found").get_by_text("Selamat datang, Sari Wulandari").wait_for()
    expect(page.locator("#counter-total")).to_have_text("1 / 2")
    assert page.locator(".counter-session").first.inner_text().endswith("1 / 2")
    # Another door checks Budi in: this page's counter follows by itself (polling).
    services.checkin_scan(by=None, event=event, code=session.registrations.get(name="Budi Santoso").short_code)
    expect(page.locator("#counter-total")).to_have_text("2 / 2", timeout=15_000)
