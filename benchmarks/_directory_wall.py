"""Wall time of the public directory's never-seen searches in one process, in the order the HTTP COLD phase
sends them, for a database the registry benchmark left.

    .venv/bin/python benchmarks/registry.py --actors 1000000 --seed-only   # leaves <db>_sinergi_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/sinergi_alice_sinergi_bench \\
        .venv/bin/python benchmarks/_directory_wall.py [--start 0] [--count 300]

Takes `--count` searches of `benchmarks/registry.py`'s COLD pool from `--start` (the pool starts with the
broad two-filter searches, which is all a slow COLD phase reaches), parses each as the portal parses its
query string and runs it through `registry.selectors.actor_directory_page` as the page does, timing the
whole call and each statement it sends. Prints p50/p95/mean of the wall time, the mean by kind of
search, and each statement's mean by its position (the gather, the EXPLAIN, the walk or sort past the
count limit…). Production settings; run it twice, the first run reads from disk. Not part of `make bench`
(a tool for finding where a search's time goes, not a benchmark with a target).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _mean(values: list[float]) -> float:
    # Not statistics.mean: this script's folder holds benchmarks/statistics.py, which shadows the module.
    return sum(values) / len(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=int, default=0, help="the first search's position in COLD's pool")
    parser.add_argument("--count", type=int, default=300, help="how many searches")
    args = parser.parse_args()
    import registry as bench  # the benchmark's own search generator

    bench.setup_tool("wall")
    from django.db import connection
    from django.http import QueryDict

    from sinergi.registry import filters as registry_filters
    from sinergi.registry import selectors
    from sinergi.registry.models import Actor

    pool = bench.seeded_cold_pool()
    chosen = pool[args.start : args.start + args.count]
    print(f"{Actor.objects.count():,} actors; COLD's searches {args.start:,}–{args.start + len(chosen) - 1:,} "
          f"of {len(pool):,}, in the pool's order")  # fmt: skip
    timings: list[float] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append((time.perf_counter() - started) * 1000)

    walls: list[float] = []
    by_kind: dict[str, list[float]] = {}
    by_position: dict[int, list[float]] = {}
    for path in chosen:
        query = QueryDict(path.split("?", 1)[1])
        found = registry_filters.parse_actor_filters(query)
        timings.clear()
        started = time.perf_counter()
        with connection.execute_wrapper(timed):
            selectors.actor_directory_page(page=found.page, per_page=20, **found.selector_kwargs())
        walls.append((time.perf_counter() - started) * 1000)
        by_kind.setdefault(" + ".join(sorted(query)), []).append(walls[-1])
        for position, took in enumerate(timings):
            by_position.setdefault(position, []).append(took)
    ordered = sorted(walls)
    print(f"wall per search: p50 {ordered[len(ordered) // 2]:.1f} ms, p95 {ordered[int(len(ordered) * 0.95)]:.1f} ms, "
          f"mean {_mean(walls):.1f} ms, max {ordered[-1]:.1f} ms")  # fmt: skip
    for kind, values in sorted(by_kind.items()):
        print(f"  {kind:<34} {len(values):>4} searches, mean {_mean(values):6.1f} ms, max {max(values):6.1f} ms")
    print("statements by position (how many searches sent one there, mean, max):")
    for position, values in sorted(by_position.items()):
        print(f"  {position}: {len(values):>4}, mean {_mean(values):6.2f} ms, max {max(values):6.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
