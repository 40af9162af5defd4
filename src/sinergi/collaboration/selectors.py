"""Reads of collaboration: querysets with their joins done here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from sinergi.accounts.models import Helix, User
from sinergi.accounts.predicates import staff
from sinergi.classification import selectors as classification_selectors
from sinergi.classification.models import Subsector
from sinergi.wilayah.models import Wilayah

from .models import (
    FOLLOW_THROUGH_PHASES,
    PUBLIC_PHASES,
    Comment,
    Endorsement,
    Initiative,
    Milestone,
    Phase,
    Pledge,
    PledgeKind,
    PledgeStatus,
    Support,
)

SORTS = {
    "baru": ("-created_at", "-id"),
    "dukungan": ("-support_count", "-id"),
    "judul": ("title", "id"),
}


def initiatives() -> QuerySet[Initiative]:
    """Every initiative with its place and proposing organisation; pages then check who may see it."""
    return Initiative.objects.select_related("kecamatan", "proposer_organisation")


def comments(*, initiative: Initiative) -> QuerySet[Comment]:
    """The comments on one initiative, with their author."""
    return Comment.objects.filter(initiative=initiative).select_related("initiative", "author")


def people() -> QuerySet[User]:
    """Accounts a moderator may act on (lifting a block)."""
    return User.objects.all()


def kecamatan_by_code(code: str) -> Wilayah | None:
    """The kecamatan an initiative names by its Kemendagri code (the API's `kecamatan`)."""
    return Wilayah.objects.filter(code=code, level="kecamatan").first()


def current_subsectors(codes: Iterable[str]) -> list[Subsector]:
    """The subsectors of the current list with these codes (an unknown code has none: the caller names it)."""
    return list(classification_selectors.current_subsectors(codes=codes))


def initiative_visible(*, user: User | AnonymousUser) -> QuerySet[Initiative]:
    qs = Initiative.objects.all()
    if staff(user):
        return qs
    public = Q(phase__in=PUBLIC_PHASES)
    if isinstance(user, User):
        coauthored = Initiative.coauthors.through.objects.filter(user=user).values("initiative_id")
        return qs.filter(public | Q(author=user) | Q(pk__in=coauthored))
    return qs.filter(public)


def initiative_list(
    *, user: User | AnonymousUser | None = None, filters: Mapping[str, Any] | None = None
) -> QuerySet[Initiative]:
    """Public list with filters: phase, subsector (code), kecamatan (kode), proposer type, helix, q, sort."""
    f = dict(filters or {})
    qs = initiative_visible(user=user) if user is not None else Initiative.objects.filter(phase__in=PUBLIC_PHASES)
    if phase := f.get("phase"):
        qs = qs.filter(phase=phase)
    if subsector := f.get("subsector"):
        # A subquery, not a join: no duplicate rows, and the count needs no DISTINCT.
        tagged = Initiative.subsectors.through.objects.filter(
            subsector__code=subsector, subsector__subsector_list__is_current=True
        ).values("initiative_id")
        qs = qs.filter(pk__in=tagged)
    if kecamatan := f.get("kecamatan"):
        qs = qs.filter(kecamatan__code=kecamatan)
    if proposer := f.get("proposer_type"):
        qs = qs.filter(proposer_type=proposer)
    if helix := f.get("helix"):
        qs = qs.filter(
            Exists(Endorsement.objects.filter(initiative=OuterRef("pk"), helix=helix))
            | Exists(Pledge.objects.filter(initiative=OuterRef("pk"), helix=helix))
        )
    if q := (f.get("q") or "").strip():
        qs = qs.filter(Q(title__icontains=q) | Q(goal__icontains=q))
    order = SORTS.get(f.get("sort") or "baru", SORTS["baru"])
    # The author is joined too: a person's proposal is labelled with their name (no query per row).
    return qs.select_related("kecamatan", "proposer_organisation", "author").order_by(*order)


# What a card of the public list shows (collaboration/list.html#items), with what orders and labels it.
CARD_FIELDS = (
    "title", "phase", "is_demo", "proposer_type", "proposer_organisation__name",
    "proposer_organisation__short_name", "author__full_name", "author__email", "kecamatan__name",
    "support_count", "offline_support_count", "support_threshold", "created_at",
)  # fmt: skip


def initiative_cards(
    *, user: User | AnonymousUser | None = None, filters: Mapping[str, Any] | None = None
) -> QuerySet[Initiative]:
    """`initiative_list` for the public list's cards: only the columns a card shows, not every text of
    the initiative, its author's account or its office's letterhead (issue 17: a third of the rows'
    cost on a COLD list page)."""
    return initiative_list(user=user, filters=filters).only(*CARD_FIELDS)


def initiative_detail(*, pk: int) -> Initiative:
    return (
        Initiative.objects.select_related(
            "author", "kecamatan", "proposer_organisation", "decision__decided_by", "decision__minutes"
        )
        .prefetch_related(
            "subsectors",
            "coauthors",
            Prefetch("endorsements", queryset=Endorsement.objects.select_related("organisation")),
            Prefetch("pledges", queryset=Pledge.objects.select_related("organisation")),
            Prefetch("milestones", queryset=Milestone.objects.prefetch_related("updates")),
            "results__evidence",
            "attachments",
            "offline_supports",
            "phase_changes__by",
        )
        .get(pk=pk)
    )


def comment_threads(*, initiative: Initiative) -> list[Comment]:
    """Top-level comments with their replies prefetched, oldest first."""
    return list(
        Comment.objects.filter(initiative=initiative, parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=Comment.objects.select_related("author").order_by("created_at")))
        .order_by("created_at", "id")
    )


def has_supported(*, user: User | AnonymousUser, initiative: Initiative) -> bool:
    if not isinstance(user, User):
        return False
    return Support.objects.filter(initiative=initiative, user=user).exists()


@dataclass
class HelixCoverage:
    helix: str
    label: str
    endorsements: list[Endorsement] = field(default_factory=list)
    pledges: list[Pledge] = field(default_factory=list)

    @property
    def is_gap(self) -> bool:
        return not self.endorsements and not self.pledges


@dataclass
class Coverage:
    rows: list[HelixCoverage]
    missing_kinds: list[str]

    @property
    def gaps(self) -> list[HelixCoverage]:
        return [r for r in self.rows if r.is_gap]


def helix_coverage(*, initiative: Initiative) -> Coverage:
    """Which helix committed what (endorsements, pledges by status), and where the gaps are."""
    rows = {h.value: HelixCoverage(helix=h.value, label=str(h.label)) for h in Helix}
    for endorsement in initiative.endorsements.all():
        rows[endorsement.helix].endorsements.append(endorsement)
    kinds_pledged = set()
    for pledge in initiative.pledges.all():
        rows[pledge.helix].pledges.append(pledge)
        if pledge.status in {PledgeStatus.CONFIRMED, PledgeStatus.DELIVERED, PledgeStatus.OFFERED}:
            kinds_pledged.add(pledge.kind)
    missing = [str(k.label) for k in PledgeKind if k.value not in kinds_pledged]
    return Coverage(rows=list(rows.values()), missing_kinds=missing)


def follow_through_list() -> QuerySet[Initiative]:
    """Everything accepted and where it stands."""
    return (
        Initiative.objects.filter(phase__in=FOLLOW_THROUGH_PHASES)
        .select_related("proposer_organisation", "kecamatan", "decision")
        .prefetch_related("milestones", "results")
        .order_by("phase", "-answered_at", "-id")
    )


def reported_comments() -> QuerySet[Comment]:
    return (
        Comment.objects.filter(report_count__gt=0, is_hidden=False)
        .select_related("author", "initiative")
        .order_by("-report_count", "-created_at")
    )


def phase_counts() -> dict[str, int]:
    from django.db.models import Count

    rows = Initiative.objects.filter(phase__in=PUBLIC_PHASES).values("phase").annotate(n=Count("id"))
    counts = {p.value: 0 for p in Phase if p.value in PUBLIC_PHASES}
    counts.update({r["phase"]: r["n"] for r in rows})
    return counts


def implementations(initiative: Initiative, relation: str) -> list[Any]:
    """The events or programs (`relation`: "events", "programs") that implement `initiative`, as the
    public initiative page lists them: never a draft, whose organiser has not announced it. Read through
    the reverse relation: those apps sit above collaboration and are never imported here."""
    manager = getattr(initiative, relation)
    return list(manager.exclude(status="draft").order_by("pk")[:20])
