"""The collaboration demo: every phase, offices and communities proposing, each helix pledging, real
phase history and decision records, labelled demo, idempotent, fast."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from sinergi.accounts.models import Helix, User
from sinergi.collaboration.models import (
    Comment,
    DecisionRecord,
    Initiative,
    Milestone,
    OfflineSupport,
    Phase,
    PhaseChange,
    Pledge,
    PledgeStatus,
    ProposerType,
    Result,
    Stance,
    Support,
)
from sinergi.core.models import AuditEntry
from sinergi.demo.seed import accounts as accounts_demo
from sinergi.demo.seed import collaboration as demo
from sinergi.demo.seed import registry as registry_demo


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
            demo.seed(out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = pytest.mark.django_db


def demo_initiatives() -> Any:
    return Initiative.objects.filter(is_demo=True)


def test_every_phase_is_present(seeded: str) -> None:
    phases = set(demo_initiatives().values_list("phase", flat=True))
    assert phases == set(Phase.values)
    assert "inisiatif demo:" in seeded


def test_proposed_by_offices_and_by_communities(seeded: str) -> None:
    offices = demo_initiatives().filter(proposer_type=ProposerType.OFFICE)
    communities = demo_initiatives().filter(proposer_type=ProposerType.COMMUNITY)
    assert {"Disdagin", "Bappeda"} <= set(offices.values_list("proposer_organisation__short_name", flat=True))
    assert communities.values("proposer_organisation").distinct().count() >= 3
    assert demo_initiatives().filter(proposer_type=ProposerType.PERSON).exists()


def test_each_helix_pledged_in_various_statuses(seeded: str) -> None:
    pledges = Pledge.objects.filter(initiative__is_demo=True)
    assert set(pledges.values_list("helix", flat=True)) == set(Helix.values)
    assert set(pledges.values_list("status", flat=True)) == set(PledgeStatus.values)
    for pledge in pledges.exclude(status=PledgeStatus.OFFERED):
        assert pledge.confirmed_at is not None


def test_phases_decisions_and_follow_through_are_real(seeded: str) -> None:
    for initiative in demo_initiatives():
        path = list(PhaseChange.objects.filter(initiative=initiative).values_list("to_phase", flat=True))
        assert path[0] == Phase.DRAFT
        assert path[-1] == initiative.phase
        assert AuditEntry.objects.filter(
            action="collaboration.initiative.created", target_id=str(initiative.pk)
        ).exists()
    decided = demo_initiatives().filter(
        phase__in=[Phase.ACCEPTED, Phase.REJECTED, Phase.IMPLEMENTATION, Phase.COMPLETED]
    )
    assert decided.exists()
    for initiative in decided:
        record = DecisionRecord.objects.get(initiative=initiative)
        assert initiative.answer
        assert record.grounds
        assert record.decided_by_label
    assert Milestone.objects.filter(initiative__is_demo=True, progress=100).exists()
    assert Milestone.objects.filter(initiative__is_demo=True, progress__gt=0, progress__lt=100).exists()
    assert Result.objects.filter(initiative__is_demo=True).exclude(evidence_url="").exists()


def test_supports_comments_and_counts(seeded: str) -> None:
    for initiative in demo_initiatives():
        assert initiative.support_count == Support.objects.filter(initiative=initiative).count()
    offline = OfflineSupport.objects.filter(initiative__is_demo=True)
    assert offline.exists()
    assert all(row.source for row in offline)
    comments = Comment.objects.filter(initiative__is_demo=True)
    assert comments.filter(parent__isnull=False).exists()
    assert set(comments.values_list("stance", flat=True)) == set(Stance.values)


def test_idempotent(seeded: str) -> None:
    counts = (Initiative.objects.count(), Support.objects.count(), Pledge.objects.count(), User.objects.count())
    out = io.StringIO()
    demo.seed(out)
    assert (Initiative.objects.count(), Support.objects.count(), Pledge.objects.count(), User.objects.count()) == counts
    assert "sudah ada" in out.getvalue()


def test_demo_badge_on_the_list(seeded: str, client: Any) -> None:
    response = client.get("/kolaborasi/?phase=open")
    assert response.status_code == 200
    assert 'class="badge warn"' in response.content.decode()


def test_phase_changes_are_spread_over_realistic_past_dates(seeded: str) -> None:
    now = timezone.now()
    changes = PhaseChange.objects.filter(initiative__is_demo=True)
    days = {change.at.date() for change in changes}
    assert len(days) >= 15, "phase changes bunched on a few days"
    assert all(change.at <= now for change in changes)
    oldest = min(change.at for change in changes)
    assert now - oldest >= dt.timedelta(days=90)
    assert changes.filter(at__date=timezone.localdate()).count() < changes.count() / 10
    for initiative in demo_initiatives():
        path = list(PhaseChange.objects.filter(initiative=initiative).order_by("pk").values_list("at", flat=True))
        assert path == sorted(path), initiative.title
        assert initiative.created_at <= path[0] + dt.timedelta(hours=1)
    for record in DecisionRecord.objects.filter(initiative__is_demo=True).select_related("initiative"):
        decided = PhaseChange.objects.get(initiative=record.initiative, to_phase=record.initiative.decision.outcome)
        assert record.decided_at.date() == decided.at.date()
        assert record.decided_at < now - dt.timedelta(days=30)


def test_milestones_and_their_reports_come_after_the_decision(seeded: str) -> None:
    milestones = Milestone.objects.filter(initiative__is_demo=True).select_related("initiative__decision")
    assert milestones.exists()
    for milestone in milestones:
        decided = milestone.initiative.decision.decided_at
        assert milestone.due_date is not None, milestone.title
        assert milestone.due_date > decided.date(), milestone.title
        assert milestone.created_at >= decided
        for update in milestone.updates.all():
            assert update.at >= decided
        if milestone.completed_at:
            assert milestone.completed_at >= decided


def test_supports_and_comments_fall_within_the_support_period(seeded: str) -> None:
    for initiative in demo_initiatives().exclude(opened_at__isnull=True):
        for support in Support.objects.filter(initiative=initiative):
            assert support.created_at >= initiative.opened_at
        comments = list(Comment.objects.filter(initiative=initiative).order_by("pk"))
        assert [c.created_at for c in comments] == sorted(c.created_at for c in comments)
        for comment in comments:
            assert comment.created_at >= initiative.opened_at
