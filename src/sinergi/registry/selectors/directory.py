"""The public directory's page: one query on PostgreSQL compiled from `actor_list`, the ORM elsewhere."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, connections, router
from django.db.models.functions import Left

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
    """One page of the directory. `count` is exact up to the count limit; past it, `count` is the limit
    and `count_is_lower_bound` is true ("more than 10,000"), and pages stop at the limit."""

    rows: list[ActorRow]
    count: int
    number: int
    per_page: int
    count_is_lower_bound: bool = False


SUMMARY_LENGTH = 170


def directory_count_limit() -> int:
    """How many matches the directory counts at most (settings.SINERGI_DIRECTORY_COUNT_LIMIT)."""
    return int(settings.SINERGI_DIRECTORY_COUNT_LIMIT)


def actor_directory_page(
    *, page: int = 1, per_page: int = 20, count_limit: int | None = None, **filters_: Any
) -> ActorPage:
    """One page of the public directory with its count. Takes `actor_list`'s filters (public
    visibility only). Place and subsector names come from the cached options.

    Its cost follows the page, not the matches (issue 17): the count stops at `count_limit` (default
    settings.SINERGI_DIRECTORY_COUNT_LIMIT) matches — beyond it the page says "more than" — and the page
    is taken with LIMIT/OFFSET in the list's order, so a broad search can stop after one page of an
    index walk; pages past the limit show the last page within it.

    On PostgreSQL: one parameterised SQL query (the page's ids in order, their columns and subsector ids,
    the bounded count) in one round trip, its WHERE and ORDER BY compiled from `actor_list`'s queryset so
    each filter is defined once. Elsewhere (SQLite): the ORM, three small queries. Both give the same
    rows, order and count (tests/registry/test_selectors.py)."""
    limit = directory_count_limit() if count_limit is None else count_limit
    if limit < per_page:
        raise ValueError(f"count_limit ({limit}) must hold at least one page ({per_page})")
    if connection.vendor == "postgresql" and not filters_.get("user") and not filters_.get("status"):
        return _directory_page_sql(page=page, per_page=per_page, count_limit=limit, **filters_)
    return _directory_page_orm(page=page, per_page=per_page, count_limit=limit, **filters_)


def _bounded(counted: int, limit: int) -> tuple[int, bool]:
    """(count shown, whether it is a lower bound) for `counted` matches counted up to limit + 1."""
    return (limit, True) if counted > limit else (counted, False)


def _last_page(count: int, per_page: int) -> int:
    return max(1, -(-count // per_page))


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


def _directory_page_sql(*, page: int, per_page: int, count_limit: int | None = None, **filters_: Any) -> ActorPage:
    """The PostgreSQL directory query, built from `actor_list`'s own queryset (so a filter is defined
    once, in the ORM). Three compiled parts in one statement: the page's ids in the list's order (ORDER
    BY … LIMIT … OFFSET, kept in order by ARRAY(…) WITH ORDINALITY), the bounded count (count(*) over
    at most count_limit + 1 matching ids), and the page's own columns and subsector ids. Only the page's
    rows are read in full; neither part numbers or counts every match."""
    count_limit = directory_count_limit() if count_limit is None else count_limit
    qs = actor_list(**filters_).select_related(None).prefetch_related(None)
    if qs.query.is_empty():  # e.g. an unknown subsector
        return ActorPage(rows=[], count=0, number=1, per_page=per_page)
    actor = Actor._meta.db_table
    through = ActorSubsector._meta.db_table
    # Raw SQL around compiled ORM SQL bypasses the router: ask it, so a lag-tolerant public page reads the
    # replica (core/replica.py). Only fixed fragments (table names from the models' metadata) are added
    # to the compiled query, hence the S608 exemption; every value stays a parameter.
    using = router.db_for_read(Actor)
    ids = qs.values_list("id", flat=True)
    count_sql, count_params = ids.order_by()[: count_limit + 1].query.get_compiler(using=using).as_sql()
    number = min(max(page, 1), _last_page(count_limit, per_page))

    def fetch(number: int) -> list[tuple[Any, ...]]:
        window = ids[(number - 1) * per_page : number * per_page]
        page_sql, page_params = window.query.get_compiler(using=using).as_sql()
        sql = (
            f"SELECT a.id, a.name, a.slug, a.kelurahan_id, a.size_class, a.fostered_by_id,"  # noqa: S608
            f" left(a.description, {SUMMARY_LENGTH}),"
            f" ARRAY(SELECT s.subsector_id FROM {through} s WHERE s.actor_id = a.id),"
            f" (SELECT count(*) FROM ({count_sql}) c)"
            f" FROM unnest(ARRAY({page_sql})) WITH ORDINALITY p (id, pos) JOIN {actor} a ON a.id = p.id"
            f" ORDER BY p.pos"
        )
        with connections[using].cursor() as cursor:
            cursor.execute(sql, (*count_params, *page_params))
            return list(cursor.fetchall())

    fetched = fetch(number)
    if fetched:
        count, lower_bound = _bounded(fetched[0][8], count_limit)
    else:
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({count_sql}) c", count_params)  # noqa: S608
            count, lower_bound = _bounded(cursor.fetchone()[0], count_limit)
        if count and number > 1:  # past the last page: show the last page (as Paginator.get_page does)
            number = _last_page(count, per_page)
            fetched = fetch(number)
        else:
            number = 1
    values = [row[:7] for row in fetched]
    subsectors = {row[0]: row[7] for row in fetched}
    return ActorPage(
        rows=_directory_rows(values, subsectors),
        count=count,
        number=number,
        per_page=per_page,
        count_is_lower_bound=lower_bound,
    )


def _directory_page_orm(
    *, page: int = 1, per_page: int = 20, count_limit: int | None = None, **filters_: Any
) -> ActorPage:
    """The portable directory query: bounded count, the page's columns, their subsectors (three queries)."""
    count_limit = directory_count_limit() if count_limit is None else count_limit
    qs = actor_list(**filters_).select_related(None).prefetch_related(None)
    count, lower_bound = _bounded(qs.order_by().values("pk")[: count_limit + 1].count(), count_limit)
    number = min(max(page, 1), _last_page(count, per_page))
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
    return ActorPage(
        rows=_directory_rows(values, subsectors),
        count=count,
        number=number,
        per_page=per_page,
        count_is_lower_bound=lower_bound,
    )
