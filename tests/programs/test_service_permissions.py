"""Each program service checks its own named permission for the person acting (`by`), whoever calls it;
`by=None` is the platform itself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from sinergi.accounts.models import Role
from sinergi.core.errors import NotAllowed
from sinergi.core.models import AuditEntry
from sinergi.programs import services
from tests.factories import UserFactory, make_actor, office_with, user_with_role

from .factories import GOOD_ANSWERS, make_program

pytestmark = pytest.mark.django_db


def _calls() -> dict[str, Callable[[Any], Any]]:
    program = make_program()
    app = services.application_submit(by=None, program=program, actor=make_actor(), answers=GOOD_ANSWERS)
    services.application_review(by=None, application=app, score=80, notes="", decision="accepted")
    participant = app.participant
    starts = timezone.now() + timedelta(days=12)
    session = services.session_create(
        by=None,
        program=program,
        data={
            "title": "Kelas 1",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2),
            "venue": "Aula",
            "capacity": 10,
        },
    )
    return {
        "review": lambda by: services.application_review(
            by=by, application=app, score=10, notes="", decision="rejected"
        ),
        "session": lambda by: services.session_create(
            by=by,
            program=program,
            data={
                "title": "Kelas 2",
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=1),
                "venue": "Aula",
                "capacity": 5,
            },
        ),
        "attendance": lambda by: services.attendance_record(by=by, session=session, present_ids=[participant.pk]),
        "outcome": lambda by: services.outcome_record(
            by=by,
            participant=participant,
            stage="baseline",
            recorded_on=timezone.localdate(),
            monthly_sales=Decimal(1_000_000),
            workers=2,
        ),
        "complete": lambda by: services.participant_complete(by=by, participant=participant),
    }


@pytest.mark.parametrize("call", ["review", "session", "attendance", "outcome", "complete"])
def test_a_person_without_the_permission_is_refused_and_nothing_is_written(call: str) -> None:
    action = _calls()[call]
    before = AuditEntry.objects.count()
    for person in (UserFactory(), user_with_role(Role.STAFF, organisation=office_with(name="Dinas Lain"))):
        with pytest.raises(NotAllowed):
            action(person)
    assert AuditEntry.objects.count() == before


def test_the_organising_office_may() -> None:
    staff = user_with_role(Role.STAFF)  # works at the tests' city office, which organises the program
    calls = _calls()
    for name in ("session", "attendance", "outcome"):
        calls[name](staff)
    assert AuditEntry.objects.filter(by=staff).count() == 3


def test_only_the_owner_applies_for_a_business() -> None:
    """The service itself holds `programs.apply` (the business's profile owner): neither another person
    nor the organising office's staff apply in its name; the refusal is on the actor field."""
    program = make_program()
    owner = UserFactory()
    actor = make_actor(by=owner)
    before = AuditEntry.objects.count()
    for stranger in (UserFactory(), user_with_role(Role.STAFF)):
        with pytest.raises(NotAllowed) as refused:
            services.application_submit(by=stranger, program=program, actor=actor, answers=GOOD_ANSWERS)
        assert list(refused.value.field_errors) == ["actor"]
    assert AuditEntry.objects.count() == before
    assert not program.applications.exists()
    app = services.application_submit(by=owner, program=program, actor=actor, answers=GOOD_ANSWERS)
    assert app.applicant == owner
