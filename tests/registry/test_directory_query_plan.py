"""What the directory's PostgreSQL query needs from the database at a million actors (issue 17,
docs/performance.md "The COLD mix at a million actors"): a bitmap for the subsector filter (registry
0012), and exact bitmaps — the directory's statements run with their own `work_mem`
(settings.SINERGI_DIRECTORY_WORK_MEM), local to their transaction."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.db import connection

from sinergi.registry import filters as selectors_filters
from sinergi.registry import selectors
from sinergi.registry.selectors.directory import _directory_page_sql
from tests.factories import kelurahan, make_actor

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the directory's PostgreSQL query"),
]


def _nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [plan, *(node for child in plan.get("Plans", []) for node in _nodes(child))]


@pytest.mark.django_db
def test_a_subsector_filter_is_a_bitmap_of_its_own_index() -> None:
    """Registry 0012: the subsector condition of a public search (`subsector_ids @> …`) can be answered
    by an index, so PostgreSQL combines it with the word's and the place's bitmaps instead of reading
    every candidate's table row to check it (30,000–105,000 table pages for a few hundred matches)."""
    make_actor(name="Batik Sawangan", kbli_code="13134", kelurahan=kelurahan("32.76.03.1001"))
    qs = selectors.actor_list(subsector="KRY").select_related(None).prefetch_related(None).values_list("id")
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        # Only a bitmap whose index holds the array as an index condition can serve the query now (the
        # test's transaction is rolled back: the other partial indexes come back).
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'registry_actor' AND indexdef LIKE '%%status%%'"
            " AND indexname <> 'registry_actor_verified_subsector_ids'"
        )
        for (name,) in cursor.fetchall():  # the status indexes and the other partial ones
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        raw = cursor.fetchone()[0]
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    used = {
        (node.get("Index Name"), "subsector_ids @>" in node.get("Index Cond", ""))
        for node in _nodes(plan)
        if node["Node Type"] == "Bitmap Index Scan"
    }
    assert ("registry_actor_verified_subsector_ids", True) in used, plan
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'registry_actor_verified_subsector_ids'")
        definition = " ".join(cursor.fetchone()[0].split())
    assert "USING gin (subsector_ids) WHERE ((status)::text = 'verified'::text)" in definition


@pytest.fixture
def reference_data() -> None:
    """A transactional test flushes the database when it ends, reference data included (pytest-django
    runs them after the others, in any order): load it again if a previous one left it empty."""
    from django.core.management import call_command

    from sinergi.wilayah.models import Wilayah

    if not Wilayah.objects.exists():
        call_command("load_reference", verbosity=0, stdout=io.StringIO())
        selectors_filters.clear_options_cache()  # the directory's options memo names the old keys


def _server_work_mem() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('work_mem')")
        return str(cursor.fetchone()[0])


def _work_mem_of_directory_statements(setting: str = "work_mem", **filters: Any) -> list[str]:
    """The value of `setting` each of the directory page's statements on registry_actor ran with."""
    seen: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if "registry_actor" in sql:
            with context["connection"].connection.cursor() as raw:  # not through the wrapper
                raw.execute("SELECT current_setting(%s)", [setting])
                seen.append(raw.fetchone()[0])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        _directory_page_sql(page=1, per_page=10, **filters)
    return seen


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_the_directory_statements_run_with_their_own_work_mem_and_leave_the_connection_as_it_was(
    settings: Any,
) -> None:
    """At PostgreSQL's default 4 MB a common word's bitmap over a million actors turns lossy, and every
    row of the lossy pages is read and checked again (28,000 table pages for a 288-match search). The
    directory sets its own work_mem, local to the transaction of its statements: the next request on the
    same connection gets the server's."""
    for i in range(12):
        make_actor(name=f"Kopi Jaya {i:02d}", kbli_code="56303", kelurahan=kelurahan("32.76.03.1001"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_actor")  # the names' statistics: past the limit a walk is weighed
    before = _server_work_mem()
    settings.SINERGI_DIRECTORY_WORK_MEM = "24MB"
    assert _work_mem_of_directory_statements(q="kopi", kecamatan="32.76.03", sort="relevance") == ["24MB", "24MB"]
    # Past the count limit: the count, the estimate of the matches, the page's ids (12 matches: sorted, a walk
    # would not pay), the rows.
    assert _work_mem_of_directory_statements(q="kopi", sort="relevance", count_limit=10) == ["24MB"] * 4
    assert _server_work_mem() == before  # nothing leaks to the connection's next statement
    settings.SINERGI_DIRECTORY_WORK_MEM = ""  # empty: the server's own
    assert _work_mem_of_directory_statements(q="kopi") == [before, before]


@pytest.mark.django_db(transaction=True)
def test_the_directory_statements_are_planned_for_their_own_values() -> None:
    """The app's connections prepare what they repeat (decision 0013), and a prepared statement may be
    run with one generic plan for every value; a search's best plan depends on its words, so the
    directory's statements are planned for each search, and the connection keeps PostgreSQL's mode."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('plan_cache_mode')")
        before = cursor.fetchone()[0]
    assert before != "force_custom_plan"
    for _ in range(7):  # past psycopg's threshold: the statements are prepared by now
        seen = _work_mem_of_directory_statements("plan_cache_mode", q="kopi", sort="relevance")
        assert seen
        assert set(seen) == {"force_custom_plan"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('plan_cache_mode')")
        assert cursor.fetchone()[0] == before
