"""A province installation (issue 14 §2), in the browser: a Samarinda registry officer verifies a
Samarinda profile from their queue and cannot open a Balikpapan one; a visitor drills down the
province summary from Kalimantan Timur to Samarinda's kecamatan and on into the directory, and filters
the directory by kab/kota then kecamatan (HTMX narrows the lists)."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest

from sinergi.accounts.models import OfficeFunction, Role
from sinergi.registry.models import Status
from sinergi.wilayah.models import Wilayah
from tests.e2e.journeys import sign_in
from tests.factories import MembershipFactory, make_actor, office_with, province_installation

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kaltim(settings: Any) -> dict[str, Any]:
    province_installation(settings)
    return {
        "samarinda": make_actor(
            name="Tenun Sarung Samarinda",
            status=Status.SUBMITTED,
            kelurahan=Wilayah.objects.get(code="64.72.01.1001"),
        ),
        "balikpapan": make_actor(
            name="Kopi Manggar Balikpapan",
            status=Status.SUBMITTED,
            kelurahan=Wilayah.objects.get(code="64.71.01.1001"),
        ),
        "verified": make_actor(name="Ukiran Palaran", kelurahan=Wilayah.objects.get(code="64.72.01.1002")),
    }


def test_samarinda_officer_verifies_samarinda_not_balikpapan(
    live_server: Any, page: Any, kaltim: dict[str, Any]
) -> None:
    office = office_with(OfficeFunction.REGISTRY, name="Disdag Samarinda", area="64.72")
    officer = MembershipFactory(organisation=office, role=Role.STAFF).user
    sign_in(page, live_server.url, officer.email)

    page.goto(live_server.url + "/direktori/kelola/verifikasi/")
    assert page.get_by_role("link", name="Kopi Manggar Balikpapan").count() == 0
    page.get_by_role("link", name="Tenun Sarung Samarinda").click()
    page.get_by_role("button", name="Verifikasi", exact=True).click()
    page.get_by_text("terverifikasi dan tampil di direktori").wait_for()
    kaltim["samarinda"].refresh_from_db()
    assert kaltim["samarinda"].status == Status.VERIFIED

    balikpapan = kaltim["balikpapan"]
    # The Balikpapan profile's workspace (where it is verified) is not theirs to open.
    shown = page.goto(f"{live_server.url}/direktori/kelola/pelaku/{balikpapan.slug}/")
    assert shown is not None
    assert shown.status in {403, 404}
    assert page.get_by_role("button", name="Verifikasi", exact=True).count() == 0
    balikpapan.refresh_from_db()
    assert balikpapan.status == Status.SUBMITTED


def test_visitor_drills_down_the_province_summary_and_filters_by_kabkota(
    live_server: Any, page: Any, kaltim: dict[str, Any]
) -> None:
    page.goto(live_server.url + "/direktori/ringkasan-kecamatan/")
    page.get_by_role("heading", name="Pelaku ekraf per kabupaten/kota di Kalimantan Timur").wait_for()
    table = page.get_by_role("table")
    samarinda_row = table.get_by_role("row", name=re.compile("Kota Samarinda"))
    assert samarinda_row.locator("td").last.inner_text().strip() == "1"
    samarinda_row.get_by_role("link", name="Kota Samarinda").click()
    page.get_by_role("heading", name="Pelaku ekraf per kecamatan di Kota Samarinda").wait_for()
    assert page.get_by_role("navigation", name="Jejak").get_by_role("link", name="Kalimantan Timur").count() == 1
    palaran = page.get_by_role("table").get_by_role("row", name=re.compile("Palaran"))
    assert palaran.locator("td").last.inner_text().strip() == "1"
    palaran.get_by_role("link", name="Palaran").click()
    page.wait_for_url(re.compile(r"/direktori/\?kecamatan=64\.72\.01"))
    assert page.get_by_role("link", name="Ukiran Palaran").count() == 1

    # The directory's filter: kab/kota first, then its kecamatan (swapped in by HTMX).
    page.goto(live_server.url + "/direktori/")
    kecamatan = page.locator("#f-kecamatan")
    assert kecamatan.is_disabled()
    page.locator("#f-kabkota").select_option(label="Kota Balikpapan")
    page.wait_for_function("() => !document.querySelector('#f-kecamatan').disabled")
    options = page.locator("#f-kecamatan option").all_inner_texts()
    assert "Balikpapan Timur" in options
    assert "Palaran" not in options


def test_visitor_filters_events_by_the_organisers_kabkota(live_server: Any, page: Any, kaltim: dict[str, Any]) -> None:
    from tests.events.factories import make_event

    make_event(title="Festival Mahakam", organiser=office_with(name="Dinas Pariwisata Provinsi"))
    make_event(title="Pasar Kreatif Samarinda", organiser=office_with(name="Disdag Samarinda", area="64.72"))
    page.goto(live_server.url + "/acara/")
    page.get_by_label("Penyelenggara tingkat").select_option(label="Kota Samarinda")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url(re.compile(r"kabkota=64\.72"))
    assert page.get_by_role("link", name="Festival Mahakam").count() == 0
    page.get_by_role("link", name="Pasar Kreatif Samarinda").click()
    page.get_by_text(re.compile(r"Penyelenggara: Disdag Samarinda\s+\(Kota Samarinda\)")).wait_for()
