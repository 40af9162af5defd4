"""Statistics benchmark: the public statistics page and its API under load.

    .venv/bin/python benchmarks/statistics.py [--seconds 20] [--workers 4]

1. A fresh database (`sinergi_bench_stats` on postgres://postgres@127.0.0.1:5432, or DATABASE_URL's
   server; SQLite only if no PostgreSQL is reachable), migrate, `load_reference`.
2. One published result for Kota Depok with 15 years × 17 subsectors (+ TOTAL, ADHB and ADHK, every
   indicator) and experimental estimates for its 11 kecamatan, written through the services.
3. gunicorn `sinergi.wsgi` with the production settings; 16 concurrent keep-alive clients for a fixed
   time against the bare Django view `/_bare` (the ceiling), the public page `/statistik/wilayah/32.76/`
   and the API `/api/v1/statistics/publications/<id>/figures?indicator=level&price_basis=ADHK`.
   Prints p50/p95/p99, throughput, page-cache hits/misses, the ratio to the bare view (the floor) and
   PASS/FAIL against p95 ≤ 200 ms and ≥ 50 % of the bare view (both are cached until the next
   publication, as anonymous visitors and API clients get them).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import _common

P95_TARGET_MS = 200.0
RATIO_TARGET = 0.50  # issue 17: the page never changes between publications
CLIENTS = 16
HEADER = "X-Sinergi-Page-Cache"
YEARS = range(2010, 2025)


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def generate() -> int:
    """A published publication with 15 × 17 × 11 figures; returns its id."""
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    import ekraf
    from sinergi.accounts.models import User
    from sinergi.demo.seed import statistics as demo
    from sinergi.statistics import services
    from sinergi.statistics.models import Run
    from sinergi.wilayah.models import Wilayah

    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    root = User.objects.create_superuser(email="bench@example.id", password="x" * 20, full_name="Bench")
    # Four eyes: the person who prepares a publication never approves it, so a second person approves.
    approver = User.objects.create_superuser(email="bench-head@example.id", password="x" * 20, full_name="Bench head")
    codes = ekraf.subsector_list("kemenparekraf_17").codes
    lines = ["region,year,code,price_basis,value,unit"]
    totals = {(r.year, r.price_basis): r.value for r in demo.pdrb_records() if r.code == ekraf.TOTAL}
    for year in YEARS:
        for basis in ("ADHB", "ADHK"):
            total = totals[(year, basis)] * 0.08
            weights = [1 + ((i * 7 + year) % 5) for i in range(len(codes))]
            for code, w in zip(codes, weights, strict=True):
                lines.append(f"Kota Depok,{year},{code},{basis},{total * w / sum(weights):.4f},juta rupiah")
            lines.append(f"Kota Depok,{year},TOTAL,{basis},{total:.4f},juta rupiah")

    def upload(kind: str, content: bytes, name: str) -> object:
        dataset = services.dataset_upload(
            by=root,
            kind=kind,
            name=name,
            region_code="32.76",
            region_name="Kota Depok",
            upload=ContentFile(content, name=f"{name}.csv"),
        )
        return services.dataset_validate(dataset_id=dataset.pk)

    levels = upload("levels", "\n".join(lines).encode(), "levels")
    pdrb = upload("pdrb", demo.pdrb_csv(), "pdrb")
    run = services.run_create(
        by=root,
        method="levels",
        region_code="32.76",
        region_name="Kota Depok",
        datasets={"levels": levels, "pdrb": pdrb},  # type: ignore[dict-item]
        enqueue=False,
    )
    run = services.run_execute(run_id=run.pk)
    if run.status != "succeeded":
        raise SystemExit(f"run failed: {run.error_summary}")
    kecamatan = list(Wilayah.objects.filter(parent__code="32.76", level="kecamatan").values_list("code", flat=True))
    shares = {}
    for i, code in enumerate(codes):
        weights = {k: 1 + ((i + j) % 4) for j, k in enumerate(kecamatan)}
        total = sum(weights.values())
        shares[code] = {k: w / total for k, w in weights.items()}
    Run.objects.filter(pk=run.pk).update(kecamatan_shares={"shares": shares, "basis": dict.fromkeys(codes, "sales")})
    run.refresh_from_db()
    pub = services.publication_prepare(by=root, run=run, title="PDRB Ekonomi Kreatif Kota Depok (benchmark)")
    services.publication_submit(by=root, publication=pub)
    services.publication_approve(by=approver, publication=pub)
    print(
        f"data: {len(kecamatan)} kecamatan, {len(codes)} subsectors, {len(YEARS)} years, "
        f"{pub.figures.count()} published figures"
    )
    return int(pub.pk)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    db = _common.fresh_database("sinergi_bench_stats")
    print(f"database: {db.describe()}")
    var_dir = tempfile.mkdtemp(prefix="sinergi-bench-stats-")
    # static files and uploads go to a temporary SINERGI_VAR_DIR, never into the working tree
    env = _common.production_env(db.url, SINERGI_ALLOWED_HOSTS="127.0.0.1", SINERGI_VAR_DIR=var_dir)
    try:
        setup_django(env)
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
        pk = generate()
        from django.db import connections

        connections.close_all()
        with _common.gunicorn(env, workers=args.workers) as base:
            page = "/statistik/wilayah/32.76/"
            api = f"/api/v1/statistics/publications/{pk}/figures?indicator=level&price_basis=ADHK&limit=100"
            for path in (page, api):
                status, body = _common.request_once(base + path)
                if status != 200:
                    raise SystemExit(f"{path}: HTTP {status} {body[:200]!r}")
            bare = _common.run_load(base, "bare /_bare", lambda c, n: "/_bare", clients=CLIENTS, seconds=args.seconds)
            pages = _common.run_load(
                base, "public page", lambda c, n: page, clients=CLIENTS, seconds=args.seconds, count_header=HEADER
            )
            apis = _common.run_load(
                base, "API figures", lambda c, n: api, clients=CLIENTS, seconds=args.seconds, count_header=HEADER
            )
        print(f"{CLIENTS} clients, {args.seconds:.0f} s each, gunicorn {args.workers} workers")
        ok = True
        for result in (bare, pages, apis):
            line = result.line()
            if result is not bare:
                ratio = result.throughput / bare.throughput if bare.throughput else 0.0
                passed = result.percentile(95) <= P95_TARGET_MS and ratio >= RATIO_TARGET and result.errors == 0
                verdict = "PASS" if passed else "FAIL"
                ok = ok and passed
                cache = ", ".join(f"{k} {v}" for k, v in sorted(result.header_counts.items()))
                line += (
                    f"\n{'':<34} {ratio:.0%} of bare (floor {bare.throughput:.1f} req/s; target ≥ {RATIO_TARGET:.0%}),"
                    f" p95 target ≤ {P95_TARGET_MS:.0f} ms, page cache: {cache}: {verdict}"
                )
            print(line)
        return 0 if ok else 1
    finally:
        db.cleanup()
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
