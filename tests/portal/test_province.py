"""A province installation's directory and summary (issue 14 §2): kab/kota → kecamatan → kelurahan.

Kalimantan Timur (code 64) is loaded from the shipped map in each test; Samarinda is 64.72, Balikpapan
64.71. In a kab/kota installation (the test database's default, Depok) nothing of this shows.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from sinergi.registry import filters, selectors
from sinergi.wilayah.models import Wilayah
from tests.factories import make_actor, province_installation

pytestmark = pytest.mark.django_db

SAMARINDA_KEL = "64.72.01.1001"  # a kelurahan of Palaran, Kota Samarinda
SAMARINDA_KEL_2 = "64.72.02.1001"  # another kecamatan of Samarinda
BALIKPAPAN_KEL = "64.71.01.1001"  # Manggar, Balikpapan Timur


@pytest.fixture
def kaltim(settings: Any) -> dict[str, Any]:
    province_installation(settings)
    return {
        "samarinda": make_actor(name="Tenun Samarinda", kelurahan=Wilayah.objects.get(code=SAMARINDA_KEL)),
        "samarinda_2": make_actor(
            name="Kopi Sungai Kunjang", kelurahan=Wilayah.objects.get(code=SAMARINDA_KEL_2), kbli_code="56301"
        ),
        "balikpapan": make_actor(name="Batik Balikpapan", kelurahan=Wilayah.objects.get(code=BALIKPAPAN_KEL)),
        "unplaced": make_actor(name="Tanpa Alamat", kelurahan=None),
    }


def _options(page: str, select_id: str) -> list[str]:
    found = re.search(rf'<select id="{select_id}".*?</select>', page, re.S)
    assert found is not None, select_id
    return re.findall(r'<option value="([^"]+)"', found.group(0))


# ---------------------------------------------------------------- filters


def test_a_province_filter_has_kabkota_first_and_narrows_below(kaltim: dict[str, Any]) -> None:
    assert len(filters.kabkota_options()) == 10
    assert filters.kecamatan_options(None) == ()  # the kecamatan list waits for a kab/kota
    samarinda = filters.kecamatan_options("64.72")
    assert samarinda
    assert all(o.code.startswith("64.72.") for o in samarinda)
    f = filters.parse_actor_filters({"kabkota": "Samarinda"})
    assert (f.kabkota, f.errors) == ("64.72", {})
    f = filters.parse_actor_filters({"kecamatan": "64.72.01"})  # the parent is filled in
    assert (f.kabkota, f.kecamatan) == ("64.72", "64.72.01")
    f = filters.parse_actor_filters({"kelurahan": SAMARINDA_KEL})
    assert (f.kabkota, f.kecamatan, f.kelurahan) == ("64.72", "64.72.01", SAMARINDA_KEL)
    f = filters.parse_actor_filters({"kabkota": "64.71", "kecamatan": "64.72.01"})
    assert f.errors == {"kecamatan": "Kecamatan itu tidak berada di kabupaten/kota yang dipilih."}
    assert f.kecamatan is None
    f = filters.parse_actor_filters({"kabkota": "64.71", "kelurahan": SAMARINDA_KEL})
    assert f.errors == {"kelurahan": "Kelurahan itu tidak berada di kabupaten/kota yang dipilih."}
    f = filters.parse_actor_filters({"kabkota": "32.76"})  # Depok is not in Kalimantan Timur
    assert f.errors == {"kabkota": "Kabupaten/kota “32.76” tidak ada di wilayah ini."}
    with pytest.raises(filters.InvalidFilters):
        filters.parse_actor_filters({"kabkota": "99"}, strict=True)


def test_a_kabkota_installation_has_no_kabkota_level() -> None:
    assert filters.kabkota_options() == ()
    assert len(filters.kecamatan_options(None)) == 11  # Depok's kecamatan, as before
    assert "kabkota" in filters.parse_actor_filters({"kabkota": "64.72"}).errors


def test_the_directory_filters_by_kabkota_kecamatan_and_kelurahan(kaltim: dict[str, Any]) -> None:
    def names(**kwargs: Any) -> set[str]:
        return {a.name for a in selectors.actor_list(**kwargs)}

    assert names(kabkota="64.72") == {"Tenun Samarinda", "Kopi Sungai Kunjang"}
    assert names(kabkota="64.71") == {"Batik Balikpapan"}
    assert names(kecamatan="64.72.02") == {"Kopi Sungai Kunjang"}
    assert names(kelurahan=SAMARINDA_KEL) == {"Tenun Samarinda"}
    page = selectors.actor_directory_page(kabkota="64.72")  # the directory's own query (SQL on PostgreSQL)
    assert page.count == 2
    assert {row.name for row in page.rows} == {"Tenun Samarinda", "Kopi Sungai Kunjang"}


def test_the_directory_page_offers_kabkota_then_its_kecamatan(kaltim: dict[str, Any], client: Client) -> None:
    page = client.get("/direktori/").content.decode()
    assert "64.72" in _options(page, "f-kabkota")
    assert _options(page, "f-kecamatan") == []  # disabled until a kab/kota is chosen
    assert "Pilih kabupaten/kota dulu." in page
    # Without JavaScript: the form reloads with the kab/kota chosen.
    page = client.get("/direktori/", {"kabkota": "64.72"}).content.decode()
    kecamatan = _options(page, "f-kecamatan")
    assert "64.72.01" in kecamatan
    assert not any(code.startswith("64.71") for code in kecamatan)
    assert "Tenun Samarinda" in page
    assert "Batik Balikpapan" not in page
    # With HTMX: the kab/kota's kecamatan, and an emptied kelurahan list swapped out of band.
    swap = client.get("/direktori/pilihan-kecamatan/", {"kabkota": "64.71", "dengan_kelurahan": "ya"}).content.decode()
    assert "64.71.01" in _options(swap, "f-kecamatan")
    assert "64.72.01" not in swap
    assert 'id="kelurahan-field"' in swap
    assert 'hx-swap-oob="true"' in swap
    assert (
        "Kota Balikpapan"
        not in client.get("/direktori/", {"kabkota": "64.72"}).content.decode().split('id="results"')[1]
    )


def test_a_kabkota_installation_directory_has_no_kabkota_select(client: Client) -> None:
    page = client.get("/direktori/").content.decode()
    assert 'id="f-kabkota"' not in page
    assert len(_options(page, "f-kecamatan")) == 11


# ---------------------------------------------------------------- summary


def test_the_province_summary_shows_kabkota_and_drills_down_with_counts_that_add_up(
    kaltim: dict[str, Any], client: Client
) -> None:
    top = selectors.area_summary()
    assert top.level == "kota"
    assert len(top.rows) == 10
    by_code = {row.code: row for row in top.rows}
    assert (by_code["64.72"].total, by_code["64.71"].total, top.total, top.unplaced) == (2, 1, 3, 1)
    samarinda = selectors.area_summary(parent=Wilayah.objects.get(code="64.72"))
    assert samarinda.level == "kecamatan"
    assert all(row.code.startswith("64.72.") for row in samarinda.rows)
    assert sum(row.total for row in samarinda.rows) == by_code["64.72"].total
    for code in by_code["64.72"].by_subsector:
        assert sum(row.by_subsector.get(code, 0) for row in samarinda.rows) == by_code["64.72"].by_subsector[code]

    page = client.get("/direktori/ringkasan-kecamatan/").content.decode()
    assert "Pelaku ekraf per kabupaten/kota di Kalimantan Timur" in page
    assert 'href="/direktori/ringkasan-kecamatan/?wilayah=64.72"' in page
    assert "1 pelaku terverifikasi lain belum mencantumkan kelurahan" in page
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert "Ringkasan kabupaten/kota" in " ".join(nav.split())
    assert "Ringkasan kecamatan" not in nav
    drilled = client.get("/direktori/ringkasan-kecamatan/", {"wilayah": "64.72"}).content.decode()
    assert "Pelaku ekraf per kecamatan di Kota Samarinda" in drilled
    assert "Palaran" in drilled
    assert "Balikpapan Timur" not in drilled
    assert 'href="/direktori/?kecamatan=64.72.01"' in drilled
    for unknown in ("64.72.01", "32.76", "99"):  # a kecamatan, another region, nothing
        assert client.get("/direktori/ringkasan-kecamatan/", {"wilayah": unknown}).status_code == 404


def test_a_kabkota_installation_summary_is_by_kecamatan_as_before(client: Client) -> None:
    make_actor(name="Batik Depok")
    summary = selectors.area_summary()
    assert summary.level == "kecamatan"
    assert len(summary.rows) == 11
    assert [(r.code, r.total) for r in summary.rows] == [(r.code, r.total) for r in selectors.kecamatan_summary()]
    page = client.get("/direktori/ringkasan-kecamatan/").content.decode()
    assert "Pelaku ekraf per kecamatan" in page
    assert "kabupaten/kota" not in page
    assert "Ringkasan kecamatan" in " ".join(page.split())
    assert client.get("/direktori/ringkasan-kecamatan/", {"wilayah": "32.76"}).status_code == 404


# ---------------------------------------------------------------- API


def test_the_api_filters_by_kabkota_and_refuses_unknown_or_misplaced_areas(
    kaltim: dict[str, Any], client: Client
) -> None:
    def get(params: dict[str, str], path: str = "/api/v1/actors") -> Any:
        return client.get(path, params)

    names = {item["name"] for item in get({"kabkota": "64.72"}).json()["results"]}
    assert names == {"Tenun Samarinda", "Kopi Sungai Kunjang"}
    assert [i["name"] for i in get({"kabkota": "64.71"}, "/api/v1/products").json()["results"]] == []
    refused = get({"kabkota": "32.76"})
    assert refused.status_code == 422
    assert "kabkota" in refused.json()["error"]["fields"]
    refused = get({"kabkota": "64.71", "kecamatan": "64.72.01"})
    assert refused.status_code == 422
    assert list(refused.json()["error"]["fields"]) == ["kecamatan"]
    kabkota = get({}, "/api/v1/wilayah/kabkota").json()
    assert kabkota["count"] == 10
    kecamatan = get({"kabkota": "64.72"}, "/api/v1/wilayah/kecamatan").json()["results"]
    assert kecamatan
    assert all(item["kode"].startswith("64.72.") for item in kecamatan)
    assert get({"kabkota": "99"}, "/api/v1/wilayah/kecamatan").status_code == 422


def test_the_staff_list_filters_by_kabkota_then_kecamatan(kaltim: dict[str, Any], client: Client) -> None:
    from sinergi.accounts.models import OfficeFunction, Role
    from tests.factories import MembershipFactory, office_with

    client.force_login(MembershipFactory(organisation=office_with(OfficeFunction.REGISTRY), role=Role.STAFF).user)
    page = client.get("/direktori/kelola/profil/").content.decode()
    assert "64.72" in _options(page, "f-kabkota")
    assert _options(page, "f-kecamatan") == []
    page = client.get("/direktori/kelola/profil/", {"kabkota": "64.71"}).content.decode()
    assert "64.71.01" in _options(page, "f-kecamatan")
    assert "Batik Balikpapan" in page
    assert "Tenun Samarinda" not in page


def test_a_public_profile_in_a_province_says_its_kabkota(kaltim: dict[str, Any], client: Client) -> None:
    page = client.get(f"/direktori/pelaku/{kaltim['samarinda'].slug}/").content.decode()
    assert "Kecamatan Palaran" in page
    assert "Kota Samarinda" in page


def test_a_public_profile_in_a_kabkota_installation_is_unchanged(client: Client) -> None:
    actor = make_actor(name="Batik Depok")
    assert selectors.actor_public_profile(actor=actor)["kabkota_name"] == ""
    assert "Kecamatan Pancoran Mas" in client.get(f"/direktori/pelaku/{actor.slug}/").content.decode()


def test_the_api_summary_follows_the_province_hierarchy(kaltim: dict[str, Any], client: Client) -> None:
    top = client.get("/api/v1/summary/wilayah", {"limit": 100}).json()
    totals = {row["kode"]: row["total"] for row in top["results"]}
    assert top["count"] == 10
    assert (totals["64.72"], totals["64.71"]) == (2, 1)
    samarinda = client.get("/api/v1/summary/wilayah", {"wilayah": "64.72", "limit": 100}).json()["results"]
    assert sum(row["total"] for row in samarinda) == totals["64.72"]
    assert all(row["kode"].startswith("64.72.") for row in samarinda)
    refused = client.get("/api/v1/summary/wilayah", {"wilayah": "64.72.01"})
    assert refused.status_code == 422
    assert list(refused.json()["error"]["fields"]) == ["wilayah"]
