"""Editing an event: the organising office's staff, through the audited service; the public page shows it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sinergi.accounts.models import OrganisationKind, Role
from sinergi.core.errors import NotAllowed, ServiceError
from sinergi.core.models import AuditEntry
from sinergi.events import services
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

from .factories import make_event, make_session, office, staff_user

pytestmark = pytest.mark.django_db


def _other_office_staff():
    user = UserFactory()
    other = OrganisationFactory(kind=OrganisationKind.OFFICE, name="Dinas Lain")
    MembershipFactory(user=user, organisation=other, role=Role.STAFF)
    return user


def test_update_changes_fields_and_audits_what_changed():
    event = make_event(title="Festival Lama")
    staff = staff_user()
    services.event_update(by=staff, event=event, data={"title": "Festival Baru", "venue": "Alun-alun Depok"})
    event.refresh_from_db()
    assert (event.title, event.venue) == ("Festival Baru", "Alun-alun Depok")
    entry = AuditEntry.objects.get(action="events.event.updated")
    assert entry.by == staff
    assert entry.data["changes"]["title"] == ["Festival Lama", "Festival Baru"]
    assert set(entry.data["changes"]) == {"title", "venue"}


def test_staff_of_another_office_may_not_edit():
    event = make_event(title="Milik Disdagin")
    with pytest.raises(NotAllowed):
        services.event_update(by=_other_office_staff(), event=event, data={"title": "Diambil"})
    event.refresh_from_db()
    assert event.title == "Milik Disdagin"
    assert not AuditEntry.objects.filter(action="events.event.updated").exists()


def test_dates_must_still_hold_the_sessions_and_be_ordered():
    event = make_event(days=3)
    make_session(event)  # on the first day
    with pytest.raises(ServiceError) as exc:
        services.event_update(by=None, event=event, data={"start_date": event.start_date + timedelta(days=1)})
    assert "start_date" in exc.value.field_errors
    with pytest.raises(ServiceError) as exc:
        services.event_update(by=None, event=event, data={"end_date": event.start_date - timedelta(days=1)})
    assert "end_date" in exc.value.field_errors
    event.refresh_from_db()
    assert event.end_date == event.start_date + timedelta(days=2)


def test_registration_window_is_enforced():
    event = make_event()
    session = make_session(event)
    now = timezone.now()
    services.event_update(by=None, event=event, data={"registration_opens_at": now + timedelta(hours=2)})
    with pytest.raises(NotAllowed, match="dibuka mulai"):
        services.registration_create(session=session, name="A", email="a@contoh.id")
    services.event_update(
        by=None,
        event=event,
        data={"registration_opens_at": now - timedelta(days=2), "registration_closes_at": now - timedelta(hours=1)},
    )
    with pytest.raises(NotAllowed, match="ditutup"):
        services.registration_create(session=session, name="A", email="a@contoh.id")
    with pytest.raises(ServiceError) as exc:
        services.event_update(
            by=None,
            event=event,
            data={"registration_opens_at": now, "registration_closes_at": now - timedelta(hours=1)},
        )
    assert "registration_closes_at" in exc.value.field_errors


def test_edit_page_saves_and_public_page_shows_the_change(client):
    event = make_event(title="Pekan Kreatif")
    staff = staff_user()
    client.force_login(staff)
    manage = client.get(reverse("events:manage", args=[event.slug])).content.decode()
    assert reverse("events:edit", args=[event.slug]) in manage
    page = client.get(reverse("events:edit", args=[event.slug]))
    assert page.status_code == 200
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "partners"}
    data.update({"title": "Pekan Kreatif Depok", "venue": "Balai Kota", "organiser": office().pk})
    data["start_date"] = event.start_date.isoformat()
    data["end_date"] = event.end_date.isoformat()
    response = client.post(reverse("events:edit", args=[event.slug]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    public = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "Pekan Kreatif Depok" in public
    assert "Balai Kota" in public


def test_edit_page_shows_errors_in_place_and_keeps_input(client):
    event = make_event()
    client.force_login(staff_user())
    data = {
        "title": "Judul Baru",
        "start_date": event.start_date.isoformat(),
        "end_date": (event.start_date - timedelta(days=1)).isoformat(),
        "venue": "X",
        "organiser": office().pk,
        "daily_sales_target": "0",
    }
    response = client.post(reverse("events:edit", args=[event.slug]), data)
    assert response.status_code == 400
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.content.decode()
    assert 'value="Judul Baru"' in response.content.decode()
    event.refresh_from_db()
    assert event.title != "Judul Baru"


def test_edit_page_refused_to_other_office_and_visitors(client):
    event = make_event()
    client.force_login(_other_office_staff())
    assert client.get(reverse("events:edit", args=[event.slug])).status_code == 403
    client.logout()
    assert client.get(reverse("events:edit", args=[event.slug])).status_code in {302, 403}


def test_raising_capacity_promotes_the_waiting_list_in_order_and_mails_them(django_capture_on_commit_callbacks):
    from django.core import mail

    session = make_session(make_event(), capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(session=session, name="A", email="a@contoh.id")
        b = services.registration_create(session=session, name="B", email="b@contoh.id")
        c = services.registration_create(session=session, name="C", email="c@contoh.id")
        d = services.registration_create(session=session, name="D", email="d@contoh.id")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.session_capacity_set(by=staff_user(), session=session, capacity=3)
    assert [r.pk for r in promoted] == [b.pk, c.pk]
    assert session.registrations.filter(status="confirmed").count() == 3
    d.refresh_from_db()
    assert d.status == "waitlisted"
    assert sorted(m.to[0] for m in mail.outbox) == ["b@contoh.id", "c@contoh.id"]
    entry = AuditEntry.objects.get(action="events.session.capacity_changed")
    assert entry.data == {"capacity": [1, 3], "promoted": 2}


def test_capacity_never_below_the_confirmed_places_and_only_for_the_organiser():
    session = make_session(make_event(), capacity=3)
    for i in range(2):
        services.registration_create(session=session, name=f"P{i}", email=f"p{i}@contoh.id")
    with pytest.raises(ServiceError) as exc:
        services.session_capacity_set(by=None, session=session, capacity=1)
    assert "capacity" in exc.value.field_errors
    with pytest.raises(NotAllowed):
        services.session_capacity_set(by=_other_office_staff(), session=session, capacity=10)
    session.refresh_from_db()
    assert session.capacity == 3


def test_capacity_form_on_the_edit_page(client):
    event = make_event()
    session = make_session(event, capacity=1)
    services.registration_create(session=session, name="A", email="a@contoh.id")
    waiting = services.registration_create(session=session, name="B", email="b@contoh.id")
    client.force_login(staff_user())
    page = client.get(reverse("events:edit", args=[event.slug])).content.decode()
    assert "terisi 1, daftar tunggu 1" in page
    url = reverse("events:session_capacity", args=[event.slug, session.pk])
    response = client.post(url, {f"s{session.pk}-capacity": "2"}, follow=True)
    assert "1 orang naik dari daftar tunggu" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    refused = client.post(url, {f"s{session.pk}-capacity": "1"}, follow=True).content.decode()
    assert "tidak boleh kurang dari 2" in refused


def test_the_edit_page_shows_the_partners_as_ticked_checkboxes(client):
    """A select-multiple box hid the chosen partners below its fold; one plain click dropped the others."""
    event = make_event()
    partners = [OrganisationFactory(name="Dekranasda Uji"), OrganisationFactory(name="Komunitas Mitra Uji")]
    event.partners.set(partners)
    client.force_login(staff_user())
    page = client.get(reverse("events:edit", args=[event.slug])).content.decode()
    for partner in partners:
        assert re.search(rf'<input type="checkbox" name="partners" value="{partner.pk}"[^>]*checked', page)
    assert not re.search(r"<select[^>]*multiple", page)
