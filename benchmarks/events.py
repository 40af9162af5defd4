"""Benchmark: the check-in API under load (and the staff page endpoint beside it), and booth allocation.

1. Fresh PostgreSQL database (sinergi_bench_events), migrate, load_reference; an event with
   --tickets confirmed tickets; a door staff member with one API token (scope events:write) per scanning
   client, as each door device has its own, and a signed-in session for the page endpoint.
2. gunicorn (`sinergi.wsgi`, production settings, the database cache as deployed) on a free port. The
   floor: the bare Django view /_bare back to back. Then --clients clients POST one scan each (a fresh
   ticket, a client UUID) to `/api/v1/events/<slug>/checkins` (the judged path; the write throttle is on,
   with a rate the load cannot reach): back to back (the ceiling, printed beside the floor), then paced at
   --rate scans/s for --seconds. Target: the offered 120 scans/s sustained (≥ 100 scans/s achieved) with
   p95 ≤ 100 ms. Every accepted scan is re-sent: all must answer "already", and the CheckIn count must not
   move. The staff page endpoint /acara/<slug>/check-in/sinkron/ is measured back to back beside it
   (informative).
3. 200 booths among 400 accepted applications: the pure allocator alone, and the service that reads,
   allocates and writes atomically. Target: ≤ 1 s.

Run: `.venv/bin/python benchmarks/events.py [--seconds 15 --clients 16 --rate 120 --workers 3]`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import LoadResult, fresh_database, gunicorn, production_env, python, run_load

SCANS_PER_SECOND = 100.0
P95_MS = 100.0
ALLOCATION_SECONDS = 1.0


def sinergi(env: dict[str, str], *args: str) -> None:
    subprocess.run([python(), "-m", "sinergi", *args], env=env, check=True, stdout=subprocess.DEVNULL)


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, env["PYTHONPATH"].split(os.pathsep)[0])
    import django

    django.setup()


def generate(tickets: int, clients: int) -> tuple[str, list[str], str, str, list[str]]:
    """An event with `tickets` confirmed tickets; returns slug, codes, session cookie, CSRF secret and
    one API token secret (scope events:write) per client."""
    from datetime import timedelta

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from sinergi.accounts.models import Membership, Organisation, Role, TokenScope, User
    from sinergi.accounts.tokens import token_create
    from sinergi.events.models import Event, EventSession, EventStatus, Registration

    office = Organisation.objects.create(name="Disdagin Bench", slug="bench-disdagin", kind="office")
    staff = User.objects.create_user("petugas.bench@contoh.id", secrets.token_urlsafe(12), full_name="Petugas")
    Membership.objects.create(user=staff, organisation=office, role=Role.STAFF)
    today = timezone.localdate()
    event = Event.objects.create(title="Acara Bench", slug="acara-bench", start_date=today, end_date=today,
                                 venue="Aula", organiser=office, status=EventStatus.PUBLISHED)  # fmt: skip
    start = timezone.now() + timedelta(hours=1)
    sessions = [
        EventSession.objects.create(
            event=event,
            kind="bazaar",
            title=f"Sesi {i}",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="Aula",
            capacity=tickets,
        )
        for i in range(4)
    ]
    t0 = time.perf_counter()
    regs = [
        Registration(session=sessions[i % 4], name=f"Pengunjung {i}", email=f"p{i}@contoh.id", status="confirmed")
        for i in range(tickets)
    ]
    Registration.objects.bulk_create(regs, batch_size=2000)
    codes = list(Registration.objects.filter(session__event=event).values_list("code", flat=True))
    print(f"generated {len(codes)} tickets in {time.perf_counter() - t0:.1f} s")
    session = SessionStore()
    session[SESSION_KEY] = str(staff.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = staff.get_session_auth_hash()
    session.create()
    backends = __import__("django.conf", fromlist=["settings"]).settings.AUTHENTICATION_BACKENDS
    if backends and "django.contrib.auth.backends.ModelBackend" not in backends:
        session[BACKEND_SESSION_KEY] = backends[-1]
        session.save()
    tokens = [
        token_create(by=staff, user=staff, name=f"Pemindai pintu {i + 1}", scopes=[TokenScope.EVENTS_WRITE])[1]
        for i in range(clients)
    ]
    return event.slug, codes, session.session_key or "", secrets.token_hex(16), tokens


def post_load(base: str, path: str, bodies: list[bytes], headers: list[dict[str, str]], *, clients: int,
              seconds: float, rate: float = 0.0,
              parse: Callable[[Any], list[dict]] | None = None,
              accepted: tuple[int, ...] = (200,)) -> tuple[LoadResult, list[dict]]:  # fmt: skip
    """`clients` threads POST bodies (each used once) for `seconds`: back to back (closed loop), or, with
    `rate` > 0, paced so that together they offer `rate` scans per second (as door staff would). Client i
    sends `headers[i % len(headers)]` (its own token). The answer's results are a list (the API) or
    under "results" (the page endpoint); `parse` reads another server's answer and `accepted` are its success
    statuses (checkin_vs_pretix.py: pretix answers a check-in with 201)."""
    parts = urlsplit(base)
    stop_at = time.monotonic() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    results: list[dict] = []
    counts = {"errors": 0, "next": 0}
    gate = threading.Barrier(clients + 1)

    def take() -> bytes | None:
        with lock:
            if counts["next"] >= len(bodies):
                return None
            counts["next"] += 1
            return bodies[counts["next"] - 1]

    def client(index: int) -> None:
        mine, got, errors = [], [], 0
        conn: http.client.HTTPConnection | None = None
        gate.wait()
        began, sent = time.monotonic(), 0
        while time.monotonic() < stop_at:
            if rate > 0:
                due = began + (sent + index / clients) * clients / rate
                if due > time.monotonic():
                    time.sleep(due - time.monotonic())
                sent += 1
            body = take()
            if body is None:
                break
            if conn is None:
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers=headers[index % len(headers)])
                response = conn.getresponse()
                data = response.read()
                mine.append((time.perf_counter() - t0) * 1000)
                if response.status not in accepted:
                    errors += 1
                else:
                    answer = json.loads(data)
                    if parse is not None:
                        got.extend(parse(answer))
                    else:
                        got.extend(answer if isinstance(answer, list) else answer["results"])
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                errors += 1
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()
        with lock:
            latencies.extend(mine)
            results.extend(got)
            counts["errors"] += errors

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    gate.wait()
    began = time.monotonic()
    for t in threads:
        t.join()
    duration = time.monotonic() - began
    return LoadResult("check-in scans", len(latencies), counts["errors"], duration, latencies), results


def allocation_benchmark() -> tuple[float, float, int]:
    """200 booths among 400 accepted applications: (pure seconds, service seconds, placed)."""
    from datetime import timedelta

    from django.utils import timezone

    from sinergi.accounts.models import Organisation
    from sinergi.events import allocation, services
    from sinergi.events.models import Booth, BoothApplication, Event, EventStatus
    from sinergi.registry.models import Actor

    rng = random.Random(42)
    office = Organisation.objects.get(slug="bench-disdagin")
    day = timezone.localdate() + timedelta(days=30)
    event = Event.objects.create(title="Alokasi Bench", slug="alokasi-bench", start_date=day, end_date=day,
                                 venue="Hall", organiser=office, status=EventStatus.PUBLISHED)  # fmt: skip
    Booth.objects.bulk_create([
        Booth(event=event, code=f"B{i:03d}", x=i % 20, y=i // 20, size=rng.choice(["2x2", "3x3", "3x3", "3x6"]),
              has_power=rng.random() < 0.4, shareable=rng.random() < 0.25)
        for i in range(200)
    ])  # fmt: skip
    actors = Actor.objects.bulk_create([
        Actor(name=f"Penjual {i}", slug=f"penjual-bench-{i}", status="verified") for i in range(400)
    ])  # fmt: skip
    BoothApplication.objects.bulk_create([
        BoothApplication(event=event, actor=a, products="Produk", status="accepted",
                         score=rng.randint(40, 100), size_wanted=rng.choice(["2x2", "3x3", "3x3", "3x6"]),
                         needs_power=rng.random() < 0.3, wants_shared=rng.random() < 0.3)
        for a in actors
    ])  # fmt: skip
    booths = [allocation.BoothSpec(b.pk, b.code, b.size, b.has_power, b.shareable) for b in event.booths.all()]
    apps = [
        allocation.ApplicationSpec(a.pk, float(a.score or 0), a.size_wanted, a.needs_power, a.wants_shared)
        for a in event.booth_applications.all()
    ]
    t0 = time.perf_counter()
    allocation.allocate(booths, apps)
    pure = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = services.booths_allocate(by=None, event=event)
    service = time.perf_counter() - t0
    return pure, service, len(result.placements)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument(
        "--rate",
        type=float,
        default=120.0,
        help="scans per second offered by the clients together (0: back to back, the ceiling)",
    )
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sinergi_bench_events")
    db = fresh_database("sinergi_bench_events")
    if db.vendor != "postgresql":
        print("PostgreSQL is required for this benchmark: FAIL")
        db.cleanup()
        return 2
    print(f"machine: {os.cpu_count()} CPUs, load average before start {os.getloadavg()[0]:.1f}")
    ok = True
    try:
        var_dir = tempfile.mkdtemp(prefix="sinergi-bench-events-")
        # The write throttle stays on (its cost is part of a scan) at a rate this load cannot reach.
        env = production_env(db.url, SINERGI_VAR_DIR=var_dir, SINERGI_ALLOWED_HOSTS="127.0.0.1",
                             SINERGI_API_WRITE_RATE="1000000/min")  # fmt: skip
        sinergi(env, "collectstatic", "--no-input")
        sinergi(env, "migrate", "--no-input")
        sinergi(env, "createcachetable")  # production caches in the database, as a deployment sets up
        sinergi(env, "load_reference")
        setup_django(env)
        slug, codes, session_key, csrf, tokens = generate(args.tickets, args.clients)
        api_path = f"/api/v1/events/{slug}/checkins"
        api_headers = [{"Content-Type": "application/json", "Authorization": f"Bearer {t}"} for t in tokens]
        page_path = f"/acara/{slug}/check-in/sinkron/"
        page_headers = [{"Content-Type": "application/json", "X-CSRFToken": csrf,
                         "Cookie": f"sessionid={session_key}; csrftoken={csrf}"}]  # fmt: skip
        bodies = [json.dumps({"scans": [{"code": c, "client_uuid": str(uuid.uuid4())}]}).encode() for c in codes]
        from django.db import connections

        connections.close_all()
        ceiling_n = min(5000, len(bodies) // 4)
        warm, api_ceiling_bodies = bodies[:200], bodies[200 : 200 + ceiling_n]
        paced_bodies = bodies[200 + ceiling_n : len(bodies) - ceiling_n]
        page_bodies = bodies[len(bodies) - ceiling_n :]
        with gunicorn(env, workers=args.workers, args=("--preload",)) as base:
            _warm, warm_results = post_load(base, api_path, warm, api_headers, clients=2, seconds=3)
            bare = run_load(base, "bare Django view /_bare", lambda c, n: "/_bare", clients=args.clients,
                            seconds=min(args.seconds, 10))  # fmt: skip
            print(f"floor, bare view (back to back, {args.clients} clients): {bare.line()}")
            ceiling, ceiling_results = post_load(base, api_path, api_ceiling_bodies, api_headers,
                                                 clients=args.clients, seconds=min(args.seconds, 10))  # fmt: skip
            print(f"API ceiling (back to back, {args.clients} clients): {ceiling.line()}")
            print(f"API ceiling is {ceiling.throughput / bare.throughput:.1%} of the bare view (informative)")
            load, results = post_load(base, api_path, paced_bodies, api_headers, clients=args.clients,
                                      seconds=args.seconds, rate=args.rate)  # fmt: skip
            print(f"API offered {args.rate:.0f} scans/s ({args.clients} clients): {load.line()}")
            page, page_results = post_load(base, page_path, page_bodies, page_headers, clients=args.clients,
                                           seconds=min(args.seconds, 10))  # fmt: skip
            print(f"page endpoint ceiling (back to back, informative): {page.line()}")
            admitted = [r for r in results if r["outcome"] == "ok"]
            sent = paced_bodies[: load.requests]
            again, again_results = post_load(base, api_path, sent[:2000], api_headers, clients=4, seconds=60)
            from sinergi.events.models import CheckIn

            n_checkins = CheckIn.objects.count()
        p95 = load.percentile(95)
        scan_ok = load.throughput >= SCANS_PER_SECOND and p95 <= P95_MS and load.errors == 0 and ceiling.errors == 0
        print(f"API scans/s {load.throughput:.1f} (target ≥ {SCANS_PER_SECOND:.0f}), p95 {p95:.1f} ms "
              f"(target ≤ {P95_MS:.0f}), errors {load.errors + ceiling.errors}; ceiling {ceiling.throughput:.1f} "
              f"scans/s, floor (bare view) {bare.throughput:.1f} req/s: {'PASS' if scan_ok else 'FAIL'}")  # fmt: skip
        expected = sum(
            sum(r["outcome"] == "ok" for r in phase)
            for phase in (admitted, ceiling_results, page_results, warm_results)
        )
        resync_ok = all(r["outcome"] == "already" for r in again_results) and n_checkins == expected
        print(f"re-sync of {again.requests} scans: {sum(r['outcome'] == 'already' for r in again_results)} "
              f"answered 'already'; check-ins in database {n_checkins} = admitted in all phases {expected}: "
              f"{'PASS' if resync_ok else 'FAIL'}")  # fmt: skip
        pure, service, placed = allocation_benchmark()
        alloc_ok = service <= ALLOCATION_SECONDS
        print(f"allocation 200 booths / 400 applications: pure {pure * 1000:.1f} ms, service (read, allocate, "
              f"write) {service * 1000:.1f} ms, {placed} placed (target ≤ {ALLOCATION_SECONDS:.0f} s): "
              f"{'PASS' if alloc_ok else 'FAIL'}")  # fmt: skip
        ok = scan_ok and resync_ok and alloc_ok
    finally:
        from django.db import connections

        connections.close_all()
        db.cleanup()
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
