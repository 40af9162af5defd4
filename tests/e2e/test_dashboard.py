"""A person's dashboard lists what they are waiting on: their tickets and booth applications with their
statuses, each linking to its page."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from sinergi.events import services
from sinergi.wilayah.models import Wilayah
from tests.e2e.test_events import sign_in
from tests.events.factories import make_event, make_session
from tests.factories import UserFactory, make_actor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference() -> None:
    if not Wilayah.objects.exists():
        call_command("load_reference", verbosity=0, stdout=io.StringIO())


def test_dashboard_lists_my_tickets_and_booth_applications(live_server: Any, page: Any) -> None:
    person = UserFactory(full_name="Rina Pengunjung")
    actor = make_actor(by=person, name="Kriya Rina")
    event = make_event(title="Pameran Kriya Uji")
    session = make_session(event, capacity=1)
    services.booth_application_submit(by=person, event=event, actor=actor, data={"products": "Anyaman"})
    someone_else = UserFactory()
    make_session(event, capacity=5)  # a session the person has no ticket for

    sign_in(page, live_server, person)
    page.goto(f"{live_server.url}/acara/{event.slug}/")
    page.locator("#schedule ~ .table-wrap a", has_text="Daftar").first.click()
    page.get_by_role("button", name="Daftar dan ambil tiket").click()
    page.wait_for_url(lambda url: "/tiket/" in url)
    services.registration_create(session=session, name="Orang Lain", email=someone_else.email, user=someone_else)

    page.goto(f"{live_server.url}/dasbor/")
    mine = page.get_by_test_id("my-events")
    text = mine.inner_text()
    assert f"{event.title} · {session.title}" in text
    assert "Terdaftar" in text  # the ticket's status
    assert "Kriya Rina" in text
    assert "Diajukan" in text
    assert "Orang Lain" not in text
    mine.get_by_role("link", name=f"{event.title} · {session.title}").click()
    page.wait_for_url(lambda url: "/tiket/" in url)
    assert session.title in page.locator("main").inner_text()


def test_visitor_sees_the_exhibitors_and_the_floor_plan(live_server: Any, page: Any) -> None:
    from tests.events.factories import accepted_application, make_booths

    event = make_event(title="Bazar Kriya Uji")
    make_booths(event, 2)
    placed = accepted_application(event, actor=make_actor(name="Batik Sekar Uji"))
    services.booths_allocate(by=None, event=event)
    waiting = services.booth_application_submit(
        by=None, event=event, actor=make_actor(name="Belum Diterima Uji"), data={"products": "Kopi"}
    )

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/acara/{event.slug}/")
    section = page.get_by_test_id("exhibitors")
    text = section.inner_text()
    booth = placed.__class__.objects.get(pk=placed.pk).allocation.booth.code
    assert f"{booth} · Batik Sekar Uji" in text
    assert waiting.seller_name not in text  # only sellers accepted and placed
    plan = section.locator("img.floor-plan")
    plan.scroll_into_view_if_needed()
    assert plan.evaluate("img => img.complete && img.naturalWidth > 0")  # the SVG plan loaded
    box = plan.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 390


def test_staff_find_their_offices_queue_on_the_dashboard_and_owners_do_not(live_server: Any, page: Any) -> None:
    """The registry's cards: an owner sees their profile and what to do next, and no staff card; a
    registry officer sees how many profiles wait for their office and opens the queue from the count."""
    from sinergi.accounts.models import Role
    from sinergi.registry.models import Status
    from tests.factories import user_with_role

    owner = UserFactory(full_name="Sari Pemilik")
    make_actor(by=owner, name="Tenun Sari Uji", status=Status.SUBMITTED)
    officer = user_with_role(Role.STAFF)

    sign_in(page, live_server, owner)
    page.goto(f"{live_server.url}/dasbor/")
    mine = page.locator("section", has=page.locator("#registry-dashboard-heading"))
    assert "Tenun Sari Uji" in mine.inner_text()
    assert "Menunggu verifikasi petugas." in mine.inner_text()
    assert page.locator("#registry-staff-heading").count() == 0
    assert page.locator("#imports-card").count() == 0

    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/dasbor/")
    staff = page.locator("section", has=page.locator("#registry-staff-heading"))
    waiting = staff.get_by_role("link", name="menunggu verifikasi")
    assert waiting.locator("strong").inner_text() == "1"
    # The cards keep their order: the officer's profile card, then the staff card, then imports.
    headings = page.locator("main h2").all_inner_texts()
    assert headings.index("Profil usaha saya") < headings.index("Direktori: tugas petugas")
    assert headings.index("Direktori: tugas petugas") < headings.index("Impor dan ekspor data")
    waiting.click()
    page.wait_for_url(lambda url: url.endswith(reverse("registry:queue")))
    assert "Tenun Sari Uji" in page.locator("main").inner_text()
