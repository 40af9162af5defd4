"""The region is configuration, the map of Indonesia is data (issue 14 §1).

`load_reference` loads only the configured region's subtree: its ancestors up to the province, the
region itself and every descendant. Counts below are facts of Kepmendagri 2025 as shipped.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sinergi.core.models import AuditEntry
from sinergi.wilayah import reference
from sinergi.wilayah.models import Level, Wilayah
from sinergi.wilayah.services import wilayah_load

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def empty_map() -> None:
    """An installation before its first `load_reference` (the test database holds the default region)."""
    for level in (Level.KELURAHAN, Level.KECAMATAN, Level.KOTA, Level.PROVINSI):
        Wilayah.objects.filter(level=level).delete()
    assert not Wilayah.objects.exists()


def _levels() -> dict[str, int]:
    return {level: Wilayah.objects.filter(level=level).count() for level in Level.values}


def test_a_province_installation_loads_the_province_and_nothing_else(empty_map, settings):
    settings.SINERGI_REGION_CODE = "64"
    call_command("load_reference", stdout=io.StringIO())
    assert _levels() == {"provinsi": 1, "kota": 10, "kecamatan": 105, "kelurahan": 1038}
    assert not Wilayah.objects.exclude(code="64").exclude(code__startswith="64.").exists()
    assert not Wilayah.objects.filter(name__icontains="Depok").exists()
    province = Wilayah.objects.get(code="64")
    assert province.name == "Kalimantan Timur"
    assert province.parent is None
    kabkota = set(province.children.values_list("name", flat=True))
    assert {"Kota Samarinda", "Kota Balikpapan", "Kota Bontang", "Kabupaten Paser", "Kabupaten Mahakam Ulu"} <= kabkota
    desa = Wilayah.objects.get(code="64.01.01.2009")  # a desa becomes a kelurahan-level area under its kecamatan
    assert (desa.name, desa.level, desa.parent.code, desa.parent.parent.code) == (
        "Samurangau",
        "kelurahan",
        "64.01.01",
        "64.01",
    )
    assert desa.source_url == reference.NATIONAL_SOURCE_URL


def test_a_kota_installation_loads_depok_with_its_bps_codes_and_centroids(empty_map, settings):
    settings.SINERGI_REGION_CODE = "32.76"
    call_command("load_reference", stdout=io.StringIO())
    assert _levels() == {"provinsi": 1, "kota": 1, "kecamatan": 11, "kelurahan": 63}
    assert Wilayah.objects.get(code="32").name == "Jawa Barat"  # the ancestor, without its other kab/kota
    assert not Wilayah.objects.filter(code__startswith="32.").exclude(code__startswith="32.76").exists()
    kelurahan = Wilayah.objects.get(code="32.76.01.1006")
    assert (kelurahan.name, kelurahan.bps_code, str(kelurahan.area_ha)) == ("Depok", "3276020011", "368.62")
    assert (kelurahan.centroid_lon, kelurahan.centroid_lat) == (106.823466, -6.398952)
    assert Wilayah.objects.get(code="32.76.01").bps_code == "3276020"


def test_a_kabupaten_on_another_island_loads_with_its_province(empty_map):
    report = wilayah_load(region_code="94.04")  # Kabupaten Mimika, Papua Tengah
    assert report.created == Wilayah.objects.count() == 172
    assert set(Wilayah.objects.filter(level=Level.PROVINSI).values_list("name", flat=True)) == {"Papua Tengah"}
    assert list(Wilayah.objects.filter(level=Level.KOTA).values_list("name", flat=True)) == ["Kabupaten Mimika"]
    assert not Wilayah.objects.filter(code__startswith="94.").exclude(code__startswith="94.04").exists()
    assert Wilayah.objects.filter(level=Level.KECAMATAN, parent__code="94.04").count() == 18


def test_loading_again_changes_nothing_and_a_second_region_adds_only_its_own(empty_map):
    first = wilayah_load(region_code="64.72")
    again = wilayah_load(region_code="64.72")
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    audits = AuditEntry.objects.filter(action="wilayah.loaded").count()
    wilayah_load(region_code="64.71")  # Balikpapan beside Samarinda: the province is shared, not duplicated
    assert Wilayah.objects.filter(code="64").count() == 1
    assert AuditEntry.objects.filter(action="wilayah.loaded").count() == audits + 1


def test_an_unknown_region_code_is_a_clear_error_and_loads_nothing(empty_map):
    with pytest.raises(CommandError, match=re.escape("Kode wilayah '99.99' bukan provinsi atau kabupaten/kota")):
        call_command("load_reference", region="99.99", stdout=io.StringIO())
    assert not Wilayah.objects.exists()


def test_region_name_and_time_zone_come_from_the_data():
    assert (reference.region("64").name, reference.time_zone_for("64")) == ("Kalimantan Timur", "Asia/Makassar")
    assert reference.time_zone_for("32.76") == "Asia/Jakarta"
    assert reference.time_zone_for("94.04") == "Asia/Jayapura"
    assert reference.time_zone_for("64", "Asia/Jakarta") == "Asia/Jakarta"  # an explicit override wins
    assert reference.region("64.72").place_name == "Samarinda"


def _settings_in_a_fresh_process(**env: str) -> subprocess.CompletedProcess[str]:
    """Settings are read once per process: read them as a new installation would."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SINERGI_")}
    environment.update({"DJANGO_SETTINGS_MODULE": "sinergi.settings.test", "PYTHONPATH": str(SRC), **env})
    code = (
        "from django.conf import settings; "
        "print(settings.SINERGI_REGION_CODE, settings.SINERGI_REGION_NAME, settings.TIME_ZONE, sep='|')"
    )
    return subprocess.run(  # noqa: S603 -- our own interpreter, fixed arguments
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "32.76|Kota Depok|Asia/Jakarta"),
        ({"SINERGI_REGION_CODE": "64"}, "64|Kalimantan Timur|Asia/Makassar"),
        ({"SINERGI_REGION_CODE": "94.04"}, "94.04|Kabupaten Mimika|Asia/Jayapura"),
        ({"SINERGI_REGION_CODE": "64", "SINERGI_TIME_ZONE": "Asia/Jakarta"}, "64|Kalimantan Timur|Asia/Jakarta"),
    ],
)
def test_settings_take_the_region_name_and_time_zone_from_the_region_code(env, expected):
    result = _settings_in_a_fresh_process(**env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SINERGI_REGION_CODE": "Depok"}, "SINERGI_REGION_CODE: Kode wilayah 'Depok' bukan provinsi"),
        ({"SINERGI_REGION_CODE": "64", "SINERGI_TIME_ZONE": "WITA"}, "SINERGI_TIME_ZONE: 'WITA' bukan nama zona"),
    ],
)
def test_a_wrong_region_setting_stops_the_start_with_a_clear_message(env, message):
    result = _settings_in_a_fresh_process(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_will_not_start_without_a_region():
    production = {
        "DJANGO_SETTINGS_MODULE": "sinergi.settings.production",
        "SINERGI_SECRET_KEY": "x" * 40,
        "DATABASE_URL": "sqlite:///unused.sqlite3",
        "SINERGI_ALLOWED_HOSTS": "sinergi.example.go.id",
    }
    missing = _settings_in_a_fresh_process(**production)
    assert missing.returncode != 0
    assert "SINERGI_REGION_CODE must be the Kemendagri code" in missing.stderr
    kaltim = _settings_in_a_fresh_process(**production, SINERGI_REGION_CODE="64")
    assert kaltim.returncode == 0, kaltim.stderr
    assert kaltim.stdout.strip() == "64|Kalimantan Timur|Asia/Makassar"


def test_a_province_installation_lists_every_kecamatan_and_kelurahan_of_its_kab_kota(
    empty_map, settings, client, monkeypatch
):
    from django.urls import reverse

    from sinergi.registry import filters
    from sinergi.wilayah.selectors import in_region, kecamatan_list, kelurahan_list

    wilayah_load(region_code="32.76")  # an area outside the region, as an older database may hold
    wilayah_load(region_code="64")
    settings.SINERGI_REGION_CODE = "64"
    assert kecamatan_list().count() == 105
    assert kelurahan_list().count() == 1038
    assert not kecamatan_list().filter(code__startswith="32.").exists()
    samarinda = set(kelurahan_list(kecamatan="64.72.01").values_list("parent__parent__code", flat=True))
    assert samarinda == {"64.72"}
    assert in_region(Wilayah.objects.get(code="64.72.01"))
    assert not in_region(Wilayah.objects.get(code="32.76.01"))
    assert kecamatan_list(region="32.76").count() == 11  # a kab/kota's own list is unchanged
    monkeypatch.setattr(filters, "_options", None)  # the per-process memo of one region's areas, as at start
    page = client.get(reverse("portal:directory")).content.decode()
    assert "Kota Samarinda" in page
    assert "Pancoran Mas" not in page
    page = client.get(reverse("portal:directory"), {"kabkota": "64.72"}).content.decode()
    assert "Samarinda Ulu" in page
    assert "Pancoran Mas" not in page
