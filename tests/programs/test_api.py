from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from sinergi.accounts.models import Role
from sinergi.accounts.tokens import token_create
from sinergi.programs import services
from sinergi.programs.models import Attendance, Participant
from tests.factories import UserFactory, make_actor, user_with_role

from .factories import GOOD_ANSWERS, make_program

pytestmark = pytest.mark.django_db


def bearer(user, scopes):
    _token, secret = token_create(by=user, user=user, name="uji", scopes=scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_attendance_through_the_api_needs_scope_and_staff(client):
    program = make_program()
    app = services.application_submit(by=None, program=program, actor=make_actor(), answers=GOOD_ANSWERS)
    services.application_review(by=None, application=app, score=80, notes="", decision="accepted")
    participant = Participant.objects.get()
    start = timezone.make_aware(datetime.combine(program.start_date, datetime.min.time()).replace(hour=9))
    session = services.session_create(
        by=None,
        program=program,
        data={
            "title": "Materi",
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "venue": "Aula",
            "capacity": 5,
        },
    )
    url = f"/api/v1/programs/sessions/{session.pk}/attendance"
    body = {"present": [participant.pk]}
    assert client.post(url, body, content_type="application/json").status_code == 401
    assert (
        client.post(url, body, content_type="application/json", **bearer(UserFactory(), ["events:write"])).status_code
        == 403
    )
    staff = user_with_role(Role.STAFF)
    ok = client.post(url, body, content_type="application/json", **bearer(staff, ["events:write"]))
    assert ok.status_code == 200
    assert ok.json() == {"session": session.pk, "present": 1}
    assert Attendance.objects.get().present
    stranger = client.post(
        url, {"present": [999_999]}, content_type="application/json", **bearer(staff, ["events:write"])
    )
    assert stranger.status_code == 400
    listing = client.get(f"/api/v1/programs/{program.slug}/sessions").json()
    assert [s["title"] for s in listing] == ["Materi"]
