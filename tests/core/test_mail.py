"""E-mail is never sent inside a web request (issue 10 §4): every mail is queued for the task worker,
which delivers it with an SMTP timeout. A hung relay once made password reset answer 504 after 63 s."""

from __future__ import annotations

import smtplib
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django_tasks_db.models import DBTaskResult

from sinergi.core.mail import TASK_BACKEND, serialise
from sinergi.core.tasks import deliver_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def hung_relay() -> Iterator[int]:
    """An SMTP relay that accepts connections and never answers (closed after the test)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            accepted.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


@pytest.fixture
def queued_mail(settings: Any) -> Any:
    """The production arrangement: mail goes to the task backend, tasks to the database queue."""
    settings.EMAIL_BACKEND = TASK_BACKEND
    settings.SINERGI_EMAIL_DELIVERY_BACKEND = LOCMEM
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return settings


def _run_queued() -> int:
    """What the worker does with each queued mail task."""
    done = 0
    for result in DBTaskResult.objects.filter(task_path="sinergi.core.tasks.deliver_email"):
        task_result = result.task_result
        deliver_email.call(*task_result.args, **task_result.kwargs)
        done += 1
    return done


def test_password_reset_queues_its_mail_and_the_worker_sends_it(client: Any, queued_mail: Any, hung_relay: int) -> None:
    user = UserFactory(email="lupa@contoh.id")
    # The relay the worker will use hangs; the request must not care.
    queued_mail.SINERGI_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    queued_mail.EMAIL_HOST, queued_mail.EMAIL_PORT, queued_mail.EMAIL_TIMEOUT = "127.0.0.1", hung_relay, 1
    response = client.post("/akun/sandi/lupa/", {"email": user.email})
    assert response.status_code == 302
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path="sinergi.core.tasks.deliver_email").count() == 1
    # In the worker, the hung relay costs one task its timeout, and the failure is raised, not hidden.
    with pytest.raises((TimeoutError, smtplib.SMTPServerDisconnected), match="timed out"):
        _run_queued()
    # With a working relay the same queued message arrives intact.
    queued_mail.SINERGI_EMAIL_DELIVERY_BACKEND = LOCMEM
    assert _run_queued() == 1
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["lupa@contoh.id"]
    assert "/akun/sandi/atur/" in sent.body


def test_every_sender_goes_through_the_queue(queued_mail: Any) -> None:
    assert send_mail("Subjek", "Isi", None, ["a@contoh.id"]) == 1
    assert mail.outbox == []
    assert _run_queued() == 1
    assert [m.subject for m in mail.outbox] == ["Subjek"]


def test_a_queued_message_keeps_everything() -> None:
    message = EmailMultiAlternatives(
        "Tiket", "Teks", "Sinergi <noreply@contoh.id>", ["a@contoh.id"], bcc=["b@contoh.id"], reply_to=["c@contoh.id"]
    )
    message.attach_alternative("<p>Teks</p>", "text/html")
    message.attach("tiket.ics", b"BEGIN:VCALENDAR", "text/calendar")
    assert deliver_email.call(serialise(message)) == 1
    sent = mail.outbox[0]
    assert (sent.subject, sent.body, sent.from_email) == ("Tiket", "Teks", "Sinergi <noreply@contoh.id>")
    assert sent.recipients() == ["a@contoh.id", "b@contoh.id"]
    assert sent.reply_to == ["c@contoh.id"]
    assert sent.alternatives[0][0] == "<p>Teks</p>"
    assert sent.attachments[0][:2] == ("tiket.ics", "BEGIN:VCALENDAR")


def test_delivery_never_queues_again(settings: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured

    settings.SINERGI_EMAIL_DELIVERY_BACKEND = TASK_BACKEND
    with pytest.raises(ImproperlyConfigured):
        deliver_email.call(serialise(EmailMultiAlternatives("x", "y", None, ["a@contoh.id"])))
