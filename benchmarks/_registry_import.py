"""Bulk import benchmark: a 100,000-row actor XLSX from upload to commit, against its floor.

    .venv/bin/python benchmarks/_registry_import.py [--rows 100000]

1. Generate the XLSX (openpyxl write-only; varied names, unique NIBs, real kelurahan and KBLI codes,
   contact persons with NIK and phone on every row).
2. A fresh database (PostgreSQL `<DATABASE_URL's database>_sinergi_bench_import`, else SQLite),
   migrated with reference data (not timed).
3. Child process: the import end to end, as the page does it: `job_create` (store the upload) →
   validation (the task, run inline) → `job_commit` → commit (the task, run inline). The process has
   loaded the URLconf first (untimed), as a long-running worker has.
4. The floor, in the same child, on PostgreSQL: every row the import wrote (each table's rows whose xmin
   is one of the import's transactions) is copied out and deleted (not timed, then VACUUM ANALYZE); then,
   timed: python-calamine reads every cell of the same file (the reader the import uses) and PostgreSQL
   COPY writes those same rows back into the same tables, with their indexes and constraints, in one
   transaction. Nothing can import the file faster than reading it and storing what it stores.
Each child reports its own peak RSS (ru_maxrss) and the import its own CPU time (validation and commit
apart: unlike wall time, not inflated by other work on the machine); the peak RSS is taken when the
commit ends, before the floor runs in the same child. Targets: import ≤ 2× the floor (issue 17), end to end
≤ 90 s, peak memory ≤ 1 GiB. `run(rows)` returns the figures; `benchmarks/registry.py` calls it.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
sys.path.insert(0, str(SRC))

import _common  # noqa: E402 -- the benchmarks folder is not a package

TARGET_SECONDS = 90.0
TARGET_RATIO = 2.0  # to the floor: calamine's read + COPY of the same rows
TARGET_RSS_MB = 1024.0
SEED = 20260107
WORDS = [
    "batik",
    "tenun",
    "rajut",
    "kopi",
    "roti",
    "sambal",
    "keripik",
    "studio",
    "aplikasi",
    "game",
    "foto",
    "film",
    "musik",
    "desain",
    "kriya",
    "bambu",
    "kulit",
    "keramik",
    "boneka",
    "busana",
    "hijab",
    "kaos",
]
TRADE = ["jaya", "makmur", "kreasi", "karya", "mandiri", "sejahtera", "abadi", "nusantara", "indah", "berkah"]


# The template's headers (sinergi.registry.bulk.COLUMN_NAMES); a mismatch fails validation loudly.
COLUMN_NAMES = (
    "nama_usaha", "jenis_pelaku", "bentuk_usaha", "nib", "npwp", "kbli_utama", "kbli_lain", "deskripsi",
    "alamat_usaha", "kode_kelurahan", "tahun_berdiri", "tenaga_kerja_perempuan", "tenaga_kerja_laki_laki",
    "tahun_angka", "modal_usaha", "omzet_tahunan", "dibina_oleh", "nama_narahubung", "nik_narahubung",
    "telepon_narahubung", "persetujuan_narahubung",
)  # fmt: skip


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _codes() -> tuple[list[str], list[str]]:
    with (SRC / "sinergi" / "wilayah" / "data" / "depok_wilayah.csv").open(encoding="utf-8") as handle:
        kelurahan = [r["kode"] for r in csv.DictReader(handle) if r.get("level") == "kelurahan"]
    with (SRC / "ekraf" / "data" / "kbli2020_ekraf_provisional.csv").open(encoding="utf-8") as handle:
        kbli = sorted({r["kbli_code"] for r in csv.DictReader(handle) if r["kbli_version"] == "2020"})
    return kelurahan, kbli


def generate(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    kelurahan, kbli = _codes()
    rng = random.Random(SEED)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(list(COLUMN_NAMES))
    for n in range(1, rows + 1):
        name = f"{rng.choice(WORDS).title()} {rng.choice(TRADE).title()} {n}"
        day = rng.randint(1, 28) + (40 if n % 2 else 0)
        sheet.append([
            name, "badan_usaha" if n % 3 else "perorangan", rng.choice(["cv", "ud", "pt", "perorangan"]),
            f"{9100000000000 + n}", "", rng.choice(kbli),
            f"{rng.choice(kbli)};{rng.choice(kbli)}" if n % 4 == 0 else "",
            f"{rng.choice(WORDS)} buatan tangan, {rng.choice(WORDS)} khas Depok", f"Jl. Contoh No. {n % 300 + 1}",
            rng.choice(kelurahan), 2000 + n % 25, rng.randint(0, 20), rng.randint(0, 20), 2024,
            rng.randint(1, 5000) * 1_000_000, rng.randint(1, 20000) * 1_000_000, "",
            f"Narahubung {n}", f"327601{day:02d}{rng.randint(1, 12):02d}{rng.randint(80, 99)}{n % 9999 + 1:04d}",
            f"0812{n:08d}", "ya",
        ])  # fmt: skip
    workbook.save(path)


# ---------------------------------------------------------------- child phases


def calamine_read(path: Path) -> int:
    """Every cell of every sheet through python-calamine, nothing else; returns the number of cells."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    cells = 0
    for name in workbook.sheet_names:
        for row in workbook.get_sheet_by_name(name).iter_rows():
            cells += len(row)
    workbook.close()
    return cells


def _written_rows(since_xid: int) -> dict[str, tuple[str, bytes]]:
    """Each table's rows written by transactions after `since_xid`: (column list, COPY text), by table.
    Generated columns are left out: the database computes them on COPY as on INSERT."""
    from django.db import connection

    out: dict[str, tuple[str, bytes]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_attribute a ON a.attrelid = c.oid "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped "
            "AND a.attgenerated = '' GROUP BY c.relname ORDER BY c.relname"
        )
        for table, columns in cursor.fetchall():
            where = f"xmin::text::bigint > {since_xid % 2**32}"
            buffer = bytearray()
            query = f'COPY (SELECT {columns} FROM "{table}" WHERE {where}) TO STDOUT'  # noqa: S608 -- from pg_class
            with cursor.copy(query) as copy:  # type: ignore[attr-defined]
                for chunk in copy:
                    buffer += chunk
            if buffer:
                out[table] = (columns, bytes(buffer))
    return out


# Tables whose rows PostgreSQL's own triggers write when actors are written (registry 0013: the actors'
# words): the floor deletes them with the rest and lets the COPY of the actors write them again.
TRIGGER_WRITTEN = {"registry_actor_searchword"}


def phase_floor(path: Path, since_xid: int) -> dict[str, float]:
    """Delete the rows the import wrote, then time: calamine's read of the file + COPY of those rows."""
    from django.db import connection

    written = _written_rows(since_xid)
    counts = {table: data.count(b"\n") for table, (_columns, data) in written.items()}
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute("SET LOCAL session_replication_role = replica")  # no foreign-key triggers
        for table in written:
            cursor.execute(f'DELETE FROM "{table}" WHERE xmin::text::bigint > {since_xid % 2**32}')  # noqa: S608
        cursor.execute("COMMIT")
        for table in written:
            cursor.execute(f'VACUUM ANALYZE "{table}"')
    start = time.perf_counter()
    cells = calamine_read(path)
    read_seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        for table, (columns, data) in written.items():
            if table in TRIGGER_WRITTEN:
                continue  # written again by the triggers the COPY of the actors fires, as in the import
            with cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:  # type: ignore[attr-defined]
                copy.write(data)
        cursor.execute("COMMIT")
    seconds = time.perf_counter() - start
    return {
        "floor_seconds": seconds,
        "floor_read_seconds": read_seconds,
        "floor_copy_seconds": seconds - read_seconds,
        "floor_cells": float(cells),
        "floor_rows": float(sum(counts.values())),
        "floor_tables": ", ".join(f"{t} {n:,}" for t, n in sorted(counts.items(), key=lambda i: -i[1])),  # type: ignore[dict-item]
    }


def phase_setup() -> dict[str, float]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_reference", verbosity=0)
    return {"rss_mb": _peak_rss_mb()}


def phase_import(path: Path) -> dict[str, float]:
    from django.core.files import File
    from django.db import connection
    from django.urls import get_resolver

    from sinergi.accounts.models import Membership, Organisation, OrganisationKind, Role, User
    from sinergi.imports import services
    from sinergi.imports.models import ImportJob
    from sinergi.registry.models import Actor

    # The worker is a long-running process (`sinergi db_worker`): by the time an import runs, its URLconf
    # (which the job's notifications reverse) is loaded. Load it here, untimed, as the floor loads nothing.
    get_resolver().url_patterns  # noqa: B018 -- loading is the point
    office = Organisation.objects.create(
        name="Bench Office", slug="bench-office", kind=OrganisationKind.OFFICE, administers_registry=True
    )
    user = User.objects.create_user(email="bench@contoh.id", password="bench-Sinergi-2026")  # noqa: S106
    Membership.objects.create(user=user, organisation=office, role=Role.STAFF)
    before = Actor.objects.count()
    since_xid = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT txid_current()")
            since_xid = int(cursor.fetchone()[0])
    start = time.perf_counter()
    cpu_start = time.process_time()
    with path.open("rb") as handle:
        upload = File(handle, name=path.name)
        upload.size = path.stat().st_size
        job = services.job_create(by=user, kind="pelaku", upload=upload)  # type: ignore[arg-type]
    job = ImportJob.objects.get(pk=job.pk)
    validated = time.perf_counter()
    cpu_validated = time.process_time()
    if job.status != "validated":
        return {"failed": 1.0, "status": job.status, "message": job.message, "errors": job.errors[:5]}  # type: ignore[dict-item]
    services.job_commit(by=user, job=job)
    job.refresh_from_db()
    end = time.perf_counter()
    cpu_end = time.process_time()
    import_rss = _peak_rss_mb()  # before the floor, which runs in this process and holds its own copies
    floor = phase_floor(path, since_xid) if connection.vendor == "postgresql" else {}
    return {
        **floor,
        "seconds": end - start,
        "validate_seconds": validated - start,
        "commit_seconds": end - validated,
        "validate_cpu_seconds": cpu_validated - cpu_start,
        "commit_cpu_seconds": cpu_end - cpu_validated,
        "rows_committed": float(job.rows_committed),
        "actors_added": float(Actor.objects.count() - before),
        "warnings": float(job.warning_count),
        "status_committed": float(job.status == "committed"),
        "rss_mb": import_rss,
        "rss_with_floor_mb": _peak_rss_mb(),
    }


def _child(phase: str, path: Path | None, env: dict[str, str]) -> dict[str, float]:
    command = [sys.executable, __file__, "--phase", phase]
    if path is not None:
        command += ["--file", str(path)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=ROOT)
    if result.returncode != 0:
        raise RuntimeError(f"phase {phase} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def run(rows: int = 100_000) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="sinergi-import-bench-") as folder:
        path = Path(folder) / "pelaku.xlsx"
        started = time.perf_counter()
        generate(path, rows)
        print(f"generated {rows:,} rows in {time.perf_counter() - started:.1f} s ({path.stat().st_size / 1e6:.1f} MB)")
        database = _common.fresh_database("sinergi_bench_import")
        print(f"database: {database.describe()}")
        media = Path(folder) / "media"
        env = dict(os.environ)
        env.update({
            "DJANGO_SETTINGS_MODULE": "sinergi.settings.test",
            "DATABASE_URL": database.url,
            "SINERGI_VAR_DIR": folder,
            "SINERGI_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(SRC),
            "SINERGI_BENCH_MEDIA": str(media),
        })  # fmt: skip
        try:
            _child("setup", None, env)
            imported = _child("import", path, env)
        finally:
            database.cleanup()
    if imported.get("failed"):
        raise RuntimeError(f"import did not validate: {imported}")
    floor = imported.get("floor_seconds", float("nan"))
    figures = {
        "rows": float(rows),
        "floor_s": floor,
        "floor_read_s": imported.get("floor_read_seconds", float("nan")),
        "floor_copy_s": imported.get("floor_copy_seconds", float("nan")),
        "floor_rows": imported.get("floor_rows", float("nan")),
        "import_total_s": imported["seconds"],
        "import_validate_s": imported["validate_seconds"],
        "import_commit_s": imported["commit_seconds"],
        "import_validate_cpu_s": imported["validate_cpu_seconds"],
        "import_commit_cpu_s": imported["commit_cpu_seconds"],
        "import_rss_mb": imported["rss_mb"],
        "ratio_to_floor": float("nan") if math.isnan(floor) else imported["seconds"] / floor,
        "rows_committed": imported["rows_committed"],
    }
    report(figures, database.vendor, str(imported.get("floor_tables", "")))
    return figures


def passed(figures: dict[str, float]) -> bool:
    """Every target: a floor was measured (PostgreSQL) and the import is within 2× of it; time; memory."""
    return bool(
        figures["ratio_to_floor"] <= TARGET_RATIO  # False when NaN: no floor, no PASS
        and figures["import_total_s"] <= TARGET_SECONDS
        and figures["import_rss_mb"] <= TARGET_RSS_MB
        and figures["rows_committed"] == figures["rows"]
    )


def report(figures: dict[str, float], vendor: str, floor_tables: str) -> None:
    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    if not math.isnan(figures["floor_s"]):
        print(
            f"floor: calamine read {figures['floor_read_s']:.1f} s + COPY of the same "
            f"{figures['floor_rows']:,.0f} rows {figures['floor_copy_s']:.1f} s = {figures['floor_s']:.1f} s"
        )
        print(f"       rows by table: {floor_tables}")
    else:
        print("floor: not measured (it needs PostgreSQL's COPY; set DATABASE_URL to a PostgreSQL server)")
    print(
        f"import on {vendor}: validate {figures['import_validate_s']:.1f} s + commit {figures['import_commit_s']:.1f} s"
    )
    print(
        f"import process CPU time        : validate {figures['import_validate_cpu_s']:.2f} s + commit "
        f"{figures['import_commit_cpu_s']:.2f} s (the machine's load does not inflate it; PostgreSQL's is apart)"
    )
    print(
        f"import end to end              : {figures['import_total_s']:.1f} s  target ≤ {TARGET_SECONDS:.0f} s  "
        f"{verdict(figures['import_total_s'] <= TARGET_SECONDS)}"
    )
    print(
        f"ratio to the floor             : {figures['ratio_to_floor']:.2f}×  target ≤ {TARGET_RATIO:.0f}×  "
        f"{verdict(figures['ratio_to_floor'] <= TARGET_RATIO)}"
    )
    print(
        f"peak memory (import process)   : {figures['import_rss_mb']:.0f} MB  target ≤ {TARGET_RSS_MB:.0f} MB  "
        f"{verdict(figures['import_rss_mb'] <= TARGET_RSS_MB)}"
    )
    print(
        f"rows committed                 : {figures['rows_committed']:.0f} of {figures['rows']:.0f}  "
        f"{verdict(figures['rows_committed'] == figures['rows'])}"
    )


def _child_main(phase: str, file: str | None) -> None:
    # benchmarks/statistics.py would shadow the standard library's `statistics` (programs.reports uses it).
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    import django

    django.setup()
    from django.conf import settings

    media = os.environ.get("SINERGI_BENCH_MEDIA")
    if media:
        settings.STORAGES["default"]["OPTIONS"]["location"] = media
    if phase == "setup":
        result = phase_setup()
    else:
        assert file is not None
        result = phase_import(Path(file))
    print(json.dumps(result, default=str))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--phase", choices=["setup", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        _child_main(args.phase, args.file)
        return
    figures = run(args.rows)
    sys.exit(0 if passed(figures) else 1)


if __name__ == "__main__":
    main()
