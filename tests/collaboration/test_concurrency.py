"""Supports stay exact under concurrency (PostgreSQL only: SQLite serialises writers)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from sinergi.collaboration import services
from sinergi.collaboration.models import Initiative, Phase, Support
from tests.factories import UserFactory

from .factories import Cast, make_initiative

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_together(calls: list[Any]) -> list[BaseException]:
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def worker(call: Any) -> None:
        try:
            barrier.wait()
            call()
        except BaseException as exc:  # noqa: BLE001 -- collected and asserted by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_fifty_simultaneous_supports_count_exactly_fifty_and_a_double_counts_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN)
    people = [UserFactory() for _ in range(50)]
    errors = _run_together(
        [lambda p=p: services.support_add(by=p, initiative=Initiative.objects.get(pk=initiative.pk)) for p in people]
    )
    assert errors == []
    initiative.refresh_from_db()
    assert initiative.support_count == 50 == Support.objects.filter(initiative=initiative).count()
    twice = UserFactory()
    errors = _run_together(
        [lambda: services.support_add(by=twice, initiative=Initiative.objects.get(pk=initiative.pk))] * 2
    )
    assert errors == []
    initiative.refresh_from_db()
    assert initiative.support_count == 51 == Support.objects.filter(initiative=initiative).count()
