"""Programs: the cohort hears of each session the day before, and a graduate hears their certificate
is ready — in the app, by e-mail and on WhatsApp, in their language and the installation's time zone."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sinergi.notifications import services as notifications
from sinergi.notifications.models import Delivery, Notification
from sinergi.programs import services as programs
from sinergi.programs.models import ParticipantStatus
from tests.factories import UserFactory, make_actor, user_with_role

from .conftest import FakeGraph
from .test_whatsapp import _opt_in

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo(settings.TIME_ZONE)


def _cohort(*owners: Any, program: Any) -> list[Any]:
    """Each owner's business applies and is accepted; returns the participants."""
    from tests.programs.factories import GOOD_ANSWERS

    staff = user_with_role("staff")
    participants = []
    for n, owner in enumerate(owners):
        actor = make_actor(by=owner, name=f"Usaha Peserta {n + 1}")
        app = programs.application_submit(by=owner, program=program, actor=actor, answers=GOOD_ANSWERS)
        programs.application_review(by=staff, application=app, score=80, notes="", decision="accepted")
        app.refresh_from_db()
        participants.append(app.participant)
    return participants


def _session(program: Any, day: Any, at: time, title: str) -> Any:
    starts = datetime.combine(day, at, tzinfo=LOCAL)
    return programs.session_create(
        by=None,
        program=program,
        data={
            "title": title,
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2),
            "venue": "Aula Dinas",
            "capacity": 10,
        },
    )


def test_the_cohort_is_reminded_the_day_before_once_in_their_language(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from tests.programs.factories import make_program

    program = make_program(title="Inkubasi Kuliner", cohort_size=5)
    english, indonesian, withdrawn = UserFactory(language="en"), UserFactory(language="id"), UserFactory()
    *_active, dropped = _cohort(english, indonesian, withdrawn, program=program)
    dropped.status = ParticipantStatus.DROPPED
    dropped.save()
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    _session(program, tomorrow, time(9, 0), "Kemasan Produk")
    _session(program, tomorrow + timedelta(days=1), time(9, 0), "Perizinan")  # not tomorrow: not yet
    mail.outbox.clear()
    for _ in range(2):  # the daily run twice: one reminder each
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_session_reminders", stdout=io.StringIO())
    told = {n.user_id: n for n in Notification.objects.filter(kind="programs.session.reminder")}
    assert set(told) == {english.pk, indonesian.pk}
    assert told[english.pk].title == "Tomorrow: Kemasan Produk (Inkubasi Kuliner)"
    assert told[indonesian.pk].title == "Besok: Kemasan Produk (Inkubasi Kuliner)"
    label = settings.SINERGI_TIME_ZONE_LABEL
    assert told[indonesian.pk].body == f"{tomorrow:%d-%m-%Y} 09.00 {label} di Aula Dinas."
    assert told[english.pk].body == f"{tomorrow:%d-%m-%Y} 09.00 {label} at Aula Dinas."
    assert told[english.pk].url == f"/program/{program.slug}/"
    assert told[english.pk].subject_type == "programs.program"
    reminded = sorted(m.to[0] for m in mail.outbox)
    assert reminded == sorted([english.email, indonesian.email])


def test_tomorrow_is_the_installations_date(django_capture_on_commit_callbacks: Any) -> None:
    """A session at 00.30 local time tomorrow is still "tomorrow", though it is today in UTC."""
    from tests.programs.factories import make_program

    program = make_program(title="Kelas Malam")
    (participant,) = _cohort(UserFactory(), program=program)
    now = datetime.combine(timezone.localdate(), time(8, 0), tzinfo=LOCAL)
    tomorrow = now.date() + timedelta(days=1)
    _session(program, tomorrow, time(0, 30), "Sesi Dini Hari")
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.reminders_emit(now=now) == 1
    assert Notification.objects.filter(kind="programs.session.reminder").count() == 1
    assert participant.actor.owner_id == Notification.objects.get(kind="programs.session.reminder").user_id


def test_a_graduate_hears_the_certificate_is_ready_on_every_channel(
    whatsapp: FakeGraph, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.programs.factories import make_program

    owner = UserFactory(language="en")
    _opt_in(owner, "0812 7777 8888", whatsapp, django_capture_on_commit_callbacks)
    program = make_program(title="Inkubasi Kriya")
    (participant,) = _cohort(owner, program=program)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = programs.participant_complete(by=None, participant=participant)
    ready = Notification.objects.get(kind="programs.certificate.ready")
    assert ready.user == owner
    assert ready.title == "Certificate of Inkubasi Kriya for Usaha Peserta 1 is ready to download"
    assert done.certificate_number in ready.body
    assert ready.url == f"/program/sertifikat/{participant.pk}.pdf"
    assert [m.subject for m in mail.outbox] == [f"[Sinergi] {ready.title}"]
    sent = [m for m in whatsapp.received if m["template"]["name"] == "sinergi_certificate_ready"]
    assert len(sent) == 1
    assert sent[0]["template"]["language"] == {"code": "en"}
    assert [p["text"] for p in sent[0]["template"]["components"][0]["parameters"]] == [
        "Inkubasi Kriya",
        "Usaha Peserta 1",
    ]
    assert whatsapp.problems == []
    assert set(Delivery.objects.filter(notification=ready).values_list("channel", "status")) == {
        ("email", "sent"),
        ("whatsapp", "sent"),
    }
    # The link opens the certificate for its owner.
    client.force_login(owner)
    response = client.get(ready.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_preferences_apply_to_the_new_types(django_capture_on_commit_callbacks: Any) -> None:
    from tests.programs.factories import make_program

    owner = UserFactory()
    notifications.preference_set(by=owner, kind="programs.certificate.ready", channel="email", mode="off")
    program = make_program(title="Inkubasi Fesyen")
    (participant,) = _cohort(owner, program=program)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        programs.participant_complete(by=None, participant=participant)
    assert Notification.objects.filter(user=owner, kind="programs.certificate.ready").count() == 1  # in the app
    assert not Delivery.objects.filter(notification__kind="programs.certificate.ready").exists()
    assert mail.outbox == []
