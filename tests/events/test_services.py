from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from sinergi.core.errors import Conflict, NotAllowed, ServiceError
from sinergi.core.models import AuditEntry
from sinergi.events import services
from sinergi.events.models import (
    TICKET_CODE_ALPHABET,
    BoothAllocation,
    CheckIn,
    EventSession,
    Registration,
    RegistrationStatus,
    SalesReport,
)

from .factories import accepted_application, make_booths, make_event, make_session, staff_user

pytestmark = pytest.mark.django_db


def test_registration_beyond_capacity_goes_to_waiting_list_and_promotes_in_order(django_capture_on_commit_callbacks):
    session = make_session(make_event(), capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        a = services.registration_create(session=session, name="A", email="a@contoh.id")
        b = services.registration_create(session=session, name="B", email="b@contoh.id")
        c = services.registration_create(session=session, name="C", email="c@contoh.id")
        d = services.registration_create(session=session, name="D", email="d@contoh.id")
    assert [r.status for r in (a, b, c, d)] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(by=None, registration=a)
    assert promoted is not None
    assert promoted.pk == c.pk
    c.refresh_from_db()
    d.refresh_from_db()
    assert c.status == "confirmed"
    assert c.promoted_at is not None
    assert d.status == "waitlisted"
    assert [m.to for m in mail.outbox] == [["c@contoh.id"]]
    assert c.display_code in mail.outbox[0].body
    # Cancelling a waitlisted registration frees no place and promotes nobody.
    assert services.registration_cancel(by=None, registration=d) is None
    with pytest.raises(Conflict):
        services.registration_cancel(by=None, registration=d)


def test_one_active_registration_per_email_but_may_register_again_after_cancelling():
    session = make_session(make_event(), capacity=5)
    first = services.registration_create(session=session, name="A", email="A@Contoh.id")
    with pytest.raises(Conflict):
        services.registration_create(session=session, name="A lagi", email="a@contoh.id")
    services.registration_cancel(by=None, registration=first)
    again = services.registration_create(session=session, name="A", email="a@contoh.id")
    assert again.status == RegistrationStatus.CONFIRMED


def test_registration_refused_for_unpublished_event():
    session = make_session(make_event(publish=False))
    with pytest.raises(NotAllowed):
        services.registration_create(session=session, name="A", email="a@contoh.id")


def test_checkin_counts_once_and_answers_already_with_time():
    event = make_event()
    reg = services.registration_create(session=make_session(event), name="Sari", email="s@contoh.id")
    staff = staff_user()
    scan = uuid.uuid4()
    first = services.checkin_scan(by=staff, event=event, code=reg.code, client_uuid=scan)
    assert first.outcome == "ok"
    resync = services.checkin_sync(by=staff, event=event, scans=[{"code": reg.code, "client_uuid": str(scan)}])
    other_phone = services.checkin_scan(by=staff, event=event, code=reg.code, client_uuid=uuid.uuid4())
    assert resync[0].outcome == "already"
    assert other_phone.outcome == "already"
    assert "Sudah check-in pukul" in other_phone.message
    assert CheckIn.objects.count() == 1
    assert services.checkin_scan(by=staff, event=event, code="bukan-kode").outcome == "unknown"
    assert services.checkin_scan(by=staff, event=make_event(), code=reg.code).outcome == "other_event"


def test_offline_scan_keeps_its_scan_time_but_never_a_future_one():
    event = make_event()
    session = make_session(event)
    reg = services.registration_create(session=session, name="Sari", email="s@contoh.id")
    later = services.registration_create(session=session, name="Budi", email="b@contoh.id")
    # The session has just happened, the tickets were issued the day before (registration closes once a
    # session is over, so both are moved afterwards).
    EventSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    Registration.objects.filter(pk__in=[reg.pk, later.pk]).update(created_at=timezone.now() - timedelta(days=1))
    session.refresh_from_db()
    during = session.starts_at + timedelta(minutes=7)
    results = services.checkin_sync(
        by=None, event=event, scans=[{"code": reg.code, "client_uuid": str(uuid.uuid4()), "scanned_at": during}]
    )
    assert results[0].outcome == "ok"
    assert CheckIn.objects.get().scanned_at == during
    future = {"code": later.code, "client_uuid": str(uuid.uuid4()), "scanned_at": timezone.now() + timedelta(hours=1)}
    assert services.checkin_sync(by=None, event=event, scans=[future])[0].outcome == "ok"
    assert CheckIn.objects.get(registration=later).scanned_at <= timezone.now()


def test_a_scan_time_far_from_the_session_is_refused_not_recorded():
    event = make_event()
    session = make_session(event)
    reg = services.registration_create(session=session, name="Sari", email="s@contoh.id")
    # A year before the event day (before the ticket existed), and days after the session: both impossible.
    Registration.objects.filter(pk=reg.pk).update(created_at=session.starts_at - timedelta(days=20))
    EventSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=1)
    )
    session.refresh_from_db()
    for claimed in (session.starts_at - timedelta(days=365), session.ends_at + timedelta(days=2)):
        scan = {"code": reg.code, "client_uuid": str(uuid.uuid4()), "scanned_at": claimed.isoformat()}
        result = services.checkin_sync(by=None, event=event, scans=[scan])[0]
        assert result.outcome == "out_of_time"
        assert "tidak mungkin" in result.message
    assert not CheckIn.objects.exists()


def test_waitlisted_ticket_is_not_admitted():
    event = make_event()
    session = make_session(event, capacity=1)
    services.registration_create(session=session, name="A", email="a@contoh.id")
    waiting = services.registration_create(session=session, name="B", email="b@contoh.id")
    assert services.checkin_scan(by=None, event=event, code=waiting.code).outcome == "waitlisted"


def test_booth_review_scores_and_allocation_places_by_score_and_power():
    event = make_event()
    powered = make_booths(event, 1, has_power=True, row=0)[0]
    plain = make_booths(event, 1, row=1)[0]
    low = accepted_application(event, score=2)
    high = accepted_application(event, score=5, needs_power=True)
    assert high.score == Decimal(100)
    result = services.booths_allocate(by=None, event=event)
    assert len(result.placements) == 2
    assert BoothAllocation.objects.get(application=high).booth == powered
    assert BoothAllocation.objects.get(application=low).booth == plain
    # A second run places nobody twice.
    assert services.booths_allocate(by=None, event=event).placements == []


def test_shared_booth_pairs_two_sellers_and_manual_assign_refuses_double_booking():
    event = make_event()
    shared = make_booths(event, 1, shareable=True)[0]
    a = accepted_application(event, wants_shared=True)
    b = accepted_application(event, wants_shared=True)
    c = accepted_application(event)
    services.booth_assign(by=None, application=a, booth=shared)
    services.booth_assign(by=None, application=b, booth=shared)
    with pytest.raises(Conflict):
        services.booth_assign(by=None, application=c, booth=shared)
    assert sorted(shared.allocations.values_list("slot", flat=True)) == [1, 2]


def test_review_requires_every_criterion():
    event = make_event()
    app = accepted_application(event)
    with pytest.raises(ServiceError) as exc:
        services.booth_application_review(
            by=None, application=app, criteria_scores={"product": 9}, notes="", decision="accepted"
        )
    assert "product" in exc.value.field_errors


def test_sales_lock_and_audited_correction():
    event = make_event()
    app = accepted_application(event)
    report = services.sales_report(
        by=None, application=app, day=event.start_date, amount=Decimal(500_000), transactions=12
    )
    services.sales_report(by=None, application=app, day=event.start_date, amount=Decimal(600_000), transactions=13)
    assert SalesReport.objects.get(pk=report.pk).amount == 600_000
    with pytest.raises(ServiceError):
        services.sales_report(by=None, application=app, day=event.end_date + timedelta(days=3), amount=Decimal(1))
    staff = staff_user()
    services.event_lock(by=staff, event=event)
    with pytest.raises(NotAllowed):
        services.sales_report(by=None, application=app, day=event.start_date, amount=Decimal(1))
    with pytest.raises(ServiceError):
        services.sales_correct(
            by=staff, event=event, application=app, day=event.start_date, amount=Decimal(1), transactions=1, reason=" "
        )
    services.sales_correct(
        by=staff,
        event=event,
        application=app,
        day=event.start_date,
        amount=Decimal(650_000),
        transactions=14,
        reason="Salah ketik nota",
    )
    corrected = SalesReport.objects.get(pk=report.pk)
    assert corrected.amount == 650_000
    assert corrected.corrected
    entry = AuditEntry.objects.filter(action="events.sales.corrected").get()
    assert entry.data["old"] == {"amount": "600000", "transactions": 13}
    assert entry.data["reason"] == "Salah ketik nota"


def test_sales_lock_after_the_event_without_staff_action():
    event = make_event()
    app = accepted_application(event)
    with pytest.raises(NotAllowed):
        services.sales_report(
            by=None, application=app, day=event.start_date, amount=Decimal(1), today=event.end_date + timedelta(days=2)
        )


def test_short_ticket_code_typed_in_any_case_with_spaces_or_dashes_checks_in():
    event = make_event()
    reg = services.registration_create(session=make_session(event), name="Sari", email="s@contoh.id")
    assert len(reg.short_code) == 8
    assert set(reg.short_code) <= set(TICKET_CODE_ALPHABET)
    assert not set("01OIL") & set(TICKET_CODE_ALPHABET)
    typed = f" {reg.short_code[:4].lower()} - {reg.short_code[4:]} "
    result = services.checkin_scan(by=None, event=event, code=typed)
    assert result.outcome == "ok"
    assert result.name == "Sari"
    # The QR carries the long token; it keeps checking in (here: answers "already").
    assert services.checkin_scan(by=None, event=event, code=reg.code).outcome == "already"
    assert reg.display_code == f"{reg.short_code[:4]}-{reg.short_code[4:]}"
    assert services.checkin_scan(by=None, event=make_event(), code=typed).outcome == "other_event"


def test_short_ticket_codes_differ_between_tickets():
    session = make_session(make_event(), capacity=50)
    regs = [services.registration_create(session=session, name=f"P{i}", email=f"p{i}@contoh.id") for i in range(30)]
    assert len({r.short_code for r in regs}) == 30
