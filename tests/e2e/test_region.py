"""A Kalimantan Timur installation keeps WITA (issue 14 §1): an officer schedules a session at 09.00,
a visitor sees 09.00 WITA on the event page, and the database holds 01.00 UTC."""

from __future__ import annotations

import io
import os
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client

from sinergi.events.models import EventSession
from sinergi.wilayah import reference
from sinergi.wilayah.models import Wilayah
from tests.events.factories import make_event, staff_user

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kaltim(settings: Any) -> None:
    """What the settings derive for SINERGI_REGION_CODE=64 (tests/wilayah checks the derivation)."""
    region = reference.region("64")
    settings.SINERGI_REGION_CODE = region.code
    settings.SINERGI_REGION_NAME = region.name
    settings.SINERGI_REGION_PLACE = region.place_name
    settings.TIME_ZONE = reference.time_zone_for(region.code)
    settings.SINERGI_TIME_ZONE_LABEL = reference.zone_label(settings.TIME_ZONE)
    if not Wilayah.objects.filter(code="64").exists():
        call_command("load_reference", region="64", verbosity=0, stdout=io.StringIO())


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])


def test_officer_schedules_nine_wita_and_visitor_sees_nine_wita(live_server: Any, page: Any, kaltim: None) -> None:
    event = make_event(title="Festival Mahakam", start=date(2030, 8, 17))
    sign_in(page, live_server, staff_user())
    page.goto(f"{live_server.url}/acara/{event.slug}/kelola/")
    page.get_by_text("Tambah sesi").first.click()
    form = page.locator("form[action$='/sesi/']")
    form.get_by_label(re.compile("^Jenis", re.I)).select_option(index=1)
    form.get_by_label(re.compile("^Judul", re.I)).fill("Sulam tumpar")
    form.get_by_label(re.compile("^Mulai", re.I)).fill("2030-08-17T09:00")
    form.get_by_label(re.compile("^Selesai", re.I)).fill("2030-08-17T11:30")
    form.get_by_label(re.compile("^Tempat", re.I)).fill("Pendopo")
    form.get_by_label(re.compile("^Kapasitas", re.I)).fill("20")
    form.get_by_role("button", name="Tambah sesi").click()
    page.wait_for_url(re.compile(r"/kelola/"))

    page.context.clear_cookies()  # a visitor, not signed in
    page.goto(f"{live_server.url}/acara/{event.slug}/")
    row = page.get_by_role("row", name=re.compile("Sulam tumpar"))
    assert re.search(r"09:00–11:30 WITA", row.inner_text())
    assert EventSession.objects.get(event=event).starts_at == datetime(2030, 8, 17, 1, 0, tzinfo=UTC)
