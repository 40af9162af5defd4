"""The demo's writes around the services (`sinergi.demo.direct`) do only what no service may: move stamps
into the past, and write a past edition's attendance and locked sales. Anything else they refuse."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sinergi.demo.direct import backdate, past_registrations, past_sales
from sinergi.events.models import Registration, SalesReport
from sinergi.registry.models import Actor
from tests.events.factories import accepted_application, make_booths, make_event, make_session

pytestmark = pytest.mark.django_db


def test_backdate_moves_stamps_and_refuses_anything_else() -> None:
    rows = Actor.objects.none()
    with pytest.raises(TypeError, match=r"Actor\.status bukan cap waktu"):
        backdate(rows, status="verified")
    with pytest.raises(TypeError, match=r"Actor\.name bukan cap waktu"):
        backdate(rows, submitted_at=timezone.now(), name="X")
    assert backdate(rows, submitted_at=timezone.now() - timedelta(days=3)) == 0


def test_attendance_and_sales_are_written_only_for_a_past_edition() -> None:
    upcoming = make_event()
    make_booths(upcoming, 1)
    session = make_session(upcoming)
    visitor = Registration(session=session, name="Pengunjung", email="p@contoh.id")
    with pytest.raises(ValueError, match="sesi belum selesai"):
        past_registrations([visitor])
    seller = accepted_application(upcoming)
    report = SalesReport(event=upcoming, application=seller, day=upcoming.start_date, amount=100_000)
    with pytest.raises(ValueError, match="laporan penjualan belum dikunci"):
        past_sales([report])
    assert not Registration.objects.exists()
    assert not SalesReport.objects.exists()

    past = make_event(start=timezone.localdate() - timedelta(days=30), title="Edisi Lalu")
    gone = make_session(past)
    assert [r.session for r in past_registrations([Registration(session=gone, name="A", email="a@contoh.id")])] == [
        gone
    ]
