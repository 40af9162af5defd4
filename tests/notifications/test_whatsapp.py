"""WhatsApp: opt-in verified by a one-time code, template messages in the recipient's language, retries,
revocation, masking and audit — against the local Cloud API stand-in (whatsapp_server.py)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from sinergi.core.models import AuditEntry
from sinergi.notifications import services
from sinergi.notifications.models import Delivery, PhoneNumber
from sinergi.registry import services as registry
from sinergi.registry.models import Status
from tests.factories import UserFactory, make_actor, user_with_role

from .whatsapp_server import FakeGraph

pytestmark = pytest.mark.django_db


def _opt_in(user: Any, number: str, whatsapp: FakeGraph, captured: Any) -> PhoneNumber:
    with captured(execute=True):
        phone = services.phone_start(by=user, number=number)
    code = whatsapp.codes_sent_to(phone.number.removeprefix("+"))[-1]
    return services.phone_verify(by=user, code=code)


def test_opt_in_code_then_template_message_in_the_owners_language(
    whatsapp: FakeGraph, django_capture_on_commit_callbacks: Any
) -> None:
    owner = UserFactory(language="en")
    phone = _opt_in(owner, "0812 3456 7890", whatsapp, django_capture_on_commit_callbacks)
    assert phone.number == "+6281234567890"
    assert phone.verified_at is not None
    assert phone.masked == "+6281••••••890"
    assert phone.code_hash == ""  # the code is gone once used
    actor = make_actor(by=owner, status=Status.SUBMITTED, name="Kerajinan Bambu Cipayung")
    with django_capture_on_commit_callbacks(execute=True):
        registry.actor_reject(by=user_with_role("staff"), actor=actor, reason="Foto kurang jelas.")
    message = whatsapp.received[-1]
    assert message["to"] == "6281234567890"
    assert message["template"]["name"] == "sinergi_profile_rejected"
    assert message["template"]["language"] == {"code": "en"}
    assert [p["text"] for p in message["template"]["components"][0]["parameters"]] == [
        "Kerajinan Bambu Cipayung",
        "Foto kurang jelas.",
    ]
    delivery = Delivery.objects.get(channel="whatsapp")
    assert delivery.status == Delivery.Status.SENT
    assert delivery.external_id.startswith("wamid.")
    assert "812" not in str(delivery.payload)  # no phone number stored with the message
    assert whatsapp.problems == []
    # The audit log names the masked number only.
    audited = AuditEntry.objects.filter(action__startswith="notifications.phone.")
    assert sorted(a.action for a in audited) == ["notifications.phone.added", "notifications.phone.verified"]
    assert all(a.data == {"phone": "+6281••••••890"} for a in audited)


def test_no_opt_in_no_whatsapp_and_types_without_a_template_stay_off(
    whatsapp: FakeGraph, django_capture_on_commit_callbacks: Any
) -> None:
    owner = UserFactory()
    actor = make_actor(by=owner, status=Status.DRAFT, name="Anyaman Limo")
    with django_capture_on_commit_callbacks(execute=True):
        registry.actor_submit(by=owner, actor=actor)  # no verified number yet
    _opt_in(owner, "081298765432", whatsapp, django_capture_on_commit_callbacks)
    before = len(whatsapp.received)
    with django_capture_on_commit_callbacks(execute=True):
        services.emit("registry.actor.submitted", actor=actor.pk)  # no approved template for receipts
    assert len(whatsapp.received) == before
    assert not Delivery.objects.filter(channel="whatsapp").exists()


def test_wrong_and_expired_codes_are_refused_and_counted(
    whatsapp: FakeGraph, django_capture_on_commit_callbacks: Any
) -> None:
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.phone_start(by=person, number="+62 811-2233-4455")
    code = whatsapp.codes_sent_to("6281122334455")[-1]
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(services.CODE_MAX_ATTEMPTS):
        with pytest.raises(services.ServiceError) as caught:
            services.phone_verify(by=person, code=wrong)
        assert caught.value.field_errors == {"code": ["Kode salah."]}
    with pytest.raises(services.ServiceError, match="Terlalu banyak percobaan"):
        services.phone_verify(by=person, code=code)  # even the right one, after five wrong
    with django_capture_on_commit_callbacks(execute=True):
        services.phone_start(by=person, number="08112233 4455")
    code = whatsapp.codes_sent_to("6281122334455")[-1]
    PhoneNumber.objects.filter(user=person).update(code_expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(services.ServiceError, match="kedaluwarsa"):
        services.phone_verify(by=person, code=code)
    assert PhoneNumber.objects.get(user=person).verified_at is None


def test_bad_number_is_refused_on_its_field(whatsapp: FakeGraph) -> None:
    with pytest.raises(services.ServiceError) as caught:
        services.phone_start(by=UserFactory(), number="021 7654321")
    assert list(caught.value.field_errors) == ["number"]
    assert whatsapp.received == []


def test_revoking_stops_messages_and_erases_the_number(
    whatsapp: FakeGraph, django_capture_on_commit_callbacks: Any
) -> None:
    owner = UserFactory()
    _opt_in(owner, "085711112222", whatsapp, django_capture_on_commit_callbacks)
    services.phone_revoke(by=owner)
    assert not PhoneNumber.objects.filter(user=owner).exists()
    sent = len(whatsapp.received)
    actor = make_actor(by=owner, status=Status.SUBMITTED, name="Tenun Pancoran Mas")
    with django_capture_on_commit_callbacks(execute=True):
        registry.actor_verify(by=user_with_role("staff"), actor=actor)
    assert len(whatsapp.received) == sent
    assert AuditEntry.objects.filter(action="notifications.phone.revoked", data={"phone": "+6285••••••222"}).exists()


def test_a_graph_outage_is_retried_and_a_refusal_fails_at_once(
    whatsapp: FakeGraph, django_capture_on_commit_callbacks: Any
) -> None:
    owner = UserFactory()
    _opt_in(owner, "081377778888", whatsapp, django_capture_on_commit_callbacks)
    whatsapp.fail_next = 1
    actor = make_actor(by=owner, status=Status.SUBMITTED, name="Sulam Cilodong")
    with django_capture_on_commit_callbacks(execute=True):
        registry.actor_verify(by=user_with_role("staff"), actor=actor)
    delivery = Delivery.objects.get(channel="whatsapp")
    assert (delivery.status, delivery.attempts) == (Delivery.Status.RETRYING, 1)
    assert delivery.last_error == "2: Service temporarily unavailable"
    assert Delivery.objects.get(channel="email").status == Delivery.Status.SENT  # the other channel went out
    services.retry_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 2)
    # A template Meta refuses (4xx) is not retried.
    delivery.status, delivery.payload = Delivery.Status.PENDING, {**delivery.payload, "template": "tidak_ada"}
    delivery.save()
    services.deliver([delivery.pk])
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert "132000" in delivery.last_error


def test_ticket_and_reminder_the_day_before_carry_the_qr_image(
    whatsapp: FakeGraph, django_capture_on_commit_callbacks: Any, client: Any
) -> None:
    from django.core import mail
    from django.core.management import call_command

    from sinergi.events import services as events
    from sinergi.notifications.models import Notification
    from tests.events.factories import make_event, make_session

    visitor = UserFactory(language="en")
    _opt_in(visitor, "081955556666", whatsapp, django_capture_on_commit_callbacks)
    event = make_event(title="Pekan Desain", start=timezone.localdate() + timedelta(days=1))
    session = make_session(event)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reg = events.registration_create(session=session, name="Rina", email=visitor.email, user=visitor)
    # The ticket e-mail (QR attached) is the events app's own: sent once, not again by the layer.
    assert len([m for m in mail.outbox if m.to == [visitor.email]]) == 1
    ticket = whatsapp.received[-1]["template"]
    assert ticket["name"] == "sinergi_ticket"
    assert ticket["language"] == {"code": "en"}
    image = ticket["components"][0]["parameters"][0]["image"]["link"]
    assert image.endswith(f"/acara/tiket/{reg.code}/qr.png")
    png = client.get(image.removeprefix("http://127.0.0.1:8000"))
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    assert Notification.objects.get(user=visitor, kind="events.registration.confirmed").title == (
        f"Your ticket: {session.title}"
    )
    for _ in range(2):  # the daily run twice: one reminder
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_session_reminders", stdout=io.StringIO())
    reminders = [m for m in whatsapp.received if m["template"]["name"] == "sinergi_session_reminder"]
    assert len(reminders) == 1
    assert Notification.objects.filter(user=visitor, kind="events.session.reminder").count() == 1
    assert whatsapp.problems == []
