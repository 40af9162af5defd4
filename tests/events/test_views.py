from __future__ import annotations

import io
import json
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sinergi.events import services
from sinergi.events.models import BoothApplication, CheckIn
from tests.factories import UserFactory, make_actor

from .factories import accepted_application, make_booths, make_community, make_event, make_session, staff_user

pytestmark = pytest.mark.django_db


def test_public_pages_schedule_and_ical(client):
    event = make_event(title="Sinergitas Uji")
    make_session(event, kind="talk_show")
    hidden = make_event(title="Draf Rahasia", publish=False)
    assert client.get(reverse("events:list")).status_code == 200
    page = client.get(reverse("events:detail", args=[event.slug]))
    assert "Talk show" in page.content.decode()
    assert client.get(reverse("events:detail", args=[hidden.slug])).status_code == 404
    cal = client.get(reverse("events:ical", args=[event.slug]))
    assert cal["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT\r\n" in cal.content


def test_register_gets_qr_ticket_then_cancel(client):
    session = make_session(make_event(), capacity=1)
    response = client.post(reverse("events:register", args=[session.pk]), {"name": "Rina", "email": "rina@contoh.id"})
    assert response.status_code == 302
    ticket = client.get(response["Location"])
    assert b"<svg" in ticket.content
    again = client.post(reverse("events:register", args=[session.pk]), {"name": "Rina", "email": "rina@contoh.id"})
    assert "sudah terdaftar" in again.content.decode()  # shown inline, form kept
    assert 'value="Rina"' in again.content.decode()


def test_checkin_sync_endpoint_requires_staff_and_is_idempotent(client):
    event = make_event()
    reg = services.registration_create(session=make_session(event), name="A", email="a@contoh.id")
    url = reverse("events:checkin_sync", args=[event.slug])
    body = json.dumps({"scans": [{"code": reg.code, "client_uuid": str(uuid.uuid4())}]})
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(staff_user())
    assert client.get(reverse("events:checkin", args=[event.slug])).status_code == 200
    first = client.post(url, body, content_type="application/json").json()["results"][0]
    second = client.post(url, body, content_type="application/json").json()["results"][0]
    assert (first["outcome"], second["outcome"]) == ("ok", "already")
    assert CheckIn.objects.count() == 1
    assert client.post(url, "bukan json", content_type="application/json").status_code == 400


def test_community_leader_applies_and_staff_curates_and_allocates(client):
    leader = UserFactory()
    community = make_community("Komunitas Batik", leader=leader)
    event = make_event()
    make_booths(event, 2)
    client.force_login(leader)
    response = client.post(
        reverse("events:booth_apply", args=[event.slug]),
        {"seller": f"c{community.pk}", "products": "Batik tulis", "size_wanted": "3x3"},
    )
    assert response.status_code == 302
    app = BoothApplication.objects.get(community=community)
    assert client.get(reverse("events:manage", args=[event.slug])).status_code == 403
    staff = staff_user()
    client.force_login(staff)
    client.post(
        reverse("events:review", args=[app.pk]),
        {
            f"a{app.pk}-c_product": 5,
            f"a{app.pk}-c_local": 4,
            f"a{app.pk}-c_readiness": 4,
            f"a{app.pk}-c_fostered": 5,
            f"a{app.pk}-notes": "Bagus",
            f"a{app.pk}-decision": "accepted",
        },
    )
    client.post(reverse("events:allocate", args=[event.slug]))
    app.refresh_from_db()
    assert app.status == "accepted"
    assert app.allocation.booth.code == "A1"
    plan = client.get(reverse("events:floor_plan", args=[event.slug]))
    assert b"Komunitas Batik" in plan.content


def test_someone_else_cannot_apply_for_a_community(client):
    community = make_community("Komunitas Lain", leader=UserFactory())
    event = make_event()
    client.force_login(UserFactory())
    response = client.post(
        reverse("events:booth_apply", args=[event.slug]),
        {"seller": f"c{community.pk}", "products": "x", "size_wanted": "3x3"},
    )
    assert response.status_code == 400  # not one of the user's sellers: rejected as an invalid choice
    assert not BoothApplication.objects.exists()


def test_seller_reports_sales_and_report_shows_them(client):
    owner = UserFactory()
    actor = make_actor(by=owner, name="Kue Bu Ani")
    event = make_event()
    app = accepted_application(event, actor=actor)
    client.force_login(owner)
    response = client.post(
        reverse("events:booth", args=[app.pk]),
        {"day": event.start_date.isoformat(), "amount": "1250000", "transactions": "30"},
    )
    assert response.status_code == 302
    client.force_login(staff_user())
    report = client.get(reverse("events:report", args=[event.slug])).content.decode()
    assert "Kue Bu Ani" in report
    assert "1.250.000" in report, report[report.find("sales-by-seller") :][:400]
    pdf = client.get(reverse("events:report_pdf", args=[event.slug]))
    assert pdf.content.startswith(b"%PDF")
    xlsx = load_workbook(io.BytesIO(client.get(reverse("events:report_xlsx", args=[event.slug])).content))
    assert xlsx["Per penjual"]["A2"].value == "Kue Bu Ani"
    assert xlsx["Ringkasan"]["B6"].value == 1_250_000


def test_report_xlsx_never_runs_a_seller_name_as_a_formula(client):
    owner = UserFactory()
    actor = make_actor(by=owner, name='=HYPERLINK("http://evil.example","klik")')
    event = make_event()
    app = accepted_application(event, actor=actor)
    client.force_login(owner)
    client.post(
        reverse("events:booth", args=[app.pk]),
        {"day": event.start_date.isoformat(), "amount": "1000", "transactions": "1"},
    )
    client.force_login(staff_user())
    xlsx = load_workbook(io.BytesIO(client.get(reverse("events:report_xlsx", args=[event.slug])).content))
    cell = xlsx["Per penjual"]["A2"]
    assert cell.data_type == "s"  # text, not a formula; shown as typed and kept text when edited
    assert cell.value == '=HYPERLINK("http://evil.example","klik")'
    assert cell.quotePrefix is True
    assert cell.number_format == "@"


def test_report_compares_with_previous_edition():
    from sinergi.events.reports import event_report

    old = make_event(title="Edisi Lalu")
    old_app = accepted_application(old)
    services.sales_report(by=None, application=old_app, day=old.start_date, amount=Decimal(1_000_000))
    new = make_event(title="Edisi Baru", previous_edition=old)
    for _i in range(2):
        app = accepted_application(new)
        services.sales_report(by=None, application=app, day=new.start_date, amount=Decimal(750_000))
    report = event_report(new)
    rows = {c.label: c for c in report.comparison}
    assert rows["Penjual (stan)"].previous == 1
    assert rows["Penjual (stan)"].current == 2
    assert rows["Total penjualan (Rp)"].change_percent == 50
    assert report.by_day[0].percent_of_target == 15  # 1.5 M of a 10 M daily target


def test_staff_sets_up_an_event_from_the_pages(client):
    from sinergi.events.models import Event

    staff = staff_user()
    client.force_login(staff)
    office = staff.memberships.get().organisation
    start = "2030-12-07"
    bad = client.post(
        reverse("events:create"),
        {"title": "Tanpa tanggal", "slug": "tanpa", "venue": "Aula", "organiser": office.pk, "daily_sales_target": "0"},
    )
    assert bad.status_code == 200
    assert 'value="Tanpa tanggal"' in bad.content.decode()
    response = client.post(
        reverse("events:create"),
        {
            "title": "Bazar Akhir Tahun",
            "slug": "bazar-akhir-tahun",
            "start_date": start,
            "end_date": "2030-12-08",
            "venue": "Mal Cinere",
            "organiser": office.pk,
            "daily_sales_target": "5000000",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(slug="bazar-akhir-tahun")
    client.post(
        reverse("events:session_add", args=[event.slug]),
        {
            "sesi-kind": "workshop",
            "sesi-title": "Membatik",
            "sesi-starts_at": "2030-12-07T10:00",
            "sesi-ends_at": "2030-12-07T12:00",
            "sesi-place": "Ruang 1",
            "sesi-capacity": "25",
        },
    )
    client.post(
        reverse("events:session_add", args=[event.slug]),
        {
            "sesi-kind": "workshop",
            "sesi-title": "Di luar tanggal",
            "sesi-starts_at": "2031-01-07T10:00",
            "sesi-ends_at": "2031-01-07T12:00",
            "sesi-place": "Ruang 1",
            "sesi-capacity": "25",
        },
    )
    client.post(
        reverse("events:booth_add", args=[event.slug]),
        {"stan-code": "A1", "stan-size": "3x3", "stan-x": "0", "stan-y": "0", "stan-has_power": "on"},
    )
    client.post(reverse("events:publish", args=[event.slug]))
    event.refresh_from_db()
    assert event.status == "published"
    assert list(event.sessions.values_list("title", flat=True)) == ["Membatik"]
    assert event.booths.get().has_power


def test_manage_page_offers_the_session_and_booth_forms(client):
    """The "Tambah sesi" and "Tambah stan" sections carry their fields (they rendered empty before)."""
    event = make_event(title="Bazar Uji Formulir")
    client.force_login(staff_user())
    page = client.get(reverse("events:manage", args=[event.slug])).content.decode()
    for name in ("sesi-title", "sesi-starts_at", "sesi-capacity", "stan-code", "stan-size", "stan-has_power"):
        assert f'name="{name}"' in page


def test_pages_do_not_offer_a_second_booth_application(client):
    leader = UserFactory()
    community = make_community("Komunitas Rajut Depok", leader=leader)
    event = make_event(title="Bazar Uji Sekali")
    client.force_login(leader)
    assert "Ajukan stan</a>" in client.get(reverse("events:detail", args=[event.slug])).content.decode()
    form = {"seller": f"c{community.pk}", "products": "Syal", "size_wanted": "3x3"}
    assert client.post(reverse("events:booth_apply", args=[event.slug]), form).status_code == 302

    detail = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "Ajukan stan</a>" not in detail
    assert "Komunitas Rajut Depok" in detail
    page = client.get(reverse("events:booth_apply", args=[event.slug])).content.decode()
    assert "Semua komunitas dan usaha Anda sudah mengajukan stan di acara ini." in page
    again = client.post(reverse("events:booth_apply", args=[event.slug]), form)
    assert again.status_code == 400
    assert "Semua komunitas dan usaha Anda sudah mengajukan stan di acara ini." in again.content.decode()
    assert "dilanggar" not in again.content.decode()
    assert BoothApplication.objects.filter(event=event).count() == 1
