"""The demo as a Depok official tries it: on a freshly seeded demo the demo business owner signs in, opens
Pembinaan, finds the program open for applications now, applies, and sees the application on the
dashboard. On the way, their product shows its generated, labelled demo photo."""

from __future__ import annotations

import io
import os
from typing import Any

import pytest
from playwright.sync_api import expect

from sinergi.demo.seed import programs as programs_demo
from sinergi.demo.seed.accounts import DEMO_PASSWORD
from sinergi.programs.models import Program, ProgramApplication

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OWNER = "pelaku@demo.sinergi.id"


@pytest.fixture
def demo(transactional_db: None, settings: Any) -> None:
    from django.core.management import call_command

    settings.SINERGI_DEMO = True
    call_command("seed_demo", stdout=io.StringIO())


def test_demo_owner_finds_the_open_program_applies_and_sees_it(demo: None, live_server: Any, page: Any) -> None:
    base = live_server.url
    program = Program.objects.get(slug=programs_demo.OPEN_SLUG)

    page.goto(base + "/akun/masuk/")
    page.locator("#id_username").fill(OWNER)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)

    page.get_by_role("link", name="Pembinaan", exact=True).first.click()
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/program"))
    page.locator("main").get_by_role("link", name=program.title).click()
    page.locator("main").get_by_role("link", name="Daftar", exact=True).click()

    # Eligible: no warning; the call's own questions are asked.
    assert page.locator(".message.warning").count() == 0
    page.get_by_label("Produk yang ingin dipasarkan secara daring").fill("Paket oleh-oleh khas Depok")
    page.get_by_label("Penjualan daring per bulan saat ini (Rp)").fill("2500000")
    page.get_by_label("Sudah berjualan di lokapasar?").select_option(label="Ya")
    page.get_by_label("Sesi yang dipilih").select_option(label="Sore (14.00–17.00)")
    page.get_by_role("button", name="Kirim pendaftaran").click()
    page.get_by_text("Pendaftaran terkirim").wait_for()

    page.goto(base + "/dasbor/")
    card = page.get_by_test_id("my-programs")
    card.get_by_role("link", name=program.title).wait_for()
    assert "Paket oleh-oleh khas Depok" in ProgramApplication.objects.get(program=program).answers.values()

    # Their own product carries a generated photo labelled demo, served as a real thumbnail.
    actor = ProgramApplication.objects.get(program=program).actor
    page.goto(f"{base}/direktori/pelaku/{actor.slug}/")
    thumb = page.locator("main img[alt*='demo']").first
    thumb.wait_for()
    thumb.scroll_into_view_if_needed()  # product thumbnails load lazily, as a visitor scrolls to them
    expect(thumb).to_have_js_property("complete", True)
    assert thumb.evaluate("img => img.naturalWidth") > 0
