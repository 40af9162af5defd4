"""Bulk import benchmark: a 100,000-row actor XLSX from upload to commit, against reading it with openpyxl.

    .venv/bin/python benchmarks/_registry_import.py [--rows 100000]

1. Generate the XLSX (openpyxl write-only; varied names, unique NIBs, real kelurahan and KBLI codes,
   contact persons with NIK and phone on every row).
2. Child process A: openpyxl read-only iteration of every cell of that file, nothing else (the baseline).
3. A fresh database (PostgreSQL `sinergi_bench_import` on 127.0.0.1 if reachable, else SQLite),
   migrated with reference data (not timed).
4. Child process B: the import end to end, as the page does it: `job_create` (store the upload) →
   validation (the task, run inline) → `job_commit` → commit (the task, run inline).
Each child reports its own peak RSS (ru_maxrss). Targets: end to end ≤ 90 s, ≤ 4× the openpyxl read,
peak memory ≤ 1 GiB. `run(rows)` returns the figures; `benchmarks/registry.py` calls it.
"""

from __future__ import annotations

import argparse
import csv
import json
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
TARGET_RATIO = 4.0
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


def phase_read(path: Path) -> dict[str, float]:
    import openpyxl

    start = time.perf_counter()
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    cells = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
    workbook.close()
    return {"seconds": time.perf_counter() - start, "cells": float(cells), "rss_mb": _peak_rss_mb()}


def phase_setup() -> dict[str, float]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_reference", verbosity=0)
    return {"rss_mb": _peak_rss_mb()}


def phase_import(path: Path) -> dict[str, float]:
    from django.core.files import File

    from sinergi.accounts.models import Membership, Organisation, OrganisationKind, Role, User
    from sinergi.imports import services
    from sinergi.imports.models import ImportJob
    from sinergi.registry.models import Actor

    office = Organisation.objects.create(name="Bench Office", slug="bench-office", kind=OrganisationKind.OFFICE)
    user = User.objects.create_user(email="bench@contoh.id", password="bench-Sinergi-2026")  # noqa: S106
    Membership.objects.create(user=user, organisation=office, role=Role.STAFF)
    before = Actor.objects.count()
    start = time.perf_counter()
    with path.open("rb") as handle:
        upload = File(handle, name=path.name)
        upload.size = path.stat().st_size
        job = services.job_create(by=user, kind="pelaku", upload=upload)  # type: ignore[arg-type]
    job = ImportJob.objects.get(pk=job.pk)
    validated = time.perf_counter()
    if job.status != "validated":
        return {"failed": 1.0, "status": job.status, "message": job.message, "errors": job.errors[:5]}  # type: ignore[dict-item]
    services.job_commit(by=user, job=job)
    job.refresh_from_db()
    end = time.perf_counter()
    return {
        "seconds": end - start,
        "validate_seconds": validated - start,
        "commit_seconds": end - validated,
        "rows_committed": float(job.rows_committed),
        "actors_added": float(Actor.objects.count() - before),
        "warnings": float(job.warning_count),
        "status_committed": float(job.status == "committed"),
        "rss_mb": _peak_rss_mb(),
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
        read = _child("read", path, dict(os.environ))
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
    figures = {
        "rows": float(rows),
        "file_mb": 0.0,
        "openpyxl_read_s": read["seconds"],
        "openpyxl_read_rss_mb": read["rss_mb"],
        "import_total_s": imported["seconds"],
        "import_validate_s": imported["validate_seconds"],
        "import_commit_s": imported["commit_seconds"],
        "import_rss_mb": imported["rss_mb"],
        "ratio_to_openpyxl": imported["seconds"] / read["seconds"],
        "rows_committed": imported["rows_committed"],
    }
    figures.pop("file_mb")
    report(figures, database.vendor)
    return figures


def report(figures: dict[str, float], vendor: str) -> None:
    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    print(
        f"openpyxl read-only, every cell : {figures['openpyxl_read_s']:.1f} s "
        f"(peak {figures['openpyxl_read_rss_mb']:.0f} MB)"
    )
    print(
        f"import on {vendor}: validate {figures['import_validate_s']:.1f} s + commit {figures['import_commit_s']:.1f} s"
    )
    print(
        f"import end to end              : {figures['import_total_s']:.1f} s  target ≤ {TARGET_SECONDS:.0f} s  "
        f"{verdict(figures['import_total_s'] <= TARGET_SECONDS)}"
    )
    print(
        f"ratio to openpyxl read         : {figures['ratio_to_openpyxl']:.2f}×  target ≤ {TARGET_RATIO:.0f}×  "
        f"{verdict(figures['ratio_to_openpyxl'] <= TARGET_RATIO)}"
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
    path = Path(file) if file else None
    if phase == "read":
        assert path is not None
        result = phase_read(path)
    else:
        import django

        django.setup()
        from django.conf import settings

        media = os.environ.get("SINERGI_BENCH_MEDIA")
        if media:
            settings.STORAGES["default"]["OPTIONS"]["location"] = media
        if phase == "setup":
            result = phase_setup()
        else:
            assert path is not None
            result = phase_import(path)
    print(json.dumps(result, default=str))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--phase", choices=["read", "setup", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        _child_main(args.phase, args.file)
        return
    figures = run(args.rows)
    ok = (
        figures["import_total_s"] <= TARGET_SECONDS
        and figures["ratio_to_openpyxl"] <= TARGET_RATIO
        and figures["import_rss_mb"] <= TARGET_RSS_MB
        and figures["rows_committed"] == figures["rows"]
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
