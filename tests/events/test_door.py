"""At the door: search a name (or a code), check the person in, live counters per day and session."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from sinergi.core.models import AuditEntry
from sinergi.events import selectors, services
from sinergi.events.models import CheckIn

from .factories import make_event, make_session, staff_user
from .test_event_edit import _other_office_staff

pytestmark = pytest.mark.django_db


def _people():
    event = make_event(days=2)
    morning = make_session(event, hour=10)
    second_day = make_session(event, hour=10)
    second_day.starts_at += timedelta(days=1)
    second_day.ends_at += timedelta(days=1)
    second_day.save()
    sari = services.registration_create(session=morning, name="Sari Wulandari", email="sari@contoh.id")
    budi = services.registration_create(session=morning, name="Budi Santoso", email="budi@contoh.id")
    wulan = services.registration_create(session=second_day, name="Wulan Sari", email="wulan@contoh.id")
    return event, morning, second_day, sari, budi, wulan


def test_search_by_part_of_name_any_case_and_by_code():
    event, _m, _s, sari, budi, wulan = _people()
    other = make_event()
    services.registration_create(session=make_session(other), name="Sari Lain", email="lain@contoh.id")
    assert {r.pk for r in selectors.checkin_search(event=event, query="sARi")} == {sari.pk, wulan.pk}
    assert [r.pk for r in selectors.checkin_search(event=event, query=budi.display_code.lower())] == [budi.pk]
    assert selectors.checkin_search(event=event, query="s") == []


def test_counters_per_day_and_session_move_with_checkins():
    event, _m, _s, sari, _b, _w = _people()
    before = selectors.checkin_counters(event=event)
    assert [(d.checked_in, d.registered) for d in before.days] == [(0, 2), (0, 1)]
    assert [(s.checked_in, s.registered) for s in before.sessions] == [(0, 2), (0, 1)]
    services.checkin_scan(by=None, event=event, code=sari.code)
    after = selectors.checkin_counters(event=event)
    assert [(d.checked_in, d.registered) for d in after.days] == [(1, 2), (0, 1)]
    assert (after.total.checked_in, after.total.registered) == (1, 3)


def test_the_door_reads_each_days_sessions_under_that_day(client):
    """The counters table listed every day first and then every session, so a session's row sat under the
    wrong day; each day's sessions now follow that day's row."""
    event, morning, second_day, _s, _b, _w = _people()
    client.force_login(staff_user())
    html = client.get(reverse("events:checkin_counters", args=[event.slug])).content.decode()
    rows = re.findall(r'<tr class="(counter-day|counter-session)">', html)
    assert rows == ["counter-day", "counter-session", "counter-day", "counter-session"]
    counters = selectors.checkin_counters(event=event)
    assert [[s.label for s in d.sessions] for d in counters.days] == [
        [f"10:00 · {morning.title}"],
        [f"10:00 · {second_day.title}"],
    ]


def test_staff_search_and_check_in_by_name_on_the_page(client):
    event, _m, _s, sari, _b, _w = _people()
    staff = staff_user()
    client.force_login(staff)
    found = client.get(
        reverse("events:checkin_search", args=[event.slug]), {"cari": "wulandari"}, HTTP_HX_REQUEST="true"
    )
    assert "Sari Wulandari" in found.content.decode()
    assert "Budi" not in found.content.decode()
    assert "Hadir" not in found.content.decode()
    response = client.post(
        reverse("events:checkin_person", args=[event.slug, sari.pk]), {"cari": "wulandari"}, HTTP_HX_REQUEST="true"
    )
    assert "Selamat datang, Sari Wulandari" in response.content.decode()
    assert "Hadir " in response.content.decode()  # the result list now marks her as present
    assert response["HX-Trigger"] == "checkin-changed"
    assert CheckIn.objects.get(registration=sari).by == staff
    assert AuditEntry.objects.filter(action="events.checkin.created").count() == 1
    again = client.post(reverse("events:checkin_person", args=[event.slug, sari.pk]), {"cari": "sari"}, follow=True)
    assert "Sudah check-in pukul" in again.content.decode()
    assert CheckIn.objects.count() == 1
    counters = client.get(reverse("events:checkin_counters", args=[event.slug])).content.decode()
    assert 'id="counter-total">1 / 3<' in counters
    # Without JavaScript the search reloads the check-in page with the results.
    plain = client.get(reverse("events:checkin_search", args=[event.slug]), {"cari": "budi"}, follow=True)
    assert "Budi Santoso" in plain.content.decode()


def test_door_pages_are_for_the_organising_office_only(client):
    event, _m, _s, sari, _b, _w = _people()
    client.force_login(_other_office_staff())
    assert client.get(reverse("events:checkin_search", args=[event.slug]), {"cari": "sari"}).status_code == 403
    assert client.get(reverse("events:checkin_counters", args=[event.slug])).status_code == 403
    assert client.post(reverse("events:checkin_person", args=[event.slug, sari.pk])).status_code == 403
    assert not CheckIn.objects.exists()
    # A ticket of another event cannot be checked in through this event's address.
    other = make_event()
    stranger = services.registration_create(session=make_session(other), name="X", email="x@contoh.id")
    client.force_login(staff_user())
    assert client.post(reverse("events:checkin_person", args=[event.slug, stranger.pk])).status_code == 404
