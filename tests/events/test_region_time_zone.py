"""An installation keeps its region's clock (issue 14 §1): a Kaltim event at 09.00 is 09.00 WITA."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.urls import reverse

from sinergi.events.models import EventSession
from sinergi.wilayah import reference

from .factories import make_event, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def kaltim(settings):
    """What the settings derive for SINERGI_REGION_CODE=64 (tests/wilayah checks the derivation itself)."""
    region = reference.region("64")
    settings.SINERGI_REGION_CODE = region.code
    settings.SINERGI_REGION_NAME = region.name
    settings.TIME_ZONE = reference.time_zone_for(region.code)
    settings.SINERGI_TIME_ZONE_LABEL = reference.zone_label(settings.TIME_ZONE)
    return region


def test_a_session_at_nine_wita_is_stored_as_one_utc_and_shown_as_nine_wita(
    client, kaltim, django_capture_on_commit_callbacks
):
    staff = staff_user()
    client.force_login(staff)
    event = make_event(title="Festival Mahakam", start=date(2030, 8, 17))
    response = client.post(
        reverse("events:session_add", args=[event.slug]),
        {
            "sesi-kind": "workshop",
            "sesi-title": "Sulam tumpar",
            "sesi-starts_at": "2030-08-17T09:00",
            "sesi-ends_at": "2030-08-17T11:30",
            "sesi-place": "Pendopo",
            "sesi-capacity": "20",
        },
    )
    assert response.status_code == 302
    session = EventSession.objects.get(event=event)
    assert session.starts_at == datetime(2030, 8, 17, 1, 0, tzinfo=UTC)
    assert session.ends_at == datetime(2030, 8, 17, 3, 30, tzinfo=UTC)
    page = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "09:00–11:30 WITA" in page
    assert "01:00" not in page
    calendar = client.get(reverse("events:ical", args=[event.slug])).content.decode()
    assert "DTSTART:20300817T010000Z" in calendar  # a calendar app converts it back to the reader's zone
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:register", args=[session.pk]), {"name": "Rina", "email": "rina@contoh.id"})
    assert "17-08-2030 09.00 WITA" in mail.outbox[-1].body  # as every message writes a time (types.when)


def test_the_same_entry_in_a_depok_installation_is_nine_wib(client):
    client.force_login(staff_user())
    event = make_event(title="Festival Margonda", start=date(2030, 8, 17))
    client.post(
        reverse("events:session_add", args=[event.slug]),
        {
            "sesi-kind": "workshop",
            "sesi-title": "Membatik",
            "sesi-starts_at": "2030-08-17T09:00",
            "sesi-ends_at": "2030-08-17T10:00",
            "sesi-place": "Aula",
            "sesi-capacity": "20",
        },
    )
    assert EventSession.objects.get(event=event).starts_at == datetime(2030, 8, 17, 2, 0, tzinfo=UTC)
    assert "09:00–10:00 WIB" in client.get(reverse("events:detail", args=[event.slug])).content.decode()


def test_the_manage_page_offers_the_forms_to_add_sessions_and_booths(client):
    """The officer schedules sessions from the event's manage page (the forms were missing there)."""
    client.force_login(staff_user())
    event = make_event(title="Festival Kota")
    page = client.get(reverse("events:manage", args=[event.slug])).content.decode()
    assert 'name="sesi-starts_at"' in page
    assert 'type="datetime-local"' in page
    assert 'name="stan-code"' in page
