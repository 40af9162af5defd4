"""The API's reference objects keep their Indonesian JSON names (issue 12 item 7).

The models say `code`/`name`/`title`/`section` in Python; clients of /api/v1 read `kode`, `nama`,
`judul` and `kategori`, so every place those objects appear keeps exactly those keys.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from sinergi.registry import services
from tests.factories import kbli, kelurahan, make_actor

from .conftest import Api

pytestmark = pytest.mark.django_db

PANCORAN_MAS = {"kode": "32.76.01", "nama": "Pancoran Mas"}
KONVEKSI = {"kode": "14111", "judul": "Industri Pakaian Jadi (Konveksi) Dari Tekstil", "kategori": "C"}
RESTORAN = {"kode": "56101", "judul": "Restoran", "kategori": "I"}


def test_wilayah_endpoints_keep_kode_and_nama(api: Api) -> None:
    kabkota = api.get("/wilayah/kabkota").json()["results"]
    assert kabkota == [{"kode": "32.76", "nama": "Kota Depok"}]
    kecamatan = api.get("/wilayah/kecamatan", {"limit": 100}).json()["results"]
    assert PANCORAN_MAS in kecamatan
    assert all(set(row) == {"kode", "nama"} for row in kecamatan)
    depok = api.get("/wilayah/kelurahan", {"kecamatan": "32.76.01", "limit": 100}).json()["results"]
    assert {"kode": "32.76.01.1006", "nama": "Depok", "kecamatan": PANCORAN_MAS} in depok
    assert all(set(row) == {"kode", "nama", "kecamatan"} for row in depok)


def test_kbli_endpoint_keeps_kode_judul_and_kategori(api: Api) -> None:
    assert api.get("/kbli", {"q": "14111"}).json()["results"] == [KONVEKSI]


def test_an_actor_shows_its_places_and_kbli_with_the_same_keys(api: Api) -> None:
    actor = make_actor(name="Konveksi Sawo", kelurahan=kelurahan("32.76.01.1006"))
    services.actor_update(
        by=None,
        actor=actor,
        data={},
        kbli=services.KbliChoice(primary=kbli("14111"), others=[kbli("56101")]),
        staff=True,
    )
    body = api.get(f"/actors/{actor.slug}").json()
    assert body["kelurahan"] == {"kode": "32.76.01.1006", "nama": "Depok"}
    assert body["kecamatan"] == PANCORAN_MAS
    assert body["primary_kbli"] == KONVEKSI
    assert body["other_kbli"] == [RESTORAN]


def test_the_kecamatan_summary_keeps_kode_and_nama(api: Api) -> None:
    make_actor(name="Konveksi Sawo", kelurahan=kelurahan("32.76.01.1006"))
    rows = api.get("/summary/kecamatan", {"limit": 100}).json()["results"]
    assert {"kode": "32.76.01", "nama": "Pancoran Mas", "total": 1, "by_subsector": {"FSN": 1}} in rows
    assert all(set(row) == {"kode", "nama", "total", "by_subsector"} for row in rows)


def test_the_published_schema_names_the_same_keys() -> None:
    from sinergi.api.v1 import api

    spec: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    schemas = spec["components"]["schemas"]
    assert set(schemas["AreaOut"]["properties"]) == {"kode", "nama"}
    assert set(schemas["KbliOut"]["properties"]) == {"kode", "judul", "kategori"}
    assert set(schemas["KecamatanSummaryOut"]["properties"]) == {"kode", "nama", "total", "by_subsector"}
