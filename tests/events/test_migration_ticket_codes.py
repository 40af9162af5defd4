"""The data migration gives every existing ticket its own short code."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sinergi.accounts.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)


def test_existing_tickets_get_distinct_short_codes():
    executor = MigrationExecutor(connection)
    before = [("events", "0003_sales_bounds")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Event = old.get_model("events", "Event")
    Session = old.get_model("events", "EventSession")
    Registration = old.get_model("events", "Registration")
    org = Organisation.objects.create(name="Disdagin", slug="disdagin-mig", kind="office")
    event = Event.objects.create(
        title="Lama", slug="lama", start_date="2026-01-01", end_date="2026-01-02", venue="Balai", organiser_id=org.pk
    )
    session = Session.objects.create(
        event=event,
        kind="talk_show",
        title="S",
        starts_at="2026-01-01T10:00Z",
        ends_at="2026-01-01T11:00Z",
        place="P",
        capacity=10,
    )
    for i in range(3):
        Registration.objects.create(session=session, name=f"N{i}", email=f"n{i}@contoh.id", code=f"token-{i}")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(latest)
    new = executor.loader.project_state(latest).apps
    codes = list(new.get_model("events", "Registration").objects.values_list("short_code", flat=True))
    assert len(codes) == 3
    assert len(set(codes)) == 3
    assert all(len(c) == 8 for c in codes)
