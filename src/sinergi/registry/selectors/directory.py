"""The public directory's page: one query on PostgreSQL compiled from `actor_list`, the ORM elsewhere."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, connections, router, transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Left

from .. import filters, search
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
    and `count_is_lower_bound` is true ("more than 10,000"), and pages stop at the limit. Past the limit a
    relevance-ordered word search is in name order instead (`name_order_past_limit`, `NAME_ORDER`)."""

    rows: list[ActorRow]
    count: int
    number: int
    per_page: int
    count_is_lower_bound: bool = False
    name_order_past_limit: bool = False


SUMMARY_LENGTH = 170

# The order of a relevance-ordered word search past the count limit (the lead's decision for issue 17):
# relevance across more than 10,000 matches of a common word tells a visitor little, and ranking them
# all costs the whole match set; the page says so and asks them to narrow the search.
NAME_ORDER = ("name", "id")


def _ranks(filters_: dict[str, Any]) -> bool:
    """Whether this search is ordered by relevance (a word, sort "relevance")."""
    return filters_.get("sort") == "relevance" and bool(search.words(filters_.get("q") or ""))


def directory_session_settings() -> list[tuple[str, str]]:
    """PostgreSQL settings for the directory's statements, local to their transaction (issue 17):
    - `work_mem` (settings.SINERGI_DIRECTORY_WORK_MEM, empty: the server's own), so that the bitmaps that
      combine a search's filters stay exact. At PostgreSQL's default 4 MB a common word's bitmap over a
      million actors turns lossy, and a word + subsector + kecamatan search with 288 matches read and
      checked every row of 35,000 table pages (docs/performance.md).
    - `plan_cache_mode = force_custom_plan`: the app's connections prepare the statements they repeat
      (decision 0013), and PostgreSQL may then keep one generic plan for every value; the best plan for a
      search depends on how common its words and filters are, so the directory's are planned for their
      own values each time (the parse is still saved)."""
    work_mem = str(settings.SINERGI_DIRECTORY_WORK_MEM or "").strip()
    return [*([("work_mem", work_mem)] if work_mem else []), ("plan_cache_mode", "force_custom_plan")]


def directory_count_limit() -> int:
    """How many matches the directory counts at most (settings.SINERGI_DIRECTORY_COUNT_LIMIT)."""
    return int(settings.SINERGI_DIRECTORY_COUNT_LIMIT)


def actor_directory_page(
    *, page: int = 1, per_page: int = 20, count_limit: int | None = None, **filters_: Any
) -> ActorPage:
    """One page of the public directory with its count. Takes `actor_list`'s filters (public
    visibility only). Place and subsector names come from the cached options.

    Its cost follows the page, not every match (issue 17): the count stops at `count_limit` (default
    settings.SINERGI_DIRECTORY_COUNT_LIMIT) matches — beyond it the page says "more than" — and pages
    past the limit show the last page within it.

    On PostgreSQL: parameterised SQL (the bounded count with the page's ids; the page's columns; past
    the limit also the statements that take its page: `_past_limit_window`), their WHERE and ORDER BY
    compiled from `actor_list`'s queryset so each filter is defined once (`_directory_page_sql`).
    Elsewhere (SQLite): the ORM, three small queries. Both give the same rows, order and count
    (tests/registry/test_selectors.py), including the rule for broad word
    searches: past the limit, relevance order becomes name order (`NAME_ORDER`)."""
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


def _sort_keys(qs: QuerySet[Actor]) -> list[str]:
    """The list's ORDER BY as names or "-names" of fields and annotations (e.g. -rank, name, id)."""
    keys = [key for key in qs.query.order_by if isinstance(key, str)]
    if len(keys) != len(qs.query.order_by):
        raise TypeError(f"the directory sorts by field or annotation names, not {qs.query.order_by!r}")
    return keys


def _sorted_columns(keys: list[str], sort_keys: list[str]) -> tuple[str, str]:
    """For matches gathered as columns k0 (the id), k1… (the sort keys' values): the CTE's column list, and
    the ORDER BY that sorts them as `keys` do, each key's column given as SQL in `sort_keys` (a column, or
    an expression of it such as a rank)."""
    columns = ", ".join(f"k{i}" for i in range(len(keys) + 1))
    order = ", ".join(
        f"{column} {'DESC' if key.startswith('-') else 'ASC'}" for column, key in zip(sort_keys, keys, strict=True)
    )
    return columns, order


def _directory_page_sql(*, page: int, per_page: int, count_limit: int | None = None, **filters_: Any) -> ActorPage:
    """The PostgreSQL directory query, built from `actor_list`'s own queryset (so a filter is defined
    once, in the ORM):

    1. Gather at most count_limit + 1 matches with their sort keys (a MATERIALIZED CTE: found through
       the filters' indexes, in no particular order) and, from them in one statement, the count and —
       only when the count is within the limit (a CASE: past it nothing is sorted) — the page's ids
       sorted as the list sorts. Relevance carries each match's stored vector, not its rank: the rank is
       computed by that sort only, so a broad word search ranks nothing. Up to the limit that is the
       whole answer: the cost is that of the matches, never that of walking the name index past rows
       that do not match (a word that starts most matching names sorts them all near one letter:
       walking the index from "A" read 868,000 rows for 634 matches at 1,000,000 actors).
    2. Past the limit the count is a lower bound and the gathered rows are only some of the matches:
       the page's ids come from `_past_limit_window` (a walk of the name index up to a bound, else every
       match sorted). Relevance becomes name order here (`NAME_ORDER`): ranking would need every match.
    3. The page's own columns and subsector ids (the row's own array, registry 0010), in the ids' order.
    Nothing numbers every match; only the page's rows are read in full. The statements run in one
    transaction with `directory_session_settings` set local to it (work_mem: exact bitmaps; plans for
    the search's own values)."""
    count_limit = directory_count_limit() if count_limit is None else count_limit
    qs = actor_list(**filters_).select_related(None).prefetch_related(None)
    if qs.query.is_empty():  # e.g. an unknown subsector
        return ActorPage(rows=[], count=0, number=1, per_page=per_page)
    # Raw SQL around compiled ORM SQL bypasses the router: ask it, so a lag-tolerant public page reads the
    # replica (core/replica.py). Only fixed fragments (table names from the models' metadata, positions
    # and directions of the sort keys, integers) are added to the compiled queries, hence the S608
    # exemptions; every value stays a parameter.
    using = router.db_for_read(Actor)
    keys = _sort_keys(qs)
    ranks = _ranks(filters_)
    if ranks and keys[0] != "-rank":
        raise TypeError(f"a relevance-ordered list sorts by -rank first, not {keys!r}")
    # The list's ORDER BY keys (names or "-names" of fields and annotations, e.g. -rank, name, id) as
    # columns of the gathered matches, sorted the same way outside the CTE; for relevance the first
    # key's column is the stored vector, ranked by that sort only.
    gathered_qs = qs.order_by()
    selected = [key.lstrip("-") for key in keys]
    sort_keys = [f"k{i}" for i in range(1, len(keys) + 1)]
    sort_params: list[Any] = []
    if ranks:
        gathered_qs = gathered_qs.annotate(_vector=search.StoredVector(F("search_text")))
        selected[0] = "_vector"
        sort_keys[0] = search.rank_sql("k1")
        sort_params.append(search.tsquery_text(filters_.get("q") or ""))
    gathered = gathered_qs.values_list("id", *selected)[: count_limit + 1]
    gathered_sql, gathered_params = gathered.query.get_compiler(using=using).as_sql()
    columns, order = _sorted_columns(keys, sort_keys)

    def gather(number: int) -> tuple[int, list[int]]:
        """The count and (within the limit) the page's ids; run inside the page's transaction below."""
        sql = (
            f"WITH m ({columns}) AS MATERIALIZED ({gathered_sql})"  # noqa: S608
            f" SELECT (SELECT count(*) FROM m),"
            f" CASE WHEN (SELECT count(*) FROM m) <= {int(count_limit)} THEN"
            f" ARRAY(SELECT k0 FROM m ORDER BY {order} LIMIT {int(per_page)} OFFSET {int((number - 1) * per_page)})"
            f" END"
        )
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [*gathered_params, *sort_params])
            counted, ids = cursor.fetchone()
        return counted, list(ids or [])

    # One transaction for the page's statements, so that the planner settings they need
    # (`directory_session_settings`) are local to it and never leak to the connection's next request.
    session = directory_session_settings()
    with transaction.atomic(using=using):
        with connections[using].cursor() as cursor:
            calls = ", ".join("set_config(%s, %s, true)" for _ in session)
            cursor.execute(f"SELECT {calls}", [item for pair in session for item in pair])
        number = min(max(page, 1), _last_page(count_limit, per_page))
        counted, ids = gather(number)
        count, lower_bound = _bounded(counted, count_limit)
        if not count:
            return ActorPage(rows=[], count=0, number=1, per_page=per_page)
        if number > _last_page(count, per_page):  # past the last page: show the last page (as Paginator.get_page)
            number = _last_page(count, per_page)
            counted, ids = gather(number)
        if lower_bound:
            listed = qs.order_by(*NAME_ORDER) if ranks else qs
            ids = _past_limit_window(listed, filters_, using=using, offset=(number - 1) * per_page, per_page=per_page)
        sql = (
            f"SELECT a.id, a.name, a.slug, a.kelurahan_id, a.size_class, a.fostered_by_id,"  # noqa: S608
            f" left(a.description, {SUMMARY_LENGTH}), a.subsector_ids"
            f" FROM unnest(%s::bigint[]) WITH ORDINALITY p (id, pos) JOIN {Actor._meta.db_table} a ON a.id = p.id"
            f" ORDER BY p.pos"
        )
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [ids])
            fetched = list(cursor.fetchall())
    values = [row[:7] for row in fetched]
    subsectors = {row[0]: row[7] for row in fetched}
    return ActorPage(
        rows=_directory_rows(values, subsectors),
        count=count,
        number=number,
        per_page=per_page,
        count_is_lower_bound=lower_bound,
        name_order_past_limit=lower_bound and ranks,
    )


# Past the count limit, a name-ordered page first walks the name index over WALK_MARGIN times the rows an even
# spread of the matches would put before the page's end, then over WALK_GROWTH times more at each try, while
# that stays under the matches' estimate; then it sorts every match (_past_limit_window).
WALK_MARGIN = 4
WALK_GROWTH = 8


def walk_reaches(*, estimate: float, table_rows: float, end: int) -> list[int]:
    """How many rows of the name index each try of a walk reads to fill a page ending at match number
    `end`, given PostgreSQL's estimates of the matches and of the table's rows; empty when the first try
    would read as many rows as sorting every match (then the page is taken by sorting).

    With the matches spread evenly over names the page's end lies at end × table_rows / estimate rows. They
    are not always spread (a word that starts its businesses' names sits at one letter), so the first try
    reads WALK_MARGIN times that and each next one WALK_GROWTH times the last, up to the estimate: the tries
    together read at most about 1.15 times the estimate before the sort, and a page found early costs
    little more than its rows."""
    if estimate <= 0 or table_rows <= 0:
        return []
    reach = -(-int(WALK_MARGIN * end * table_rows) // max(int(estimate), 1))
    reaches = []
    while reach < estimate:
        reaches.append(reach)
        reach *= WALK_GROWTH
    return reaches


def _name_histogram(cursor: Any) -> tuple[float, list[str]]:
    """PostgreSQL's statistics of the actors: the table's estimated rows and the bounds of the names'
    histogram (by default 101 names that cut the names, in order, into 100 parts of as many rows; empty
    before the table was first analysed). One catalog read, 0.5–2 ms at a million actors."""
    cursor.execute(
        "SELECT c.reltuples, s.histogram_bounds::text::text[] FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = 'name'"
        " WHERE c.oid = %s::regclass",
        [Actor._meta.db_table],
    )
    rows, bounds = cursor.fetchone()
    return float(rows), list(bounds or [])


def _explained_rows(cursor: Any, sql: str, params: Any) -> float:
    """PostgreSQL's estimate of the rows `sql` returns (an EXPLAIN: planning only, ~0.3 ms)."""
    cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
    raw = cursor.fetchone()[0]
    return float((json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]["Plan Rows"])


def _past_limit_window(
    listed: QuerySet[Actor], filters_: dict[str, Any], *, using: str, offset: int, per_page: int
) -> list[int]:
    """The page's ids of a search with more matches than the count limit, in the list's order.

    Sorting every match costs what the matches cost, whatever their number. A name-ordered list first
    tries something cheaper when PostgreSQL's estimates say it pays: the same list (`filters_`), its word
    search stated as separate conditions (`actor_list(terms_index=False)`: the walk checks each row it
    reads), ORDER BY name … LIMIT/OFFSET over the names up to a bound taken from PostgreSQL's histogram
    of the names (`_name_histogram`), which PostgreSQL answers by walking the name index and checking
    each row until the page is full. Those rows come first in name order, so a full page from
    them is the page; when it does not fill (the matches' names lie further on), the next try reaches
    further (`walk_reaches`), and past the estimate the page is taken by sorting.
    At 1,000,000 actors a word + kecamatan search with 23,656 matches takes 1.7 ms for its page 2 this
    way and 43 ms by sorting; unbounded, a walk for `wayang`, whose matches' names all start with
    "Wayang", read 900,000 rows (1.5 s) before it found one (docs/performance.md). Other orders sort."""
    keys = _sort_keys(listed)
    matches = listed.order_by().values_list("id", *(key.lstrip("-") for key in keys))
    matches_sql, matches_params = matches.query.get_compiler(using=using).as_sql()
    with connections[using].cursor() as cursor:
        table_rows, bounds = _name_histogram(cursor) if keys[0].lstrip("-") == "name" else (0.0, [])
        buckets = len(bounds) - 1
        if buckets > 0:  # name order, and statistics gathered
            walked = actor_list(**filters_, terms_index=False).select_related(None).prefetch_related(None)
            walked = walked.order_by(*keys)
            estimate = _explained_rows(cursor, matches_sql, matches_params)
            tried = 0
            for reach in walk_reaches(estimate=estimate, table_rows=table_rows, end=offset + per_page):
                # The histogram's bucket where the reach ends: its upper bound caps the walk (a bucket holds
                # 1/buckets of the rows, so a walk may read up to one bucket more than its reach).
                bucket = -(-reach * buckets // max(int(table_rows), 1))
                if bucket >= buckets:  # the walk would cover the table: the sort below reads no more
                    break
                if bucket <= tried:
                    continue
                tried = bucket
                if keys[0].startswith("-"):
                    within = walked.filter(name__gte=bounds[-1 - bucket])
                else:
                    within = walked.filter(name__lte=bounds[bucket])
                window = within.values_list("id", flat=True)[offset : offset + per_page]
                window_sql, window_params = window.query.get_compiler(using=using).as_sql()
                cursor.execute(window_sql, window_params)
                ids = [row[0] for row in cursor.fetchall()]
                if len(ids) == per_page:
                    return ids
        columns, order = _sorted_columns(keys, [f"k{i}" for i in range(1, len(keys) + 1)])
        cursor.execute(
            f"WITH m ({columns}) AS MATERIALIZED ({matches_sql})"  # noqa: S608
            f" SELECT k0 FROM m ORDER BY {order} LIMIT {int(per_page)} OFFSET {int(offset)}",
            matches_params,
        )
        return [row[0] for row in cursor.fetchall()]


def _directory_page_orm(
    *, page: int = 1, per_page: int = 20, count_limit: int | None = None, **filters_: Any
) -> ActorPage:
    """The portable directory query: bounded count, the page's columns, their subsectors (three queries)."""
    count_limit = directory_count_limit() if count_limit is None else count_limit
    qs = actor_list(**filters_).select_related(None).prefetch_related(None)
    count, lower_bound = _bounded(qs.order_by().values("pk")[: count_limit + 1].count(), count_limit)
    ranks = _ranks(filters_)
    if lower_bound and ranks:
        qs = qs.order_by(*NAME_ORDER)
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
        name_order_past_limit=lower_bound and ranks,
    )
