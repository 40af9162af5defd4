"""The program report: each participant's baseline against follow-up, attendance, and the change in
yearly sales of similar non-participants from the registry.

"Similar" means: a verified actor in the registry, not in the cohort, that shares at least one
subsector AND has the same UMKM size class as at least one participant. For both groups the change is
the annual sales reported in the registry (ActorYearlyFigure) from the year before the program started
to the year it ended; actors without both years are left out and counted as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from statistics import mean, median

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from sinergi.registry.models import Actor, ActorYearlyFigure
from sinergi.registry.models import Status as ActorStatus

from .models import Outcome, OutcomeStage, Participant, Program


@dataclass
class ParticipantRow:
    participant: Participant
    baseline: Outcome | None
    followup: Outcome | None
    attended: int
    sessions: int

    @property
    def sales_change_percent(self) -> int | None:
        if not (self.baseline and self.followup) or not self.baseline.monthly_sales:
            return None
        return int((self.followup.monthly_sales - self.baseline.monthly_sales) * 100 / self.baseline.monthly_sales)

    @property
    def workers_change(self) -> int | None:
        return self.followup.workers - self.baseline.workers if self.baseline and self.followup else None

    @property
    def new_certifications(self) -> list[str]:
        if not (self.baseline and self.followup):
            return []
        return sorted(set(self.followup.certifications) - set(self.baseline.certifications))

    @property
    def markets_change(self) -> int | None:
        return self.followup.markets - self.baseline.markets if self.baseline and self.followup else None


@dataclass
class GroupChange:
    label: str
    actors: int
    with_figures: int
    mean_change_percent: float | None
    median_change_percent: float | None


@dataclass
class ProgramReport:
    program: Program
    rows: list[ParticipantRow]
    measured: int
    mean_sales_change_percent: float | None
    workers_added: int
    certifications_gained: int
    markets_added: int
    attendance_rate: int | None
    base_year: int
    end_year: int
    groups: list[GroupChange] = field(default_factory=list)


def _yearly_changes(actor_ids: list[int], base_year: int, end_year: int) -> list[float]:
    figures: dict[int, dict[int, Decimal]] = {}
    for actor_id, year, sales in ActorYearlyFigure.objects.filter(
        actor_id__in=actor_ids, year__in=[base_year, end_year], sales__isnull=False
    ).values_list("actor_id", "year", "sales"):
        if sales is not None:
            figures.setdefault(actor_id, {})[year] = sales
    changes = []
    for years in figures.values():
        if base_year in years and end_year in years and years[base_year]:
            changes.append(float((years[end_year] - years[base_year]) * 100 / years[base_year]))
    return changes


def similar_non_participants(program: Program) -> list[int]:
    participants = list(program.participants.select_related("actor").prefetch_related("actor__subsectors"))
    cohort_ids = {p.actor_id for p in participants}
    condition = Q(pk__in=[])
    for p in participants:
        subsector_ids = [s.pk for s in p.actor.subsectors.all()]
        if subsector_ids and p.actor.size_class:
            condition |= Q(subsectors__in=subsector_ids, size_class=p.actor.size_class)
    return list(
        Actor.objects.filter(status=ActorStatus.VERIFIED)
        .filter(condition)
        .exclude(pk__in=cohort_ids)
        .values_list("pk", flat=True)
        .distinct()
    )


def _group(label: str, actor_ids: list[int], base_year: int, end_year: int) -> GroupChange:
    changes = _yearly_changes(actor_ids, base_year, end_year)
    return GroupChange(
        label,
        len(actor_ids),
        len(changes),
        round(mean(changes), 1) if changes else None,
        round(median(changes), 1) if changes else None,
    )


def program_report(program: Program) -> ProgramReport:
    participants = list(
        program.participants.select_related("actor")
        .prefetch_related("outcomes")
        .annotate(attended=Count("attendance", filter=Q(attendance__present=True)))
    )
    n_sessions = program.sessions.count()
    rows = []
    for p in participants:
        by_stage = {o.stage: o for o in p.outcomes.all()}
        rows.append(
            ParticipantRow(
                p,
                by_stage.get(OutcomeStage.BASELINE),
                by_stage.get(OutcomeStage.FOLLOWUP),
                getattr(p, "attended", 0),
                n_sessions,
            )
        )
    measured = [r for r in rows if r.baseline and r.followup]
    changes = [r.sales_change_percent for r in measured if r.sales_change_percent is not None]
    possible = n_sessions * len(rows)
    base_year, end_year = program.start_date.year - 1, program.end_date.year
    report = ProgramReport(
        program=program,
        rows=rows,
        measured=len(measured),
        mean_sales_change_percent=round(mean(changes), 1) if changes else None,
        workers_added=sum(r.workers_change or 0 for r in measured),
        certifications_gained=sum(len(r.new_certifications) for r in measured),
        markets_added=sum(r.markets_change or 0 for r in measured),
        attendance_rate=int(sum(r.attended for r in rows) * 100 / possible) if possible else None,
        base_year=base_year,
        end_year=end_year,
    )
    report.groups = [
        _group(_("Peserta"), [p.actor_id for p in participants], base_year, end_year),
        _group(_("Pelaku serupa bukan peserta"), similar_non_participants(program), base_year, end_year),
    ]
    return report
