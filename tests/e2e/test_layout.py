"""Every page of every demo role, on a phone (390 px) and a laptop (1366 px): nothing wider than the
window, no table or panel hiding figures or actions behind a scroller, no console error or CSP
violation, no asset answering 4xx/5xx. A screenshot of each failing page is kept in test-results/layout/.

Then the layout faults people reported, each where they met it: the event's "Daftar" on a phone, a long
URL in a comment, the statistics landing's list bullet, the kecamatan map on a blank panel.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.layout import walk

DEMO_PASSWORD = "Sinergi-Depok-2026"
DEMO_PEOPLE = (
    "",  # a visitor who is not signed in
    "warga@demo.sinergi.id",
    "pelaku@demo.sinergi.id",
    "ketua.komunitas@demo.sinergi.id",
    "petugas.disdagin@demo.sinergi.id",
    "kepala.disdagin@demo.sinergi.id",
    "analis.bappeda@demo.sinergi.id",
    "kepala.bappeda@demo.sinergi.id",
    "admin@demo.sinergi.id",
)
WIDTHS = (390, 1366)
# No hyphen or slash to break at: only the page's wrapping rules keep it inside the window.
LONG_URL = "https://contoh.depok.go.id/dokumen?id=" + "RencanaAksiEkonomiKreatif2026" * 10


@pytest.fixture
def demo(transactional_db: None, settings: Any) -> None:
    from django.core.management import call_command

    settings.SINERGI_DEMO = True
    call_command("seed_demo", stdout=io.StringIO())


def _sign_in(page: Any, base: str, email: str) -> None:
    page.context.clear_cookies()
    if not email:
        return
    page.goto(base + "/akun/masuk/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)


@pytest.mark.e2e
def test_every_page_of_every_demo_role_fits_phone_and_laptop(demo: None, live_server: Any, page: Any) -> None:
    shots = ARTIFACTS / "layout"
    problems = []
    visited = 0
    for email in DEMO_PEOPLE:
        _sign_in(page, live_server.url, email)
        who = email.split("@")[0] or "pengunjung"
        for width in WIDTHS:
            starts = ["/", "/dasbor/" if email else "/akun/masuk/"]
            result = walk(page, live_server.url, starts, width=width, who=who, shots=shots)
            visited += len(result.visited)
            problems += [(who, p) for p in result.problems]
    report = "\n".join(f"{who} {p.width}px {p.kind} {p.url}: {p.detail} [{p.screenshot}]" for who, p in problems)
    assert visited > 200, f"only {visited} pages reached: the walk lost its way"
    assert not problems, f"{len(problems)} layout problems:\n{report}"


def _overflow(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


@pytest.mark.e2e
def test_reported_layout_faults_are_gone(demo: None, live_server: Any, page: Any) -> None:
    from sinergi.accounts.models import User
    from sinergi.collaboration import services
    from sinergi.collaboration.models import Initiative, Phase
    from sinergi.events.models import Event

    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})

    # A visitor on a phone can reach "Daftar" for a session without scrolling sideways.
    event = Event.objects.filter(status="published", sessions__isnull=False).distinct().first()
    assert event is not None
    page.goto(f"{base}/acara/{event.slug}/")
    register = page.locator("#schedule ~ .table-wrap a", has_text="Daftar").first
    in_view = register.evaluate(
        """a => { const wrap = a.closest('.table-wrap'); wrap.scrollLeft = 0;
                  const r = a.getBoundingClientRect(), w = wrap.getBoundingClientRect();
                  return r.left >= w.left && r.right <= Math.min(w.right, window.innerWidth) + 1; }"""
    )
    assert in_view, "the session's Daftar link hides behind the table's horizontal scroller"
    assert _overflow(page) <= 0

    # One long URL in a comment wraps instead of making the initiative page thousands of pixels wide.
    initiative = Initiative.objects.filter(phase=Phase.OPEN).first()
    assert initiative is not None
    resident = User.objects.get(email="warga@demo.sinergi.id")
    services.comment_post(by=resident, initiative=initiative, body=f"Rujukan lengkap: {LONG_URL}")
    page.goto(f"{base}/kolaborasi/{initiative.pk}/")
    page.get_by_text("Rujukan lengkap").first.wait_for()
    assert _overflow(page) <= 0

    # The statistics landing lists its publications as cards, without a stray list bullet.
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base}/statistik/")
    item = page.locator("main li.card").first
    assert item.evaluate("e => getComputedStyle(e).listStyleType") == "none"

    # The kecamatan map sits in a panel as wide as the map, not floating on a blank one.
    page.goto(f"{base}/direktori/ringkasan-kecamatan/")
    figure = page.locator("figure.symbol-map").first.bounding_box()
    drawing = page.locator("figure.symbol-map svg").first.bounding_box()
    assert figure is not None
    assert drawing is not None
    assert figure["width"] - drawing["width"] <= 24  # padding and border only

    # At 1366 px every column of the kecamatan table and the statistics tables is in view.
    for path in ("/direktori/ringkasan-kecamatan/", "/statistik/wilayah/32.76/"):
        page.goto(base + path)
        clipped = page.evaluate(
            "[...document.querySelectorAll('.table-wrap')].filter(e => e.scrollWidth > e.clientWidth + 1).length"
        )
        assert clipped == 0, path
