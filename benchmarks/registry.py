"""Registry benchmark: the public directory under load, then the bulk import (if present).

    .venv/bin/python benchmarks/registry.py [--actors 100000] [--quick] [--seconds 20] [--workers 4]
    .venv/bin/python benchmarks/registry.py --sizes 10000,100000,1000000 [--import-limit 100000] [--keep-db]

1. A fresh database: DATABASE_URL's PostgreSQL server if set, else `sinergi_bench` on
   postgres://postgres@127.0.0.1:5432 if reachable, else a temporary SQLite file (printed).
2. migrate, reference data, cache table; N verified actors generated in bulk with their subsector rows
   and search text, as the services would write them (PostgreSQL: COPY, secondary indexes built again
   afterwards; SQLite: bulk_create); VACUUM ANALYZE.
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

With --sizes, steps 1–5 at each size (N actors, an N-row import, up to --import-limit rows), then a table
of every size so far: latency, throughput, the largest worker's peak RSS, the import's time per row and
peak RSS; COLD p95 at the largest size against ≤ 150 ms (issue 17 §3) and the import's time per row,
largest size to smallest, against ≤ 1.5× (linear). Figures: docs/performance.md.
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
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import _common

P95_TARGET_MS = 150.0  # WARM
RATIO_TARGET = 0.40
COLD_P95_TARGET_MS = 100.0  # issue 17: every search never seen
COLD_RATIO_TARGET = 0.10
SCALE_COLD_P95_MS = 150.0  # issue 17 §3: directory COLD at 1,000,000 actors
LINEAR_TOLERANCE = 1.5  # the import's time per row at the largest size, to the smallest: linear within 50 %
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
    kbli = {k.code: k for k in KbliCode.objects.filter(version=mapping.kbli_version, code__in=list(by_kbli))}
    kbli_codes = sorted(kbli)
    subsector_names = dict(Subsector.objects.values_list("pk", "name_id"))
    kelurahan = list(Wilayah.objects.filter(level=Level.KELURAHAN).select_related("parent"))
    office, _ = Organisation.objects.get_or_create(
        slug="dinas-bench", defaults={"name": "Dinas Bench", "kind": OrganisationKind.OFFICE}
    )
    sizes = [SizeClass.MIKRO] * 7 + [SizeClass.KECIL] * 2 + [SizeClass.MENENGAH, ""]
    now = timezone.now()
    through = Actor.subsectors.through

    def generated() -> Iterator[tuple[dict[str, object], list[int]]]:
        """Each actor's own values (the rest are the model's defaults) and its subsectors."""
        for i in range(actors):
            product_word = rng.choice(NAME_WORDS)
            name = f"{product_word.title()} {rng.choice(TRADE_WORDS).title()} {rng.choice(PLACE_WORDS).title()} {i}"
            code = rng.choice(kbli_codes)
            place = rng.choice(kelurahan)
            description = " ".join([product_word, *rng.sample(DESCRIPTION_WORDS, 6)])
            address = f"Jl. {rng.choice(PLACE_WORDS).title()} No. {rng.randint(1, 300)}"
            subsectors = by_kbli[code]
            search_text = " ".join(
                [name, description, address, place.name, place.parent.name, kbli[code].title]  # type: ignore[union-attr]
                + [subsector_names[s] for s in subsectors]
            )
            values: dict[str, object] = {
                "name": name,
                "slug": f"{slugify(name)}-{i}",
                "description": description,
                "address": address,
                "kelurahan_id": place.pk,
                "primary_kbli_id": kbli[code].pk,
                "size_class": rng.choice(sizes),
                "fostered_by_id": office.pk if rng.random() < 0.2 else None,
                "search_text": search_text,
                "workers_female": rng.randint(0, 5),
                "workers_male": rng.randint(0, 5),
            }
            yield values, subsectors

    t0 = time.perf_counter()
    if connection.vendor == "postgresql":
        copy_actors(generated(), now)
    else:
        pending = generated()
        while chunk := list(itertools.islice(pending, 5000)):
            with transaction.atomic():
                created = Actor.objects.bulk_create(
                    [Actor(status=Status.VERIFIED, verified_at=now, **values) for values, _ in chunk]  # type: ignore[arg-type]
                )
                pairs = zip(created, chunk, strict=True)
                through.objects.bulk_create(
                    [through(actor_id=a.pk, subsector_id=s) for a, (_, subs) in pairs for s in subs]
                )
    elapsed = time.perf_counter() - t0
    how = "COPY" if connection.vendor == "postgresql" else "bulk_create"
    print(f"generated {actors:,} verified actors ({how}) in {elapsed:.1f} s ({actors / elapsed:,.0f}/s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    connection.close()
    used_subsectors = sorted(
        Subsector.objects.filter(pk__in={s for v in by_kbli.values() for s in v}).values_list("code", flat=True)
    )
    kecamatan = sorted({k.parent.code for k in kelurahan})  # type: ignore[union-attr]
    return {
        "subsectors": used_subsectors,
        "kecamatan": kecamatan,
        "kelurahan": sorted(k.code for k in kelurahan),
    }


def copy_actors(generated: Iterable[tuple[dict[str, object], list[int]]], now: object) -> None:
    """PostgreSQL: the actors and their subsector rows through COPY in one transaction, with the tables'
    secondary indexes dropped first and created again afterwards from their own definitions (as a bulk
    load is done; a million rows through the ORM would take most of an hour here). Every column the
    model has is written: the model's defaults, taken from an unsaved instance, and each row's own values;
    the stored search vector is a generated column, computed by PostgreSQL on COPY as on INSERT."""
    from django.db import connection, transaction

    from sinergi.registry.models import Actor, Status

    through = Actor.subsectors.through
    template = Actor(status=Status.VERIFIED, verified_at=now, created_at=now, updated_at=now)
    fields = [f for f in Actor._meta.concrete_fields if not f.primary_key and not getattr(f, "generated", False)]
    defaults = {f.attname: f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields}
    columns = ["id", *(f.column for f in fields)]
    tables = (Actor._meta.db_table, through._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [list(tables)],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {tables[0]}")  # noqa: S608 -- the model's table
        next_id = int(cursor.fetchone()[0]) + 1
        links: list[tuple[int, int]] = []
        t0 = time.perf_counter()
        # The actor's subsector ids array (registry 0010) is written with the row, as the trigger on the
        # many-to-many table would set it; the trigger is off for the COPY of those rows (in this
        # transaction only), or it would rewrite every actor row once more.
        quoted = ", ".join(connection.ops.quote_name(c) for c in [*columns, "subsector_ids"])
        # Before any COPY: ALTER TABLE is refused while the COPYs' deferred foreign-key checks are pending.
        cursor.execute(f"ALTER TABLE {tables[1]} DISABLE TRIGGER registry_actor_subsectors_inserted")
        with cursor.cursor.copy(f"COPY {tables[0]} ({quoted}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for values, subsectors in generated:
                row = dict(defaults, **values)
                copy.write_row([next_id, *(row[f.attname] for f in fields), sorted(subsectors)])
                links.extend((next_id, s) for s in subsectors)
                next_id += 1
        with cursor.cursor.copy(f"COPY {tables[1]} (actor_id, subsector_id) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for link in links:
                copy.write_row(link)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the foreign keys are checked here, not at commit
        cursor.execute(f"ALTER TABLE {tables[1]} ENABLE TRIGGER registry_actor_subsectors_inserted")
        copied = time.perf_counter() - t0
        t0 = time.perf_counter()
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{tables[0]}', 'id'), {next_id - 1})")
        print(f"COPY {next_id - 1:,} actors and {len(links):,} subsector rows: {copied:.1f} s; "
              f"{len(indexes)} secondary indexes built again: {time.perf_counter() - t0:.1f} s")  # fmt: skip


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


def setup_tool(name: str) -> None:
    """Django set up, with production settings, for a tool that reads a database this benchmark seeded
    (`--seed-only`): `_directory_explain.py`, `_directory_wall.py`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings.production")
    os.environ.setdefault("SINERGI_SECRET_KEY", f"{name}-only-" + "x" * 40)
    os.environ.setdefault("SINERGI_ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("SINERGI_REGION_CODE", "32.76")  # the Depok data the benchmark generates
    import django

    django.setup()


def seeded_cold_pool() -> list[str]:
    """COLD's never-seen searches (`cold_searches`, in the pool's order) for a database this benchmark
    seeded, its codes read back from the database."""
    from sinergi.classification.models import Subsector
    from sinergi.registry.models import Actor
    from sinergi.wilayah.models import Level, Wilayah

    used = set(Actor.subsectors.through.objects.values_list("subsector_id", flat=True).distinct())
    kelurahan = list(Wilayah.objects.filter(level=Level.KELURAHAN).select_related("parent"))
    codes: dict[str, object] = {
        "subsectors": sorted(Subsector.objects.filter(pk__in=used).values_list("code", flat=True)),
        "kecamatan": sorted({k.parent.code for k in kelurahan if k.parent is not None}),
        "kelurahan": sorted(k.code for k in kelurahan),
    }
    return cold_searches(codes, set(combinations(codes)[:WORKING_SET]))


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


def load_test(base: str, codes: dict[str, object], seconds: float) -> tuple[bool, dict[str, float]]:
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
    rss, peak_worker, peak_sum = _common.server_memory_mb(base)
    print(f"server memory: RSS now {rss:.0f} MB (master + workers); peak of the largest worker {peak_worker:.0f} MB, "
          f"sum of peaks {peak_sum:.0f} MB")  # fmt: skip
    figures = {
        "bare_rps": bare,
        "cold_rps": cold.throughput,
        "cold_p50": cold.percentile(50),
        "cold_p95": cold.percentile(95),
        "warm_rps": warm.throughput,
        "warm_p50": warm.percentile(50),
        "warm_p95": warm.percentile(95),
        "server_rss_mb": rss,
        "worker_peak_mb": peak_worker,
        "server_peak_sum_mb": peak_sum,
        "load_1min": os.getloadavg()[0],
    }
    return cold_ok and warm_ok and bare_1.errors == 0 and bare_2.errors == 0, figures


def run_import_part(rows: int) -> tuple[bool, dict[str, float]]:
    """The import benchmark; True when its targets hold (≤ 2× its floor, ≤ 90 s, ≤ 1 GiB), and its figures."""
    path = Path(__file__).resolve().parent / "_registry_import.py"
    print("\n== import benchmark (benchmarks/_registry_import.py)")
    if not path.exists():
        print("benchmarks/_registry_import.py is missing: import benchmark not run: FAIL")
        return False, {}
    spec = importlib.util.spec_from_file_location("_registry_import", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.run(rows)
    for key, value in figures.items():
        print(f"{key:<40} {value:,.3f}")
    return bool(module.passed(figures)), figures


def run_size(
    actors: int,
    import_rows: int,
    *,
    seconds: float,
    workers: int,
    keep_db: bool,
    var_dir: str,
    seed_only: bool = False,
) -> tuple[bool, bool, dict[str, float]]:
    """One full pass at one size: a fresh database with `actors` actors, the directory under load, then
    the import of `import_rows` rows (0: none). Returns (directory ok, import ok, figures). `var_dir`: the
    folder static files are collected to, the same for every size (Django reads its settings once).
    `seed_only`: the database only (kept), no load and no import (for `_directory_explain.py`)."""
    configured = os.environ.get("DATABASE_URL")
    database = _common.fresh_database("sinergi_bench")  # the same name at every size: Django keeps its settings
    print(f"\n==== {actors:,} actors; database: {database.describe()}")
    env = _common.production_env(database.url, SINERGI_VAR_DIR=var_dir)
    ok = import_ok = True
    figures: dict[str, float] = {"actors": float(actors)}
    try:
        setup_django(env)
        t0 = time.perf_counter()
        codes = prepare(actors)
        figures["seed_s"] = time.perf_counter() - t0
        if seed_only:
            print(f"seeded in {figures['seed_s']:.1f} s; kept: {database.describe()} (no load, no import)")
            return True, True, figures
        print(f"server: gunicorn sinergi.wsgi, production settings, {workers} workers on 127.0.0.1")
        with _common.gunicorn(env, workers=workers) as base:
            ok, directory = load_test(base, codes, seconds)
        figures.update(directory)
    finally:
        from django.db import connections

        connections.close_all()
        if not keep_db and not seed_only:
            database.cleanup()
        if configured is None:  # setup_django put the benchmark database's URL there
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = configured
    if import_rows:
        import_ok, imported = run_import_part(import_rows)
        figures.update({f"import_{k}" if not k.startswith("import_") else k: v for k, v in imported.items()})
    return ok, import_ok, figures


def scaling_table(rows: list[dict[str, float]]) -> None:
    """How cost grows with the number of actors (issue 17 §3): one line per size."""
    print("\n==== scaling (directory: 16 clients; COLD every search new, WARM the popular working set)")
    print(f"{'actors':>10} {'COLD p50':>9} {'COLD p95':>9} {'COLD r/s':>9} {'WARM p50':>9} {'WARM p95':>9} "
          f"{'WARM r/s':>9} {'bare r/s':>9} {'worker MB':>10} | {'import rows':>11} {'import s':>9} "
          f"{'ms/row':>7} {'floor s':>8} {'×floor':>7} {'RSS MB':>7}")  # fmt: skip
    for f in rows:
        n = f.get("import_rows", float("nan"))
        total = f.get("import_total_s", float("nan"))
        print(f"{f['actors']:>10,.0f} {f['cold_p50']:>9.1f} {f['cold_p95']:>9.1f} {f['cold_rps']:>9.1f} "
              f"{f['warm_p50']:>9.1f} {f['warm_p95']:>9.1f} {f['warm_rps']:>9.1f} {f['bare_rps']:>9.1f} "
              f"{f['worker_peak_mb']:>10.0f} | {n:>11,.0f} {total:>9.1f} {total / n * 1000:>7.3f} "
              f"{f.get('import_floor_s', float('nan')):>8.1f} {f.get('import_ratio_to_floor', float('nan')):>7.2f} "
              f"{f.get('import_rss_mb', float('nan')):>7.0f}")  # fmt: skip
    largest = max(rows, key=lambda f: f["actors"])
    cold_ok = largest["cold_p95"] <= SCALE_COLD_P95_MS
    print(f"COLD p95 at {largest['actors']:,.0f} actors: {largest['cold_p95']:.1f} ms "
          f"(target ≤ {SCALE_COLD_P95_MS:.0f} ms at 1,000,000): {'PASS' if cold_ok else 'FAIL'}")  # fmt: skip
    per_row = [(f["import_rows"], f["import_total_s"] / f["import_rows"]) for f in rows if f.get("import_rows")]
    if len(per_row) >= 2:
        (small_n, small), (big_n, big) = min(per_row), max(per_row)
        growth = big / small
        linear = growth <= LINEAR_TOLERANCE
        print(f"import time per row: {small * 1000:.3f} ms at {small_n:,.0f} rows, "
              f"{big * 1000:.3f} ms at {big_n:,.0f} rows ({growth:.2f}×; linear means ≤ {LINEAR_TOLERANCE:.1f}×): "
              f"{'PASS' if linear else 'FAIL'}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="10,000 actors and 5 s per scenario")
    parser.add_argument("--seconds", type=float, default=20.0, help="duration of each load scenario")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (2–4)")
    parser.add_argument("--import-rows", type=int, default=100_000, help="rows of the import benchmark's XLSX")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the benchmark database")
    parser.add_argument(
        "--sizes",
        help="how cost grows (issue 17 §3): sizes separated by commas, e.g. 10000,100000,1000000; at each, the "
        "directory with that many actors and the import of that many rows, then a table of all sizes",
    )
    parser.add_argument(
        "--import-limit",
        type=int,
        default=180_000,
        help="with --sizes: import only at sizes up to this many rows (the import takes ~1–3 ms a row; one "
        "file may hold about 190,000 rows before the reader's 200 MB expansion guard refuses it)",
    )
    parser.add_argument(
        "--seed-only",
        action="store_true",
        help="seed the database and keep it (no load phases, no import): for benchmarks/_directory_explain.py",
    )
    args = parser.parse_args(argv)
    if args.seed_only:
        args.keep_db = True
        args.import_rows = 0
    if args.quick:
        args.actors = min(args.actors, 10_000)
        args.seconds = min(args.seconds, 5.0)
        args.import_rows = min(args.import_rows, 1_000)

    var_dir = tempfile.mkdtemp(prefix="sinergi-bench-var-")  # static files collected as in a deployment
    try:
        if args.sizes:
            results = []
            all_ok = True
            for size in [int(n) for n in args.sizes.split(",")]:
                rows = size if size <= args.import_limit else 0
                ok, import_ok, figures = run_size(size, rows, seconds=args.seconds, workers=args.workers,
                                                  keep_db=args.keep_db, var_dir=var_dir)  # fmt: skip
                results.append(figures)
                all_ok = all_ok and ok and import_ok
                scaling_table(results)  # after every size: a run cut off later still has its table
            return 0 if all_ok else 1
        ok, import_ok, _figures = run_size(args.actors, args.import_rows, seconds=args.seconds, workers=args.workers,
                                           keep_db=args.keep_db, var_dir=var_dir, seed_only=args.seed_only)  # fmt: skip
        if args.seed_only:
            return 0
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    verdict = ("PASS" if import_ok else "FAIL") if args.import_rows else "not run (--import-rows 0)"
    print(f"\ndirectory targets: {'PASS' if ok else 'FAIL'}; import targets: {verdict}")
    return 0 if ok and import_ok else 1


if __name__ == "__main__":
    sys.exit(main())
