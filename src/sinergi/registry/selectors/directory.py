"""The public directory's page: one query on PostgreSQL compiled from `actor_list`, the ORM elsewhere."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, connections, router
from django.db.models import Count, Window
from django.db.models.functions import Left, RowNumber

from .. import filters
from ..models import Actor, SizeClass
from .actors import actor_list
from .scope import ActorSubsector


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
    an array) in one round trip, its WHERE and ORDER BY compiled from `actor_list`'s queryset so each
    filter is defined once. Elsewhere (SQLite): the ORM, three small queries. Both give the same rows,
    order and count (tests/registry/test_selectors.py)."""
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
