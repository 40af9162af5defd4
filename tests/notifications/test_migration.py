"""Collaboration's notifications and e-mail choices move onto the notification layer unchanged."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("collaboration", "0002_initiative_budget_and_pledge_bounds"),
    ("notifications", "0001_notification_delivery_preference"),
]
AFTER = [
    ("collaboration", "0003_notifications_moved_to_notification_layer"),
    ("notifications", "0002_copy_collaboration_notifications"),
]


def _others(executor: MigrationExecutor) -> list[tuple[str, str]]:
    return [n for n in executor.loader.graph.leaf_nodes() if n[0] not in {"collaboration", "notifications"}]


def test_rows_and_preferences_are_copied() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE + _others(executor))
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("accounts", "User")
    reader = User.objects.create(email="lama@contoh.id", full_name="Pembaca Lama")
    Old = old.get_model("collaboration", "Notification")
    emailed = Old.objects.create(
        user=reader, kind="answer", title="Jawaban resmi", url="/kolaborasi/1/", email_mode="immediate"
    )
    Old.objects.filter(pk=emailed.pk).update(emailed_at="2026-01-02T03:04:05Z", read_at="2026-01-03T00:00:00Z")
    Old.objects.create(user=reader, kind="review", title="Sedang dikaji", email_mode="digest")
    Old.objects.create(user=reader, kind="opened", title="Dibuka", email_mode="off")
    old.get_model("collaboration", "NotificationPreference").objects.create(user=reader, email_mode="digest")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER + _others(executor))
    new = executor.loader.project_state(AFTER).apps
    rows = {n.kind: n for n in new.get_model("notifications", "Notification").objects.filter(user_id=reader.pk)}
    assert set(rows) == {"collaboration.answer", "collaboration.review", "collaboration.opened"}
    assert rows["collaboration.answer"].read_at is not None
    assert rows["collaboration.answer"].url == "/kolaborasi/1/"
    deliveries = {
        d.notification.kind: (d.status, d.channel)
        for d in new.get_model("notifications", "Delivery").objects.select_related("notification")
    }
    assert deliveries == {
        "collaboration.answer": ("sent", "email"),
        "collaboration.review": ("digest", "email"),
    }
    (pref,) = new.get_model("notifications", "Preference").objects.filter(user_id=reader.pk)
    assert (pref.kind, pref.channel, pref.mode) == ("", "email", "digest")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
