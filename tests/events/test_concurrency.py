"""Capacity and double-booking under 50 simultaneous requests, on PostgreSQL (SQLite serialises writes)."""

from __future__ import annotations

import io
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections

from sinergi.core.errors import ServiceError
from sinergi.events import services
from sinergi.events.models import BoothAllocation, CheckIn, Registration, RegistrationStatus
from sinergi.wilayah.models import Wilayah

from .factories import accepted_application, make_booths, make_event, make_session

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 50


@pytest.fixture(autouse=True)
def _postgres_only() -> Iterator[None]:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    ensure_reference_data()
    yield
    ensure_reference_data()  # a transactional test flushes the database; leave it as the next test expects


def ensure_reference_data() -> None:
    if not Wilayah.objects.exists():
        call_command("load_reference", verbosity=0, stdout=io.StringIO())


def run_together(work: Callable[[int], Any]) -> list[Any]:
    """Run work(i) in THREADS threads released at once; collect results or exceptions."""
    barrier = threading.Barrier(THREADS)
    results: list[Any] = [None] * THREADS

    def target(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 -- the test inspects what each request got
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_session_capacity_holds_under_50_simultaneous_registrations():
    session = make_session(make_event(), capacity=10)
    results = run_together(
        lambda i: services.registration_create(session=session, name=f"P{i}", email=f"p{i}@contoh.id")
    )
    assert not [r for r in results if isinstance(r, Exception)]
    assert Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED).count() == 10
    assert Registration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED).count() == 40


def test_same_person_registering_50_times_at_once_gets_one_place():
    session = make_session(make_event(), capacity=10)
    results = run_together(lambda i: services.registration_create(session=session, name="P", email="p@contoh.id"))
    assert sum(1 for r in results if isinstance(r, Registration)) == 1
    refused = [r for r in results if not isinstance(r, Registration)]
    assert all(isinstance(r, ServiceError) for r in refused), [r for r in refused if not isinstance(r, ServiceError)]


def test_booths_never_double_booked_under_50_simultaneous_assignments():
    event = make_event()
    booths = make_booths(event, 5) + make_booths(event, 5, shareable=True, row=1)
    apps = [accepted_application(event, wants_shared=i % 2 == 0) for i in range(THREADS)]
    results = run_together(lambda i: services.booth_assign(by=None, application=apps[i], booth=booths[i % 10]))
    placed = [r for r in results if isinstance(r, BoothAllocation)]
    assert all(isinstance(r, BoothAllocation | ServiceError) for r in results)
    for booth in booths:
        n = BoothAllocation.objects.filter(booth=booth).count()
        assert 1 <= n <= booth.slots
    assert len(placed) == BoothAllocation.objects.count()


def test_concurrent_allocation_runs_place_each_application_once():
    event = make_event()
    make_booths(event, 20)
    for _ in range(30):
        accepted_application(event)
    run_together(lambda i: services.booths_allocate(by=None, event=event))
    assert BoothAllocation.objects.filter(event=event).count() == 20
    assert BoothAllocation.objects.values("booth").distinct().count() == 20


def test_checkin_synced_from_50_phones_at_once_counts_once():
    event = make_event()
    reg = services.registration_create(session=make_session(event), name="A", email="a@contoh.id")
    same_scan = uuid.uuid4()
    results = run_together(
        lambda i: services.checkin_scan(
            by=None, event=event, code=reg.code, client_uuid=same_scan if i % 2 else uuid.uuid4()
        )
    )
    outcomes = sorted(r.outcome for r in results)
    assert outcomes.count("ok") == 1
    assert outcomes.count("already") == THREADS - 1
    assert CheckIn.objects.count() == 1


def test_cancellations_under_concurrency_promote_in_order():
    session = make_session(make_event(), capacity=5)
    regs = [services.registration_create(session=session, name=f"P{i}", email=f"p{i}@contoh.id") for i in range(15)]
    confirmed, waiting = regs[:5], regs[5:]
    results = run_together(
        lambda i: services.registration_cancel(by=None, registration=confirmed[i]) if i < 5 else None
    )
    assert not [r for r in results if isinstance(r, Exception)]
    promoted = Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED)
    assert sorted(r.pk for r in promoted) == [r.pk for r in waiting[:5]]
