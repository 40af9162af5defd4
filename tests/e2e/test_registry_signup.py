"""Sign up → create a profile (KBLI picker over HTMX) → submit → staff verify in the queue → public.

Uses the shared `page` fixture (tests/e2e/conftest.py): Playwright on Debian's chromium, and it fails
the test on any CSP violation in the browser console.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from sinergi.accounts.models import Role
from sinergi.registry.models import Actor, Status
from tests.factories import user_with_role

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-Sinergi-2026"
NAME = "Rajutan Bunda Tapos"


def test_sign_up_submit_verify_and_see_it_in_the_directory(live_server: Any, page: Any) -> None:
    base = live_server.url

    # 1. Sign up.
    page.goto(base + "/akun/daftar/")
    page.locator("#id_full_name").fill("Dewi Lestari")
    page.locator("#id_email").fill("dewi@rajutan.id")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password_again").fill(PASSWORD)
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Daftar").click()
    page.get_by_role("heading", name="Periksa e-mail Anda").wait_for()
    # The activation link arrives by e-mail (the page says the same for a registered address).
    (message,) = [m for m in mail.outbox if m.to == ["dewi@rajutan.id"]]
    link = re.search(r"/akun/aktifkan/\S+/", message.body)
    assert link is not None, message.body
    page.goto(base + link.group(0))
    page.get_by_role("button", name="Aktifkan akun").click()
    page.wait_for_url(re.compile(r"/dasbor/$"))
    page.get_by_text("Akun Anda sudah aktif").wait_for()

    # 2. Create a profile from the workspace, picking the KBLI with the search-as-you-type picker.
    page.get_by_role("link", name="Kelola direktori").first.click()
    page.get_by_role("link", name="Daftarkan usaha baru").click()
    # The search-as-you-type picker works once htmx (a deferred script) has processed the page: typing
    # before that, as a loaded machine lets a test do, sends no search at all.
    page.wait_for_load_state("load")
    page.locator("#id_name").fill(NAME)
    page.locator("#id_legal_form").select_option("perorangan")
    search, pick = page.locator("#id_kbli_primary_search"), page.locator('[data-kbli-code="14301"]')
    search.fill("pakaian jadi rajutan")
    try:
        pick.wait_for(timeout=5_000)
    except PlaywrightTimeout:  # typed before htmx listened (a loaded machine): type it again, as a person would
        search.fill("")
        search.fill("pakaian jadi rajutan")
    pick.click()
    assert page.locator("#id_kbli_primary").input_value() == "14301"
    page.locator("#id_address").fill("Jl. Raya Tapos 12")
    page.locator("#id_kelurahan").select_option(label="Curug (Kec. Cimanggis)")
    page.locator("#id_description").fill("Rajutan tangan: tas, topi dan syal.")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("heading", name=NAME).wait_for()

    # 3. Submit for verification.
    page.get_by_role("button", name="Ajukan verifikasi").click()
    page.get_by_text("Profil diajukan").wait_for()
    actor = Actor.objects.get(name=NAME)
    assert actor.status == Status.SUBMITTED
    assert actor.kelurahan is not None
    assert actor.kelurahan.parent.name == "Cimanggis"  # type: ignore[union-attr]
    assert [s.code for s in actor.subsectors.all()] == ["FSN"]  # derived from KBLI 14301
    page.get_by_test_id("account-menu").locator("summary").click()  # signing out is in the account menu
    page.get_by_role("button", name="Keluar").click()

    # 4. A staff member signs in and verifies it from the queue.
    staff = user_with_role(Role.STAFF)
    page.goto(base + "/akun/masuk/")
    page.locator("input[name=username]").fill(staff.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r"/dasbor/$"))
    page.goto(base + "/direktori/kelola/verifikasi/")
    page.get_by_role("link", name=NAME).click()
    page.get_by_role("button", name="Verifikasi", exact=True).click()
    page.get_by_text("terverifikasi dan tampil di direktori").wait_for()
    actor.refresh_from_db()
    assert actor.status == Status.VERIFIED

    # 5. The public sees it: its profile page and the directory search (portal pages).
    page.goto(f"{base}/direktori/pelaku/{actor.slug}/")
    page.get_by_role("heading", name=NAME).wait_for()
    page.goto(f"{base}/direktori/?q=Rajutan+Bunda")
    assert page.get_by_role("link", name=NAME).count() >= 1
