"""Demo initiatives of collaborative governance: every phase, proposed by offices and by communities.

Called by `sinergi seed_demo` after the accounts and registry demos. Every initiative is written through
the collaboration services (so phase changes, decision records, notifications and audit entries are
what real use produces) and flagged `is_demo=True`; pages show a "Demo" badge for them. Proposers,
deciders and pledging organisations are the demo organisations and users of `seed.accounts` and the
fictional demo communities of `seed.registry` (never the real community names, so nothing is put in a
real community's mouth). A few extra demo people are added: leaders for three more demo communities,
one officer each for the campus, media and business demo organisations (all with the published demo
password), and 24 residents without a password who only support and comment.

Dates: the services stamp "now", but a believable demo has a past. Each plan gets a timeline (`_timeline`):
created, submitted, opened for support, reviewed, decided, implemented and completed on realistic past
days, spread between plans. Decisions are recorded with that date through the service (`decided_at`, as an
officer records a meeting held earlier); afterwards `_backdate` moves the other stamps the services wrote
(phase changes, supports, comments, pledges, milestone reports) onto the same timeline, keeping their
order. Milestones are always due after the decision they follow. The audit log keeps the real time of
seeding.

Idempotent: if any demo initiative exists, the collaboration demo has been seeded and nothing is added.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from sinergi.accounts.models import Organisation, Role, User
from sinergi.accounts.services import PreparedPassword, membership_set, user_create_active
from sinergi.classification.models import Subsector
from sinergi.classification.selectors import current_subsectors
from sinergi.collaboration import services
from sinergi.collaboration.models import (
    Comment,
    Endorsement,
    Initiative,
    Milestone,
    MilestoneUpdate,
    OfflineSupport,
    Phase,
    PhaseChange,
    Pledge,
    PledgeKind,
    PledgeStatus,
    Result,
    Stance,
    Support,
)
from sinergi.demo.data import DemoDataError, parsed, rows
from sinergi.demo.direct import backdate
from sinergi.demo.seed.accounts import DEMO_PASSWORD, demo_organisation, demo_user
from sinergi.registry import services as registry_services
from sinergi.registry.models import Community
from sinergi.wilayah.models import Wilayah

# The demo's lists are CSV files in `sinergi/demo/data/depok/`: the initiatives (`initiatives`) and what
# hangs off each, by title (`initiative_offline_supports`, `_pledges`, `_endorsements`, `_comments`,
# `_milestones`, `_results`), and the extra people (`collaboration_people`).
DATA = "depok"
_PEOPLE = rows(DATA, "collaboration_people", ("kind", "key", "community", "user", "email", "full_name"))
# Fictional communities seeded by seed.registry, and who leads them in this demo: (community, demo user
# key) or (community, "", e-mail, full name) for a leader added here.
COMMUNITY_LEADERS = {
    r["key"]: (r["community"], r["user"], r["email"], r["full_name"])
    for r in _PEOPLE
    if r["kind"] == "community_leader"
}
# One acting officer for each non-office demo organisation, so each helix can endorse and pledge.
ORGANISATION_OFFICERS = {r["key"]: (r["email"], r["full_name"]) for r in _PEOPLE if r["kind"] == "organisation_officer"}
RESIDENTS = 24
RESIDENT_NAMES = tuple(r["full_name"] for r in _PEOPLE if r["kind"] == "resident_name")

# Who proposes: ("office", org key, user key) · ("community", community key) · ("person", user key)
Proposer = tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    title: str
    phase: str
    proposer: Proposer
    subsectors: tuple[str, ...]
    kecamatan: str  # Kemendagri kode
    problem: str
    goal: str
    beneficiaries: str = ""
    budget: int | None = None
    resources: str = ""
    timeline: str = ""
    supporters: int = 0  # online supports by demo residents
    offline: tuple[tuple[int, str], ...] = ()  # (count, source)
    threshold: int = 20
    # (organisation: "office:<key>" | "org:<key>" | "community:<key>", kind, description, amount, status)
    pledges: tuple[tuple[str, str, str, int | None, str], ...] = ()
    endorsements: tuple[tuple[str, str], ...] = ()  # (organisation ref, statement)
    comments: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = ()  # (stance, body, replies)
    answer: str = ""
    grounds: str = ""
    milestones: tuple[tuple[str, int, int], ...] = ()  # (title, due in days, progress)
    results: tuple[tuple[str, str, str], ...] = ()  # (title, description, evidence URL)
    reason: str = ""  # for withdrawn / archived
    decider: str = "kepala_disdagin"


def _by_initiative(name: str, columns: tuple[str, ...]) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = {}
    for row in rows(DATA, name, ("initiative", *columns)):
        found.setdefault(row.pop("initiative"), []).append(row)
    return found


def _comments(found: list[dict[str, str]]) -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
    """Threads as (stance, body, replies): a row with `reply` = 'balasan' answers its thread's comment."""
    threads: dict[str, tuple[str, str, list[tuple[str, str]]]] = {}
    for row in found:
        if row["reply"] == "balasan":
            threads[row["thread"]][2].append((Stance(row["stance"]), row["body"]))
        elif row["reply"]:
            raise ValueError(f"reply: 'balasan' atau kosong, bukan {row['reply']!r}")
        else:
            threads[row["thread"]] = (Stance(row["stance"]), row["body"], [])
    return tuple((stance, body, tuple(replies)) for stance, body, replies in threads.values())


def _plans() -> tuple[Plan, ...]:
    offline = _by_initiative("initiative_offline_supports", ("count", "source"))
    pledges = _by_initiative("initiative_pledges", ("organisation", "kind", "description", "amount", "status"))
    endorsements = _by_initiative("initiative_endorsements", ("organisation", "statement"))
    comments = _by_initiative("initiative_comments", ("thread", "reply", "stance", "body"))
    milestones = _by_initiative("initiative_milestones", ("title", "due_in_days", "progress"))
    results = _by_initiative("initiative_results", ("title", "description", "evidence_url"))

    def plan(row: dict[str, str]) -> Plan:
        title = row["title"]
        return Plan(
            title,
            Phase(row["phase"]),
            tuple(row["proposer"].split(":")),
            tuple(row["subsectors"].split()),
            row["kecamatan"],
            row["problem"],
            row["goal"],
            beneficiaries=row["beneficiaries"],
            budget=int(row["budget"]) if row["budget"] else None,
            resources=row["resources"],
            timeline=row["timeline"],
            supporters=int(row["supporters"]),
            offline=tuple((int(r["count"]), r["source"]) for r in offline.pop(title, [])),
            threshold=int(row["threshold"]),
            pledges=tuple(
                (
                    r["organisation"],
                    PledgeKind(r["kind"]),
                    r["description"],
                    int(r["amount"]) if r["amount"] else None,
                    r["status"],
                )
                for r in pledges.pop(title, [])
            ),
            endorsements=tuple((r["organisation"], r["statement"]) for r in endorsements.pop(title, [])),
            comments=_comments(comments.pop(title, [])),
            answer=row["answer"],
            grounds=row["grounds"],
            milestones=tuple(
                (r["title"], int(r["due_in_days"]), int(r["progress"])) for r in milestones.pop(title, [])
            ),
            results=tuple((r["title"], r["description"], r["evidence_url"]) for r in results.pop(title, [])),
            reason=row["reason"],
            decider=row["decider"],
        )

    found = parsed(DATA, "initiatives", INITIATIVE_COLUMNS, plan)
    for name, left in (
        ("offline_supports", offline),
        ("pledges", pledges),
        ("endorsements", endorsements),
        ("comments", comments),
        ("milestones", milestones),
        ("results", results),
    ):
        if left:
            raise DemoDataError(f"{DATA}/initiative_{name}.csv: inisiatif tidak dikenal: {sorted(left)}")
    return found


INITIATIVE_COLUMNS = (
    "title",
    "phase",
    "proposer",
    "subsectors",
    "kecamatan",
    "problem",
    "goal",
    "beneficiaries",
    "budget",
    "resources",
    "timeline",
    "supporters",
    "threshold",
    "answer",
    "grounds",
    "reason",
    "decider",
)
PLANS = _plans()


def _kecamatan(code: str) -> Wilayah | None:
    return Wilayah.objects.filter(level="kecamatan", code=code).first() if code else None


def _subsectors(codes: tuple[str, ...]) -> list[Subsector]:
    return list(current_subsectors(codes=codes))


class _Cast:
    """The demo people and organisations the plans refer to."""

    def __init__(self) -> None:
        self.password: PreparedPassword | None = None
        self.users: dict[str, User] = {}
        for key in ("admin", "kepala_disdagin", "petugas_disdagin", "kepala_bappeda", "ketua_komunitas"):
            user = demo_user(key)
            if user is None:
                raise LookupError(key)
            self.users[key] = user
        for key in ("pelaku", "warga"):
            self.users[key] = demo_user(key) or self._person(f"{key}@demo.sinergi.id", f"{key.title()} (demo)")
        self.organisations: dict[str, Organisation] = {}
        for key in ("disdagin", "bappeda", "dkum", "dekranasda", "diskominfo", "kampus", "media", "asosiasi"):
            organisation = demo_organisation(key)
            if organisation is None:
                raise LookupError(key)
            self.organisations[f"office:{key}"] = organisation
            self.organisations[f"org:{key}"] = organisation
        self.officers: dict[str, User] = {}
        for key, (email, name) in ORGANISATION_OFFICERS.items():
            person = self._person(email, name, with_password=True)
            membership_set(by=None, user=person, organisation=self.organisations[f"org:{key}"], role=Role.STAFF)
            self.officers[f"org:{key}"] = person
        self.leaders: dict[str, User] = {}
        for key, (name, user_key, email, full_name) in COMMUNITY_LEADERS.items():
            community = Community.objects.filter(name=name, is_demo=True).select_related("organisation").first()
            if community is None:
                raise LookupError(name)
            leader = self.users[user_key] if user_key else self._person(email, full_name, with_password=True)
            if not community.organisation.memberships.filter(user=leader).exists():
                registry_services.community_set_leader(by=None, community=community, user=leader)
            self.organisations[f"community:{key}"] = community.organisation
            self.leaders[key] = leader
        self.residents = [
            self._person(
                f"warga{i:02d}@demo.sinergi.id",
                f"{RESIDENT_NAMES[i % len(RESIDENT_NAMES)]} Warga {i:02d} (demo)",
            )
            for i in range(1, RESIDENTS + 1)
        ]

    def _person(self, email: str, full_name: str, *, with_password: bool = False) -> User:
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            return user
        if with_password:
            self.password = self.password or PreparedPassword.of(DEMO_PASSWORD)  # hashing is slow on purpose
        return user_create_active(
            by=None, email=email, full_name=full_name, password=self.password if with_password else None
        )

    def acting(self, ref: str) -> tuple[Organisation, User]:
        """An organisation reference and someone who acts for it."""
        organisation = self.organisations[ref]
        kind, key = ref.split(":", 1)
        if kind == "community":
            return organisation, self.leaders[key]
        if kind == "org":
            return organisation, self.officers[ref]
        return organisation, {
            "disdagin": self.users["kepala_disdagin"],
            "bappeda": self.users["kepala_bappeda"],
        }.get(key, self.users["admin"])

    def proposer(self, proposer: Proposer) -> tuple[User, Organisation | None]:
        if proposer[0] == "office":
            return self.users[proposer[2]], self.organisations[f"office:{proposer[1]}"]
        if proposer[0] == "community":
            return self.leaders[proposer[1]], self.organisations[f"community:{proposer[1]}"]
        return self.users[proposer[1]], None


def _seeded() -> bool:
    return Initiative.objects.filter(is_demo=True).exists()


def seed(stdout: Any) -> None:
    if _seeded():
        stdout.write("  inisiatif demo: sudah ada, tidak ada yang ditambahkan")
        return
    try:
        with transaction.atomic():
            cast = _Cast()
            for index, plan in enumerate(PLANS):
                _seed_initiative(cast, plan, index)
    except LookupError as exc:
        stdout.write(f"  inisiatif demo: dilewati, data demo akun/registri belum ada ({exc})")
        return
    counts = {p: Initiative.objects.filter(is_demo=True, phase=p).count() for p in Phase.values}
    stdout.write(
        f"  inisiatif demo: {sum(counts.values())} baru ("
        + ", ".join(f"{Phase(p).label}: {n}" for p, n in counts.items() if n)
        + ")"
    )


DECIDED = (Phase.ACCEPTED, Phase.REJECTED, Phase.IMPLEMENTATION, Phase.COMPLETED)


def _timeline(plan: Plan, index: int) -> dict[str, int]:
    """How many days ago the initiative entered each phase of its path (the draft: when it was created).

    Decided initiatives were decided at least three weeks before their first milestone falls due; open
    ones are still within their support period; the archived one let its period run out."""
    jitter = 3 * (index % 5)
    days: dict[str, int] = {}
    if plan.phase in DECIDED:
        first_due = min((due for _, due, _ in plan.milestones), default=0)
        days[Phase.ACCEPTED] = days[Phase.REJECTED] = max(45, 21 - first_due) + jitter
        days[Phase.REVIEW] = days[Phase.ACCEPTED] + 12
        days[Phase.OPEN] = days[Phase.REVIEW] + 30
        days[Phase.IMPLEMENTATION] = days[Phase.ACCEPTED] - 14
        last_due = max((due for _, due, _ in plan.milestones), default=-10)
        days[Phase.COMPLETED] = max(2, -last_due - 5)
    elif plan.phase == Phase.REVIEW:
        days[Phase.REVIEW] = 6 + jitter
        days[Phase.OPEN] = days[Phase.REVIEW] + 30
    elif plan.phase == Phase.OPEN:
        days[Phase.OPEN] = 8 + jitter
    elif plan.phase == Phase.WITHDRAWN:
        days[Phase.WITHDRAWN] = 12 + jitter
        days[Phase.OPEN] = days[Phase.WITHDRAWN] + 20
    elif plan.phase == Phase.ARCHIVED:
        days[Phase.ARCHIVED] = 40 + jitter
        days[Phase.OPEN] = days[Phase.ARCHIVED] + 35
    days[Phase.SUBMITTED] = days.get(Phase.OPEN, 2 + jitter) + 4
    days[Phase.DRAFT] = days[Phase.SUBMITTED] + 3 + index % 4
    return days


def _at(days_ago: float, hour: int = 10) -> dt.datetime:
    """A working-hours moment `days_ago` days before today (local time)."""
    day = timezone.localdate() - dt.timedelta(days=int(days_ago))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0))) + dt.timedelta(
        minutes=int((days_ago % 1) * 420)
    )


def _spread(rows: list[Any], start: float, end: float) -> list[dt.datetime]:
    """Moments from `start` to `end` days ago, evenly spread and in the rows' order."""
    if not rows:
        return []
    step = (start - end) / len(rows)
    return [_at(start - step * (i + 0.5)) for i in range(len(rows))]


def _backdate(initiative: Initiative, plan: Plan, days: dict[str, int]) -> None:
    """Move the stamps the services wrote onto the plan's timeline (see the module docstring) with
    `sinergi.demo.direct.backdate`."""
    for change in PhaseChange.objects.filter(initiative=initiative).order_by("pk"):
        backdate(PhaseChange.objects.filter(pk=change.pk), at=_at(days[change.to_phase], 9 + change.pk % 6))
    stamps: dict[str, Any] = {"created_at": _at(days[Phase.DRAFT], 8), "updated_at": _at(min(days.values()), 15)}
    if Phase.SUBMITTED in days and plan.phase != Phase.DRAFT:
        stamps["submitted_at"] = _at(days[Phase.SUBMITTED])
    if Phase.OPEN in days:
        opened = days[Phase.OPEN]
        stamps["opened_at"] = _at(opened)
        stamps["support_deadline"] = timezone.localdate() - dt.timedelta(
            days=opened - (45 if plan.phase == Phase.OPEN else 30)
        )
        engaged_until = max(days.get(Phase.REVIEW, days.get(Phase.WITHDRAWN, days.get(Phase.ARCHIVED, 0))), 0) + 1
        for model in (Support, Endorsement, Comment, Pledge):
            rows = list(model.objects.filter(initiative=initiative).order_by("pk"))
            for row, moment in zip(rows, _spread(rows, opened - 0.2, engaged_until), strict=True):
                backdate(model.objects.filter(pk=row.pk), created_at=moment)
        backdate(
            OfflineSupport.objects.filter(initiative=initiative),
            created_at=_at(opened - 3),
            collected_on=timezone.localdate() - dt.timedelta(days=opened - 2),
        )
    if plan.phase in DECIDED:
        decided = days[Phase.ACCEPTED]
        backdate(Initiative.objects.filter(pk=initiative.pk), answered_at=_at(decided, 14))
        confirmed = Pledge.objects.filter(initiative=initiative, confirmed_at__isnull=False)
        backdate(confirmed, confirmed_at=_at(decided - 3))
        backdate(
            Pledge.objects.filter(initiative=initiative, delivered_at__isnull=False),
            delivered_at=_at(days[Phase.IMPLEMENTATION] - 5 if plan.phase != Phase.ACCEPTED else decided - 5),
        )
        for milestone in Milestone.objects.filter(initiative=initiative):
            backdate(Milestone.objects.filter(pk=milestone.pk), created_at=_at(decided - 1))
            updates = list(MilestoneUpdate.objects.filter(milestone=milestone).order_by("pk"))
            start = days.get(Phase.IMPLEMENTATION, decided)
            due_ago = (timezone.localdate() - milestone.due_date).days if milestone.due_date else 0
            moments = _spread(updates, start - 1, max(due_ago, 1))
            for update, moment in zip(updates, moments, strict=True):
                backdate(MilestoneUpdate.objects.filter(pk=update.pk), at=moment)
            if milestone.completed_at and moments:
                backdate(Milestone.objects.filter(pk=milestone.pk), completed_at=moments[-1])
        results = list(Result.objects.filter(initiative=initiative).order_by("pk"))
        for result, moment in zip(
            results, _spread(results, days.get(Phase.COMPLETED, 4) + 3, days.get(Phase.COMPLETED, 1)), strict=True
        ):
            backdate(Result.objects.filter(pk=result.pk), created_at=moment)
    backdate(Initiative.objects.filter(pk=initiative.pk), **stamps)


def _seed_initiative(cast: _Cast, plan: Plan, index: int) -> Initiative:
    days = _timeline(plan, index)
    initiative = _walk(cast, plan, index, days)
    _backdate(initiative, plan, days)
    return initiative


def _walk(cast: _Cast, plan: Plan, index: int, days: dict[str, int]) -> Initiative:
    author, organisation = cast.proposer(plan.proposer)
    staff = cast.users["petugas_disdagin"]
    today = timezone.localdate()
    initiative = services.initiative_create(
        by=author,
        data={
            "title": plan.title,
            "problem": plan.problem,
            "goal": plan.goal,
            "kecamatan": _kecamatan(plan.kecamatan),
            "beneficiaries": plan.beneficiaries,
            "budget_estimate": Decimal(plan.budget) if plan.budget else None,
            "resources_needed": plan.resources,
            "timeline": plan.timeline,
        },
        proposer_organisation=organisation,
        subsectors=_subsectors(plan.subsectors),
        is_demo=True,
    )
    if plan.phase == Phase.DRAFT:
        return initiative
    services.initiative_submit(by=author, initiative=initiative)
    if plan.phase == Phase.SUBMITTED:
        return initiative
    services.initiative_open_for_support(
        by=staff, initiative=initiative, threshold=plan.threshold, deadline=today + dt.timedelta(days=30 + index)
    )
    _engage(cast, plan, initiative, index)
    if plan.phase == Phase.WITHDRAWN:
        services.initiative_withdraw(by=author, initiative=initiative, reason=plan.reason)
        return initiative
    if plan.phase == Phase.ARCHIVED:
        services.initiative_archive(by=staff, initiative=initiative, reason=plan.reason)
        return initiative
    if plan.phase == Phase.OPEN:
        return initiative
    services.initiative_start_review(by=staff, initiative=initiative)
    if plan.phase == Phase.REVIEW:
        return initiative
    decider = cast.users[plan.decider]
    decided_at = _at(days[Phase.ACCEPTED], 14)
    if plan.phase == Phase.REJECTED:
        services.initiative_reject(
            by=decider, initiative=initiative, answer=plan.answer, grounds=plan.grounds, decided_at=decided_at
        )
        return initiative
    services.initiative_accept(
        by=decider, initiative=initiative, answer=plan.answer, grounds=plan.grounds, decided_at=decided_at
    )
    _advance_pledges(cast, initiative, plan)
    milestones = [
        services.milestone_add(
            by=staff, initiative=initiative, title=title, due_date=today + dt.timedelta(days=due), notes=""
        )
        for title, due, _ in plan.milestones
    ]
    if plan.phase == Phase.ACCEPTED:
        return initiative
    services.initiative_start_implementation(by=decider, initiative=initiative)
    for milestone, (_, _, progress) in zip(milestones, plan.milestones, strict=True):
        _report(staff, milestone, progress)
    for title, description, url in plan.results:
        services.result_add(by=staff, initiative=initiative, title=title, description=description, evidence_url=url)
    if plan.phase == Phase.COMPLETED:
        services.initiative_complete(by=decider, initiative=initiative)
    return initiative


def _report(by: User, milestone: Milestone, progress: int) -> None:
    """Progress reported in steps, as staff would over the weeks."""
    steps = [p for p in (30, 60) if p < progress] + ([progress] if progress else [])
    for step in steps:
        services.milestone_progress_update(
            by=by, milestone=milestone, progress=step, note=f"Kemajuan {step}% dilaporkan petugas (demo)."
        )


def _engage(cast: _Cast, plan: Plan, initiative: Initiative, index: int) -> None:
    residents = cast.residents
    for offset in range(plan.supporters):
        person = residents[(index * 5 + offset) % len(residents)]
        services.rate_limit_reset(action="support", user=person)
        services.support_add(by=person, initiative=initiative)
    for count, source in plan.offline:
        services.offline_support_record(
            by=cast.users["petugas_disdagin"],
            initiative=initiative,
            count=count,
            source=source,
            collected_on=timezone.localdate() - dt.timedelta(days=3),
        )
    for ref, statement in plan.endorsements:
        organisation, by = cast.acting(ref)
        services.endorsement_add(by=by, initiative=initiative, organisation=organisation, statement=statement)
    for ref, kind, description, amount, _ in plan.pledges:
        organisation, by = cast.acting(ref)
        services.pledge_offer(
            by=by,
            initiative=initiative,
            organisation=organisation,
            kind=kind,
            description=description,
            amount=Decimal(amount) if amount is not None else None,
        )
    speaker = index
    for stance, body, replies in plan.comments:
        root = _comment(residents[speaker % len(residents)], initiative, body, stance)
        speaker += 7
        for reply_stance, reply in replies:
            _comment(residents[speaker % len(residents)], initiative, reply, reply_stance, parent=root)
            speaker += 3


def _comment(by: User, initiative: Initiative, body: str, stance: str, parent: Comment | None = None) -> Comment:
    services.rate_limit_reset(action="comment", user=by)
    return services.comment_post(by=by, initiative=initiative, body=body, stance=stance, parent=parent)


def _advance_pledges(cast: _Cast, initiative: Initiative, plan: Plan) -> None:
    """After the answer the office confirms pledges, and marks delivered what was handed over."""
    staff = cast.users["petugas_disdagin"]
    wanted = {(cast.organisations[ref].pk, kind): status for ref, kind, _, _, status in plan.pledges}
    for pledge in initiative.pledges.all():
        status = wanted.get((pledge.organisation_id, pledge.kind), PledgeStatus.OFFERED)
        if status in {PledgeStatus.CONFIRMED, PledgeStatus.DELIVERED}:
            services.pledge_confirm(by=staff, pledge=pledge)
        if status == PledgeStatus.DELIVERED:
            services.pledge_deliver(by=staff, pledge=pledge)
