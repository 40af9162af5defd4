"""The official answer notifies author, co-authors, supporters and endorsers, in-app and by e-mail."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from sinergi.collaboration import services
from sinergi.collaboration.models import Phase
from sinergi.notifications import services as notifications
from sinergi.notifications.models import Mode, Notification, Preference
from tests.factories import UserFactory

from .factories import Cast, make_initiative

pytestmark = pytest.mark.django_db


def _review_with_people(cast: Cast) -> tuple[Any, list[Any]]:
    initiative = make_initiative(cast, Phase.OPEN)
    supporters = [UserFactory() for _ in range(3)]
    for person in supporters:
        services.support_add(by=person, initiative=initiative)
    services.endorsement_add(by=cast.leader, initiative=initiative, organisation=cast.community)
    services.initiative_start_review(by=cast.staff, initiative=initiative)
    return initiative, supporters


@pytest.mark.parametrize("outcome", ["accept", "reject"])
def test_answer_notifies_everyone_in_app_and_by_email(outcome: str, django_capture_on_commit_callbacks: Any) -> None:
    cast = Cast()
    initiative, supporters = _review_with_people(cast)
    Notification.objects.all().delete()
    mail.outbox.clear()
    decide = services.initiative_accept if outcome == "accept" else services.initiative_reject
    with django_capture_on_commit_callbacks(execute=True):
        decide(by=cast.head, initiative=initiative, answer="Jawaban dengan alasan.", grounds="Rapat")
    expected = {cast.author, cast.coauthor, cast.leader, *supporters}
    notified = {n.user for n in Notification.objects.filter(kind="collaboration.answer")}
    assert notified == expected
    assert {m.to[0] for m in mail.outbox} == {u.email for u in expected}
    assert all("Jawaban resmi" in m.subject for m in mail.outbox)


def test_preferences_digest_and_off(django_capture_on_commit_callbacks: Any) -> None:
    cast = Cast()
    initiative, supporters = _review_with_people(cast)
    notifications.preference_set(by=supporters[0], channel="email", mode=Mode.DIGEST)
    notifications.preference_set(by=supporters[1], channel="email", mode=Mode.OFF)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_accept(by=cast.head, initiative=initiative, answer="Ya.", grounds="Rapat")
    recipients = {m.to[0] for m in mail.outbox}
    assert supporters[0].email not in recipients
    assert supporters[1].email not in recipients
    assert supporters[2].email in recipients
    # in-app is always on
    assert Notification.objects.filter(user=supporters[1], kind="collaboration.answer").exists()
    mail.outbox.clear()
    call_command("send_digest", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [[supporters[0].email]]
    assert "Ringkasan harian" in mail.outbox[0].subject
    assert initiative.title in mail.outbox[0].body
    mail.outbox.clear()
    call_command("send_digest", stdout=io.StringIO())
    assert mail.outbox == []


def test_inbox_page_and_mark_read(client: Any, django_capture_on_commit_callbacks: Any) -> None:
    cast = Cast()
    initiative, _ = _review_with_people(cast)
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_accept(by=cast.head, initiative=initiative, answer="Ya.", grounds="Rapat")
    client.force_login(cast.author)
    page = client.get("/kolaborasi/pemberitahuan/", follow=True)  # the old address lands on the new page
    assert page.redirect_chain[-1][0] == "/aktivitas/"
    assert "Jawaban resmi" in page.content.decode()
    client.post("/aktivitas/tandai-dibaca/")
    assert not Notification.objects.filter(user=cast.author, read_at__isnull=True).exists()
    response = client.post("/aktivitas/pengaturan/", {"semua__email": "digest"})
    assert response.status_code == 302
    assert Preference.objects.get(user=cast.author, kind="", channel="email").mode == "digest"
