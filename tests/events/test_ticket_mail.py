"""The ticket e-mail (QR attached, link to the ticket page) and "send my tickets again"."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from sinergi.core.models import AuditEntry
from sinergi.events import services
from sinergi.events.models import EventSession

from .factories import make_event, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def test_registration_mail_attaches_the_qr_and_links_the_ticket(client, django_capture_on_commit_callbacks):
    session = make_session(make_event(), capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:register", args=[session.pk]), {"name": "Rina", "email": "rina@contoh.id"}
        )
    assert response.status_code == 302
    [message] = mail.outbox
    reg = session.registrations.get()
    assert f"http://testserver/acara/tiket/{reg.code}/" in message.body
    assert reg.display_code in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"tiket-{reg.display_code}.png", "image/png")
    assert Image.open(io.BytesIO(content)).format == "PNG"
    assert content == services.ticket_qr_png(reg)  # the same QR as the ticket page's (the token)


def test_waitlisted_mail_has_no_qr(django_capture_on_commit_callbacks):
    session = make_session(make_event(), capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(session=session, name="A", email="a@contoh.id")
        services.registration_create(session=session, name="B", email="b@contoh.id")
    assert [len(m.attachments) for m in mail.outbox] == [1, 0]


def test_resend_sends_current_tickets_and_answers_alike_for_unknown_addresses(client):
    event = make_event()
    first = services.registration_create(session=make_session(event), name="Sari", email="sari@contoh.id")
    second = services.registration_create(session=make_session(event, hour=14), name="Sari", email="sari@contoh.id")
    mail.outbox.clear()
    url = reverse("events:tickets_resend")
    assert client.get(url).status_code == 200
    known = client.post(url, {"email": " Sari@Contoh.id "}, follow=True)
    unknown = client.post(url, {"email": "siapa@contoh.id"}, follow=True)
    assert [m.to for m in mail.outbox] == [["sari@contoh.id"]]
    body = mail.outbox[0].body
    assert first.display_code in body
    assert second.display_code in body
    assert f"http://testserver/acara/tiket/{first.code}/" in body
    assert len(mail.outbox[0].attachments) == 2

    def answer(response):
        text = re.sub(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return text.replace("sari@contoh.id", "X").replace("siapa@contoh.id", "X")

    assert known.status_code == unknown.status_code == 200
    assert answer(known) == answer(unknown)
    assert AuditEntry.objects.filter(action="events.tickets.resent").count() == 1


def test_resend_leaves_out_cancelled_and_past_tickets():
    event = make_event()
    cancelled = services.registration_create(session=make_session(event), name="A", email="a@contoh.id")
    services.registration_cancel(by=None, registration=cancelled)
    over = services.registration_create(session=make_session(event, hour=14), name="A", email="a@contoh.id")
    EventSession.objects.filter(pk=over.session_id).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=2)
    )
    mail.outbox.clear()
    assert services.tickets_resend(email="a@contoh.id") == 0
    assert mail.outbox == []


def test_resend_is_rate_limited_per_address(client, settings):
    settings.SINERGI_RATE_LIMITS = {**settings.SINERGI_RATE_LIMITS, "ticket_resend_address": "2/hour"}
    url = reverse("events:tickets_resend")
    for _ in range(2):
        assert client.post(url, {"email": "x@contoh.id"}).status_code == 302
    limited = client.post(url, {"email": "x@contoh.id"})
    assert limited.status_code == 429
    assert "Terlalu banyak permintaan kirim ulang tiket" in limited.content.decode()
    assert client.post(url, {"email": "y@contoh.id"}).status_code == 302


def test_resend_form_error_is_shown_in_place(client):
    response = client.post(reverse("events:tickets_resend"), {"email": "bukan-email"})
    assert response.status_code == 400
    assert 'value="bukan-email"' in response.content.decode()
