"""Every message writes a time one way (`notifications.types.when`): Indonesian style with the
configured zone's abbreviation, "09.00 WIB" — the ticket e-mail and the reminder the day before alike."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sinergi.events import services as events
from sinergi.notifications.models import Notification
from sinergi.notifications.types import when
from sinergi.wilayah import reference
from tests.events.factories import make_event, make_session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _ticket_and_reminder(captured: Any) -> tuple[str, str, str]:
    """A signed-in visitor registers for a 09.00 session tomorrow and gets the daily reminder: the
    date, the ticket e-mail's body and the reminder's body."""
    visitor = UserFactory()
    tomorrow = timezone.localdate() + timedelta(days=1)
    session = make_session(make_event(title="Pekan Desain", start=tomorrow), hour=9)
    mail.outbox.clear()
    with captured(execute=True):
        events.registration_create(session=session, name="Rina", email=visitor.email, user=visitor)
    ticket = next(m for m in mail.outbox if m.to == [visitor.email]).body
    with captured(execute=True):
        call_command("send_session_reminders", stdout=io.StringIO())
    reminder = Notification.objects.get(user=visitor, kind="events.session.reminder").body
    return tomorrow.strftime("%d-%m-%Y"), ticket, reminder


def test_the_ticket_and_the_reminder_write_the_session_time_alike(django_capture_on_commit_callbacks: Any) -> None:
    day, ticket, reminder = _ticket_and_reminder(django_capture_on_commit_callbacks)
    assert f"{day} 09.00 WIB" in ticket
    assert f"{day} 09.00 WIB" in reminder
    assert "09:00" not in ticket
    assert "09:00" not in reminder


def test_a_kaltim_installation_writes_its_own_zone_in_both(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TIME_ZONE = reference.time_zone_for("64")
    settings.SINERGI_TIME_ZONE_LABEL = reference.zone_label(settings.TIME_ZONE)
    with timezone.override(settings.TIME_ZONE):
        day, ticket, reminder = _ticket_and_reminder(django_capture_on_commit_callbacks)
    assert f"{day} 09.00 WITA" in ticket
    assert f"{day} 09.00 WITA" in reminder


def test_when_is_the_local_time_with_the_zone_abbreviation(settings: Any) -> None:
    moment = timezone.make_aware(datetime(2026, 12, 5, 2, 5), timezone=timezone.get_fixed_timezone(0))
    with timezone.override("Asia/Jakarta"):
        assert when(moment) == "05-12-2026 09.05 WIB"
    settings.SINERGI_TIME_ZONE_LABEL = "WITA"
    with timezone.override("Asia/Makassar"):
        assert when(moment) == "05-12-2026 10.05 WITA"
