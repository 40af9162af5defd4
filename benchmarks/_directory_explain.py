"""EXPLAIN (ANALYZE, BUFFERS) of the public directory's query, for a database the registry benchmark left.

    .venv/bin/python benchmarks/registry.py --actors 1000000 --seed-only   # leaves <db>_sinergi_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/sinergi_alice_sinergi_bench \\
        .venv/bin/python benchmarks/_directory_explain.py [--runs 3]

For each search kind the COLD phase sends (a word with a subsector, a subsector with a kecamatan, a word
with a kecamatan, a kelurahan, three filters, a second page), the exact SQL the directory runs
(`registry.selectors.actor_directory_page` with the page's default sort, relevance when there is a word;
captured as it executes, with its parameters: the bounded count, then the page) is explained
with ANALYZE and BUFFERS, on a connection set up as the app's are (no parallel gather, no JIT) with the
directory's own transaction settings (`work_mem`, `SINERGI_DIRECTORY_WORK_MEM`). Prints each plan
and the summed execution time of the best of --runs (the first run reads from disk, the others from cache).

With --sample N: instead of the fixed searches, N of the COLD phase's never-seen searches
(`benchmarks/registry.py`'s `cold_searches`, drawn with a fixed seed), each parsed as the portal parses
its query string (`parse_actor_filters`) and run through the directory as the page runs it; each is
explained best of --runs, then it prints the distribution (p50/p90/p95/max) of match counts and of the
summed execution time, the shared buffers read in heap and index nodes, and the slowest 10 % with what
they read (`--slowest` how many to list).
Not part of `make bench` (a tool for reading plans, not a benchmark).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--verbose", action="store_true", help="print every plan in full")
    parser.add_argument(
        "--count-limit", type=int, default=None, help="the count's limit (default: SINERGI_DIRECTORY_COUNT_LIMIT)"
    )
    parser.add_argument("--sample", type=int, default=0, help="explain N of COLD's never-seen searches instead")
    parser.add_argument("--slowest", type=int, default=0, help="with --sample: list this many slowest (default 10 %%)")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="a setting for the session, e.g. jit=off"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import registry as bench  # the benchmark's own search generator

    bench.setup_tool("explain")
    from django.db import connection

    from sinergi.registry import selectors
    from sinergi.registry.models import Actor, Status
    from sinergi.wilayah.models import Level, Wilayah

    if args.sample:
        return sample(args)

    kelurahan = Wilayah.objects.filter(level=Level.KELURAHAN).select_related("parent").order_by("code").first()
    assert kelurahan is not None
    assert kelurahan.parent is not None
    kecamatan = kelurahan.parent.code
    subsector = "KRY"  # the most common (Kriya, a fifth of the generated actors)
    searches: list[tuple[str, dict[str, Any]]] = [
        ("word + subsector", {"q": "batik", "subsector": subsector}),
        ("subsector + kecamatan", {"subsector": subsector, "kecamatan": kecamatan}),
        ("word + kecamatan", {"q": "jaya", "kecamatan": kecamatan}),
        ("prefix word + kecamatan", {"q": "bat", "kecamatan": kecamatan}),
        ("word + kelurahan", {"q": "kopi", "kelurahan": kelurahan.code}),
        ("word + subsector + kecamatan", {"q": "studio", "subsector": subsector, "kecamatan": kecamatan}),
        ("subsector + kecamatan, page 2", {"subsector": subsector, "kecamatan": kecamatan, "page": 2}),
        ("subsector alone", {"subsector": subsector}),
        # The deepest page within the limit (offset 9,980): the name-order walk of a broad word search.
        ("word + subsector, page 500", {"q": "batik", "subsector": subsector, "page": 500}),
        ("word + kecamatan, page 500", {"q": "jaya", "kecamatan": kecamatan, "page": 500}),
    ]
    count = Actor.objects.filter(status=Status.VERIFIED).count()
    print(f"{count:,} verified actors; kecamatan {kecamatan}, kelurahan {kelurahan.code}, subsector {subsector}")
    captured: list[tuple[str, Any]] = []

    def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        captured.append((sql, params))
        return execute(sql, params, many, context)

    for label, filters in searches:
        # The page's own keyword arguments: the sort a visitor gets by default (relevance with a word).
        kwargs = {**filters, "sort": "relevance" if filters.get("q") else "name"}
        captured.clear()
        with connection.execute_wrapper(capture):
            page = selectors.actor_directory_page(count_limit=args.count_limit, **kwargs)
        statements = [
            (s, p) for s, p in captured if "registry_actor" in s and not s.startswith("EXPLAIN")
        ]  # the count, then the page
        totals = []
        plans: list[list[str]] = []
        with connection.cursor() as cursor:
            _session(cursor, args.set)
            for _ in range(args.runs):
                plans = []
                for sql, params in statements:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                    plans.append([row[0] for row in cursor.fetchall()])
                totals.append(sum(float(plan[-1].split(":")[1].split()[0]) for plan in plans))
        matches = f"more than {page.count:,}" if page.count_is_lower_bound else f"{page.count:,}"
        print(f"\n== {label}: {matches} matches, execution {min(totals):.1f} ms best of {args.runs} "
              f"({', '.join(f'{t:.1f}' for t in totals)}; {len(statements)} statements)")  # fmt: skip
        for plan in plans:
            for line in plan if args.verbose else [p for p in plan if "Buffers" in p or "->" in p][:14]:
                print("  " + line)
    return 0


def _session(cursor: Any, extra: list[str]) -> str:
    """Set up the EXPLAIN session as the directory's transaction is (`directory_session_settings`, which
    the page sets local to its transaction, so the captured statements do not carry them), then the
    --set NAME=VALUE overrides; returns what the session runs with (jit, parallel workers, work_mem)."""
    from sinergi.registry.selectors.directory import directory_session_settings

    pairs = [*directory_session_settings(), *(tuple(item.split("=", 1)) for item in extra)]
    for name, value in pairs:
        cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
    cursor.execute(
        "SELECT current_setting('jit'), current_setting('max_parallel_workers_per_gather'), current_setting('work_mem')"
    )
    jit, workers, work_mem = cursor.fetchone()
    return f"jit {jit}, max_parallel_workers_per_gather {workers}, work_mem {work_mem}"


def _own_buffers(node: dict[str, Any]) -> tuple[str, int, int]:
    """(kind, shared blocks hit + read by this node alone, temp blocks written) for one JSON plan node."""
    children = node.get("Plans", [])
    shared = node.get("Shared Hit Blocks", 0) + node.get("Shared Read Blocks", 0)
    shared -= sum(c.get("Shared Hit Blocks", 0) + c.get("Shared Read Blocks", 0) for c in children)
    temp = node.get("Temp Written Blocks", 0) - sum(c.get("Temp Written Blocks", 0) for c in children)
    kind = node["Node Type"]
    if kind in ("Bitmap Index Scan", "Index Only Scan"):
        return "index", shared, temp
    if kind in ("Bitmap Heap Scan", "Seq Scan", "Tid Scan"):
        return "heap", shared, temp
    if kind == "Index Scan":
        return "index+heap", shared, temp
    return "other", shared, temp


def _walk(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [node, *(n for child in node.get("Plans", []) for n in _walk(child))]


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def sample(args: argparse.Namespace) -> int:
    """Explain a sample of the COLD phase's never-seen searches, as the portal runs them."""
    import json
    import random

    from django.db import connection
    from django.http import QueryDict

    import registry as bench  # the benchmark's own search generator (its folder is on sys.path: main())
    from sinergi.registry import filters as registry_filters
    from sinergi.registry import selectors
    from sinergi.registry.models import Actor

    pool = bench.seeded_cold_pool()
    chosen = random.Random(17).sample(pool, min(args.sample, len(pool)))
    print(f"{Actor.objects.count():,} actors; {len(chosen)} of COLD's {len(pool):,} never-seen searches, "
          f"best of {args.runs}")  # fmt: skip
    captured: list[tuple[str, Any]] = []

    def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        captured.append((sql, params))
        return execute(sql, params, many, context)

    results = []
    with connection.cursor() as cursor:
        applied = _session(cursor, args.set)
    print(f"session: {applied}")
    for path in chosen:
        query = QueryDict(path.split("?", 1)[1])
        f = registry_filters.parse_actor_filters(query)
        captured.clear()
        with connection.execute_wrapper(capture):
            page = selectors.actor_directory_page(page=f.page, per_page=20, count_limit=args.count_limit,
                                                  **f.selector_kwargs())  # fmt: skip
        statements = [(s, p) for s, p in captured if "registry_actor" in s and not s.startswith("EXPLAIN")]
        best: dict[str, Any] | None = None
        with connection.cursor() as cursor:
            for _ in range(args.runs):
                total = 0.0
                buffers = {"heap": 0, "index": 0, "index+heap": 0, "other": 0, "temp": 0}
                for sql, params in statements:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
                    raw = cursor.fetchone()[0]
                    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
                    total += plan["Execution Time"]
                    for node in _walk(plan["Plan"]):
                        kind, shared, temp = _own_buffers(node)
                        buffers[kind] += shared
                        buffers["temp"] += temp
                if best is None or total < best["ms"]:
                    best = {"ms": total, **buffers}
        assert best is not None
        kind = " + ".join(k for k in ("q", "subsektor", "kecamatan", "kelurahan") if query.get(k))
        kind += ", page 2" if query.get("halaman") else ""
        results.append({"path": path, "kind": kind, "matches": page.count, "more": page.count_is_lower_bound,
                        "statements": len(statements), **best})  # fmt: skip
    times = [r["ms"] for r in results]
    counts = [float(r["matches"]) for r in results]
    print("\n            p50      p90      p95      max")
    print(f"matches {_percentile(counts, 50):>8,.0f} {_percentile(counts, 90):>8,.0f} "
          f"{_percentile(counts, 95):>8,.0f} {max(counts):>8,.0f}   (past the limit: "
          f"{sum(r['more'] for r in results)} of {len(results)})")  # fmt: skip
    print(f"ms      {_percentile(times, 50):>8.1f} {_percentile(times, 90):>8.1f} "
          f"{_percentile(times, 95):>8.1f} {max(times):>8.1f}")  # fmt: skip
    for key in ("heap", "index", "index+heap", "temp"):
        values = [float(r[key]) for r in results]
        print(f"{key + ' pages':<18} p50 {_percentile(values, 50):>8,.0f}  p95 {_percentile(values, 95):>8,.0f}  "
              f"max {max(values):>8,.0f}")  # fmt: skip
    print("\nby match count (the directory's count, 10,000 = more than 10,000):")
    bands = [(0, 100), (101, 1000), (1001, 3000), (3001, 9999), (10000, 10**9)]
    for low, high in bands:
        band = [r for r in results if low <= r["matches"] <= high]
        if band:
            ms = [r["ms"] for r in band]
            print(f"  {low:>6,}–{min(high, 10**6):<9,} {len(band):>4} searches, p50 {_percentile(ms, 50):6.1f} ms, "
                  f"p95 {_percentile(ms, 95):6.1f} ms, max {max(ms):6.1f} ms, heap pages p50 "
                  f"{_percentile([float(r['heap']) for r in band], 50):,.0f}")  # fmt: skip
    print("\nby kind:")
    for kind in sorted({r["kind"] for r in results}):
        band = [r for r in results if r["kind"] == kind]
        ms = [r["ms"] for r in band]
        print(f"  {kind:<34} {len(band):>4} searches, p50 {_percentile(ms, 50):6.1f} ms, "
              f"p95 {_percentile(ms, 95):6.1f} ms, max {max(ms):6.1f} ms")  # fmt: skip
    slowest = sorted(results, key=lambda r: -r["ms"])[: args.slowest or max(1, len(results) // 10)]
    print(f"\nslowest {len(slowest)}:")
    for r in slowest:
        matches = f">{r['matches']:,}" if r["more"] else f"{r['matches']:,}"
        print(f"  {r['ms']:7.1f} ms  {matches:>8} matches  heap {r['heap']:>6,}  index {r['index']:>5,}  "
              f"index+heap {r['index+heap']:>6,}  temp {r['temp']:>4,}  {r['path']}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
