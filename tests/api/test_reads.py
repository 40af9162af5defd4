"""Public reads: published data only, filters as query parameters, pagination with `count`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from sinergi.classification.models import Subsector
from sinergi.registry import services
from sinergi.registry.models import ContactPerson, Status
from sinergi.wilayah.models import Wilayah
from tests.api.conftest import Api, error_of
from tests.factories import OrganisationFactory, UserFactory, kelurahan, make_actor

pytestmark = pytest.mark.django_db

CIMANGGIS_TUGU = "32.76.02.1009"
PERSONAL_VALUES = (
    "3276014505900001",
    "+6281234567890",
    "Jl. Rumah Pribadi No. 7",
    "0123456782012345",
    "pemilik-rahasia@contoh.id",
)


def fsn() -> Subsector:
    return Subsector.objects.get(subsector_list__is_current=True, code="FSN")


@pytest.fixture
def directory() -> dict[str, Any]:
    """Two verified actors in two kecamatan, one draft, one community, one hub, products."""
    owner = UserFactory(email="pemilik-rahasia@contoh.id")
    office = OrganisationFactory(kind="office", name="Disdagin")
    batik = make_actor(by=owner, name="Batik Sawo", npwp="0123456782012345", nib="1234567890123")
    services.actor_set_figure(
        by=None, actor=batik, year=2025, capital=Decimal(50_000_000), sales=Decimal(3_000_000_000)
    )
    services.actor_set_fostering(by=None, actor=batik, office=office, since=None)
    services.contact_save(
        by=None,
        actor=batik,
        data={
            "full_name": "Siti",
            "nik": "3276014505900001",
            "phone": "+6281234567890",
            "home_address": "Jl. Rumah Pribadi No. 7",
            "consent": True,
        },
    )
    kuliner = make_actor(name="Dapur Tugu", kelurahan=kelurahan(CIMANGGIS_TUGU), kbli_code="56101")
    draft = make_actor(name="Draf Rahasia", status=Status.DRAFT)
    community = services.community_create(
        by=None,
        data={"name": "Komunitas Fesyen Depok", "base_kecamatan": Wilayah.objects.get(code="32.76.01")},
        focus_subsectors=[fsn()],
    )
    services.community_member_set(by=owner, community=community, actor=batik, role="chair")  # its owner adds it
    services.community_member_set(by=None, community=community, actor=draft, role="member")
    hub = services.hub_save(
        by=None,
        data={
            "name": "Ruang Margonda",
            "kelurahan": kelurahan(),
            "programmes": ["coworking"],
            "facilities": "Wi-Fi\nStudio",
        },
        residents=[batik, draft],
    )
    scarf = services.product_save(
        by=None, actor=batik, data={"name": "Syal batik", "subsector": fsn(), "price_min": Decimal(50000)}
    )
    services.product_set_flagship(by=None, product=scarf, flagship=True, reason="Juara")
    services.product_save(by=None, actor=kuliner, data={"name": "Nasi liwet"})
    services.product_save(by=None, actor=draft, data={"name": "Produk draf"})
    return {"batik": batik, "kuliner": kuliner, "draft": draft, "community": community, "hub": hub, "scarf": scarf}


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def test_actor_list_shows_verified_only_with_count(api: Api, directory: dict[str, Any]) -> None:
    body = api.get("/actors").json()
    assert body["count"] == 2
    assert [r["name"] for r in body["results"]] == ["Batik Sawo", "Dapur Tugu"]
    assert body["next"] is None
    assert body["previous"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "sawo"}, ["Batik Sawo"]),
        ({"subsector": "FSN"}, ["Batik Sawo"]),
        ({"kecamatan": "32.76.02"}, ["Dapur Tugu"]),
        ({"kelurahan": CIMANGGIS_TUGU}, ["Dapur Tugu"]),
        ({"size_class": "kecil"}, ["Batik Sawo"]),
        ({"community": "komunitas-fesyen-depok"}, ["Batik Sawo"]),
        ({"fostered": "true"}, ["Batik Sawo"]),
        ({"fostered": "false"}, ["Dapur Tugu"]),
        ({"certification": "halal"}, []),
        ({"ordering": "-name"}, ["Dapur Tugu", "Batik Sawo"]),
    ],
)
def test_actor_filters(api: Api, directory: dict[str, Any], params: dict[str, str], expected: list[str]) -> None:
    response = api.get("/actors", params)
    assert names(response) == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"size_class": "huge"}, "size_class"),
        ({"subsector": "XYZ"}, "subsector"),
        ({"kecamatan": "99.99.99"}, "kecamatan"),
        ({"kelurahan": "32.76.01"}, "kelurahan"),
        ({"community": "tidak-ada"}, "community"),
        ({"certification": "iso"}, "certification"),
        ({"fostered": "maybe"}, "fostered"),
        ({"ordering": "random"}, "ordering"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"limit": "abc"}, "limit"),
    ],
)
def test_invalid_filters_are_422_naming_the_field(api: Api, params: dict[str, str], field: str) -> None:
    response = api.get("/actors", params)
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert list(error["fields"]) == [field]


@pytest.mark.parametrize(
    ("params", "page_params"),
    [
        ({"subsector": "XYZ"}, {"subsektor": "XYZ"}),
        ({"kecamatan": "99.99.99"}, {"kecamatan": "99.99.99"}),
        ({"kelurahan": "32.76.01"}, {"kelurahan": "32.76.01"}),
        ({"community": "tidak-ada"}, {"komunitas": "tidak-ada"}),
        (
            {"kecamatan": "32.76.01", "kelurahan": CIMANGGIS_TUGU},
            {"kecamatan": "32.76.01", "kelurahan": CIMANGGIS_TUGU},
        ),
    ],
)
def test_the_api_refuses_filters_as_the_directory_page_does(
    api: Api, params: dict[str, str], page_params: dict[str, str]
) -> None:
    """One filter specification (registry.filters): what the directory page reports as wrong, the API
    refuses with a 422 on its own name for the same parameter (in its own words, which name the endpoint
    listing the codes)."""
    from sinergi.registry.filters import PARAMS, parse_actor_filters

    page_errors = parse_actor_filters(page_params).errors
    assert page_errors
    api_names = {page_name: name for name, page_name in PARAMS.items()}
    error = error_of(api.get("/actors", params))
    assert error["code"] == "validation_error"
    assert set(error["fields"]) == {api_names[name] for name in page_errors}


def test_the_api_takes_a_subsector_or_place_by_name_as_the_pages_do(api: Api, directory: dict[str, Any]) -> None:
    assert names(api.get("/actors", {"subsector": "Fesyen"})) == ["Batik Sawo"]
    assert names(api.get("/actors", {"kecamatan": "Cimanggis"})) == ["Dapur Tugu"]
    assert names(api.get("/products", {"subsector": "fsn"})) == ["Syal batik"]


def test_pagination_links_walk_the_list(api: Api) -> None:
    for n in range(5):
        make_actor(name=f"Usaha {n}")
    first = api.get("/actors", {"limit": 2, "q": "usaha"}).json()
    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert "offset=2" in first["next"]
    assert "q=usaha" in first["next"]
    last = api.get("/actors", {"limit": 2, "offset": 4, "q": "usaha"}).json()
    assert [r["name"] for r in last["results"]] == ["Usaha 4"]
    assert last["next"] is None
    assert "offset=2" in last["previous"]


def test_actor_detail_is_public_for_verified_only(api: Api, directory: dict[str, Any]) -> None:
    body = api.get(f"/actors/{directory['batik'].slug}").json()
    assert body["name"] == "Batik Sawo"
    assert body["kecamatan"] == {"kode": "32.76.01", "nama": "Pancoran Mas"}
    assert body["size_class"] == "kecil"
    assert body["fostered"] is True
    assert body["fostered_by"] == "Disdagin"
    assert body["has_nib"] is True
    assert "nib" not in body
    assert "npwp" not in body
    assert body["communities"] == [
        {"community": {"slug": "komunitas-fesyen-depok", "name": "Komunitas Fesyen Depok"}, "role": "chair"}
    ]
    assert [p["name"] for p in body["products"]] == ["Syal batik"]
    response = api.get(f"/actors/{directory['draft'].slug}")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_public_responses_never_carry_personal_data(api: Api, directory: dict[str, Any]) -> None:
    slug = directory["batik"].slug
    assert ContactPerson.objects.filter(actor=directory["batik"]).count() == 1
    for path in [
        "/actors",
        f"/actors/{slug}",
        "/products",
        f"/products/{directory['scarf'].slug}",
        "/communities",
        "/communities/komunitas-fesyen-depok",
        "/hubs",
        f"/hubs/{directory['hub'].slug}",
    ]:
        text = api.get(path).content.decode()
        for value in PERSONAL_VALUES:
            assert value not in text, (path, value)


def test_communities_list_detail_and_members(api: Api, directory: dict[str, Any]) -> None:
    body = api.get("/communities", {"subsector": "FSN", "kecamatan": "32.76.01"}).json()
    assert body["count"] == 1
    assert body["results"][0]["member_count"] == 2
    assert api.get("/communities", {"kecamatan": "32.76.02"}).json()["count"] == 0
    detail = api.get("/communities/komunitas-fesyen-depok").json()
    # Members whose profile is not published are not listed.
    assert [m["actor"]["name"] for m in detail["members"]] == ["Batik Sawo"]
    assert api.get("/communities/tidak-ada").status_code == 404


def test_hubs_list_and_detail(api: Api, directory: dict[str, Any]) -> None:
    assert names(api.get("/hubs", {"programme": "coworking"})) == ["Ruang Margonda"]
    assert names(api.get("/hubs", {"kecamatan": "32.76.02"})) == []
    assert api.get("/hubs", {"programme": "spa"}).status_code == 422
    detail = api.get(f"/hubs/{directory['hub'].slug}").json()
    assert detail["facilities"] == ["Wi-Fi", "Studio"]
    assert [r["name"] for r in detail["residents"]] == ["Batik Sawo"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Nasi liwet", "Syal batik"]),
        ({"q": "syal"}, ["Syal batik"]),
        ({"subsector": "FSN"}, ["Syal batik"]),
        ({"kecamatan": "32.76.02"}, ["Nasi liwet"]),
        ({"flagship": "true"}, ["Syal batik"]),
        ({"flagship": "false"}, ["Nasi liwet"]),
        ({"certification": "pirt"}, []),
    ],
)
def test_product_filters(api: Api, directory: dict[str, Any], params: dict[str, str], expected: list[str]) -> None:
    response = api.get("/products", params)
    assert names(response) == expected
    assert response.json()["count"] == len(expected)


def test_product_detail_and_draft_owner_products_hidden(api: Api, directory: dict[str, Any]) -> None:
    body = api.get(f"/products/{directory['scarf'].slug}").json()
    assert body["actor"]["name"] == "Batik Sawo"
    assert body["is_flagship"] is True
    assert body["subsector"]["code"] == "FSN"
    draft_product = directory["draft"].products.get()
    assert api.get(f"/products/{draft_product.slug}").status_code == 404


def test_kecamatan_summary_lists_every_kecamatan(api: Api, directory: dict[str, Any]) -> None:
    body = api.get("/summary/kecamatan", {"limit": 100}).json()
    assert body["count"] == 11
    rows = {row["kode"]: row for row in body["results"]}
    assert rows["32.76.01"]["total"] == 1
    assert rows["32.76.01"]["by_subsector"] == {"FSN": 1}
    assert rows["32.76.02"]["total"] == 1


def test_reference_lookups(api: Api) -> None:
    subsectors = api.get("/subsectors", {"limit": 100}).json()
    assert subsectors["count"] == 17
    assert "FSN" in {s["code"] for s in subsectors["results"]}
    assert api.get("/wilayah/kecamatan").json()["count"] == 11
    assert api.get("/wilayah/kelurahan").json()["count"] == 63
    cimanggis = api.get("/wilayah/kelurahan", {"kecamatan": "32.76.02", "limit": 100}).json()
    assert {k["kecamatan"]["kode"] for k in cimanggis["results"]} == {"32.76.02"}
    assert api.get("/wilayah/kelurahan", {"kecamatan": "32.76"}).status_code == 422
    kbli = api.get("/kbli", {"q": "1411"}).json()
    assert kbli["count"] >= 1
    assert all(k["kode"].startswith("1411") for k in kbli["results"])
    assert api.get("/kbli", {"q": "konveksi"}).json()["count"] >= 1


def test_markup_is_returned_as_text(api: Api) -> None:
    make_actor(name="<script>alert(1)</script> Batik", description='<img src=x onerror="alert(1)">')
    body = api.get("/actors").json()
    assert body["results"][0]["name"] == "<script>alert(1)</script> Batik"
    assert body["results"][0]["description"] == '<img src=x onerror="alert(1)">'
    response = api.get("/actors")
    assert response["Content-Type"].startswith("application/json")
