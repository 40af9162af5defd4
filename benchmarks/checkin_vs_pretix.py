"""Check-in side by side: Sinergi's check-in API against pretix's, on this machine, in alternating rounds.

    .venv/bin/python benchmarks/checkin_vs_pretix.py [--tickets 20000 --workers 3 --clients 16
        --seconds 10 --rounds 3 --pretix-version 2026.8.0 --ports 8470]

Not part of `make test`. `make bench` runs it with the others (it needs PyPI the first time, to install
pretix); it exits 1 below its target like every benchmark, 2 when pretix cannot be installed.

1. pretix from PyPI into its own virtualenv, `var/pretix-bench/venv` (made with the Python this script
   runs on; reused when it already holds the wanted version), with gunicorn and psycopg2-binary. The
   install's output is kept in `var/pretix-bench/install.log`; if it fails the script prints its last lines
   and exits 2.
2. pretix configured as its documentation deploys it (`var/pretix-bench/pretix.cfg`): PostgreSQL on
   DATABASE_URL's server, database `pretix_<suffix>` (DATABASE_URL's database `sinergi_<suffix>`, else
   `pretix_bench`; created fresh, dropped afterwards), DEBUG off, and Redis as its cache when
   `redis-server` is installed (a private one on its own port, no persistence), since pretix without a
   cache reads its settings from the database on every request. `pretix migrate`, then one organiser,
   one event, one admission product, one check-in list, --tickets paid orders of one ticket each
   (bulk-inserted, random secrets as pretix's default generator makes them) and one team API token per
   scanning client.
3. Sinergi: a fresh database, migrate, reference data, the cache table, and the same event as
   `benchmarks/events.py` builds (--tickets confirmed tickets, one API token per client, scope
   events:write), production settings, the write throttle on at a rate the load cannot reach.
4. Both served by gunicorn with the same number of sync workers (--workers) and the same arguments. The
   same closed-loop client (`events.post_load`: --clients threads, keep-alive, one fresh ticket per
   request, each ticket sent once) scans back to back: warm-up on each, then --rounds rounds of
   --seconds each, Sinergi then pretix, alternating, so that a change of the machine's load falls on both.
   Sinergi: `POST /api/v1/events/<slug>/checkins` with one scan; pretix: `POST
   /api/v1/organizers/<org>/checkinrpc/redeem/` with the secret, the list and a nonce.
5. Prints per round and in total: scans/s, p50/p95 latency, errors, and every answer's outcome (all must
   be accepted check-ins: Sinergi "ok", pretix "ok"); then the ratio of scans/s, Sinergi to pretix,
   against the target ≥ 6× (issue 17), PASS/FAIL.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common
from _common import LoadResult
from events import generate, post_load, setup_django, sinergi

TARGET_RATIO = 6.0
PRETIX_VERSION = "2026.8.0"  # the version issue 17 measured; --pretix-version to try another
HERE = _common.ROOT / "var" / "pretix-bench"

# Run inside pretix's virtualenv (its Django, its models): argv tickets, clients; prints JSON.
PRETIX_SEED = r"""
import json, sys, time
from datetime import timedelta
from decimal import Decimal

import django

django.setup()
from django.utils.crypto import get_random_string
from django.utils.timezone import now
from django_scopes import scopes_disabled

from pretix.base.models import CheckinList, Event, Item, Order, OrderPosition, Organizer, Quota, Team

tickets, clients = int(sys.argv[1]), int(sys.argv[2])
started = time.perf_counter()
with scopes_disabled():
    org = Organizer.objects.create(name="Bench", slug="bench")
    event = Event.objects.create(organizer=org, name="Acara Bench", slug="acara", date_from=now(),
                                 currency="EUR", live=True)
    item = Item.objects.create(event=event, name="Tiket", default_price=Decimal("0.00"), admission=True)
    quota = Quota.objects.create(event=event, name="Semua", size=None)
    quota.items.add(item)
    checkin_list = CheckinList.objects.create(event=event, name="Pintu", all_products=True)
    team = Team.objects.create(organizer=org, name="Pintu", all_events=True, all_event_permissions=True,
                               all_organizer_permissions=True)
    tokens = [team.tokens.create(name=f"Pemindai {i + 1}").token for i in range(clients)]
    channel = org.sales_channels.get(identifier="web")
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # pretix's default (random) ticket secrets
    moment = now()
    orders = Order.objects.bulk_create([
        Order(organizer=org, event=event, code=f"B{i:07d}", status=Order.STATUS_PAID, email=f"p{i}@contoh.id",
              locale="en", datetime=moment, expires=moment + timedelta(days=10), total=Decimal("0.00"),
              sales_channel=channel)
        for i in range(tickets)
    ], batch_size=2000)
    codes = [get_random_string(32, alphabet) for _ in range(tickets)]
    OrderPosition.all.bulk_create([
        OrderPosition(organizer=org, order=order, item=item, price=Decimal("0.00"), tax_rate=Decimal("0.00"),
                      tax_value=Decimal("0.00"), positionid=1, secret=code,
                      pseudonymization_id=get_random_string(10, "ABCDEFGHJKLMNPQRSTUVWXYZ3789"))
        for order, code in zip(orders, codes)
    ], batch_size=2000)
    print(json.dumps({"organizer": org.slug, "list": checkin_list.pk, "tokens": tokens, "secrets": codes,
                      "seconds": time.perf_counter() - started}))
"""


def _base_python() -> str:
    """The interpreter this virtualenv was made from (a venv's python would nest venvs)."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    candidate = Path(sys.base_prefix) / "bin" / version
    return str(candidate if candidate.exists() else Path(sys.base_prefix) / "bin" / "python3")


def ensure_pretix(version: str) -> Path:
    """pretix `version` in var/pretix-bench/venv; returns the venv's bin folder. Exits 2 on failure."""
    venv = HERE / "venv"
    bin_dir = venv / "bin"
    probe = [str(bin_dir / "python"), "-c", "import importlib.metadata as m; print(m.version('pretix'))"]
    if bin_dir.exists():
        found = subprocess.run(probe, capture_output=True, text=True, check=False)
        if found.returncode == 0 and found.stdout.strip() == version and (bin_dir / "gunicorn").exists():
            print(f"pretix {version}: already installed in {venv.relative_to(_common.ROOT)}")
            return bin_dir
        shutil.rmtree(venv)
    HERE.mkdir(parents=True, exist_ok=True)
    log = HERE / "install.log"
    started = time.perf_counter()
    with log.open("w") as out:
        steps = [
            [_base_python(), "-m", "venv", str(venv)],
            [str(bin_dir / "pip"), "install", "--upgrade", "pip", "wheel", "setuptools"],
            [str(bin_dir / "pip"), "install", f"pretix=={version}", "gunicorn", "psycopg2-binary"],
        ]
        for step in steps:
            out.write(f"$ {' '.join(step)}\n")
            out.flush()
            if subprocess.run(step, stdout=out, stderr=subprocess.STDOUT, check=False).returncode != 0:
                tail = log.read_text().splitlines()[-25:]
                print(f"pretix could not be installed ({' '.join(step[-3:])}):\n" + "\n".join(tail))
                print("FAIL")
                sys.exit(2)
    print(f"pretix {version}: installed in {venv.relative_to(_common.ROOT)} in {time.perf_counter() - started:.0f} s")
    return bin_dir


def pretix_database(configured: str) -> str:
    """`pretix_<suffix>` on DATABASE_URL's server for `sinergi_<suffix>`, else `pretix_bench`."""
    parts = urlsplit(configured)
    own = parts.path.lstrip("/")
    name = "pretix_" + own.removeprefix("sinergi_") if own.startswith("sinergi_") else "pretix_bench"
    return parts._replace(path=f"/{name}").geturl()


def _pg_exists(url: str, name: str) -> bool:
    import psycopg

    admin = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def start_redis(port: int) -> subprocess.Popen[bytes] | None:
    server = shutil.which("redis-server")
    if server is None:
        return None
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(0.5)
    if process.poll() is not None:
        raise RuntimeError(f"redis-server on port {port} stopped at start (exit {process.returncode})")
    return process


def configure_pretix(db_url: str, site: str, redis_port: int | None) -> Path:
    parts = urlsplit(db_url)
    data = HERE / "data"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    lines = [
        "[pretix]",
        "instance_name=Sinergi bench",
        f"url={site}",
        "currency=EUR",
        f"datadir={data}",
        "ecb_rates=off",
        "loglevel=WARNING",
        "[django]",
        f"secret={secrets.token_urlsafe(48)}",
        "debug=off",
        "[database]",
        "backend=postgresql",
        f"name={parts.path.lstrip('/')}",
        f"user={parts.username or 'postgres'}",
        f"password={parts.password or ''}",
        f"host={parts.hostname}",
        f"port={parts.port or 5432}",
        "[mail]",
        "from=pretix@localhost",
    ]
    if redis_port:
        # As pretix's deployment guide: Redis for cache and sessions, and as Celery's broker, so that a
        # check-in queues its follow-up tasks (webhooks, notifications) instead of running them in the
        # request (without a broker pretix runs every task eagerly). No Celery worker runs, as no Sinergi
        # task worker runs in the benchmark: both sides only queue.
        lines += [
            "[redis]",
            f"location=redis://127.0.0.1:{redis_port}/0",
            "sessions=true",
            "[celery]",
            f"broker=redis://127.0.0.1:{redis_port}/1",
            f"backend=redis://127.0.0.1:{redis_port}/2",
        ]
    path = HERE / "pretix.cfg"
    path.write_text("\n".join(lines) + "\n")
    return path


def run_pretix(bin_dir: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run([str(bin_dir / "python"), *args], env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"pretix {' '.join(args[:2])} failed:\n{result.stderr[-4000:]}")
    return result.stdout


def probe(base: str, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def pretix_outcomes(answer: Any) -> list[dict]:
    return [{"outcome": answer.get("status", "?")}]


def summary(name: str, results: list[LoadResult]) -> LoadResult:
    return LoadResult(
        name,
        sum(r.requests for r in results),
        sum(r.errors for r in results),
        sum(r.duration for r in results),
        [ms for r in results for ms in r.latencies_ms],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=20_000, help="as benchmarks/events.py")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers, each server")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0, help="per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pretix-version", default=PRETIX_VERSION)
    parser.add_argument("--fresh", action="store_true", help="migrate pretix's schema again (not the kept copy)")
    parser.add_argument("--ports", type=int, default=0, help="first of three ports (Sinergi, pretix, Redis)")
    args = parser.parse_args()
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        print("PostgreSQL is required (set DATABASE_URL to a PostgreSQL server): FAIL")
        return 2
    print(f"machine: {os.cpu_count()} CPUs; load average {'/'.join(f'{x:.2f}' for x in os.getloadavg())} (1/5/15 min)")
    bin_dir = ensure_pretix(args.pretix_version)
    ports = [args.ports, args.ports + 1, args.ports + 2] if args.ports else [_common.free_port() for _ in range(3)]

    pretix_url = pretix_database(configured)
    name = urlsplit(pretix_url).path.lstrip("/")
    template = f"{name}_migrated_{args.pretix_version.replace('.', '_')}"
    _common._pg_admin(pretix_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if args.fresh:
        _common._pg_admin(pretix_url, f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
    migrated = _pg_exists(pretix_url, template)
    _common._pg_admin(pretix_url, f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if migrated else ""))
    sinergi_db = _common.fresh_database("sinergi_bench_vs_pretix")
    redis = start_redis(ports[2])
    var_dir = tempfile.mkdtemp(prefix="sinergi-bench-pretix-")
    ok = False
    try:
        site = f"http://127.0.0.1:{ports[1]}"
        cfg = configure_pretix(pretix_url, site, ports[2] if redis else None)
        cache = f"Redis (127.0.0.1:{ports[2]})" if redis else "none (no redis-server)"
        print(f"pretix: database {name}, cache {cache}")
        ours = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PYTHONPATH")
        pretix_env = {k: v for k, v in os.environ.items() if k not in ours}
        pretix_env.update({"PRETIX_CONFIG_FILE": str(cfg), "DJANGO_SETTINGS_MODULE": "pretix.settings"})
        if migrated:
            print(f"pretix schema: copied from {template} (made by an earlier run's migrate; --fresh to redo)")
        else:
            started = time.perf_counter()
            run_pretix(bin_dir, pretix_env, "-m", "pretix", "migrate", "--no-input")
            print(f"pretix migrate: {time.perf_counter() - started:.0f} s; kept as {template} for the next run")
            _common._pg_admin(pretix_url, f'CREATE DATABASE "{template}" TEMPLATE "{name}"')
        output = run_pretix(bin_dir, pretix_env, "-c", PRETIX_SEED, str(args.tickets), str(args.clients))
        seeded = json.loads(output.splitlines()[-1])
        print(f"pretix: {len(seeded['secrets']):,} paid tickets on one check-in list in {seeded['seconds']:.1f} s")

        env = _common.production_env(sinergi_db.url, SINERGI_VAR_DIR=var_dir, SINERGI_ALLOWED_HOSTS="127.0.0.1",
                                     SINERGI_API_WRITE_RATE="1000000/min")  # fmt: skip
        sinergi(env, "collectstatic", "--no-input")
        sinergi(env, "migrate", "--no-input")
        sinergi(env, "createcachetable")  # production caches in the database, as a deployment sets up
        sinergi(env, "load_reference")
        setup_django(env)
        slug, codes, _session, _csrf, tokens = generate(args.tickets, args.clients)
        from django.db import connections

        connections.close_all()

        s_path = f"/api/v1/events/{slug}/checkins"
        s_headers = [{"Content-Type": "application/json", "Authorization": f"Bearer {t}"} for t in tokens]
        s_bodies = [json.dumps({"scans": [{"code": c, "client_uuid": str(uuid.uuid4())}]}).encode() for c in codes]
        p_path = f"/api/v1/organizers/{seeded['organizer']}/checkinrpc/redeem/"
        p_headers = [{"Content-Type": "application/json", "Authorization": f"Token {t}"} for t in seeded["tokens"]]
        p_bodies = [
            json.dumps({"secret": code, "lists": [seeded["list"]], "type": "entry", "source_type": "barcode",
                        "nonce": uuid.uuid4().hex}).encode()
            for code in seeded["secrets"]
        ]  # fmt: skip
        same = ("--worker-class", "sync", "--timeout", "60")
        rounds: dict[str, list[LoadResult]] = {"Sinergi": [], "pretix": []}
        outcomes: dict[str, dict[str, int]] = {"Sinergi": {}, "pretix": {}}
        with (
            _common.gunicorn(env, workers=args.workers, args=same, port=ports[0]) as s_base,
            _common.gunicorn(pretix_env, workers=args.workers, args=same, app="pretix.wsgi",
                             executable=bin_dir / "gunicorn", port=ports[1], health="/healthcheck/",
                             cwd=HERE) as p_base,
        ):  # fmt: skip
            sides = {
                "Sinergi": (s_base, s_path, s_headers, s_bodies, None, (200,)),
                "pretix": (p_base, p_path, p_headers, p_bodies, pretix_outcomes, (201,)),  # 201: checked in
            }
            cursor = {"Sinergi": 0, "pretix": 0}

            def scan(side: str, clients: int, seconds: float) -> LoadResult:
                base, path, headers, bodies, parse, accepted = sides[side]
                chunk = bodies[cursor[side] :]
                result, answers = post_load(base, path, chunk, headers, clients=clients, seconds=seconds,
                                            parse=parse, accepted=accepted)  # fmt: skip
                cursor[side] += result.requests  # every sent ticket is used, answered or not
                for answer in answers:
                    outcome = str(answer.get("outcome"))
                    outcomes[side][outcome] = outcomes[side].get(outcome, 0) + 1
                return result

            for side, (base, path, headers, bodies, _parse, accepted) in sides.items():
                # One scan first: a side that refuses it (auth, payload) would make the figures meaningless.
                status, answer = probe(base, path, bodies[0], headers[0])
                cursor[side] = 1
                if status not in accepted:
                    raise RuntimeError(f"{side} refused a first scan: HTTP {status}: {answer[:2000]!r}")
                print(f"first scan {side:<8} HTTP {status}: {answer[:160]!r}")
            for side in sides:  # warm-up: every worker imports, connects, fills its caches
                warm = scan(side, 4, 3)
                print(f"warm-up {side:<8} {warm.line()}")
            print(f"\n{args.clients} clients back to back, {args.workers} sync workers each, "
                  f"{args.rounds} rounds of {args.seconds:.0f} s")  # fmt: skip
            for number in range(1, args.rounds + 1):
                for side in sides:
                    load_before = os.getloadavg()[0]
                    result = scan(side, args.clients, args.seconds)
                    rounds[side].append(result)
                    print(f"round {number} {side:<8} {result.line()}  load {load_before:.1f}→{os.getloadavg()[0]:.1f}")
            for side in sides:
                rss, peak_worker, _peaks = _common.server_memory_mb(sides[side][0])
                print(f"{side:<8} server RSS now {rss:.0f} MB (master + workers), "
                      f"largest worker peak {peak_worker:.0f} MB")  # fmt: skip
        totals = {side: summary(side, results) for side, results in rounds.items()}
        print()
        for side, total in totals.items():
            print(f"{side:<8} {total.throughput:7.1f} scans/s  p50 {total.percentile(50):6.1f} ms  "
                  f"p95 {total.percentile(95):6.1f} ms  errors {total.errors}  outcomes {outcomes[side]}")  # fmt: skip
        s_total, p_total = totals["Sinergi"], totals["pretix"]
        ratio = s_total.throughput / p_total.throughput if p_total.throughput else float("inf")
        p95_ratio = p_total.percentile(95) / s_total.percentile(95) if s_total.latencies_ms else float("nan")
        accepted = (set(outcomes["Sinergi"]) - {"ok"}, set(outcomes["pretix"]) - {"ok"})
        ok = ratio >= TARGET_RATIO and s_total.errors == 0 and p_total.errors == 0 and accepted == (set(), set())
        print(f"\nSinergi / pretix: {ratio:.2f}× the scans/s (target ≥ {TARGET_RATIO:.0f}×), "
              f"p95 {p95_ratio:.2f}× lower; errors {s_total.errors}/{p_total.errors}, "
              f"every answer an accepted check-in: "
              f"{'yes' if accepted == (set(), set()) else 'NO'}: {'PASS' if ok else 'FAIL'}")  # fmt: skip
        print(f"load average at the end {'/'.join(f'{x:.2f}' for x in os.getloadavg())} (1/5/15 min)")
    finally:
        from django.conf import settings

        if settings.configured:
            from django.db import connections

            connections.close_all()
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
        sinergi_db.cleanup()
        _common._pg_admin(pretix_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
