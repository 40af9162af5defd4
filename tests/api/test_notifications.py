"""/api/v1/notifications: a token's owner reads their own notifications and marks them read."""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.notifications.models import Notification
from sinergi.registry import services as registry
from sinergi.registry.models import Status
from tests.factories import UserFactory, make_actor, user_with_role

from .conftest import error_of

pytestmark = pytest.mark.django_db


def _told(owner: Any, captured: Any) -> None:
    clerk = user_with_role("staff")
    for name in ("Lukis Beji", "Lukis Tanah Baru"):
        actor = make_actor(by=owner, status=Status.SUBMITTED, name=name)
        with captured(execute=True):
            registry.actor_verify(by=clerk, actor=actor)


def test_owner_lists_own_notifications_and_marks_them_read(
    api_as: Any, api: Any, django_capture_on_commit_callbacks: Any
) -> None:
    owner, stranger = UserFactory(), UserFactory()
    _told(owner, django_capture_on_commit_callbacks)
    reader = api_as(owner)
    body = reader.get("/notifications").json()
    assert body["count"] == 2
    first = body["results"][0]
    assert first["title"] == "Profil Lukis Tanah Baru sudah terverifikasi"
    assert first["url"].startswith("http://testserver/direktori/kelola/pelaku/")
    assert first["read_at"] is None
    assert first["deliveries"] == [
        {"channel": "email", "status": "sent", "attempts": 1, "sent_at": first["deliveries"][0]["sent_at"]}
    ]
    assert api_as(stranger).get("/notifications").json()["count"] == 0
    assert api.get("/notifications").status_code == 401
    # Marking read is a write: the scope is needed.
    refused = reader.post("/notifications/read", {})
    assert refused.status_code == 403
    assert error_of(refused)["code"] == "insufficient_scope"
    writer = api_as(owner, scopes=["notifications:write"])
    done = writer.post("/notifications/read", {"ids": [first["id"]]})
    assert done.json() == {"marked": 1, "unread": 1}
    assert [n["title"] for n in writer.get("/notifications", {"unread": "true"}).json()["results"]] == [
        "Profil Lukis Beji sudah terverifikasi"
    ]
    assert writer.post("/notifications/read", {}).json() == {"marked": 1, "unread": 0}


def test_marking_another_persons_notification_is_not_found(
    api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    owner = UserFactory()
    _told(owner, django_capture_on_commit_callbacks)
    theirs = Notification.objects.filter(user=owner).first()
    assert theirs is not None
    other = api_as(UserFactory(), scopes=["notifications:write"])
    response = other.post("/notifications/read", {"ids": [theirs.pk]})
    assert response.status_code == 404
    assert error_of(response)["fields"] == {"ids": [f"Pemberitahuan tidak ditemukan: {theirs.pk}."]}
    theirs.refresh_from_db()
    assert theirs.read_at is None
