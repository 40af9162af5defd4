"""Reads for the registry: querysets with their joins done here, shared by pages, exports and the API.

Public callers (user None or anonymous) see verified, non-archived records only; staff may ask for
any status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, connections, router
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Left

from sinergi.accounts.models import User
from sinergi.accounts.predicates import staff as is_staff_predicate
from sinergi.classification.models import Subsector

from . import filters, search
from .models import (
    Actor,
    Certification,
    Community,
    CommunityMember,
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


def _text_filter(qs: QuerySet[Any], q: str) -> QuerySet[Any]:
    """Every word must appear in the record's search text (full-text search on PostgreSQL)."""
    return search.text_filter(qs, q)


def actor_list(
    *,
    user: Any | None = None,
    q: str = "",
    subsector: str | None = None,
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
    """Actors matching the filters. `subsector` is a subsector code (e.g. FSN), `kecamatan` and
    `kelurahan` Kemendagri codes, `community` a community slug, `certification` a kind (halal, pirt…),
    `fostered_by` an office's slug, `actor_kind` individual or business; `status` applies to staff
    only (the public sees verified profiles).

    Built to stay cheap at 100,000 actors: areas filter by kelurahan ids (no joins), many-to-many
    filters are EXISTS subqueries (no join + DISTINCT), and text uses the full-text index on
    PostgreSQL. `sort="relevance"` orders by text rank (name on SQLite)."""
    qs = Actor.objects.all()
    if not is_staff_user(user):
        qs = qs.filter(status=Status.VERIFIED)
    elif status:
        qs = qs.filter(status=status)
    else:
        qs = qs.exclude(status=Status.ARCHIVED)
    if q.strip():
        qs = _text_filter(qs, q)
    if subsector:
        pk = filters.subsector_pk(subsector)
        if pk is None:
            return qs.none()
        qs = qs.filter(Exists(ActorSubsector.objects.filter(actor_id=OuterRef("pk"), subsector_id=pk)))
    if kelurahan or kecamatan:
        area = filters.kelurahan_pks(kecamatan=kecamatan, kelurahan=kelurahan)
        if area:
            qs = qs.filter(kelurahan_id__in=area)
        elif kelurahan:
            qs = qs.filter(kelurahan__kode=kelurahan)
        else:
            qs = qs.filter(kelurahan__parent__kode=kecamatan)
    if size_class:
        qs = qs.filter(size_class=size_class)
    if community:
        qs = qs.filter(Exists(CommunityMember.objects.filter(actor_id=OuterRef("pk"), community__slug=community)))
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


_SQL_ORDER = {
    "name": "a.name ASC, a.id ASC",
    "-name": "a.name DESC, a.id DESC",
    "newest": "a.verified_at DESC, a.id DESC",
    "kecamatan": "kec.nama ASC, a.name ASC, a.id ASC",
}


def _directory_page_sql(
    *,
    page: int,
    per_page: int,
    q: str = "",
    subsector: str | None = None,
    kecamatan: str | None = None,
    kelurahan: str | None = None,
    size_class: str | None = None,
    community: str | None = None,
    certification: str | None = None,
    fostered: bool | None = None,
    sort: str = "name",
    **_: Any,
) -> ActorPage:
    """The PostgreSQL directory query: the same WHERE and ORDER BY as `actor_list` (public view), written
    out once. Every value is a query parameter; only fixed SQL fragments (table names from the models'
    metadata, constant clauses) are put together here, hence the S608 exemptions."""
    from sinergi.wilayah.models import Wilayah

    actor = Actor._meta.db_table
    through = ActorSubsector._meta.db_table
    wilayah = Wilayah._meta.db_table
    where = ["a.status = %s"]
    params: list[Any] = [Status.VERIFIED]
    tsquery = search.tsquery_text(q) if q.strip() else ""
    if tsquery:
        where.append(f"a.{search.VECTOR_COLUMN} @@ to_tsquery('simple'::regconfig, %s)")
        params.append(tsquery)
    if subsector:
        pk = filters.subsector_pk(subsector)
        if pk is None:
            return ActorPage(rows=[], count=0, number=1, per_page=per_page)
        where.append(f"EXISTS (SELECT 1 FROM {through} s WHERE s.actor_id = a.id AND s.subsector_id = %s)")  # noqa: S608
        params.append(pk)
    if kelurahan or kecamatan:
        area = filters.kelurahan_pks(kecamatan=kecamatan, kelurahan=kelurahan)
        if area:
            where.append("a.kelurahan_id = ANY(%s)")
            params.append(area)
        elif kelurahan:
            where.append(f"a.kelurahan_id IN (SELECT w.id FROM {wilayah} w WHERE w.kode = %s)")  # noqa: S608
            params.append(kelurahan)
        else:
            where.append(
                f"a.kelurahan_id IN (SELECT w.id FROM {wilayah} w JOIN {wilayah} p ON p.id = w.parent_id"  # noqa: S608
                " WHERE p.kode = %s)"
            )
            params.append(kecamatan)
    if size_class:
        where.append("a.size_class = %s")
        params.append(size_class)
    if community:
        member = CommunityMember._meta.db_table
        where.append(
            f"EXISTS (SELECT 1 FROM {member} m JOIN {Community._meta.db_table} c ON c.id = m.community_id"  # noqa: S608
            " WHERE m.actor_id = a.id AND c.slug = %s)"
        )
        params.append(community)
    if certification:
        where.append(
            f"EXISTS (SELECT 1 FROM {Certification._meta.db_table} c WHERE c.actor_id = a.id AND c.kind = %s)"  # noqa: S608
        )
        params.append(certification)
    if fostered is not None:
        where.append("a.fostered_by_id IS NOT NULL" if fostered else "a.fostered_by_id IS NULL")
    joins = ""
    if sort == "relevance":
        if tsquery:
            order = f"ts_rank(a.{search.VECTOR_COLUMN}, to_tsquery('simple'::regconfig, %s)) DESC, a.name ASC, a.id ASC"
            order_params: list[Any] = [tsquery]
        else:
            order, order_params = "a.name ASC, a.id ASC", []
    else:
        order, order_params = _SQL_ORDER.get(sort, _SQL_ORDER["name"]), []
        if sort == "kecamatan":
            joins = (
                f" LEFT JOIN {wilayah} kel ON kel.id = a.kelurahan_id LEFT JOIN {wilayah} kec ON kec.id = kel.parent_id"
            )
    # The inner query finds the page's ids, their position and the total; only those rows get their
    # columns and subsector ids (a scalar subquery over every match would run once per matching row).
    sql = (
        f"SELECT p.id, a.name, a.slug, a.kelurahan_id, a.size_class, a.fostered_by_id,"  # noqa: S608
        f" left(a.description, {SUMMARY_LENGTH}),"
        f" ARRAY(SELECT s.subsector_id FROM {through} s WHERE s.actor_id = p.id),"
        f" p.total"
        f" FROM (SELECT a.id, count(*) OVER () AS total, row_number() OVER (ORDER BY {order}) AS pos"
        f" FROM {actor} a{joins} WHERE {' AND '.join(where)} ORDER BY pos LIMIT %s OFFSET %s) p"
        f" JOIN {actor} a ON a.id = p.id ORDER BY p.pos"
    )
    number = max(page, 1)
    # Raw SQL bypasses the router: ask it, so a lag-tolerant public page reads the replica (core/replica.py).
    with connections[router.db_for_read(Actor)].cursor() as cursor:
        cursor.execute(sql, [*order_params, *params, per_page, (number - 1) * per_page])
        fetched = cursor.fetchall()
        if not fetched and number > 1:
            # Past the last page: count, then show the last page (as Paginator.get_page does).
            cursor.execute(f"SELECT count(*) FROM {actor} a WHERE {' AND '.join(where)}", params)  # noqa: S608
            total = cursor.fetchone()[0]
            number = max(1, -(-total // per_page))
            cursor.execute(sql, [*order_params, *params, per_page, (number - 1) * per_page])
            fetched = cursor.fetchall()
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
    (kind, number, validity), links, products, communities and hubs — all verified or current only."""
    return {
        "subsectors": list(actor.subsectors.order_by("name_id")),
        "other_kbli": list(actor.other_kbli.order_by("kode")),
        "certifications": list(
            Certification.objects.filter(actor=actor).select_related("product").order_by("kind", "-valid_until")
        ),
        "links": list(actor.links.order_by("kind", "id")),
        "products": list(product_list(actor=actor)),
        "communities": list(
            CommunityMember.objects.filter(actor=actor, community__status=Status.VERIFIED)
            .select_related("community")
            .order_by("community__name")
        ),
        "hubs": list(actor.hubs.filter(status=Status.VERIFIED).order_by("name")),
    }


def community_list(
    *, q: str = "", subsector: str | None = None, kecamatan: str | None = None, sort: str = "name"
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
    qs = qs.select_related("base_kecamatan", "fostered_by").prefetch_related("focus_subsectors")
    qs = qs.annotate(member_count=Count("members", filter=Q(members__status=MembershipStatus.ACCEPTED), distinct=True))
    if sort == "members":
        return qs.order_by("-member_count", "name")
    if sort == "relevance" and q.strip():
        return search.with_rank(qs, q).order_by("-rank", "name")
    return qs.order_by("name")


def community_get(*, slug: str) -> Community | None:
    return (
        Community.objects.select_related("base_kecamatan", "fostered_by", "organisation")
        .prefetch_related(
            "focus_subsectors",
            Prefetch(
                "members",
                # Public: accepted members only; a business once verified, a person (name only) once accepted.
                queryset=CommunityMember.objects.filter(status=MembershipStatus.ACCEPTED)
                .filter(Q(actor__status=Status.VERIFIED) | Q(user__isnull=False))
                .select_related("actor", "user")
                .order_by("role", "actor__name", "user__full_name"),
            ),
        )
        .filter(slug=slug)
        .exclude(status=Status.ARCHIVED)
        .first()
    )


def hub_list(*, q: str = "", kecamatan: str | None = None, programme: str | None = None) -> QuerySet[CreativeHub]:
    qs = CreativeHub.objects.filter(status=Status.VERIFIED)
    if q.strip():
        qs = _text_filter(qs, q)
    if kecamatan:
        qs = qs.filter(kelurahan__parent__kode=kecamatan)
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
    """Verified actors per kecamatan and subsector (current list), every kecamatan listed.

    Counts rows of the actor–subsector table (unique per pair), so no COUNT(DISTINCT) over a join."""
    from sinergi.wilayah.selectors import kecamatan_list

    rows = (
        ActorSubsector.objects.filter(actor__status=Status.VERIFIED, subsector__subsector_list__is_current=True)
        .values_list("actor__kelurahan__parent__kode", "subsector__code")
        .annotate(n=Count("*"))
        .order_by()
    )
    totals = dict(
        Actor.objects.filter(status=Status.VERIFIED)
        .values_list("kelurahan__parent__kode")
        .annotate(n=Count("id"))
        .values_list("kelurahan__parent__kode", "n")
        .order_by()
    )
    counts: dict[str, dict[str, int]] = {}
    for kecamatan_kode, code, n in rows:
        counts.setdefault(kecamatan_kode, {})[code] = n
    return [
        KecamatanRow(kode=k.kode, nama=k.nama, total=totals.get(k.kode, 0), by_subsector=counts.get(k.kode, {}))
        for k in kecamatan_list(region=region)
    ]


def directory_counts() -> dict[str, int]:
    return {
        "actors": Actor.objects.filter(status=Status.VERIFIED).count(),
        "communities": Community.objects.filter(status=Status.VERIFIED).count(),
        "hubs": CreativeHub.objects.filter(status=Status.VERIFIED).count(),
        "products": Product.objects.filter(is_archived=False, actor__status=Status.VERIFIED).count(),
        "flagship": Product.objects.filter(is_archived=False, is_flagship=True, actor__status=Status.VERIFIED).count(),
    }


def verification_queue() -> QuerySet[Actor]:
    return (
        Actor.objects.filter(status=Status.SUBMITTED)
        .select_related("kelurahan__parent", "owner")
        .order_by("submitted_at", "id")
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
    """The person's open invitations to join a community, for their dashboard."""
    return (
        CommunityMember.objects.filter(user=user, status=MembershipStatus.INVITED)
        .exclude(community__status=Status.ARCHIVED)
        .select_related("community", "invited_by")
        .order_by("-created_at")
    )


def open_duplicate_flags() -> QuerySet[Any]:
    from .models import DuplicateFlag

    return DuplicateFlag.objects.filter(resolved=False).select_related("actor", "other").order_by("-score", "id")
