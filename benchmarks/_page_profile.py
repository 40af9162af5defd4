"""CPU per COLD page render, in one process: the directory and the initiatives list (issue 17 §2).

    DATABASE_URL=postgres://postgres@127.0.0.1:5433/sinergi_alice \\
        .venv/bin/python benchmarks/_page_profile.py [--pages directory,initiatives] [--requests 300] \\
        [--rounds 3] [--actors 100000] [--keep-db | --reuse-db] [--profile 30] [--signed-in]

1. A database `<DATABASE_URL's database>_page_profile` (PostgreSQL; DATABASE_URL's server) seeded as the
   benchmarks seed theirs: `registry.py`'s `prepare` (migrate, reference data, N verified actors written
   with COPY) and `collaboration.py`'s `generate` (10,000 initiatives, 1,000,000 supports, 50,000 users).
   `--keep-db` keeps it afterwards; `--reuse-db` uses a database kept earlier as it is (no seeding).
2. The production settings as `_common.production_env` sets them (DEBUG off, the cached template loader,
   the per-process page cache), in this process, and `django.test.Client` as an anonymous visitor
   (`--signed-in`: as a signed-in person, whom the page cache never serves).
3. Per page, `--rounds` rounds of `--requests` requests, each a request never sent before, from the
   benchmark's own COLD generator (`registry.cold_searches`, `collaboration.cold_path`); every answer
   must be a 200 and a page-cache miss. Prints per round the worker's CPU per request
   (`time.process_time`: this process only; PostgreSQL's own CPU is not in it), the wall time, and the SQL
   statements per request with their time (measured around each `execute` in this process), then the
   best round. `--profile N`: a further round under cProfile, its top N functions by own time and by
   cumulative time.

Not part of `make bench` (a tool for finding where a page's CPU goes; the load benchmarks measure the
pages under 16 clients). Figures: docs/performance.md, "COLD pages: CPU per request".
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import _common
import collaboration
import registry

# The benchmarks' folder holds a `statistics.py`: off the path once the benchmarks above are imported, or
# the app's `from statistics import mean` (programs' reports, imported with the URLconf) would find it.
BENCHMARKS = str(Path(__file__).resolve().parent)
sys.path[:] = [entry for entry in sys.path if str(Path(entry or ".").resolve()) != BENCHMARKS]

NAME = "page_profile"


class SqlTally:
    """Counts the statements this process sends and the wall time each takes (`execute_wrapper`)."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - t0
            self.count += 1


def _database(keep: bool, reuse: bool) -> tuple[str, Callable[[], None]]:
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database (its server is used; see the docstring)")
    parts = urlsplit(configured)
    name = f"{parts.path.lstrip('/') or 'sinergi'}_{NAME}"
    url = parts._replace(path=f"/{name}").geturl()
    if reuse:
        return url, lambda: None
    database = _common.fresh_database(name)
    return database.url, (lambda: None) if keep else database.cleanup


def _seed(url: str, actors: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    codes = registry.prepare(actors)
    kec_codes, sub_codes = collaboration.generate(url)
    print(f"seeded in {time.perf_counter() - t0:.1f} s")
    return {**codes, "initiative_kecamatan": kec_codes, "initiative_subsectors": sub_codes}


def _codes() -> dict[str, Any]:
    """What the COLD generators need, read from a database seeded earlier (`--reuse-db`)."""
    from django.db import connection

    from sinergi.classification.models import Subsector
    from sinergi.registry.models import Actor
    from sinergi.wilayah.models import Level, Wilayah

    kelurahan = list(Wilayah.objects.filter(level=Level.KELURAHAN).select_related("parent"))
    used = Actor.subsectors.through.objects.values("subsector_id").distinct()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.code FROM classification_subsector s JOIN classification_subsectorlist l "
            "ON l.id = s.subsector_list_id WHERE l.is_current ORDER BY s.id"
        )
        initiative_subsectors = [row[0] for row in cursor.fetchall()]
    return {
        "subsectors": sorted(Subsector.objects.filter(pk__in=used).values_list("code", flat=True)),
        "kecamatan": sorted({k.parent.code for k in kelurahan if k.parent is not None}),
        "kelurahan": sorted(k.code for k in kelurahan),
        "initiative_kecamatan": list(Wilayah.objects.filter(level=Level.KECAMATAN).values_list("code", flat=True)),
        "initiative_subsectors": initiative_subsectors,
    }


def _generators(codes: dict[str, Any]) -> dict[str, Iterator[str]]:
    working_set = set(registry.combinations(codes)[: registry.WORKING_SET])
    directory = iter(registry.cold_searches(codes, working_set))
    kec, sub = codes["initiative_kecamatan"], codes["initiative_subsectors"]
    counter = itertools.count()
    initiatives = (collaboration.cold_path(kec, sub, n % 16, n // 16) for n in counter)
    return {"directory": directory, "initiatives": initiatives}


@contextmanager
def _tallied() -> Iterator[SqlTally]:
    from django.db import connection

    tally = SqlTally()
    with connection.execute_wrapper(tally):
        yield tally


def _round(client: Any, paths: Iterator[str], requests: int) -> dict[str, float]:
    """`requests` requests, each a never-seen path; the worker's CPU and wall time, SQL count and time."""
    batch = list(itertools.islice(paths, requests))
    if len(batch) < requests:
        raise SystemExit("the COLD generator ran out of never-seen requests")
    with _tallied() as tally:
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for path in batch:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
            cache = response.get("X-Sinergi-Page-Cache", "-")
            if cache not in {"miss", "-"}:
                raise SystemExit(f"{path}: page cache {cache!r}; COLD must always miss")
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return {
        "cpu_ms": cpu / requests * 1000,
        "wall_ms": wall / requests * 1000,
        "sql": tally.count / requests,
        "sql_ms": tally.seconds / requests * 1000,
    }


def _line(name: str, f: dict[str, float]) -> str:
    return (
        f"{name:<28} CPU {f['cpu_ms']:7.2f} ms/request  wall {f['wall_ms']:7.2f} ms  "
        f"SQL {f['sql']:5.1f} statements {f['sql_ms']:6.2f} ms"
    )


def _client(signed_in: bool) -> Any:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    if signed_in:
        from sinergi.accounts.models import User

        user, _ = User.objects.get_or_create(
            email="page-profile@contoh.id", defaults={"full_name": "Page Profile", "is_active": True}
        )
        client.force_login(user)
    return client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="directory,initiatives", help="directory, initiatives or both")
    parser.add_argument("--requests", type=int, default=300, help="requests per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=30, help="requests before the rounds (imports, templates)")
    parser.add_argument("--actors", type=int, default=100_000)
    parser.add_argument("--keep-db", action="store_true", help="keep the seeded database for --reuse-db")
    parser.add_argument("--reuse-db", action="store_true", help="use the database a --keep-db run left")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="a cProfile round: top N functions")
    parser.add_argument("--signed-in", action="store_true", help="as a signed-in person (never page-cached)")
    args = parser.parse_args(argv)
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    if unknown := set(pages) - {"directory", "initiatives"}:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")

    url, cleanup = _database(args.keep_db, args.reuse_db)
    var_dir = tempfile.mkdtemp(prefix="sinergi-page-profile-")
    env = _common.production_env(url, SINERGI_VAR_DIR=var_dir)
    env.setdefault("SINERGI_DB_CONN_MAX_AGE", "600")
    try:
        registry.setup_django(env)
        from django.core.management import call_command
        from django.db import connections

        if args.reuse_db:
            call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
            codes = _codes()
        else:
            codes = _seed(url, args.actors)
        generators = _generators(codes)
        client = _client(args.signed_in)
        print(f"database {url}; production settings in this process; {args.requests} requests a round")
        print(f"visitor: {'signed in' if args.signed_in else 'anonymous'}; load {os.getloadavg()[0]:.2f} (1 min)")
        for page in pages:
            paths = generators[page]
            _round(client, paths, args.warmup)
            rounds = [_round(client, paths, args.requests) for _ in range(args.rounds)]
            for i, figures in enumerate(rounds, 1):
                print(_line(f"{page} COLD round {i}", figures))
            best = min(rounds, key=lambda f: f["cpu_ms"])
            print(_line(f"{page} COLD best of {args.rounds}", best))
            if args.profile:
                profiler = cProfile.Profile(time.process_time)  # CPU, as the rounds measure
                profiler.enable()
                _round(client, paths, args.requests)
                profiler.disable()
                for order in ("tottime", "cumulative"):
                    out = io.StringIO()
                    pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(args.profile)
                    print(f"--- {page}: cProfile by {order} ({args.requests} requests)\n{out.getvalue()}")
        print(f"load {os.getloadavg()[0]:.2f} (1 min) at the end")
        connections.close_all()
    finally:
        cleanup()
        import shutil

        shutil.rmtree(var_dir, ignore_errors=True)
    if args.keep_db:
        print(f"database kept: {url} (--reuse-db uses it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
