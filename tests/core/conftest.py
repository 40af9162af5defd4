"""Fixtures of the core tests."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from sinergi.wilayah import reference
from sinergi.wilayah.models import Level, Wilayah


@pytest.fixture
def kaltim(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh Kalimantan Timur installation: the settings SINERGI_REGION_CODE=64 derives, and only
    region 64's areas (the test database was loaded for the default region)."""
    from sinergi.registry import filters

    region = reference.region("64")
    settings.SINERGI_REGION_CODE = region.code
    settings.SINERGI_REGION_NAME = region.name
    settings.SINERGI_REGION_PLACE = region.place_name
    settings.TIME_ZONE = reference.time_zone_for(region.code)
    settings.SINERGI_TIME_ZONE_LABEL = reference.zone_label(settings.TIME_ZONE)
    for level in (Level.KELURAHAN, Level.KECAMATAN, Level.KOTA, Level.PROVINSI):
        Wilayah.objects.filter(level=level).delete()
    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    monkeypatch.setattr(filters, "_options", None)  # the per-process memo of the region's areas
