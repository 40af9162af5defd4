"""Registry benchmark: the public directory under load, then the bulk import (if present).

    .venv/bin/python benchmarks/registry.py [--actors 100000] [--quick] [--seconds 20] [--workers 4]

1. A fresh database: DATABASE_URL's PostgreSQL server if set, else `sinergi_bench` on
   postgres://postgres@127.0.0.1:5432 if reachable, else a temporary SQLite file (printed).
2. migrate, reference data, cache table; N verified actors generated in bulk (bulk_create with their
   subsector rows and search text, as the services would write them); ANALYZE.
3. The app as deployed locally: gunicorn `sinergi.wsgi`, production settings (DEBUG off), 127.0.0.1.
4. 16 concurrent clients for a fixed time: the bare Django view `/_bare` (the floor); the directory COLD
   (every request a search never requested before in the server's life, for the whole run: the two-filter
   mix q + subsektor, subsektor + kecamatan, q + kecamatan, then the same narrowed to a kelurahan and
   three-filter searches, with words that occur in the generated names; tens of thousands of them, and a
   repeat or a page-cache hit is a FAIL); the directory WARM (after a warm-up pass over a working set of
   100 two-filter searches, the popular ones); the bare view again. Prints p50/p95/p99 latency,
   throughput, page-cache hits/misses and the load average at the start and end of each phase, and the
   ratio to the bare view (mean of its two runs), with PASS/FAIL: COLD against p95 ≤ 100 ms and ≥ 10 % of
   the bare view, WARM against p95 ≤ 150 ms and ≥ 40 % of the bare view.
5. The import benchmark (`benchmarks/_registry_import.py`, `run(rows) -> dict[str, float]`) if present.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import _common

P95_TARGET_MS = 150.0  # WARM
RATIO_TARGET = 0.40
COLD_P95_TARGET_MS = 100.0  # issue 17: every search never seen
COLD_RATIO_TARGET = 0.10
CLIENTS = 16
WORKING_SET = 100
SEED = 20260107

# Words that appear in generated names and descriptions (and so in search_text), and query words.
NAME_WORDS = [
    "batik", "tenun", "rajut", "kopi", "roti", "sambal", "keripik", "studio", "aplikasi", "game",
    "foto", "film", "musik", "desain", "kriya", "bambu", "kulit", "keramik", "boneka", "busana",
    "hijab", "kaos", "sablon", "lukis", "tari", "wayang", "animasi", "komik", "percetakan", "iklan",
]  # fmt: skip
PLACE_WORDS = ["depok", "margonda", "cinere", "sawangan", "beji", "cimanggis", "tapos", "limo", "bojongsari"]
TRADE_WORDS = ["jaya", "makmur", "kreasi", "karya", "mandiri", "sejahtera", "abadi", "nusantara", "indah", "berkah"]
DESCRIPTION_WORDS = [
    "produk", "buatan", "tangan", "lokal", "berkualitas", "pesanan", "grosir", "eceran", "motif", "khas",
    "modern", "tradisional", "ramah", "lingkungan", "daur", "ulang", "premium", "harian", "oleh-oleh", "kreatif",
]  # fmt: skip
QUERY_WORDS = ["batik", "kopi", "studio", "kriya", "bat", "rajut", "desain", "kaos", "foto", "keripik", "musik", "jaya"]


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def prepare(actors: int) -> dict[str, object]:
    """Schema, reference data and `actors` verified actors; returns what the load needs (codes)."""
    import io

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from sinergi.accounts.models import Organisation, OrganisationKind
    from sinergi.classification.models import KbliCode, KbliMapping, Subsector
    from sinergi.registry.models import Actor, SizeClass, Status
    from sinergi.wilayah.models import Level, Wilayah

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, stdout=io.StringIO())
    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    call_command("createcachetable", verbosity=0, stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
    print(f"schema and reference data: {time.perf_counter() - t0:.1f} s")

    rng = random.Random(SEED)
    mapping = KbliMapping.objects.get(is_active=True)
    by_kbli: dict[str, list[int]] = {}
    for code, subsector_id in mapping.entries.values_list("kbli_code", "subsector_id"):
        by_kbli.setdefault(code, []).append(subsector_id)
    kbli = {k.kode: k for k in KbliCode.objects.filter(version=mapping.kbli_version, kode__in=list(by_kbli))}
    kbli_codes = sorted(kbli)
    subsector_names = dict(Subsector.objects.values_list("pk", "name_id"))
    kelurahan = list(Wilayah.objects.filter(level=Level.KELURAHAN).select_related("parent"))
    office, _ = Organisation.objects.get_or_create(
        slug="dinas-bench", defaults={"name": "Dinas Bench", "kind": OrganisationKind.OFFICE}
    )
    sizes = [SizeClass.MIKRO] * 7 + [SizeClass.KECIL] * 2 + [SizeClass.MENENGAH, ""]
    now = timezone.now()
    through = Actor.subsectors.through

    t0 = time.perf_counter()
    batch = 5000
    for start in range(0, actors, batch):
        rows: list[Actor] = []
        links: list[tuple[int, list[int]]] = []
        for i in range(start, min(start + batch, actors)):
            product_word = rng.choice(NAME_WORDS)
            name = f"{product_word.title()} {rng.choice(TRADE_WORDS).title()} {rng.choice(PLACE_WORDS).title()} {i}"
            code = rng.choice(kbli_codes)
            place = rng.choice(kelurahan)
            description = " ".join([product_word, *rng.sample(DESCRIPTION_WORDS, 6)])
            address = f"Jl. {rng.choice(PLACE_WORDS).title()} No. {rng.randint(1, 300)}"
            subsectors = by_kbli[code]
            search_text = " ".join(
                [name, description, address, place.nama, place.parent.nama, kbli[code].judul]  # type: ignore[union-attr]
                + [subsector_names[s] for s in subsectors]
            )
            rows.append(
                Actor(
                    name=name,
                    slug=f"{slugify(name)}-{i}",
                    description=description,
                    address=address,
                    kelurahan_id=place.pk,
                    primary_kbli_id=kbli[code].pk,
                    size_class=rng.choice(sizes),
                    fostered_by_id=office.pk if rng.random() < 0.2 else None,
                    status=Status.VERIFIED,
                    verified_at=now,
                    search_text=search_text,
                    workers_female=rng.randint(0, 5),
                    workers_male=rng.randint(0, 5),
                )
            )
            links.append((i - start, subsectors))
        with transaction.atomic():
            created = Actor.objects.bulk_create(rows)
            through.objects.bulk_create(
                [through(actor_id=created[idx].pk, subsector_id=s) for idx, subs in links for s in subs]
            )
    elapsed = time.perf_counter() - t0
    print(f"generated {actors:,} verified actors in {elapsed:.1f} s ({actors / elapsed:,.0f}/s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    connection.close()
    used_subsectors = sorted(
        Subsector.objects.filter(pk__in={s for v in by_kbli.values() for s in v}).values_list("code", flat=True)
    )
    kecamatan = sorted({k.parent.kode for k in kelurahan})  # type: ignore[union-attr]
    return {
        "subsectors": used_subsectors,
        "kecamatan": kecamatan,
        "kelurahan": sorted(k.kode for k in kelurahan),
    }


def combinations(codes: dict[str, object]) -> list[str]:
    """Every two-filter directory search of the realistic mix, shuffled: a word that occurs in generated
    names with a subsector, a subsector with a kecamatan, a word with a kecamatan; first pages and a
    share of second pages (people page on). The WARM working set is drawn from these."""
    subsectors: list[str] = codes["subsectors"]  # type: ignore[assignment]
    kecamatan: list[str] = codes["kecamatan"]  # type: ignore[assignment]
    words = sorted(set(QUERY_WORDS + NAME_WORDS + TRADE_WORDS + PLACE_WORDS))
    paths = [f"/direktori/?q={w}&subsektor={s}" for w in words for s in subsectors]
    paths += [f"/direktori/?subsektor={s}&kecamatan={k}" for s in subsectors for k in kecamatan]
    paths += [f"/direktori/?q={w}&kecamatan={k}" for w in words for k in kecamatan]
    paths += [p + "&halaman=2" for p in paths[::3]]
    random.Random(SEED).shuffle(paths)
    return paths


def cold_searches(codes: dict[str, object], exclude: set[str]) -> list[str]:
    """Searches for COLD, none of them in `exclude` (the WARM working set) and each used once: the
    two-filter mix of `combinations`, then the same kinds narrowed to a kelurahan, then three filters
    (word, subsector, kecamatan), each with first and second pages. Several tens of thousands, so that
    even a fast run never repeats one (the run checks and says FAIL if it did)."""
    subsectors: list[str] = codes["subsectors"]  # type: ignore[assignment]
    kecamatan: list[str] = codes["kecamatan"]  # type: ignore[assignment]
    kelurahan: list[str] = codes["kelurahan"]  # type: ignore[assignment]
    words = sorted(set(QUERY_WORDS + NAME_WORDS + TRADE_WORDS + PLACE_WORDS))
    more = [f"/direktori/?q={w}&kelurahan={k}" for w in words for k in kelurahan]
    more += [f"/direktori/?subsektor={s}&kelurahan={k}" for s in subsectors for k in kelurahan]
    more += [f"/direktori/?q={w}&subsektor={s}&kecamatan={k}" for w in words for s in subsectors for k in kecamatan]
    more += [p + "&halaman=2" for p in more]
    random.Random(SEED + 1).shuffle(more)
    pool = [p for p in combinations(codes) + more if p not in exclude]
    if len(set(pool)) != len(pool):
        raise AssertionError("COLD searches repeat")
    return pool


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f}/{five:.2f} (1/5 min)"


def _phase(base: str, name: str, paths: Callable[[int, int], str], seconds: float) -> _common.LoadResult:
    before = _load()
    result = _common.run_load(base, name, paths, clients=CLIENTS, seconds=seconds, count_header="X-Sinergi-Page-Cache")
    print(result.line())
    cache = ", ".join(f"{k} {v}" for k, v in sorted(result.header_counts.items()))
    print(f"{'':<34} {before} at start, {_load()} at end; page cache: {cache or 'n/a'}")
    return result


def _verdict(result: _common.LoadResult, bare: float, *, p95_target: float, ratio_target: float) -> tuple[bool, str]:
    ratio = result.throughput / bare if bare else 0.0
    p95 = result.percentile(95)
    passed = p95 <= p95_target and ratio >= ratio_target and result.errors == 0
    text = (
        f"{result.throughput:.1f} req/s = {ratio:6.1%} of bare (target ≥ {ratio_target:.0%}), "
        f"p95 {p95:.1f} ms (target ≤ {p95_target:.0f} ms), errors {result.errors}"
    )
    return passed, text


def load_test(base: str, codes: dict[str, object], seconds: float) -> bool:
    """Bare view, directory COLD, directory WARM, bare view again; the same 16-thread client throughout.

    COLD: every request is a distinct search not requested before in this server's life, so every one is
    rendered (page-cache miss): the cost of a search nobody made in the last minute.
    WARM: after a warm-up pass, searches drawn from a working set of popular combinations, as steady public
    traffic is; each gunicorn worker keeps its own page cache, so some requests still miss.
    Both are judged against their targets and the bare view (the floor) measured in the same run."""
    print(f"\n{CLIENTS} concurrent clients, {seconds:.0f} s per phase; {_load()}")
    # Start every worker: first requests import modules, compile templates, open database connections.
    _common.run_load(base, "start-up", lambda c, n: "/_bare" if n % 2 else "/direktori/?q=zzzz", seconds=3)
    working_set = combinations(codes)[:WORKING_SET]
    cold_pool = cold_searches(codes, set(working_set))
    print(f"{len(cold_pool):,} distinct searches for COLD (each used once), {WORKING_SET} for WARM")

    bare_1 = _phase(base, "bare Django view /_bare", lambda c, n: "/_bare", seconds)

    cold_counter = itertools.count()

    def cold_path(client: int, n: int) -> str:
        index = next(cold_counter)
        return cold_pool[index % len(cold_pool)]  # a repeat makes COLD FAIL below (not cold any more)

    cold = _phase(base, "directory COLD (never seen)", cold_path, seconds)
    cold_used = next(cold_counter)
    cold_fresh = cold_used <= len(cold_pool) and cold.header_counts.get("hit", 0) == 0
    print(f"{'':<34} COLD sent {cold_used:,} requests over {len(cold_pool):,} distinct searches: "
          f"{'none repeated' if cold_used <= len(cold_pool) else 'SOME REPEATED (pool too small)'}")  # fmt: skip

    # Warm-up: passes over the working set until a pass is served almost entirely from the cache (each
    # gunicorn worker fills its own page cache, so every search must reach every worker).
    warm_counter = itertools.count()
    warm_started = time.monotonic()
    for attempt in range(1, 16):
        warm = _common.run_load(
            base,
            "warm-up",
            lambda c, n: working_set[next(warm_counter) % len(working_set)],
            clients=CLIENTS,
            seconds=3,
            count_header="X-Sinergi-Page-Cache",
        )
        misses = warm.header_counts.get("miss", 0)
        print(f"warm-up pass {attempt}: {warm.requests} requests, {misses} misses")
        if misses <= 0.02 * warm.requests or time.monotonic() - warm_started > 45:
            break

    def warm_paths(client: int, n: int) -> str:
        return random.Random(client * 1_000_003 + n).choice(working_set)

    warm = _phase(base, "directory WARM (working set)", warm_paths, seconds)
    bare_2 = _phase(base, "bare Django view /_bare (again)", lambda c, n: "/_bare", seconds)

    bare = (bare_1.throughput + bare_2.throughput) / 2
    print(f"\nfloor, bare view throughput: {bare_1.throughput:.1f} and {bare_2.throughput:.1f} req/s, mean {bare:.1f}")
    cold_ok, cold_text = _verdict(cold, bare, p95_target=COLD_P95_TARGET_MS, ratio_target=COLD_RATIO_TARGET)
    cold_ok = cold_ok and cold_fresh
    warm_ok, warm_text = _verdict(warm, bare, p95_target=P95_TARGET_MS, ratio_target=RATIO_TARGET)
    hits = cold.header_counts.get("hit", 0)
    print(f"directory COLD: {cold_text}, page-cache hits {hits} (must be 0): {'PASS' if cold_ok else 'FAIL'}")
    print(f"directory WARM: {warm_text}: {'PASS' if warm_ok else 'FAIL'}")
    print(
        "COLD is every search new to the server (the cost of a search nobody made in the last minute);\n"
        "WARM is public traffic in steady state, repeating searches within the cache's 60 s lifetime."
    )
    return cold_ok and warm_ok and bare_1.errors == 0 and bare_2.errors == 0


def run_import_part(rows: int) -> bool:
    """The import benchmark; True when its targets hold (≤ 2× its floor, ≤ 90 s, ≤ 1 GiB)."""
    path = Path(__file__).resolve().parent / "_registry_import.py"
    print("\n== import benchmark (benchmarks/_registry_import.py)")
    if not path.exists():
        print("benchmarks/_registry_import.py is missing: import benchmark not run: FAIL")
        return False
    spec = importlib.util.spec_from_file_location("_registry_import", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.run(rows)
    for key, value in figures.items():
        print(f"{key:<40} {value:,.3f}")
    return bool(module.passed(figures))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="10,000 actors and 5 s per scenario")
    parser.add_argument("--seconds", type=float, default=20.0, help="duration of each load scenario")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (2–4)")
    parser.add_argument("--import-rows", type=int, default=100_000, help="rows of the import benchmark's XLSX")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the benchmark database")
    args = parser.parse_args(argv)
    if args.quick:
        args.actors = min(args.actors, 10_000)
        args.seconds = min(args.seconds, 5.0)
        args.import_rows = min(args.import_rows, 1_000)

    database = _common.fresh_database("sinergi_bench")
    print(f"database: {database.describe()}")
    var_dir = tempfile.mkdtemp(prefix="sinergi-bench-var-")  # static files collected as in a deployment
    env = _common.production_env(database.url, SINERGI_VAR_DIR=var_dir)
    ok = import_ok = True
    try:
        setup_django(env)
        codes = prepare(args.actors)
        print(f"server: gunicorn sinergi.wsgi, production settings, {args.workers} workers on 127.0.0.1")
        with _common.gunicorn(env, workers=args.workers) as base:
            ok = load_test(base, codes, args.seconds)
        import_ok = run_import_part(args.import_rows)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            database.cleanup()
        shutil.rmtree(var_dir, ignore_errors=True)
    print(f"\ndirectory targets: {'PASS' if ok else 'FAIL'}; import targets: {'PASS' if import_ok else 'FAIL'}")
    return 0 if ok and import_ok else 1


if __name__ == "__main__":
    sys.exit(main())
