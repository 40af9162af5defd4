"""The cohort size holds when 50 staff accept 50 applicants at the same moment (PostgreSQL)."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection, connections

from sinergi.core.errors import Conflict
from sinergi.programs import services
from sinergi.programs.models import Participant
from sinergi.wilayah.models import Wilayah
from tests.factories import make_actor

from .factories import GOOD_ANSWERS, make_program

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> Iterator[None]:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    _reference()
    yield
    _reference()  # a transactional test flushes the database; leave it as the next test expects


def _reference() -> None:
    if not Wilayah.objects.exists():
        call_command("load_reference", verbosity=0, stdout=io.StringIO())


def test_cohort_never_exceeds_its_size_under_50_simultaneous_acceptances():
    program = make_program(cohort_size=10)
    apps = [services.application_submit(by=None, program=program, actor=make_actor(), answers=GOOD_ANSWERS)
            for _ in range(50)]  # fmt: skip
    barrier = threading.Barrier(50)
    outcomes: list[object] = [None] * 50

    def accept(i: int) -> None:
        try:
            barrier.wait()
            services.application_review(by=None, application=apps[i], score=70, notes="", decision="accepted")
            outcomes[i] = "ok"
        except Exception as exc:  # noqa: BLE001 -- the test inspects what each request got
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 10
    assert all(isinstance(o, Conflict) for o in outcomes if o != "ok")
    assert Participant.objects.filter(program=program).count() == 10
