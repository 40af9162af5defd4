"""Journeys of issue 10 §1 and §7 in the browser: a locked account, sign-up of a registered address,
a staff session that ran idle, a rate-limited anonymous registration, an export with phone numbers."""

from __future__ import annotations

import os
import re
import time
from importlib import import_module
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.core import mail

from sinergi.accounts.models import Role
from sinergi.accounts.sessions import LAST_SEEN
from sinergi.registry.services import contact_save
from tests.events.factories import make_event, make_session
from tests.factories import UserFactory, make_actor, user_with_role

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-Sinergi-2026"


def submit_sign_in(page: Any, email: str, password: str) -> None:
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Masuk").click()


def test_a_guessed_account_stays_locked_even_for_the_right_password(live_server: Any, page: Any) -> None:
    user = UserFactory(email="pelaku@demo.sinergi.id")
    page.goto(live_server.url + "/akun/masuk/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        submit_sign_in(page, "PELAKU@demo.sinergi.id", "salah-sekali")
        page.locator(".errorlist, .form-errors, [role=alert]").first.wait_for()
    submit_sign_in(page, user.email, "salah-lagi")
    page.get_by_role("heading", name="Terlalu banyak percobaan masuk").wait_for()
    page.goto(live_server.url + "/akun/masuk/")
    submit_sign_in(page, user.email, PASSWORD)
    page.get_by_role("heading", name="Terlalu banyak percobaan masuk").wait_for()
    assert "/dasbor/" not in page.url
    page.goto(live_server.url + "/dasbor/")
    page.wait_for_url(re.compile(r"/akun/masuk/\?next="))


def test_signing_up_with_a_registered_address_looks_like_any_sign_up(live_server: Any, page: Any) -> None:
    UserFactory(email="dewi@rajutan.id")
    page.goto(live_server.url + "/akun/daftar/")
    page.locator("#id_full_name").fill("Orang Lain")
    page.locator("#id_email").fill("dewi@rajutan.id")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password_again").fill(PASSWORD)
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Daftar").click()
    page.get_by_role("heading", name="Periksa e-mail Anda").wait_for()
    assert "Sudah terdaftar" not in page.content()
    (message,) = mail.outbox
    assert message.to == ["dewi@rajutan.id"]
    assert "sudah punya akun" in message.body


def test_a_staff_session_that_ran_idle_asks_to_sign_in_again(live_server: Any, page: Any) -> None:
    staff = user_with_role(Role.STAFF)
    page.goto(live_server.url + "/dasbor/")
    page.wait_for_url(re.compile(r"/akun/masuk/"))
    submit_sign_in(page, staff.email, PASSWORD)
    page.wait_for_url(re.compile(r"/dasbor/$"))
    # 31 minutes pass without a request.
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    store[LAST_SEEN] = time.time() - 31 * 60
    store.save()
    page.goto(live_server.url + "/impor/")
    page.wait_for_url(re.compile(r"/akun/masuk/\?next=/impor/"))
    page.get_by_text("tidak ada aktivitas selama 30 menit").wait_for()
    submit_sign_in(page, staff.email, PASSWORD)
    page.wait_for_url(re.compile(r"/impor/$"))


def test_an_anonymous_registration_beyond_the_limit_is_refused_clearly(
    live_server: Any, page: Any, settings: Any
) -> None:
    settings.SINERGI_RATE_LIMITS = {**settings.SINERGI_RATE_LIMITS, "event_registration": "1/hour"}
    session = make_session(make_event(title="Lokakarya Batas"), capacity=20)
    for n in range(2):
        page.goto(f"{live_server.url}/acara/sesi/{session.pk}/daftar/")
        page.get_by_label("Nama").fill(f"Tamu {n}")
        page.get_by_label("E-mail").fill(f"tamu{n}@contoh.id")
        page.get_by_role("button", name="Daftar dan ambil tiket").click()
        if n == 0:
            page.locator(".ticket-qr svg").wait_for()
    page.get_by_role("heading", name="Terlalu banyak permintaan").wait_for()
    page.get_by_text("Terlalu banyak pendaftaran acara dari alamat Anda.").wait_for()
    assert session.registrations.count() == 1


def test_an_office_head_exports_phone_numbers_without_an_apostrophe(
    live_server: Any, page: Any, tmp_path: Path
) -> None:
    actor = make_actor(name="Batik Telepon")
    contact_save(
        by=None,
        actor=actor,
        data={"full_name": "Budi", "nik": "3276010101900001", "phone": "+6281234567890", "consent": True},
    )
    head = user_with_role(Role.HEAD)
    page.goto(live_server.url + "/akun/masuk/")
    submit_sign_in(page, head.email, PASSWORD)
    page.wait_for_url(re.compile(r"/dasbor/$"))
    page.goto(live_server.url + "/impor/ekspor/pelaku/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh XLSX").click()
    path = tmp_path / "pelaku.xlsx"
    download.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    header = [c.value for c in sheet[1]]
    phone = sheet.cell(row=2, column=header.index("telepon_narahubung") + 1)
    assert phone.value == "+6281234567890"  # what the office sees: no apostrophe in front
    assert phone.data_type == "s"
    assert phone.quotePrefix
