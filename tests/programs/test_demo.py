"""The programs demo walks its program through the whole lifecycle, as staff would."""

from __future__ import annotations

import io

import pytest

from sinergi.core.models import AuditEntry
from sinergi.programs import demo
from sinergi.programs.models import Program

pytestmark = pytest.mark.django_db


def test_demo_program_goes_through_every_status_and_ends_closed() -> None:
    from sinergi.accounts import demo as accounts_demo

    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    program = Program.objects.get(slug=demo.SLUG)
    assert program.status == "closed" and program.is_demo
    steps = AuditEntry.objects.filter(action="programs.program.status_changed").order_by("pk")
    assert [e.data["status"] for e in steps] == ["selection", "running", "closed"]
