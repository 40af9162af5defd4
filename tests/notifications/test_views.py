"""The bell on every page, the activity page with read/unread, delivery status and links, preferences."""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.notifications.models import Notification, Preference
from sinergi.registry import services as registry
from sinergi.registry.models import Status
from tests.factories import UserFactory, make_actor, user_with_role

pytestmark = pytest.mark.django_db


def _two_notifications(owner: Any, captured: Any) -> Any:
    clerk = user_with_role("staff")
    first = make_actor(by=owner, status=Status.SUBMITTED, name="Rotan Kukusan")
    second = make_actor(by=owner, status=Status.SUBMITTED, name="Rotan Kemiri")
    with captured(execute=True):
        registry.actor_verify(by=clerk, actor=first)
        registry.actor_reject(by=clerk, actor=second, reason="Deskripsi terlalu singkat.")
    return first


def test_the_bell_shows_the_unread_count_on_every_page(client: Any, django_capture_on_commit_callbacks: Any) -> None:
    owner = UserFactory()
    _two_notifications(owner, django_capture_on_commit_callbacks)
    client.force_login(owner)
    for path in ("/", "/dasbor/", "/kolaborasi/"):
        page = client.get(path).content.decode()
        assert 'data-testid="bell-count">2</span>' in page, path
    client.logout()
    assert 'data-testid="bell"' not in client.get("/").content.decode()


def test_activity_lists_read_and_unread_with_delivery_status(
    client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    owner = UserFactory()
    actor = _two_notifications(owner, django_capture_on_commit_callbacks)
    other = UserFactory()
    client.force_login(owner)
    page = client.get("/aktivitas/").content.decode()
    assert "Profil Rotan Kukusan sudah terverifikasi" in page
    assert "Deskripsi terlalu singkat." in page
    assert page.count('class="unread"') == 2
    assert "Terkirim" in page  # the e-mail delivery's status
    verified = Notification.objects.get(user=owner, kind="registry.actor.verified")
    # Opening one marks it read and goes where it points.
    response = client.post(f"/aktivitas/{verified.pk}/buka/")
    assert response["Location"] == f"/direktori/kelola/pelaku/{actor.slug}/"
    assert client.get("/aktivitas/?belum=1").content.decode().count('data-testid="notification"') == 1
    client.post("/aktivitas/tandai-dibaca/")
    assert not Notification.objects.filter(user=owner, read_at__isnull=True).exists()
    assert 'data-testid="bell-count">0</span>' in client.get("/").content.decode()
    # Nobody opens another person's notification.
    client.force_login(other)
    assert client.post(f"/aktivitas/{verified.pk}/buka/").status_code == 404
    assert "Rotan Kukusan" not in client.get("/aktivitas/").content.decode()


def test_preferences_page_sets_per_type_and_channel(client: Any) -> None:
    person = UserFactory()
    client.force_login(person)
    page = client.get("/aktivitas/pengaturan/").content.decode()
    assert "Profil diverifikasi" in page
    assert "Jawaban resmi atas inisiatif" in page
    response = client.post(
        "/aktivitas/pengaturan/",
        {"semua__email": "digest", "registry.actor.rejected__email": "off"},
    )
    assert response.status_code == 302
    assert {(p.kind, p.channel, p.mode) for p in Preference.objects.filter(user=person)} == {
        ("", "email", "digest"),
        ("registry.actor.rejected", "email", "off"),
    }
    bad = client.post("/aktivitas/pengaturan/", {"semua__email": "sometimes"})
    assert bad.status_code == 200
    assert "Masukkan pilihan yang valid. sometimes bukan salah satu" in bad.content.decode()
    assert Preference.objects.get(user=person, kind="").mode == "digest"  # nothing half-written


def test_activity_needs_sign_in(client: Any) -> None:
    assert client.get("/aktivitas/").status_code == 302
