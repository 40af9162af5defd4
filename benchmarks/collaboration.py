"""Benchmark: the public initiative list with filters, 10,000 initiatives and 1,000,000 supports.

Creates a fresh PostgreSQL database (sinergi_bench_collab), migrates, loads reference data, generates
the data with set-based SQL (≈50,000 users), serves the app with gunicorn and the production settings,
and drives 16 keep-alive clients against /_bare (the ceiling) and /kolaborasi/?… with varying filters
(phase; phase and subsector; kecamatan sorted by support; phase and kecamatan, page 2: 185 distinct
lists). Anonymous visitors get the list from the page cache (core/pagecache.py) while no collaboration
data changed, as deployed; the run tallies hits and misses. COLD (judged since issue 17) sends
the same lists with a parameter that makes every request a cache miss: the cost of rendering the list.
Targets: p95 ≤ 150 ms for the list as served; COLD p95 ≤ 100 ms (issue 17); both beside the bare view.
Run: `.venv/bin/python benchmarks/collaboration.py [--seconds 20]`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, VENV_BIN, free_port, fresh_database, production_env, python, request_once, run_load

CACHE_HEADER = "X-Sinergi-Page-Cache"

INITIATIVES = 10_000
SUPPORTS = 1_000_000
USERS = 50_000
TARGET_P95_MS = 150.0
COLD_TARGET_P95_MS = 100.0  # issue 17: every request a page-cache miss
PHASES = ["open", "review", "accepted", "implementation", "completed", "rejected"]
PROPOSERS = ["office", "community", "business", "campus", "media", "person"]


STARTUP_SECONDS = 120.0


def sinergi(env: dict[str, str], *args: str) -> None:
    subprocess.run([python(), "-m", "sinergi", *args], env=env, check=True, stdout=subprocess.DEVNULL)


@contextlib.contextmanager
def served(env: dict[str, str], *, workers: int, log_dir: str, wait: float = STARTUP_SECONDS) -> Iterator[str]:
    """gunicorn with --preload (the app is imported once, before the workers fork), waiting up to
    `wait` seconds for /healthz; on failure the error says why and shows gunicorn's stderr."""
    port = free_port()
    stderr_path = Path(log_dir) / "gunicorn.stderr"
    command = [
        str(VENV_BIN / "gunicorn"),
        "sinergi.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--preload",
        "--log-level",
        "warning",
    ]
    base = f"http://127.0.0.1:{port}"
    with stderr_path.open("wb") as stderr:
        process = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True, stderr=stderr)

        def failure(message: str) -> RuntimeError:
            stderr.flush()
            tail = stderr_path.read_text(encoding="utf-8", errors="replace")[-6000:]
            return RuntimeError(f"{message}\n--- gunicorn stderr ---\n{tail or '(empty)'}\n--- end ---")

        try:
            started = time.monotonic()
            last: object = "no answer yet"
            while True:
                if process.poll() is not None:
                    raise failure(f"gunicorn exited at start-up (exit code {process.returncode})")
                try:
                    status, _ = request_once(base + "/healthz")
                    if status == 200:
                        break
                    last = f"HTTP {status}"
                except OSError as exc:
                    last = exc
                if time.monotonic() - started > wait:
                    raise failure(
                        f"gunicorn did not answer {base}/healthz with 200 within {wait:.0f} s "
                        f"(last: {last}); is the machine overloaded? Try --startup-wait."
                    )
                time.sleep(0.25)
            print(f"gunicorn answered /healthz after {time.monotonic() - started:.1f} s")
            yield base
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


def generate(url: str) -> tuple[list[str], list[str]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        t0 = time.perf_counter()
        conn.execute(
            """
            INSERT INTO accounts_user (password, email, full_name, language, is_active, is_staff, is_superuser,
                                       date_joined)
            SELECT '!', 'bench' || g || '@contoh.id', 'Warga ' || g, 'id', true, false, false, now()
            FROM generate_series(1, %s) g
            """,
            (USERS,),
        )
        first_user = conn.execute("SELECT min(id) FROM accounts_user").fetchone()[0]  # type: ignore[index]
        kecamatan = [r[0] for r in conn.execute("SELECT id FROM wilayah_wilayah WHERE level='kecamatan' ORDER BY id")]
        kec_codes = [r[0] for r in conn.execute("SELECT kode FROM wilayah_wilayah WHERE level='kecamatan'")]
        subsectors = conn.execute(
            "SELECT s.id, s.code FROM classification_subsector s JOIN classification_subsectorlist l "
            "ON l.id = s.subsector_list_id WHERE l.is_current ORDER BY s.id"
        ).fetchall()
        conn.execute(
            """
            INSERT INTO collaboration_initiative (created_at, updated_at, title, proposer_type, author_id, problem,
                goal, kecamatan_id, beneficiaries, resources_needed, timeline, phase, support_threshold,
                support_count, offline_support_count, answer, phase_reason, is_demo)
            SELECT now() - (g || ' minutes')::interval, now(), 'Inisiatif uji ' || g,
                   (%s::text[])[1 + g %% 6], %s + (g %% %s), 'Masalah ' || g, 'Tujuan ' || g,
                   (%s::bigint[])[1 + g %% %s], '', '', '', (%s::text[])[1 + (g / 7) %% 6], 100, 0, 0, '', '', false
            FROM generate_series(1, %s) g
            """,
            (PROPOSERS, first_user, USERS, kecamatan, len(kecamatan), PHASES, INITIATIVES),
        )
        first_initiative = conn.execute("SELECT min(id) FROM collaboration_initiative").fetchone()[0]  # type: ignore[index]
        conn.execute(
            """
            INSERT INTO collaboration_initiative_subsectors (initiative_id, subsector_id)
            SELECT i.id, (%s::bigint[])[1 + i.id %% %s] FROM collaboration_initiative i
            """,
            ([s[0] for s in subsectors], len(subsectors)),
        )
        # 1,000,000 distinct (initiative, user) pairs: 100 supporters per initiative.
        conn.execute(
            """
            INSERT INTO collaboration_support (initiative_id, user_id, created_at)
            SELECT %s + g %% %s, %s + ((g / %s) * 499 + g %% %s) %% %s, now()
            FROM generate_series(0, %s - 1) g
            """,
            (first_initiative, INITIATIVES, first_user, INITIATIVES, INITIATIVES, USERS, SUPPORTS),
        )
        conn.execute(
            """
            UPDATE collaboration_initiative i SET support_count = s.n
            FROM (SELECT initiative_id, count(*) n FROM collaboration_support GROUP BY initiative_id) s
            WHERE s.initiative_id = i.id
            """
        )
        conn.execute("VACUUM ANALYZE")
        total = conn.execute("SELECT count(*) FROM collaboration_support").fetchone()[0]  # type: ignore[index]
        print(
            f"generated {INITIATIVES} initiatives, {total} supports, {USERS} users in {time.perf_counter() - t0:.1f} s"
        )
    return kec_codes, [s[1] for s in subsectors]


def lists(kec_codes: list[str], sub_codes: list[str], client: int, n: int) -> str:
    """The n-th list a client asks for: phase; phase and subsector; kecamatan sorted by support; phase and
    kecamatan, page 2 (185 distinct lists)."""
    k = client * 7919 + n
    phase = PHASES[k % len(PHASES)]
    choice = k % 4
    if choice == 0:
        return f"/kolaborasi/?phase={phase}"
    if choice == 1:
        return f"/kolaborasi/?phase={phase}&subsector={sub_codes[k % len(sub_codes)]}"
    if choice == 2:
        return f"/kolaborasi/?kecamatan={kec_codes[k % len(kec_codes)]}&sort=dukungan"
    return f"/kolaborasi/?phase={phase}&kecamatan={kec_codes[k % len(kec_codes)]}&page=2"


def cold_path(kec_codes: list[str], sub_codes: list[str], client: int, n: int) -> str:
    """COLD: the same lists with a parameter no request repeats, so every one is a page-cache miss
    (also used by benchmarks/_page_profile.py)."""
    return f"{lists(kec_codes, sub_codes, client, n)}&_cold={client}-{n}"


def _tally(result: object) -> str:
    counts: dict[str, int] = getattr(result, "header_counts", {})
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds of warm-up load before measuring")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards (for EXPLAIN)")
    parser.add_argument("--startup-wait", type=float, default=STARTUP_SECONDS, help="seconds to wait for /healthz")
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sinergi_bench_collab")
    db = fresh_database("sinergi_bench_collab")
    var_dir = ""
    if db.vendor != "postgresql":
        print("PostgreSQL is required for this benchmark")
        db.cleanup()
        return 2
    try:
        var_dir = tempfile.mkdtemp(prefix="sinergi-bench-collab-")
        # Static files are collected into the temporary SINERGI_VAR_DIR (STATIC_ROOT lives under it):
        # the pages need the manifest, and nothing is written into the working tree.
        env = production_env(db.url, SINERGI_VAR_DIR=var_dir)
        sinergi(env, "collectstatic", "--no-input")
        sinergi(env, "migrate", "--no-input")
        sinergi(env, "createcachetable")  # as deployed: the shared database cache (docs/operations/deploy.md)
        sinergi(env, "load_reference")
        kec_codes, sub_codes = generate(db.url)
        with served(env, workers=args.workers, log_dir=var_dir, wait=args.startup_wait) as base:

            def list_path(client: int, n: int) -> str:
                return lists(kec_codes, sub_codes, client, n)

            for path in ["/_bare", list_path(0, 0), list_path(0, 1), list_path(0, 2), list_path(0, 3)]:
                status, _ = request_once(base + path)
                assert status == 200, (path, status)
            # Warm-up: a server that has been serving the lists a little while (each worker fills its own
            # page cache; the hits and misses of the measured run are printed).
            warm = run_load(base, "warm-up", list_path, clients=args.clients, seconds=args.warmup)
            del warm
            bare = run_load(
                base, "bare Django view (/_bare)", lambda c, n: "/_bare", clients=args.clients, seconds=args.seconds
            )
            listing = run_load(
                base,
                "initiative list with filters",
                list_path,
                clients=args.clients,
                seconds=args.seconds,
                count_header=CACHE_HEADER,
            )
            cold = run_load(
                base,
                "COLD (every request a miss)",
                lambda c, n: cold_path(kec_codes, sub_codes, c, n),
                clients=args.clients,
                seconds=args.seconds,
                count_header=CACHE_HEADER,
            )
        print(f"{args.clients} clients, {args.workers} gunicorn workers, {args.seconds:.0f} s each, {db.describe()}")
        print(bare.line())
        print(listing.line())
        print(f"{'':<34} page cache: {_tally(listing)}")
        print(cold.line())
        print(f"{'':<34} page cache: {_tally(cold)}")
        ratio = listing.percentile(95) / bare.percentile(95) if bare.percentile(95) else float("nan")
        print(f"p95 ratio list/bare: {ratio:.1f}×; throughput ratio: {listing.throughput / bare.throughput:.2f}")
        ok = listing.percentile(95) <= TARGET_P95_MS and listing.errors == 0
        print(
            f"{'PASS' if ok else 'FAIL'}: list p95 {listing.percentile(95):.1f} ms (target ≤ {TARGET_P95_MS:.0f} ms), "
            f"{listing.throughput / bare.throughput:.0%} of the bare view (floor {bare.throughput:.1f} req/s)"
        )
        cold_p95 = cold.percentile(95)
        cold_ok = cold_p95 <= COLD_TARGET_P95_MS and cold.errors == 0 and cold.header_counts.get("hit", 0) == 0
        print(
            f"{'PASS' if cold_ok else 'FAIL'}: COLD p95 {cold_p95:.1f} ms (target ≤ {COLD_TARGET_P95_MS:.0f} ms, "
            f"issue 17), {cold.throughput / bare.throughput:.0%} of the bare view (floor {bare.throughput:.1f} req/s)"
        )
        return 0 if ok and cold_ok else 1
    finally:
        if args.keep_db:
            print(f"database kept: {db.url}")
        else:
            db.cleanup()
        if var_dir:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
