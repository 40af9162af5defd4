"""EXPLAIN (ANALYZE, BUFFERS) of the public directory's query, for a database the registry benchmark left.

    .venv/bin/python benchmarks/registry.py --actors 1000000 --keep-db ...   # leaves <db>_sinergi_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/sinergi_alice_sinergi_bench \\
        .venv/bin/python benchmarks/_directory_explain.py [--runs 3]

For each search kind the COLD phase sends (a word with a subsector, a subsector with a kecamatan, a word
with a kecamatan, a kelurahan, three filters, a second page), the exact SQL the directory runs
(`registry.selectors.actor_directory_page` with the page's default sort, relevance when there is a word;
captured as it executes, with its parameters: the bounded count, then the page) is explained
with ANALYZE and BUFFERS, on a connection set up as the app's are (no parallel gather, no JIT). Prints each plan
and the summed execution time of the best of --runs (the first run reads from disk, the others from cache).
Not part of `make bench` (a tool for reading plans, not a benchmark).
"""

from __future__ import annotations

import argparse
import os
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
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="a setting for the session, e.g. jit=off"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings.production")
    os.environ.setdefault("SINERGI_SECRET_KEY", "explain-only-" + "x" * 40)
    os.environ.setdefault("SINERGI_ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("SINERGI_REGION_CODE", "32.76")  # the Depok data the benchmark generates
    import django

    django.setup()
    from django.db import connection

    from sinergi.registry import selectors
    from sinergi.registry.models import Actor, Status
    from sinergi.wilayah.models import Level, Wilayah

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
        statements = [(s, p) for s, p in captured if "registry_actor" in s]  # the count, then the page
        totals = []
        plans: list[list[str]] = []
        with connection.cursor() as cursor:
            for setting in args.set:
                name, value = setting.split("=", 1)
                cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
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


if __name__ == "__main__":
    sys.exit(main())
