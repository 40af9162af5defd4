from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sinergi.classification.models import Subsector
from sinergi.core.errors import Conflict, NotAllowed, ServiceError
from sinergi.programs import eligibility, services
from sinergi.programs.models import Attendance, Participant
from sinergi.programs.reports import program_report
from sinergi.registry.models import ActorYearlyFigure
from tests.factories import OrganisationFactory, make_actor

from .factories import GOOD_ANSWERS, make_program

pytestmark = pytest.mark.django_db


def test_eligibility_rules_as_plain_values():
    rules = eligibility.Rules(frozenset({1}), frozenset({"mikro"}), frozenset({7}), "fostered")
    ok = eligibility.Applicant(frozenset({1, 2}), "mikro", 7, True)
    assert eligibility.unmet(rules, ok) == []
    bad = eligibility.Applicant(frozenset({3}), "menengah", 8, False)
    assert len(eligibility.unmet(rules, bad)) == 4
    assert eligibility.unmet(eligibility.Rules(frozenset(), frozenset(), frozenset(), "not_fostered"), ok) == [
        "Program ini untuk pelaku yang belum dibina."
    ]


def test_answers_are_validated_against_the_calls_questions():
    questions = make_program().questions
    clean, errors = eligibility.clean_answers(questions, {"omzet": "abc", "punya_pirt": "mungkin", "x": "dibuang"})
    assert set(errors) == {"motivasi", "omzet", "punya_pirt"}
    clean, errors = eligibility.clean_answers(questions, GOOD_ANSWERS)
    assert errors == {}
    assert clean == {"motivasi": "Ingin naik kelas", "omzet": "5000000", "punya_pirt": False}
    assert eligibility.validate_questions([{"key": "a", "label": "A", "type": "choice"}])


def test_ineligible_actor_is_refused_with_reason():
    fashion = Subsector.objects.get(pk=make_actor(kbli_code="14111").subsectors.get().pk)
    program = make_program(subsectors=[fashion], fostered_rule="fostered")
    culinary = make_actor(kbli_code="56101")
    with pytest.raises(ServiceError) as exc:
        services.application_submit(by=None, program=program, actor=culinary, answers=GOOD_ANSWERS)
    assert "Subsektor" in exc.value.message
    fostered = make_actor(kbli_code="14111", fostered_by=OrganisationFactory(kind="office"))
    app = services.application_submit(by=None, program=program, actor=fostered, answers=GOOD_ANSWERS)
    assert app.answers["punya_pirt"] is False
    with pytest.raises(Conflict):
        services.application_submit(by=None, program=program, actor=fostered, answers=GOOD_ANSWERS)


def test_closed_call_refuses_applications():
    program = make_program(call_closes=timezone.localdate() - timedelta(days=1))
    with pytest.raises(NotAllowed):
        services.application_submit(by=None, program=program, actor=make_actor(), answers=GOOD_ANSWERS)


def test_selection_builds_cohort_up_to_its_size():
    program = make_program(cohort_size=2)
    apps = [
        services.application_submit(by=None, program=program, actor=make_actor(), answers=GOOD_ANSWERS)
        for _ in range(3)
    ]
    for app, score in zip(apps[:2], (90, 80), strict=True):
        services.application_review(by=None, application=app, score=score, notes="ok", decision="accepted")
    with pytest.raises(Conflict):
        services.application_review(by=None, application=apps[2], score=70, notes="", decision="accepted")
    assert program.participants.count() == 2
    services.application_review(by=None, application=apps[0], score=90, notes="", decision="rejected")
    assert program.participants.count() == 1


def _cohort(program, n):
    people = []
    for _ in range(n):
        app = services.application_submit(by=None, program=program, actor=make_actor(), answers=GOOD_ANSWERS)
        services.application_review(by=None, application=app, score=80, notes="", decision="accepted")
        people.append(Participant.objects.get(application=app))
    return people


def test_attendance_outcomes_and_report_numbers():
    program = make_program(cohort_size=3)
    a, b, c = _cohort(program, 3)
    start = timezone.make_aware(datetime.combine(program.start_date, datetime.min.time()).replace(hour=9))
    sessions = [
        services.session_create(
            by=None,
            program=program,
            data={
                "title": f"Materi {i}",
                "starts_at": start + timedelta(days=i),
                "ends_at": start + timedelta(days=i, hours=3),
                "venue": "Gedung Dibaleka",
                "trainer": "Pelatih",
                "capacity": 3,
            },
        )
        for i in range(2)
    ]
    services.attendance_record(by=None, session=sessions[0], present_ids=[a.pk, b.pk, c.pk])
    services.attendance_record(by=None, session=sessions[1], present_ids=[a.pk])
    services.attendance_record(by=None, session=sessions[1], present_ids=[a.pk, b.pk])  # corrected, not doubled
    assert Attendance.objects.filter(present=True).count() == 5
    with pytest.raises(ServiceError):
        services.attendance_record(by=None, session=sessions[0], present_ids=[999_999])
    day = date(2026, 1, 1)
    services.outcome_record(
        by=None,
        participant=a,
        stage="baseline",
        recorded_on=day,
        monthly_sales=Decimal(4_000_000),
        workers=2,
        certifications=["pirt"],
        markets=1,
    )
    services.outcome_record(
        by=None,
        participant=a,
        stage="followup",
        recorded_on=day,
        monthly_sales=Decimal(5_000_000),
        workers=3,
        certifications=["pirt", "halal"],
        markets=3,
    )
    services.outcome_record(
        by=None, participant=b, stage="baseline", recorded_on=day, monthly_sales=Decimal(2_000_000), workers=1
    )
    services.outcome_record(
        by=None,
        participant=b,
        stage="followup",
        recorded_on=day,
        monthly_sales=Decimal(3_000_000),
        workers=1,
        certifications=["hki"],
        markets=1,
    )
    with pytest.raises(ServiceError):
        services.outcome_record(
            by=None,
            participant=c,
            stage="baseline",
            recorded_on=day,
            monthly_sales=Decimal(1),
            workers=1,
            certifications=["palsu"],
        )
    report = program_report(program)
    assert report.measured == 2
    assert report.mean_sales_change_percent == 37.5  # (25 % + 50 %) / 2
    assert report.workers_added == 1
    assert report.certifications_gained == 2
    assert report.markets_added == 3
    assert report.attendance_rate == 83  # 5 of 6


def test_similar_non_participants_compared_on_registry_yearly_figures():
    program = make_program(cohort_size=1)
    (member,) = _cohort(program, 1)
    similar = make_actor()  # same KBLI → same subsector, both without figures → same size class ("")
    base, end = program.start_date.year - 1, program.end_date.year
    for actor, before, after in ((member.actor, 100, 150), (similar, 100, 110)):
        ActorYearlyFigure.objects.create(actor=actor, year=base, sales=before * 1_000_000)
        ActorYearlyFigure.objects.create(actor=actor, year=end, sales=after * 1_000_000)
    for actor in (member.actor, similar):
        actor.size_class = "mikro"
        actor.save(update_fields=["size_class"])
    make_actor(kbli_code="56101")  # another subsector: not similar
    groups = {g.label: g for g in program_report(program).groups}
    assert groups["Peserta"].mean_change_percent == 50.0
    assert groups["Pelaku serupa bukan peserta"].actors == 1
    assert groups["Pelaku serupa bukan peserta"].mean_change_percent == 10.0


def test_certificate_and_letter_codes():
    program = make_program(cohort_size=1)
    (member,) = _cohort(program, 1)
    done = services.participant_complete(by=None, participant=member)
    assert len(done.certificate_code) == 12
    with pytest.raises(Conflict):
        services.participant_complete(by=None, participant=done)
    with pytest.raises(ServiceError):
        services.fostering_letter_issue(by=None, actor=make_actor())
    office = OrganisationFactory(kind="office", short_name="DISDAGIN")
    letter = services.fostering_letter_issue(by=None, actor=make_actor(fostered_by=office))
    assert letter.number.startswith("001/SKB/DISDAGIN/")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("monthly_sales", Decimal(10) ** 13, "melebihi batas wajar Rp 1.000.000.000.000"),
        ("workers", 100_001, "100000"),
        ("markets", 1_001, "1000"),
        ("recorded_on", date(1999, 12, 31), "sebelum 2000-01-01"),
        ("recorded_on", "tomorrow", "belum terjadi"),
    ],
)
def test_implausible_outcomes_are_located_errors_and_nothing_is_written(field, value, message):
    program = make_program(cohort_size=1)
    (participant,) = _cohort(program, 1)
    good = {
        "recorded_on": date(2026, 1, 1),
        "monthly_sales": Decimal(4_000_000),
        "workers": 2,
        "markets": 1,
    }
    if value == "tomorrow":
        value = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ServiceError) as caught:
        services.outcome_record(by=None, participant=participant, stage="baseline", **{**good, field: value})
    assert message in " ".join(str(e) for e in caught.value.field_errors[field])
    assert not participant.outcomes.exists()
    services.outcome_record(by=None, participant=participant, stage="baseline", **good)
    assert participant.outcomes.get().monthly_sales == Decimal(4_000_000)
