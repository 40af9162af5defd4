"""The staff list of every profile: all statuses, the directory's filters plus staff filters, paging."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.accounts.models import OfficeFunction, Role
from sinergi.registry import services
from sinergi.registry.models import ActorKind, Status
from tests.factories import MembershipFactory, city_office, kelurahan, make_actor, office_with, user_with_role

pytestmark = pytest.mark.django_db

URL = "/direktori/kelola/profil/"


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def names(response: Any) -> list[str]:
    return [actor.name for actor in response.context["page"].object_list]


def test_the_url_is_the_named_route() -> None:
    assert reverse("registry:actor_list") == URL


def test_registry_staff_see_every_status_and_filter_by_staff_filters() -> None:
    office = city_office()
    make_actor(name="Batik Terverifikasi", kbli_code="14111")
    make_actor(name="Warung Draf", kbli_code="56101", status=Status.DRAFT)
    submitted = make_actor(name="Kopi Diajukan", kbli_code="56101", status=Status.SUBMITTED)
    make_actor(name="Sablon Arsip", status=Status.ARCHIVED)
    individual = make_actor(name="Pelukis Perorangan", kind=ActorKind.INDIVIDUAL, kelurahan=kelurahan("32.76.06.1001"))
    services.actor_set_fostering(by=None, actor=submitted, office=office, since=None)
    client = login(user_with_role(Role.STAFF, organisation=office))

    everything = client.get(URL)
    assert everything.status_code == 200
    assert names(everything) == ["Batik Terverifikasi", "Kopi Diajukan", "Pelukis Perorangan", "Warung Draf"]
    assert names(client.get(URL, {"status": "archived"})) == ["Sablon Arsip"]
    assert names(client.get(URL, {"status": "draft"})) == ["Warung Draf"]
    # Names as well as codes, as in the export.
    assert names(client.get(URL, {"subsektor": "Kuliner"})) == ["Kopi Diajukan", "Warung Draf"]
    assert names(client.get(URL, {"dibina_oleh": office.slug})) == ["Kopi Diajukan"]
    assert names(client.get(URL, {"jenis_pelaku": "perorangan"})) == [individual.name]
    assert names(client.get(URL, {"kecamatan": "32.76.06"})) == [individual.name]
    assert names(client.get(URL, {"q": "kopi"})) == ["Kopi Diajukan"]
    html = client.get(URL, {"subsektor": "KUL"}).content.decode()
    assert reverse("registry:actor", kwargs={"slug": submitted.slug}) in html
    # Export what is listed: the export parses the same filters.
    assert (
        'href="/impor/ekspor/pelaku/?subsektor=KUL&amp;status=draft"'
        in client.get(URL, {"subsektor": "Kuliner", "status": "draft"}).content.decode()
    )
    export = client.get("/impor/ekspor/pelaku/unduh.csv", {"subsektor": "KUL", "status": "draft"})
    assert b"Warung Draf" in b"".join(export.streaming_content)


def test_unknown_filter_values_are_reported_next_to_the_field() -> None:
    client = login(user_with_role(Role.STAFF))
    make_actor(name="Batik Satu")
    response = client.get(URL, {"status": "hilang", "dibina_oleh": "dinas-antah"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Status profil tidak dikenal." in html
    assert "Instansi pembina “dinas-antah” tidak ditemukan." in html
    assert names(response) == ["Batik Satu"]  # the valid part of the filter still applies


def test_paging_keeps_the_filters() -> None:
    for i in range(52):
        make_actor(name=f"Usaha {i:02d}", status=Status.DRAFT, kbli_code="56101")
    client = login(user_with_role(Role.STAFF))
    first = client.get(URL, {"subsektor": "KUL"})
    assert len(names(first)) == 50
    assert "?subsektor=KUL&amp;halaman=2" in first.content.decode()
    second = client.get(URL, {"subsektor": "KUL", "halaman": "2"})
    assert names(second) == ["Usaha 50", "Usaha 51"]


def test_only_the_registry_office_sees_the_list() -> None:
    other = office_with(OfficeFunction.STATISTICS, name="Dinas Lain")
    assert login(MembershipFactory(role=Role.STAFF, organisation=other).user).get(URL).status_code == 403
    assert login(user_with_role(Role.STAFF)).get(URL).status_code == 200
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302


def test_the_work_menu_links_to_the_list_for_registry_staff() -> None:
    html = login(user_with_role(Role.STAFF)).get(reverse("registry:queue")).content.decode()
    assert f'href="{URL}"' in html
