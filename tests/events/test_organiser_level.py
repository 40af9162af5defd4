"""Events and programs of a province installation belong to an office at province or kab/kota level
(issue 14 §2): the level shows on their pages and the public lists filter by it. In a kab/kota
installation (Depok, the test database's default) neither shows."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sinergi.accounts.models import Organisation
from tests.events.factories import make_event
from tests.factories import office_with, province_installation
from tests.programs.factories import make_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def kaltim(settings: Any) -> dict[str, Organisation]:
    province_installation(settings)
    province = office_with(name="Dinas Pariwisata Provinsi")
    samarinda = office_with(name="Disdag Samarinda", area="64.72")
    make_event(title="Festival Mahakam", organiser=province)
    make_event(title="Pasar Kreatif Samarinda", organiser=samarinda)
    make_program(title="Inkubasi Provinsi", organiser=province)
    make_program(title="Kelas Tenun Samarinda", organiser=samarinda)
    return {"province": province, "samarinda": samarinda}


@pytest.mark.parametrize(
    ("path", "province_item", "samarinda_item"),
    [
        ("/acara/", "Festival Mahakam", "Pasar Kreatif Samarinda"),
        ("/program/", "Inkubasi Provinsi", "Kelas Tenun Samarinda"),
    ],
)
def test_public_lists_filter_by_the_organisers_level(
    kaltim: dict[str, Organisation], client: Client, path: str, province_item: str, samarinda_item: str
) -> None:
    everything = client.get(path).content.decode()
    assert province_item in everything
    assert samarinda_item in everything
    assert "Provinsi Kalimantan Timur" in everything
    assert "Kota Samarinda" in everything
    samarinda = client.get(path, {"kabkota": "64.72"}).content.decode()
    assert samarinda_item in samarinda
    assert province_item not in samarinda
    by_name = client.get(path, {"kabkota": "Samarinda"}).content.decode()
    assert samarinda_item in by_name
    assert province_item not in by_name
    province = client.get(path, {"kabkota": "provinsi"}).content.decode()
    assert province_item in province
    assert samarinda_item not in province
    balikpapan = client.get(path, {"kabkota": "64.71"}).content.decode()
    assert "penyelenggara tingkat ini" in balikpapan
    refused = client.get(path, {"kabkota": "Depok"}).content.decode()
    assert "Kabupaten/kota “Depok” tidak ada di wilayah ini." in refused
    assert province_item in refused
    assert samarinda_item in refused


def test_event_and_program_pages_show_the_organisers_level(kaltim: dict[str, Organisation], client: Client) -> None:
    page = client.get("/acara/pasar-kreatif-samarinda/").content.decode()
    assert "Disdag Samarinda" in page
    assert "(Kota Samarinda)" in page
    page = client.get("/acara/festival-mahakam/").content.decode()
    assert "(Provinsi Kalimantan Timur)" in page
    from sinergi.programs.models import Program

    program = Program.objects.get(title="Kelas Tenun Samarinda")
    assert "(Kota Samarinda)" in client.get(f"/program/{program.slug}/").content.decode()


def test_a_kabkota_installation_shows_no_level_and_no_filter(client: Client) -> None:
    make_event(title="Festival Depok")
    page = client.get("/acara/").content.decode()
    assert "Festival Depok" in page
    assert 'id="f-kabkota"' not in page
    assert "Provinsi" not in page
    assert "Provinsi" not in client.get("/acara/festival-depok/").content.decode()
