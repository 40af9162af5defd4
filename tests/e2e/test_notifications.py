"""A business owner opts in to WhatsApp, submits their profile, registry staff verify it, and the owner
sees the bell count and the notification, while the (local) WhatsApp Cloud API received the template
message in the owner's language."""

from __future__ import annotations

import re
from typing import Any

from django.test import override_settings

from sinergi.accounts.models import Role
from sinergi.registry.models import Status
from tests.factories import UserFactory, make_actor, user_with_role
from tests.notifications.whatsapp_server import fake_graph

from .journeys import sign_in
from .layout import CLIPPED_JS, WIDE

NAME = "Batik Tulis Sukmajaya"


def test_owner_hears_of_the_verification_in_the_app_and_on_whatsapp(live_server: Any, page: Any) -> None:
    base = live_server.url
    owner = UserFactory(full_name="Sri Rahayu", language="id")
    staff = user_with_role(Role.STAFF)
    actor = make_actor(by=owner, status=Status.DRAFT, name=NAME)
    with fake_graph() as whatsapp, override_settings(**whatsapp.settings()):
        # 1. The owner opts in to WhatsApp on the notification settings, with the code sent there.
        sign_in(page, base, owner.email)
        page.get_by_test_id("bell").click()
        page.get_by_role("heading", name="Aktivitas saya").wait_for()
        page.get_by_role("link", name="Pengaturan pemberitahuan").click()
        section = page.get_by_test_id("whatsapp")
        section.get_by_label("Nomor WhatsApp").fill("0812-1111-2222")
        section.get_by_role("button", name="Kirim kode").click()
        page.get_by_text("Kode verifikasi dikirim lewat WhatsApp.").wait_for()
        (code,) = whatsapp.codes_sent_to("6281211112222")
        section.get_by_label("Kode verifikasi").fill(code)
        section.get_by_role("button", name="Verifikasi").click()
        page.get_by_text("Nomor WhatsApp terverifikasi.").wait_for()
        section.get_by_text("+6281••••••222").wait_for()  # masked, even to its owner

        # 2. The owner submits the profile.
        page.goto(f"{base}/direktori/kelola/pelaku/{actor.slug}/")
        page.get_by_role("button", name="Ajukan verifikasi").click()
        page.get_by_text("Profil diajukan").first.wait_for()

        # 3. Registry staff verify it from the queue.
        sign_in(page, base, staff.email)
        page.goto(base + "/direktori/kelola/verifikasi/")
        page.get_by_role("link", name=NAME).click()
        page.get_by_role("button", name="Verifikasi", exact=True).click()
        page.get_by_text("terverifikasi dan tampil di direktori").wait_for()

        # 4. The owner signs in: the bell counts the receipt and the verification; the notification
        #    says so and leads to the profile, which then counts as read.
        sign_in(page, base, owner.email)
        assert page.get_by_test_id("bell-count").inner_text() == "2"
        page.get_by_test_id("bell").click()
        verified = page.get_by_role("button", name=f"Profil {NAME} sudah terverifikasi")
        verified.wait_for()
        page.get_by_text("Profil Anda kini tampil di direktori publik.").wait_for()
        verified.click()
        page.wait_for_url(f"{base}/direktori/kelola/pelaku/{actor.slug}/")
        assert page.get_by_test_id("bell-count").inner_text() == "1"

        # 5. The WhatsApp Cloud API received the approved template, in Indonesian, with the name.
        templates = [m for m in whatsapp.received if m["template"]["name"] != "sinergi_kode_verifikasi"]
        assert [(m["to"], m["template"]["name"], m["template"]["language"]["code"]) for m in templates] == [
            ("6281211112222", "sinergi_profil_terverifikasi", "id")
        ]
        assert templates[0]["template"]["components"][0]["parameters"] == [{"type": "text", "text": NAME}]
        assert whatsapp.problems == []


def test_organiser_staff_follow_what_their_decision_told_the_seller(live_server: Any, page: Any) -> None:
    """Organiser staff decide a booth application while the mail relay is down; from the account menu
    they find "Status pengiriman", see the failure at a glance with the seller's name (never the
    address) and the relay's error; staff of another office see nothing of it."""
    from sinergi.events import services as events
    from tests.events.factories import make_event
    from tests.factories import office_with
    from tests.notifications.backends import FlakyBackend

    base = live_server.url
    organiser = office_with(name="Dinas Pariwisata Uji")
    staff = user_with_role(Role.STAFF, organisation=organiser)
    other = user_with_role(Role.HEAD, organisation=office_with(name="Dinas Lain"))
    seller = UserFactory(full_name="Sri Rahayu", email="sri.rahayu@contoh.id")
    event = make_event(title="Festival Margonda", organiser=organiser)
    app = events.booth_application_submit(
        by=seller, event=event, actor=make_actor(by=seller, name="Kopi Tugu"), data={"products": "Kopi"}
    )
    with override_settings(SINERGI_EMAIL_DELIVERY_BACKEND="tests.notifications.backends.FlakyBackend"):
        FlakyBackend.failures = 100
        try:
            sign_in(page, base, staff.email)
            page.goto(f"{base}/acara/{event.slug}/kelola/")
            card = page.locator(f"#app-{app.pk}")
            for label in ("Kualitas", "Bahan", "Kesiapan", "Binaan"):
                card.get_by_label(re.compile(label)).fill("4")
            card.get_by_label("Keputusan").select_option("accepted")
            card.get_by_role("button", name="Simpan penilaian").click()
            page.get_by_text("Penilaian Kopi Tugu tersimpan").wait_for()
        finally:
            FlakyBackend.failures = 0

    page.get_by_test_id("account-menu").locator("summary").click()
    page.get_by_test_id("account-menu").get_by_role("link", name="Status pengiriman").click()
    page.get_by_role("heading", name="Status pengiriman").wait_for()
    retrying = page.locator('[data-testid=delivery-counts] [data-status="retrying"]')
    assert retrying.locator("strong").inner_text() == "1"
    retrying.click()
    rows = page.get_by_test_id("delivery-row")
    assert rows.count() == 1
    row = rows.first
    assert "Sri Rahayu" in row.inner_text()
    assert "Keputusan atas pengajuan stan" in row.inner_text()
    assert "Dicoba lagi" in row.inner_text()
    assert "SMTPServerDisconnected" in row.inner_text()
    assert "sri.rahayu@contoh.id" not in page.content()
    # It fits a phone and a laptop: nothing wider than the window, nothing hidden behind a scroller.
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, width
        assert page.evaluate(CLIPPED_JS, width >= WIDE) == [], width
    row.get_by_role("link", name="Festival Margonda").click()
    page.wait_for_url(f"{base}/acara/{event.slug}/kelola/")

    sign_in(page, base, other.email)
    page.goto(f"{base}/aktivitas/pengiriman/")
    assert "Sri Rahayu" not in page.content()
    page.get_by_text("Belum ada pemberitahuan dari alur kerja kantor Anda yang cocok.").wait_for()
    response = page.goto(f"{base}/aktivitas/pengiriman/?alur=events.event&objek={event.pk}")
    assert response.status == 403


def test_the_bell_counts_what_happens_while_the_page_stays_open(live_server: Any, page: Any) -> None:
    """The owner keeps a page open; staff verify the profile meanwhile; the bell's count changes without a
    reload. While the tab is hidden the bell does not ask; shown again, it asks at once."""
    from django.test import override_settings
    from playwright.sync_api import expect

    from sinergi.registry import services as registry

    base = live_server.url
    owner = UserFactory(full_name="Sri Rahayu")
    first = make_actor(by=owner, status=Status.SUBMITTED, name="Batik Satu")
    second = make_actor(by=owner, status=Status.SUBMITTED, name="Batik Dua")
    staff = user_with_role(Role.STAFF)
    bell_requests: list[str] = []
    page.on("request", lambda request: bell_requests.append(request.url) if "/aktivitas/bel/" in request.url else None)
    with override_settings(SINERGI_BELL_REFRESH_SECONDS=5):
        sign_in(page, base, owner.email)
        page.goto(f"{base}/direktori/kelola/pelaku/{first.slug}/")
        count = page.get_by_test_id("bell-count")
        assert count.inner_text() == "0"
        page.locator("body").evaluate("body => body.setAttribute('data-journey-mark', 'still-here')")
        registry.actor_verify(by=staff, actor=first)
        expect(count).to_have_text("1", timeout=20000)
        assert page.locator("body").get_attribute("data-journey-mark") == "still-here"  # no reload
        assert "has-unread" in (page.get_by_test_id("bell").get_attribute("class") or "")

        # Hidden: no asking. Shown again: it asks at once and shows the new count.
        page.evaluate(
            "() => { Object.defineProperty(document, 'hidden', {value: true, configurable: true});"
            " document.dispatchEvent(new Event('visibilitychange')); }"
        )
        registry.actor_verify(by=staff, actor=second)
        asked = len(bell_requests)
        page.wait_for_timeout(11000)  # two intervals
        assert len(bell_requests) == asked
        assert count.inner_text() == "1"
        page.evaluate(
            "() => { Object.defineProperty(document, 'hidden', {value: false, configurable: true});"
            " document.dispatchEvent(new Event('visibilitychange')); }"
        )
        expect(count).to_have_text("2", timeout=3000)
