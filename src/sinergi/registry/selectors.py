"""Reads for the registry: querysets with their joins done here, shared by pages, exports and the API.

Public callers (user None or anonymous) see verified, non-archived records only; staff may ask for
any status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, connections, router
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Left, RowNumber

from sinergi.accounts.models import User
from sinergi.accounts.predicates import registry_areas
from sinergi.accounts.predicates import staff as is_staff_predicate
from sinergi.classification.models import Subsector

from . import filters, search
from .models import (
    Actor,
    Certification,
    Community,
    CommunityMember,
    CommunityRole,
    CreativeHub,
    MembershipStatus,
    Product,
    SizeClass,
    Status,
)

ActorSubsector = Actor.subsectors.through

ACTOR_SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "newest": ("-verified_at", "-id"),
    "kecamatan": ("kelurahan__parent__nama", "name", "id"),
}
PRODUCT_SORTS = {
    "name": ("name", "id"),
    "newest": ("-created_at", "-id"),
    "price": ("price_min", "id"),
    "-price": ("-price_max", "-id"),
}


def is_staff_user(user: Any) -> bool:
    return bool(user is not None and is_staff_predicate(user))


def in_registry_scope(qs: QuerySet[Any], *, user: Any, place: str = "kelurahan") -> QuerySet[Any]:
    """Narrow `qs` to what the person's registry office administers: in a province installation the
    staff of a kab/kota-scoped office see, queue and export only records located in their kab/kota
    (`place` is the path to the record's area). The same scope as the named permissions
    (`accounts.predicates.registry_areas`); people who work for no registry office are not narrowed."""
    areas = registry_areas(user)
    if not areas:  # None: the whole installation; empty: no registry office, reads as any office's staff
        return qs
    inside = Q()
    for code in sorted(areas):
        inside |= Q(**{f"{place}__kode__startswith": f"{code}."})
    return qs.filter(inside)


def _text_filter(qs: QuerySet[Any], q: str) -> QuerySet[Any]:
    """Every word must appear in the record's search text (full-text search on PostgreSQL)."""
    return search.text_filter(qs, q)


def actor_list(
    *,
    user: Any | None = None,
    q: str = "",
    subsector: str | None = None,
    kabkota: str | None = None,
    kecamatan: str | None = None,
    kelurahan: str | None = None,
    size_class: str | None = None,
    community: str | None = None,
    certification: str | None = None,
    fostered: bool | None = None,
    fostered_by: str | None = None,
    status: str | None = None,
    actor_kind: str | None = None,
    sort: str = "name",
) -> QuerySet[Actor]:
    """Actors matching the filters. `subsector` is a subsector code (e.g. FSN), `kabkota`, `kecamatan`
    and `kelurahan` Kemendagri codes (the most precise one given applies), `community` a community slug,
    `certification` a kind (halal, pirt…),
    `fostered_by` an office's slug, `actor_kind` individual or business; `status` applies to staff
    only (the public sees verified profiles).

    Built to stay cheap at 100,000 actors: areas filter by kelurahan ids (no joins), many-to-many
    filters are EXISTS subqueries (no join + DISTINCT), and text uses the full-text index on
    PostgreSQL. `sort="relevance"` orders by text rank (name on SQLite)."""
    qs = Actor.objects.all()
    if not is_staff_user(user):
        qs = qs.filter(status=Status.VERIFIED)
    else:
        qs = in_registry_scope(qs, user=user)
        qs = qs.filter(status=status) if status else qs.exclude(status=Status.ARCHIVED)
    if q.strip():
        qs = _text_filter(qs, q)
    if subsector:
        pk = filters.subsector_pk(subsector)
        if pk is None:
            return qs.none()
        qs = qs.filter(Exists(ActorSubsector.objects.filter(actor_id=OuterRef("pk"), subsector_id=pk)))
    if kelurahan or kecamatan or kabkota:
        area = filters.kelurahan_pks(kabkota=kabkota, kecamatan=kecamatan, kelurahan=kelurahan)
        if area:
            qs = qs.filter(kelurahan_id__in=area)
        elif kelurahan:
            qs = qs.filter(kelurahan__kode=kelurahan)
        elif kecamatan:
            qs = qs.filter(kelurahan__parent__kode=kecamatan)
        else:
            qs = qs.filter(kelurahan__parent__parent__kode=kabkota)
    if size_class:
        qs = qs.filter(size_class=size_class)
    if community:
        qs = qs.filter(
            Exists(
                CommunityMember.objects.filter(
                    actor_id=OuterRef("pk"), community__slug=community, status=MembershipStatus.ACCEPTED
                )
            )
        )
    if certification:
        qs = qs.filter(Exists(Certification.objects.filter(actor_id=OuterRef("pk"), kind=certification)))
    if fostered is not None:
        qs = qs.filter(fostered_by__isnull=not fostered)
    if fostered_by:
        qs = qs.filter(fostered_by__slug=fostered_by)
    if actor_kind:
        qs = qs.filter(kind=actor_kind)
    qs = qs.select_related("kelurahan__parent", "primary_kbli", "fostered_by").prefetch_related(
        Prefetch("subsectors", queryset=Subsector.objects.order_by("name_id"))
    )
    if sort == "relevance":
        return search.with_rank(qs, q).order_by("-rank", "name", "id")
    return qs.order_by(*ACTOR_SORTS.get(sort, ACTOR_SORTS["name"]))


@dataclass
class ActorRow:
    """One line of the public directory: only public fields, no model instance."""

    pk: int
    name: str
    slug: str
    kelurahan: str
    kecamatan: str
    size_class: str
    size_label: str
    fostered: bool
    summary: str
    subsectors: list[str]


@dataclass
class ActorPage:
    rows: list[ActorRow]
    count: int
    number: int
    per_page: int


SUMMARY_LENGTH = 170


def actor_directory_page(*, page: int = 1, per_page: int = 20, **filters_: Any) -> ActorPage:
    """One page of the public directory with the total count. Takes `actor_list`'s filters (public
    visibility only). Place and subsector names come from the cached options.

    On PostgreSQL: one parameterised SQL query (page, count over the whole match and subsector ids as
    an array), because building the equivalent ORM queries cost more CPU than running them. Elsewhere
    (SQLite): the ORM, three small queries. Both give the same rows, order and count
    (tests/registry/test_selectors.py)."""
    if connection.vendor == "postgresql" and not filters_.get("user") and not filters_.get("status"):
        return _directory_page_sql(page=page, per_page=per_page, **filters_)
    return _directory_page_orm(page=page, per_page=per_page, **filters_)


def _directory_rows(values: list[tuple[Any, ...]], subsectors: dict[int, list[int]]) -> list[ActorRow]:
    opts = filters.options()
    labels = {o.pk: o.label for o in opts.subsectors}
    sizes = {value: str(label) for value, label in SizeClass.choices}
    rows = []
    for pk, name, slug, kelurahan_id, size_class, fostered_by_id, raw_summary in values:
        kelurahan, kecamatan = opts.places.get(kelurahan_id, ("", ""))
        summary = raw_summary or ""
        rows.append(
            ActorRow(
                pk=pk,
                name=name,
                slug=slug,
                kelurahan=kelurahan,
                kecamatan=kecamatan,
                size_class=size_class,
                size_label=sizes.get(size_class, "") if size_class else "",
                fostered=fostered_by_id is not None,
                summary=summary + ("…" if len(summary) >= SUMMARY_LENGTH else ""),
                subsectors=sorted(labels[s] for s in subsectors.get(pk, ()) if s in labels),
            )
        )
    return rows


def _directory_page_sql(*, page: int, per_page: int, **filters_: Any) -> ActorPage:
    """The PostgreSQL directory query, built from `actor_list`'s own queryset (so a filter is defined
    once, in the ORM): its WHERE and ORDER BY are compiled into an inner query that also numbers the
    matches and counts them all (window functions) and keeps only the page's ids; the outer query adds
    the page's columns and subsector ids. One round trip; only the page's rows are read in full."""
    qs = actor_list(**filters_).select_related(None).prefetch_related(None)
    number = max(page, 1)
    if qs.query.is_empty():  # e.g. an unknown subsector
        return ActorPage(rows=[], count=0, number=1, per_page=per_page)
    inner = qs.annotate(
        directory_total=Window(Count("*")),
        # actor_list's own ORDER BY (names or expressions; the stubs narrow Window's to names)
        directory_pos=Window(RowNumber(), order_by=list(qs.query.order_by)),  # type: ignore[arg-type]
    ).values_list("id", "directory_total", "directory_pos")
    actor = Actor._meta.db_table
    through = ActorSubsector._meta.db_table
    # Raw SQL around compiled ORM SQL bypasses the router: ask it, so a lag-tolerant public page reads the
    # replica (core/replica.py). Only fixed fragments (table names from the models' metadata) are added
    # to the compiled query, hence the S608 exemption; every value stays a parameter.
    using = router.db_for_read(Actor)

    def fetch(number: int) -> list[tuple[Any, ...]]:
        window = inner[(number - 1) * per_page : number * per_page]
        inner_sql, params = window.query.get_compiler(using=using).as_sql()
        sql = (
            f"SELECT p.id, a.name, a.slug, a.kelurahan_id, a.size_class, a.fostered_by_id,"  # noqa: S608
            f" left(a.description, {SUMMARY_LENGTH}),"
            f" ARRAY(SELECT s.subsector_id FROM {through} s WHERE s.actor_id = p.id),"
            f" p.total"
            f" FROM ({inner_sql}) p (id, total, pos) JOIN {actor} a ON a.id = p.id ORDER BY p.pos"
        )
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    fetched = fetch(number)
    if not fetched and number > 1:
        # Past the last page: count, then show the last page (as Paginator.get_page does).
        number = max(1, -(-qs.using(using).order_by().count() // per_page))
        fetched = fetch(number)
    count = fetched[0][8] if fetched else 0
    values = [row[:7] for row in fetched]
    subsectors = {row[0]: row[7] for row in fetched}
    return ActorPage(rows=_directory_rows(values, subsectors), count=count, number=number, per_page=per_page)


def _directory_page_orm(*, page: int = 1, per_page: int = 20, **filters_: Any) -> ActorPage:
    """The portable directory query: count, the page's columns, their subsectors (three small queries)."""
    qs = actor_list(**filters_).select_related(None).prefetch_related(None)
    count = qs.order_by().count()
    last = max(1, -(-count // per_page))
    number = min(max(page, 1), last)
    offset = (number - 1) * per_page
    values = list(
        qs.annotate(summary=Left("description", SUMMARY_LENGTH)).values_list(
            "pk", "name", "slug", "kelurahan_id", "size_class", "fostered_by_id", "summary"
        )[offset : offset + per_page]
    )
    subsectors: dict[int, list[int]] = {}
    if values:
        pairs = ActorSubsector.objects.filter(actor_id__in=[v[0] for v in values]).values_list(
            "actor_id", "subsector_id"
        )
        for actor_id, subsector_id in pairs:
            subsectors.setdefault(actor_id, []).append(subsector_id)
    return ActorPage(rows=_directory_rows(values, subsectors), count=count, number=number, per_page=per_page)


def actor_get(*, slug: str, user: Any | None = None) -> Actor | None:
    """One actor by slug, if this user may see it (public: verified only)."""
    qs = Actor.objects.select_related("kelurahan__parent", "primary_kbli", "fostered_by", "owner", "merged_into")
    actor = qs.filter(slug=slug).first()
    if actor is None:
        return None
    if actor.status == Status.VERIFIED:
        return actor
    if user is not None and (is_staff_user(user) or actor.owner_id == getattr(user, "pk", None)):
        return actor
    return None


def actor_merged_target(*, slug: str) -> Actor | None:
    """For a profile merged into another: the public profile it now lives in (following a chain of merges)."""
    actor = Actor.objects.filter(slug=slug).only("id", "merged_into_id").first()
    seen: set[int] = set()
    while actor is not None and actor.merged_into_id and actor.pk not in seen:
        seen.add(actor.pk)
        actor = Actor.objects.filter(pk=actor.merged_into_id).only("id", "slug", "status", "merged_into_id").first()
        if actor is not None and actor.status == Status.VERIFIED:
            return actor
    return None


def actor_public_profile(*, actor: Actor) -> dict[str, Any]:
    """What a public profile shows besides the actor's own public fields: subsectors, KBLI, certifications
    (kind, number, validity), links, products, communities and hubs — all verified or current only; in a
    province installation also the kab/kota the actor is in (`kabkota_name`, "" elsewhere)."""
    from sinergi.wilayah.selectors import is_province

    kecamatan = actor.kecamatan
    kabkota = kecamatan.parent if kecamatan is not None and is_province() else None
    return {
        "kabkota_name": kabkota.nama if kabkota is not None else "",
        "subsectors": list(actor.subsectors.order_by("name_id")),
        "other_kbli": list(actor.other_kbli.order_by("kode")),
        "certifications": list(
            Certification.objects.filter(actor=actor).select_related("product").order_by("kind", "-valid_until")
        ),
        "links": list(actor.links.order_by("kind", "id")),
        "products": list(product_list(actor=actor)),
        "communities": list(
            CommunityMember.objects.filter(
                actor=actor, community__status=Status.VERIFIED, status=MembershipStatus.ACCEPTED
            )
            .select_related("community")
            .order_by("community__name")
        ),
        "hubs": list(actor.hubs.filter(status=Status.VERIFIED).order_by("name")),
    }


def community_list(
    *,
    q: str = "",
    subsector: str | None = None,
    kabkota: str | None = None,
    kecamatan: str | None = None,
    sort: str = "name",
) -> QuerySet[Community]:
    qs = Community.objects.filter(status=Status.VERIFIED)
    if q.strip():
        qs = _text_filter(qs, q)
    if subsector:
        qs = qs.filter(
            Exists(
                Community.focus_subsectors.through.objects.filter(
                    community_id=OuterRef("pk"), subsector__code=subsector
                )
            )
        )
    if kecamatan:
        qs = qs.filter(base_kecamatan__kode=kecamatan)
    elif kabkota:
        qs = qs.filter(base_kecamatan__parent__kode=kabkota)
    qs = qs.select_related("base_kecamatan", "fostered_by").prefetch_related("focus_subsectors")
    qs = qs.annotate(member_count=Count("members", filter=Q(members__status=MembershipStatus.ACCEPTED), distinct=True))
    if sort == "members":
        return qs.order_by("-member_count", "name")
    if sort == "relevance" and q.strip():
        return search.with_rank(qs, q).order_by("-rank", "name")
    return qs.order_by("name")


def by_role(members: QuerySet[CommunityMember]) -> QuerySet[CommunityMember]:
    """Members in the order people read a community's board: Ketua, Sekretaris, Bendahara, Pengurus, then
    Anggota (the order `CommunityRole` declares), each by name."""
    rank = Case(
        *(When(role=role, then=Value(position)) for position, role in enumerate(CommunityRole.values)),
        default=Value(len(CommunityRole.values)),
        output_field=IntegerField(),
    )
    return members.alias(role_rank=rank).order_by("role_rank", "actor__name", "user__full_name", "pk")


def community_members(*, community: Community) -> QuerySet[CommunityMember]:
    """The community's accepted members (any profile status), for its leader's page."""
    return by_role(
        CommunityMember.objects.filter(community=community, status=MembershipStatus.ACCEPTED).select_related(
            "actor", "user", "invited_by"
        )
    )


def community_get(*, slug: str) -> Community | None:
    return (
        Community.objects.select_related("base_kecamatan", "fostered_by", "organisation")
        .prefetch_related(
            "focus_subsectors",
            Prefetch(
                "members",
                # Public: accepted members only; a business once verified, a person (name only) once accepted.
                queryset=by_role(
                    CommunityMember.objects.filter(status=MembershipStatus.ACCEPTED)
                    .filter(Q(actor__status=Status.VERIFIED) | Q(user__isnull=False))
                    .select_related("actor", "user")
                ),
            ),
        )
        .filter(slug=slug)
        .exclude(status=Status.ARCHIVED)
        .first()
    )


def hub_list(
    *, q: str = "", kabkota: str | None = None, kecamatan: str | None = None, programme: str | None = None
) -> QuerySet[CreativeHub]:
    qs = CreativeHub.objects.filter(status=Status.VERIFIED)
    if q.strip():
        qs = _text_filter(qs, q)
    if kecamatan:
        qs = qs.filter(kelurahan__parent__kode=kecamatan)
    elif kabkota:
        qs = qs.filter(kelurahan__parent__parent__kode=kabkota)
    hubs = qs.select_related("kelurahan__parent", "operator").order_by("name")
    if programme:
        # JSON containment is not portable to SQLite; hubs are few, so filter their ids in Python.
        ids = [pk for pk, programmes in hubs.values_list("pk", "programmes") if programme in (programmes or [])]
        hubs = hubs.filter(pk__in=ids)
    return hubs


def hub_get(*, slug: str) -> CreativeHub | None:
    return (
        CreativeHub.objects.select_related("kelurahan__parent", "operator")
        .prefetch_related(Prefetch("residents", queryset=Actor.objects.filter(status=Status.VERIFIED)))
        .filter(slug=slug)
        .exclude(status=Status.ARCHIVED)
        .first()
    )


def product_list(
    *,
    q: str = "",
    subsector: str | None = None,
    kabkota: str | None = None,
    kecamatan: str | None = None,
    flagship: bool | None = None,
    certification: str | None = None,
    actor: Actor | None = None,
    sort: str = "name",
) -> QuerySet[Product]:
    qs = Product.objects.filter(is_archived=False, actor__status=Status.VERIFIED)
    if actor is not None:
        qs = qs.filter(actor=actor)
    if q.strip():
        qs = _text_filter(qs, q)
    if subsector:
        qs = qs.filter(subsector__code=subsector)
    if kecamatan:
        area = filters.kelurahan_pks(kecamatan=kecamatan)
        qs = qs.filter(actor__kelurahan_id__in=area) if area else qs.filter(actor__kelurahan__parent__kode=kecamatan)
    elif kabkota:
        qs = qs.filter(actor__kelurahan__kode__startswith=f"{kabkota}.")
    if flagship is not None:
        qs = qs.filter(is_flagship=flagship)
    if certification:
        qs = qs.filter(Exists(Certification.objects.filter(product_id=OuterRef("pk"), kind=certification)))
    qs = qs.select_related("actor__kelurahan__parent", "subsector").prefetch_related("photos")
    if sort == "relevance" and q.strip():
        return search.with_rank(qs, q).order_by("-rank", "name", "id")
    return qs.order_by(*PRODUCT_SORTS.get(sort, PRODUCT_SORTS["name"]))


def product_get(*, slug: str) -> Product | None:
    return (
        Product.objects.select_related("actor__kelurahan__parent", "subsector")
        .prefetch_related("photos", "certifications")
        .filter(slug=slug, is_archived=False, actor__status=Status.VERIFIED)
        .first()
    )


@dataclass(frozen=True)
class KecamatanRow:
    kode: str
    nama: str
    total: int
    by_subsector: dict[str, int]


def kecamatan_summary(*, region: str | None = None) -> list[KecamatanRow]:
    """Verified actors per kecamatan and subsector (current list), every kecamatan of the region listed."""
    from sinergi.wilayah.selectors import kecamatan_list

    rows, _unplaced = _area_rows(list(kecamatan_list(region=region)), depth=3)
    return rows


@dataclass(frozen=True)
class AreaSummary:
    """Verified actors per area one level below `parent` (None: the installation's region): a province
    by kab/kota, a kab/kota by kecamatan. Every row's total is the sum of its children's totals one level
    down; `unplaced` counts the verified actors with no kelurahan, which no row holds."""

    parent: Any  # a Wilayah, or None for the whole region
    level: str  # the rows' level (wilayah.models.Level value)
    rows: list[KecamatanRow]
    unplaced: int

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)


def area_summary(*, parent: Any | None = None) -> AreaSummary:
    """The summary page's rows: the province's kab/kota, or the kecamatan of a kab/kota (`parent`, a
    Wilayah; None for the installation's region: by kab/kota in a province, by kecamatan in a kab/kota)."""
    from sinergi.wilayah.models import Level
    from sinergi.wilayah.selectors import is_province, kabkota_list, kecamatan_list

    if parent is None and is_province():
        rows, unplaced = _area_rows(list(kabkota_list()), depth=2)  # a kab/kota's code has two parts
        return AreaSummary(parent=None, level=str(Level.KOTA), rows=rows, unplaced=unplaced)
    areas = list(kecamatan_list(kabkota=parent.kode if parent is not None else None))
    rows, unplaced = _area_rows(areas, depth=3)  # a kecamatan's code has three parts
    return AreaSummary(parent=parent, level=str(Level.KECAMATAN), rows=rows, unplaced=0 if parent else unplaced)


def _area_rows(areas: list[Any], *, depth: int) -> tuple[list[KecamatanRow], int]:
    """One row per area (kab/kota: depth 2, kecamatan: depth 3) and the number of verified actors with no
    kelurahan. Verified actors and actor–subsector rows (unique per pair, so no COUNT(DISTINCT) over a
    join) are counted per kelurahan code in two grouped queries and added up by code prefix, so a
    kab/kota's count is exactly the sum of its kecamatan's."""

    def area_of(kelurahan_kode: str | None) -> str:
        return ".".join(kelurahan_kode.split(".")[:depth]) if kelurahan_kode else ""

    totals: dict[str, int] = {}
    unplaced = 0
    for kode, n in (
        Actor.objects.filter(status=Status.VERIFIED)
        .values_list("kelurahan__kode")
        .annotate(n=Count("id"))
        .values_list("kelurahan__kode", "n")
        .order_by()
    ):
        if kode is None:
            unplaced += n
        totals[area_of(kode)] = totals.get(area_of(kode), 0) + n
    counts: dict[str, dict[str, int]] = {}
    for kode, code, n in (
        ActorSubsector.objects.filter(actor__status=Status.VERIFIED, subsector__subsector_list__is_current=True)
        .values_list("actor__kelurahan__kode", "subsector__code")
        .annotate(n=Count("*"))
        .order_by()
    ):
        by_subsector = counts.setdefault(area_of(kode), {})
        by_subsector[code] = by_subsector.get(code, 0) + n
    rows = [
        KecamatanRow(kode=a.kode, nama=a.nama, total=totals.get(a.kode, 0), by_subsector=counts.get(a.kode, {}))
        for a in areas
    ]
    return rows, unplaced


def directory_counts() -> dict[str, int]:
    return {
        "actors": Actor.objects.filter(status=Status.VERIFIED).count(),
        "communities": Community.objects.filter(status=Status.VERIFIED).count(),
        "hubs": CreativeHub.objects.filter(status=Status.VERIFIED).count(),
        "products": Product.objects.filter(is_archived=False, actor__status=Status.VERIFIED).count(),
        "flagship": Product.objects.filter(is_archived=False, is_flagship=True, actor__status=Status.VERIFIED).count(),
    }


def verification_queue(*, user: Any) -> QuerySet[Actor]:
    """Submitted profiles waiting for this person's registry office (its kab/kota's, if it has one)."""
    qs = Actor.objects.filter(status=Status.SUBMITTED)
    return in_registry_scope(qs, user=user).select_related("kelurahan__parent", "owner").order_by("submitted_at", "id")


def pending_claims(*, user: Any) -> QuerySet[Any]:
    """Open claims on profiles this person's registry office administers."""
    from .models import ClaimStatus, ProfileClaim

    qs = ProfileClaim.objects.filter(status=ClaimStatus.PENDING)
    return (
        in_registry_scope(qs, user=user, place="actor__kelurahan")
        .select_related("actor", "user")
        .order_by("created_at", "id")
    )


def actors_owned_by(*, user: Any) -> QuerySet[Actor]:
    return Actor.objects.filter(owner=user).exclude(status=Status.ARCHIVED).order_by("name")


def communities_led_by(*, user: Any) -> QuerySet[Community]:
    return Community.objects.filter(
        organisation__memberships__user=user, organisation__memberships__role__in=["leader", "admin"]
    ).order_by("name")


def person_to_invite(*, email: str) -> User | None:
    """The active account with exactly this e-mail (any capitals), or None. People are never looked up
    by name or part of an address, so inviting reveals nothing the leader did not already know."""
    address = email.strip()
    if not address:
        return None
    return User.objects.filter(email__iexact=address, is_active=True).first()


def community_invitations_for(*, user: Any) -> QuerySet[CommunityMember]:
    """Open invitations to join a community addressed to the person, or to a business they own, for their
    dashboard."""
    return (
        CommunityMember.objects.filter(Q(user=user) | Q(actor__owner=user), status=MembershipStatus.INVITED)
        .exclude(community__status=Status.ARCHIVED)
        .exclude(actor__status=Status.ARCHIVED)
        .select_related("community", "invited_by", "actor")
        .order_by("-created_at", "-id")
    )


def community_memberships_of(*, user: Any) -> QuerySet[CommunityMember]:
    """The communities the person belongs to, themselves or through a business they own (accepted only)."""
    return (
        CommunityMember.objects.filter(Q(user=user) | Q(actor__owner=user), status=MembershipStatus.ACCEPTED)
        .exclude(community__status=Status.ARCHIVED)
        .exclude(actor__status=Status.ARCHIVED)
        .select_related("community", "actor")
        .order_by("community__name", "actor__name")
    )


def community_invitations_sent(*, community: Community) -> QuerySet[CommunityMember]:
    """The community's open invitations (people and businesses), oldest first, for its leader."""
    return (
        CommunityMember.objects.filter(community=community, status=MembershipStatus.INVITED)
        .select_related("community", "user", "actor", "invited_by")
        .order_by("created_at", "id")
    )


def open_duplicate_flags(*, user: Any) -> QuerySet[Any]:
    """Unresolved possible duplicates among the profiles this person's registry office administers."""
    from .models import DuplicateFlag

    qs = in_registry_scope(DuplicateFlag.objects.filter(resolved=False), user=user, place="actor__kelurahan")
    return qs.select_related("actor", "other").order_by("-score", "id")
