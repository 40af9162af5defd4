"""The programs demo: a closed program walked through its whole lifecycle, carrying out the halal
initiative, and a program open for applications now that the demo business owner is eligible for."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from sinergi.core.models import AuditEntry
from sinergi.demo.seed import accounts as accounts_demo
from sinergi.demo.seed import collaboration as collaboration_demo
from sinergi.demo.seed import programs as demo
from sinergi.demo.seed import registry as registry_demo
from sinergi.programs import services
from sinergi.programs.forms import QuestionFormSet
from sinergi.programs.models import Program, ProgramApplication
from sinergi.registry import selectors as registry_selectors
from sinergi.registry.models import Actor


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """Seed once for the module inside a transaction rolled back afterwards (tests nest in it)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = io.StringIO()
            accounts_demo.seed(out)
            registry_demo.seed(out)
            collaboration_demo.seed(out)
            demo.seed(out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = pytest.mark.django_db


def test_demo_program_goes_through_every_status_and_ends_closed(seeded: str) -> None:
    program = Program.objects.get(slug=demo.SLUG)
    assert program.status == "closed"
    assert program.is_demo
    steps = AuditEntry.objects.filter(action="programs.program.status_changed", target_id=str(program.pk)).order_by(
        "pk"
    )
    assert [e.data["status"] for e in steps] == ["selection", "running", "closed"]


def test_the_halal_program_carries_out_the_halal_initiative(seeded: str) -> None:
    program = Program.objects.get(slug=demo.SLUG)
    assert program.certification == "halal"
    assert program.initiative is not None
    assert program.initiative.is_demo
    assert "halal" in program.initiative.title.lower()


def test_a_program_is_open_for_applications_today(seeded: str, client: Any) -> None:
    program = Program.objects.get(slug=demo.OPEN_SLUG)
    today = timezone.localdate()
    assert program.is_demo
    assert program.status == "open"
    assert program.accepts_applications()
    assert program.call_opens is not None
    assert program.call_closes is not None
    assert program.call_opens < today < program.call_closes
    listed = client.get("/api/v1/programs", {"limit": 100}).json()["results"]
    assert any(row["slug"] == demo.OPEN_SLUG and row["status"] == "open" for row in listed)
    # Its public page names who may apply: the kecamatan by name.
    page = client.get(f"/program/{demo.OPEN_SLUG}/")
    assert page.status_code == 200
    kecamatan = program.eligible_kecamatan.get()
    assert kecamatan.name in page.content.decode()


def test_the_demo_business_owner_is_eligible(seeded: str) -> None:
    program = Program.objects.get(slug=demo.OPEN_SLUG)
    actor = registry_selectors.actors_owned_by(user=accounts_demo.demo_user("pelaku")).get()
    assert program.eligible_subsectors.exists()
    assert program.eligible_kecamatan.exists()
    assert set(actor.subsectors.values_list("pk", flat=True)) & set(
        program.eligible_subsectors.values_list("pk", flat=True)
    )
    assert services.eligibility_problems(program=program, actor=actor) == []
    # Someone elsewhere is not: the program really is aimed at the owner's kecamatan.
    other = (
        Actor.objects.filter(is_demo=True, status="verified").exclude(kelurahan__parent=actor.kelurahan.parent).first()
    )
    assert other is not None
    assert services.eligibility_problems(program=program, actor=other)


def test_the_open_call_questions_are_what_the_form_builder_builds(seeded: str) -> None:
    program = Program.objects.get(slug=demo.OPEN_SLUG)
    data: dict[str, Any] = {"form-TOTAL_FORMS": str(len(program.questions)), "form-INITIAL_FORMS": "0"}
    for i, q in enumerate(program.questions):
        data |= {
            f"form-{i}-label": q["label"],
            f"form-{i}-type": q["type"],
            f"form-{i}-choices": "\n".join(q.get("choices", [])),
        }
        if q["required"]:
            data[f"form-{i}-required"] = "on"
    formset = QuestionFormSet(data)
    assert formset.is_valid(), formset.errors
    assert formset.questions() == program.questions
    assert {q["type"] for q in program.questions} == {"text", "number", "yesno", "choice"}


def test_seeding_again_changes_nothing(seeded: str) -> None:
    counts = (Program.objects.count(), ProgramApplication.objects.count(), AuditEntry.objects.count())
    out = io.StringIO()
    demo.seed(out)
    assert (Program.objects.count(), ProgramApplication.objects.count(), AuditEntry.objects.count()) == counts
    assert "sudah ada" in out.getvalue()
