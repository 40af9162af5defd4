from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sinergi.events import ical, services
from sinergi.events.selectors import events_for_actor, events_for_community
from sinergi.programs import services as program_services
from sinergi.programs.selectors import programs_for_actor
from tests.factories import make_actor
from tests.programs.factories import GOOD_ANSWERS, make_program

from .factories import accepted_application, make_community, make_event, make_session

pytestmark = pytest.mark.django_db


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_escape_and_fold_follow_rfc_5545():
    assert ical.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    long = "DESCRIPTION:" + "Bazar kriya dan kuliner Depok — " * 10
    folded = ical.fold(long)
    assert all(len(line.encode()) <= 75 for line in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == long


def test_calendar_has_a_vevent_per_session_with_utc_times():
    event = make_event(title="Sinergitas; Uji, Kalender")
    first = make_session(event, kind="workshop", hour=10)
    make_session(event, kind="talk_show", hour=15)
    text = ical.calendar(event, event.sessions.order_by("starts_at"), host="sinergi.test")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert "PRODID:-//Sinergi//Acara//ID" in lines
    assert lines.count("BEGIN:VEVENT") == 2 == lines.count("END:VEVENT")
    assert "X-WR-CALNAME:Sinergitas\\; Uji\\, Kalender" in lines
    start = first.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in lines
    assert f"UID:sesi-{first.pk}@sinergi.test" in lines
    assert datetime.strptime(start, "%Y%m%dT%H%M%SZ")  # noqa: DTZ007 -- a format check


def test_profile_selectors_list_involvement():
    actor = make_actor()
    community = make_community("Komunitas Profil")
    event = make_event()
    accepted_application(event, actor=actor)
    applied = services.booth_application_submit(by=None, event=event, community=community, data={"products": "x"})
    assert list(events_for_community(community)) == []  # applying is not yet taking part
    services.booth_application_review(
        by=None,
        application=applied,
        notes="",
        decision="accepted",
        criteria_scores=dict.fromkeys(("product", "local", "readiness", "fostered"), 3),
    )
    hidden = make_event(publish=False)
    hidden.actors.add(actor)
    assert list(events_for_actor(actor)) == [event]
    assert list(events_for_community(community)) == [event]
    program = make_program()
    app = program_services.application_submit(by=None, program=program, actor=actor, answers=GOOD_ANSWERS)
    assert list(programs_for_actor(actor)) == []
    program_services.application_review(by=None, application=app, score=80, notes="", decision="accepted")
    assert list(programs_for_actor(actor)) == [program]
