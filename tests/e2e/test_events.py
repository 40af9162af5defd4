"""Browser flows of events: a community applies for a booth, is accepted and placed; a visitor
registers and is checked in (typed code, also while the phone is offline); a seller reports sales on
a phone and the report shows them."""

from __future__ import annotations

import io
import os
import re
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from sinergi.events.models import BoothApplication, CheckIn
from sinergi.wilayah.models import Wilayah
from tests.events.factories import (
    accepted_application,
    make_booths,
    make_community,
    make_event,
    make_session,
    staff_user,
)
from tests.factories import UserFactory, make_actor

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference() -> None:
    if not Wilayah.objects.exists():
        call_command("load_reference", verbosity=0, stdout=io.StringIO())


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])


def test_community_applies_is_accepted_and_placed(live_server: Any, page: Any) -> None:
    leader = UserFactory()
    community = make_community("Komunitas Rajut Depok", leader=leader)
    event = make_event(title="Sinergitas Uji Stan")
    make_booths(event, 3, has_power=True)
    sign_in(page, live_server, leader)
    page.goto(f"{live_server.url}/acara/{event.slug}/")
    page.get_by_role("link", name="Ajukan stan").click()
    page.get_by_label("Mengajukan atas nama").select_option(label="Komunitas Rajut Depok")
    page.get_by_label("Produk yang dijual").fill("Tas dan syal rajut")
    page.get_by_label("Perlu listrik").check()
    page.get_by_role("button", name="Kirim pengajuan").click()
    page.get_by_text("Pengajuan stan terkirim").wait_for()
    assert page.locator("#application-status").inner_text() == "Diajukan"
    app = BoothApplication.objects.get(community=community)

    sign_in(page, live_server, staff_user())
    page.goto(f"{live_server.url}/acara/{event.slug}/kelola/")
    card = page.locator(f"#app-{app.pk}")
    for label, value in (("Kualitas", "5"), ("Bahan", "4"), ("Kesiapan", "4"), ("Binaan", "3")):
        card.get_by_label(re.compile(label)).fill(value)
    card.get_by_label("Catatan kurasi").fill("Produk rapi, stok cukup")
    card.get_by_label("Keputusan").select_option("accepted")
    card.get_by_role("button", name="Simpan penilaian").click()
    page.get_by_text("Penilaian Komunitas Rajut Depok tersimpan").wait_for()
    page.get_by_role("button", name="Tempatkan penjual yang diterima").click()
    page.get_by_text("1 penjual ditempatkan").wait_for()
    assert "Komunitas Rajut Depok" in page.locator(".floor-plan").inner_html()

    sign_in(page, live_server, leader)
    page.goto(f"{live_server.url}/acara/stan/{app.pk}/")
    assert page.locator("#application-status").inner_text() == "Diterima"
    app.refresh_from_db()
    assert page.locator("#booth-code").inner_text() == app.allocation.booth.code


def test_visitor_registers_and_is_checked_in_even_offline(live_server: Any, page: Any) -> None:
    event = make_event(title="Sinergitas Uji Tiket")
    session = make_session(event, kind="cooking_demo", capacity=20)
    page.goto(f"{live_server.url}/acara/{event.slug}/")
    page.locator("table").get_by_role("link", name="Daftar").first.click()
    page.get_by_label("Nama").fill("Dewi Lestari")
    page.get_by_label("E-mail").fill("dewi@contoh.id")
    page.get_by_role("button", name="Daftar dan ambil tiket").click()
    page.locator(".ticket-qr svg").wait_for()
    code = page.locator("#ticket-code").inner_text()
    second = make_session(event, kind="talk_show", capacity=20, hour=14)
    from sinergi.events import services

    other = services.registration_create(session=second, name="Budi", email="budi@contoh.id")

    sign_in(page, live_server, staff_user())
    page.goto(f"{live_server.url}/acara/{event.slug}/check-in/")
    page.get_by_label("Kode tiket").fill(code)
    page.get_by_role("button", name="Check-in").click()
    page.locator("#checkin-result").get_by_text("Selamat datang, Dewi Lestari").wait_for()
    # The same ticket again: answered, never counted twice.
    page.get_by_label("Kode tiket").fill(code)
    page.get_by_role("button", name="Check-in").click()
    page.locator("#checkin-result").get_by_text("Sudah check-in pukul").wait_for()
    # Connection drops: the scan waits on the phone, and goes out when the connection is back.
    page.context.set_offline(True)
    page.get_by_label("Kode tiket").fill(other.code)
    page.get_by_role("button", name="Check-in").click()
    page.wait_for_function("document.getElementById('checkin-pending').textContent === '1'")
    assert CheckIn.objects.filter(registration=other).count() == 0
    page.context.set_offline(False)
    page.locator("#checkin-result").get_by_text("Selamat datang, Budi").wait_for()
    page.wait_for_function("document.getElementById('checkin-pending').textContent === '0'")
    assert CheckIn.objects.count() == 2
    assert session.registrations.get().checkin is not None


def test_seller_reports_sales_on_a_phone_and_report_shows_them(live_server: Any, browser: Any) -> None:
    owner = UserFactory()
    event = make_event(title="Sinergitas Uji Penjualan")
    app = accepted_application(event, actor=make_actor(by=owner, name="Sambal Mbok Yem"))
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        sign_in(page, live_server, owner)
        page.goto(f"{live_server.url}/acara/stan/{app.pk}/")
        page.get_by_label("Tanggal").select_option(event.start_date.isoformat())
        page.get_by_label("Penjualan hari ini (Rp)").fill("2350000")
        page.get_by_label("Jumlah transaksi").fill("47")
        page.get_by_role("button", name="Simpan penjualan").click()
        page.get_by_text("Penjualan tersimpan").wait_for()
        sign_in(page, live_server, staff_user())
        page.goto(f"{live_server.url}/acara/{event.slug}/laporan/")
        row = page.locator("#sales-by-seller tr", has_text="Sambal Mbok Yem")
        assert "Rp2.350.000" in row.inner_text()
        assert page.locator("#stat-sales").inner_text() == "Rp2.350.000"
    finally:
        context.close()


def test_door_counters_follow_a_scan_at_once(live_server: Any, page: Any) -> None:
    """A scan moves "Hadir / terdaftar" on the door page at once, as a check-in by name does, not at the
    counters' next 5-second refresh (the page's timers are frozen here, so only the scan can move them)."""
    from datetime import UTC, datetime, timedelta

    from playwright.sync_api import expect

    from sinergi.events import services

    event = make_event(title="Sinergitas Uji Pintu")
    session = make_session(event, kind="cooking_demo", capacity=20)
    ticket = services.registration_create(session=session, name="Sari Wulan", email="sari@contoh.id")
    services.registration_create(session=session, name="Tono", email="tono@contoh.id")
    sign_in(page, live_server, staff_user())
    page.clock.install()
    page.clock.pause_at(datetime.now(UTC) + timedelta(seconds=2))  # no timer fires: no polling
    page.goto(f"{live_server.url}/acara/{event.slug}/check-in/")
    expect(page.locator("#counter-total")).to_have_text("0 / 2")
    page.get_by_label("Kode tiket").fill(ticket.short_code)
    page.get_by_role("button", name="Check-in").click()
    page.locator("#checkin-result").get_by_text("Selamat datang, Sari Wulan").wait_for()
    expect(page.locator("#counter-total")).to_have_text("1 / 2")
