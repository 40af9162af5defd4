"""CPU of one door scan through the check-in API, in one process (not run by `make bench`).

    DATABASE_URL=postgres://…/sinergi_alice .venv/bin/python benchmarks/_checkin_profile.py \
        [--scans 2000] [--tickets 30000] [--profile out.prof]

Seeds a fresh database (`<DATABASE_URL's database>_sinergi_bench_checkin_profile`) with an event and
`--tickets` tickets as `events.py` does, then sends `--scans` scans, one ticket each, with
`django.test.Client` under the production settings (the same middleware, token auth, write throttle,
service and audit as gunicorn runs; no HTTP parsing or network) and prints, per scan: the process's CPU
time (`time.process_time`, which another process's load hardly moves, unlike wall time), the CPU time of
the PostgreSQL backend that served it (read from /proc, so this machine's PostgreSQL only) and the
number of statements. With `--profile` it writes a cProfile of the scans measured in CPU time.

It is how the check-in's cost was taken apart for issue 17 (docs/performance.md): compare two versions
by running each a few times alternately and reading the lowest figures.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import sys
import time
import uuid
from pathlib import Path

from _common import fresh_database, production_env
from events import generate, setup_django, sinergi

# This folder holds a statistics.py, which must not stand in for the standard library's once Django runs.
HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [entry for entry in sys.path if entry not in (HERE, "")]
sys.modules.pop("statistics", None)


def _backend_cpu_seconds() -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scans", type=int, default=2000)
    parser.add_argument("--tickets", type=int, default=None, help="default: scans + 100")
    parser.add_argument("--profile", type=Path, default=None, help="write a cProfile (CPU time) here")
    args = parser.parse_args()
    tickets = args.tickets or args.scans + 100
    db = fresh_database("sinergi_bench_checkin_profile")
    if db.vendor != "postgresql":
        print("needs PostgreSQL (DATABASE_URL or postgres on 127.0.0.1:5432)")
        return 2
    env = production_env(db.url, SINERGI_ALLOWED_HOSTS="127.0.0.1,testserver", SINERGI_API_WRITE_RATE="1000000/min")
    try:
        for command in (["migrate", "--no-input"], ["createcachetable"], ["load_reference"]):
            sinergi(env, *command)
        setup_django(env)
        from django.db import connection
        from django.test import Client

        slug, codes, *_rest, tokens = generate(tickets, 1)
        client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {tokens[0]}")
        url = f"/api/v1/events/{slug}/checkins"

        def scan(code: str) -> None:
            body = json.dumps({"scans": [{"code": code, "client_uuid": str(uuid.uuid4())}]})
            answer = client.post(url, body, content_type="application/json")
            if answer.status_code != 200 or answer.json()[0]["outcome"] != "ok":
                raise SystemExit(f"scan refused: HTTP {answer.status_code} {answer.content[:200]!r}")

        for code in codes[:50]:  # warm: imports, the token's last use, prepared statements
            scan(code)
        statements: list[str] = []

        def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            scan(codes[50])
        measured = codes[51 : 51 + args.scans]
        profiler = cProfile.Profile(time.process_time) if args.profile else None
        backend0, cpu0, wall0 = _backend_cpu_seconds(), time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        for code in measured:
            scan(code)
        if profiler:
            profiler.disable()
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        backend = _backend_cpu_seconds() - backend0
        n = len(measured)
        print(
            f"{n} scans: {len(statements)} statements a scan; CPU a scan: this process {cpu / n * 1000:.2f} ms, "
            f"PostgreSQL backend {backend / n * 1000:.2f} ms; wall {wall / n * 1000:.2f} ms"
        )
        if profiler and args.profile:
            profiler.dump_stats(args.profile)
            print(f"cProfile (CPU time) written to {args.profile}")
        connection.close()
        return 0
    finally:
        db.cleanup()


if __name__ == "__main__":
    raise SystemExit(main())
