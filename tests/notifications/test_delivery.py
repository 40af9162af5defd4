"""Delivery in the worker: retries with backoff, idempotency, a failing channel never blocks the action."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from sinergi.notifications import services
from sinergi.notifications.models import Delivery, Mode, Notification
from sinergi.registry import services as registry
from sinergi.registry.models import Status
from tests.factories import UserFactory, make_actor, user_with_role

from .backends import FlakyBackend, outbox_to

pytestmark = pytest.mark.django_db

FLAKY = "tests.notifications.backends.FlakyBackend"


def _verify(owner: Any, captured: Any, name: str = "Tenun Sawangan") -> Any:
    actor = make_actor(by=owner, status=Status.SUBMITTED, name=name)
    with captured(execute=True):
        registry.actor_verify(by=user_with_role("staff"), actor=actor)
    return actor


@override_settings(SINERGI_EMAIL_DELIVERY_BACKEND=FLAKY)
def test_a_failing_channel_is_retried_with_backoff_and_never_blocks_the_action(
    django_capture_on_commit_callbacks: Any,
) -> None:
    FlakyBackend.failures = 2
    owner = UserFactory()
    actor = _verify(owner, django_capture_on_commit_callbacks)
    actor.refresh_from_db()
    assert actor.status == Status.VERIFIED  # the action stands
    assert Notification.objects.filter(user=owner, kind="registry.actor.verified").count() == 1
    delivery = Delivery.objects.get(channel="email")
    assert (delivery.status, delivery.attempts) == (Delivery.Status.RETRYING, 1)
    assert "SMTPServerDisconnected" in delivery.last_error
    first_wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(seconds=60)
    assert outbox_to(owner.email) == []
    # Not due yet: nothing happens.
    assert services.retry_due() == 0
    later = delivery.next_attempt_at + timedelta(seconds=1)
    assert services.retry_due(now=later) == 0  # second failure
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.RETRYING, 2)
    assert delivery.next_attempt_at - later == timedelta(seconds=120)  # the wait doubles
    assert services.retry_due(now=delivery.next_attempt_at) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (Delivery.Status.SENT, 3, "")
    assert len(outbox_to(owner.email)) == 1


@override_settings(SINERGI_EMAIL_DELIVERY_BACKEND=FLAKY)
def test_a_delivery_fails_for_good_after_the_last_attempt(django_capture_on_commit_callbacks: Any) -> None:
    FlakyBackend.failures = 99
    owner = UserFactory()
    _verify(owner, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(channel="email")
    for _ in range(services.MAX_ATTEMPTS - 1):
        services.retry_due(now=delivery.next_attempt_at)
        delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, services.MAX_ATTEMPTS)
    assert delivery.next_attempt_at is None
    assert services.retry_due(now=timezone.now() + timedelta(days=1)) == 0
    FlakyBackend.failures = 0


def test_one_event_never_notifies_twice(django_capture_on_commit_callbacks: Any) -> None:
    owner = UserFactory()
    actor = make_actor(by=owner, status=Status.VERIFIED, name="Keramik Limo")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        key = services.emit("registry.actor.verified", actor=actor.pk)
    # The worker runs the same event again (a retried task), and delivers the same rows again.
    again = services.dispatch(kind="registry.actor.verified", event_key=key, payload={"actor": actor.pk})
    assert again == []
    delivery = Delivery.objects.get()
    assert services.deliver([delivery.pk]) == 0
    assert Notification.objects.filter(user=owner).count() == 1
    assert len(outbox_to(owner.email)) == 1
    assert delivery.key == f"{key}:{owner.pk}:email"


def test_an_unknown_event_type_or_payload_is_a_bug_found_at_emit() -> None:
    with pytest.raises(LookupError, match="unknown notification event type"):
        services.emit("registry.actor.vrified", actor=1)
    with pytest.raises(TypeError):
        services.emit("registry.actor.verified", actor=object())


def test_per_type_preferences_override_the_default_per_channel(django_capture_on_commit_callbacks: Any) -> None:
    owner = UserFactory()
    services.preference_set(by=owner, channel="email", mode=Mode.OFF)  # no e-mail in general …
    services.preference_set(by=owner, kind="registry.actor.verified", channel="email", mode=Mode.IMMEDIATE)
    mail.outbox.clear()
    _verify(owner, django_capture_on_commit_callbacks, name="Ukir Tapos")
    rejected = make_actor(by=owner, status=Status.SUBMITTED, name="Ukir Bojongsari")
    with django_capture_on_commit_callbacks(execute=True):
        registry.actor_reject(by=user_with_role("staff"), actor=rejected, reason="Alamat belum lengkap.")
    # … except verifications; in-app always records both.
    assert [m.subject for m in outbox_to(owner.email)] == ["[Sinergi] Profil Ukir Tapos sudah terverifikasi"]
    assert Notification.objects.filter(user=owner).count() == 2
    # Back to the general choice for this type.
    services.preference_set(by=owner, kind="registry.actor.verified", channel="email", mode="")
    assert not owner.notification_preferences.filter(kind="registry.actor.verified").exists()


def test_preference_refuses_a_mode_the_channel_does_not_have() -> None:
    with pytest.raises(services.ServiceError) as caught:
        services.preference_set(by=UserFactory(), channel="whatsapp", mode=Mode.DIGEST)
    assert caught.value.field_errors == {"mode": ["Pilihan ini tidak tersedia untuk saluran tersebut."]}
