"""Services: lifecycle, supports, offline supports, endorsements, pledges, decisions, follow-through."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sinergi.collaboration import selectors, services
from sinergi.collaboration.models import DecisionRecord, Phase, PledgeStatus
from sinergi.core.errors import Conflict, NotAllowed, ServiceError
from sinergi.core.models import AuditEntry

from .factories import Cast, make_initiative

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%minimal\n"


def test_whole_lifecycle_writes_phase_changes_and_audit() -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.COMPLETED)
    phases = list(initiative.phase_changes.values_list("to_phase", flat=True))
    assert phases == ["draft", "submitted", "open", "review", "accepted", "implementation", "completed"]
    actions = set(AuditEntry.objects.filter(target_id=str(initiative.pk)).values_list("action", flat=True))
    assert {"collaboration.initiative.submitted", "collaboration.initiative.accepted",
            "collaboration.decision.recorded", "collaboration.initiative.completed"} <= actions  # fmt: skip


def test_wrong_phase_is_refused() -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.DRAFT)
    with pytest.raises(Conflict):
        services.initiative_accept(by=cast.head, initiative=initiative, answer="x", grounds="y")
    with pytest.raises(Conflict):
        services.initiative_start_implementation(by=cast.staff, initiative=initiative)


def test_open_for_support_requires_future_deadline_and_positive_threshold() -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.SUBMITTED)
    with pytest.raises(ServiceError) as exc:
        services.initiative_open_for_support(
            by=cast.staff, initiative=initiative, threshold=0, deadline=timezone.localdate()
        )
    assert set(exc.value.field_errors) == {"threshold", "deadline"}
    assert initiative.phase == Phase.SUBMITTED


def test_reject_requires_answer_and_grounds_and_records_decision_with_minutes() -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.REVIEW)
    with pytest.raises(ServiceError):
        services.initiative_reject(by=cast.head, initiative=initiative, answer=" ", grounds="x")
    minutes = SimpleUploadedFile("notulen.pdf", PDF, content_type="application/pdf")
    services.initiative_reject(
        by=cast.head,
        initiative=initiative,
        answer="Tumpang tindih dengan program X.",
        grounds="Rapat Bappeda 3 Mei",
        minutes=minutes,
    )
    decision = DecisionRecord.objects.get(initiative=initiative)
    assert decision.outcome == "rejected"
    assert decision.decided_by == cast.head
    assert decision.minutes is not None
    assert decision.minutes.kind == "minutes"
    assert initiative.phase == Phase.REJECTED
    assert initiative.answer.startswith("Tumpang")


def test_bad_minutes_file_rolls_back_the_decision() -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.REVIEW)
    fake = SimpleUploadedFile("notulen.pdf", b"<html>not a pdf", content_type="application/pdf")
    with pytest.raises(ServiceError):
        services.initiative_accept(by=cast.head, initiative=initiative, answer="a", grounds="b", minutes=fake)
    initiative.refresh_from_db()
    assert initiative.phase == Phase.REVIEW
    assert not DecisionRecord.objects.exists()


def test_withdraw_and_archive_need_reasons() -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN)
    with pytest.raises(ServiceError):
        services.initiative_withdraw(by=cast.author, initiative=initiative, reason="")
    services.initiative_withdraw(by=cast.author, initiative=initiative, reason="Digabung dengan usulan lain.")
    assert initiative.phase == Phase.WITHDRAWN
    assert initiative.phase_reason
    services.initiative_archive(by=cast.staff, initiative=initiative, reason="Rapikan.")
    assert initiative.phase == Phase.ARCHIVED


def test_support_once_per_person_withdrawable_and_counted() -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN)
    assert services.support_add(by=cast.stranger, initiative=initiative) is True
    assert services.support_add(by=cast.stranger, initiative=initiative) is False
    services.support_add(by=cast.member, initiative=initiative)
    initiative.refresh_from_db()
    assert initiative.support_count == 2
    assert services.support_withdraw(by=cast.stranger, initiative=initiative) is True
    assert services.support_withdraw(by=cast.stranger, initiative=initiative) is False
    initiative.refresh_from_db()
    assert initiative.support_count == 1 == initiative.supports.count()


def test_support_refused_outside_open_phase_and_after_deadline() -> None:
    cast = Cast()
    draft = make_initiative(cast, Phase.DRAFT)
    with pytest.raises(Conflict):
        services.support_add(by=cast.stranger, initiative=draft)
    opened = make_initiative(cast, Phase.OPEN)
    type(opened).objects.filter(pk=opened.pk).update(support_deadline=timezone.localdate() - timedelta(days=1))
    with pytest.raises(Conflict):
        services.support_add(by=cast.stranger, initiative=opened)


def test_offline_supports_are_added_with_their_source() -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN)
    services.support_add(by=cast.stranger, initiative=initiative)
    services.offline_support_record(by=cast.staff, initiative=initiative, count=12, source="Musrenbang Beji")
    initiative.refresh_from_db()
    assert initiative.total_supports == 13
    assert initiative.offline_supports.get().source == "Musrenbang Beji"
    with pytest.raises(ServiceError):
        services.offline_support_record(by=cast.staff, initiative=initiative, count=3, source=" ")


def test_endorsement_and_pledges_by_organisation_members_with_status_flow_and_coverage() -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN)
    with pytest.raises(NotAllowed):
        services.endorsement_add(by=cast.member, initiative=initiative, organisation=cast.community)
    services.endorsement_add(by=cast.leader, initiative=initiative, organisation=cast.community, statement="Siap!")
    with pytest.raises(Conflict):
        services.endorsement_add(by=cast.leader, initiative=initiative, organisation=cast.community)
    pledge = services.pledge_offer(
        by=cast.staff, initiative=initiative, organisation=cast.office, kind="venue", description="Aula kantor"
    )
    assert pledge.helix == "government"
    assert pledge.status == PledgeStatus.OFFERED
    with pytest.raises(Conflict):
        services.pledge_deliver(by=cast.author, pledge=pledge)
    services.pledge_confirm(by=cast.author, pledge=pledge)
    services.pledge_deliver(by=cast.author, pledge=pledge)
    assert pledge.status == PledgeStatus.DELIVERED
    assert pledge.delivered_at is not None
    coverage = selectors.helix_coverage(initiative=selectors.initiative_detail(pk=initiative.pk))
    committed = {row.helix for row in coverage.rows if not row.is_gap}
    assert committed == {"community", "government"}
    assert {g.helix for g in coverage.gaps} == {"academia", "business", "media"}
    assert "Tempat" not in coverage.missing_kinds
    assert "Pendanaan" in coverage.missing_kinds


def test_milestones_progress_and_results_with_evidence() -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.ACCEPTED)
    milestone = services.milestone_add(
        by=cast.author, initiative=initiative, title="Kelas pertama", due_date=timezone.localdate()
    )
    services.milestone_progress_update(by=cast.staff, milestone=milestone, progress=100, note="20 peserta")
    assert milestone.completed_at is not None
    assert milestone.updates.count() == 1
    with pytest.raises(ServiceError):
        services.milestone_progress_update(by=cast.staff, milestone=milestone, progress=101)
    with pytest.raises(Conflict):
        services.result_add(by=cast.staff, initiative=initiative, title="x", evidence_url="https://a.id")
    services.initiative_start_implementation(by=cast.staff, initiative=initiative)
    with pytest.raises(ServiceError):
        services.result_add(by=cast.staff, initiative=initiative, title="Tanpa bukti")
    evidence = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    result = services.result_add(by=cast.staff, initiative=initiative, title="40 perajin", evidence=evidence)
    assert result.evidence is not None
    assert result.evidence.kind == "evidence"


def test_list_filters_and_visibility() -> None:
    cast = Cast()
    draft = make_initiative(cast, Phase.DRAFT, title="Draf rahasia")
    opened = make_initiative(cast, Phase.OPEN, title="Festival kuliner Beji")
    assert list(selectors.initiative_list(filters={})) == [opened]
    assert draft in selectors.initiative_list(user=cast.author, filters={})
    assert list(selectors.initiative_list(filters={"q": "kuliner"})) == [opened]
    assert list(selectors.initiative_list(filters={"phase": "review"})) == []
    services.pledge_offer(
        by=cast.leader, initiative=opened, organisation=cast.community, kind="volunteers", description="10 relawan"
    )
    assert list(selectors.initiative_list(filters={"helix": "community"})) == [opened]
    assert list(selectors.initiative_list(filters={"helix": "media"})) == []
