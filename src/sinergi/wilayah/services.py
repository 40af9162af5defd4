"""Load administrative areas from a CSV of the shape of `depok_wilayah.csv` (idempotent)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from sinergi.core import audit
from sinergi.core.errors import ServiceError

from .models import Level, Wilayah
from .selectors import forget_kecamatan_digits

DATA_DIR = Path(__file__).resolve().parent / "data"
WILAYAH_COLUMNS = {"kode", "nama", "level", "parent_kode"}
LEVEL_ORDER = [Level.PROVINSI, Level.KOTA, Level.KECAMATAN, Level.KELURAHAN]


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int
    unchanged: int


def _read_csv(path: Path, required: set[str]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = required - set(reader.fieldnames or [])
            if missing:
                raise ServiceError(f"{path.name}: kolom wajib tidak ada: {', '.join(sorted(missing))}.")
            return [dict(row) for row in reader]
    except OSError as exc:
        raise ServiceError(f"{path}: berkas tidak dapat dibaca ({exc.strerror}).") from exc


@transaction.atomic
def wilayah_load(
    *,
    actor: Any | None = None,
    wilayah_file: Path | None = None,
    crosswalk_file: Path | None = None,
    kecamatan_file: Path | None = None,
) -> LoadReport:
    """Create or update areas by Kemendagri code; never deletes (codes may still be referenced)."""
    wilayah_file = wilayah_file or DATA_DIR / "depok_wilayah.csv"
    if crosswalk_file is None and wilayah_file == DATA_DIR / "depok_wilayah.csv":
        crosswalk_file = DATA_DIR / "depok_kelurahan_crosswalk.csv"
        kecamatan_file = DATA_DIR / "depok_kecamatan.csv"
    rows = _read_csv(wilayah_file, WILAYAH_COLUMNS)
    extra: dict[str, dict[str, str]] = {}
    for extra_file, code_column in ((kecamatan_file, "kode_kemendagri"), (crosswalk_file, "kode_kemendagri")):
        if extra_file is not None:
            for row in _read_csv(extra_file, {code_column}):
                extra[row[code_column]] = row
    errors = []
    for number, row in enumerate(rows, start=2):
        if row["level"] not in Level.values:
            errors.append(f"baris {number}: tingkat '{row['level']}' tidak dikenal")
    if errors:
        raise ServiceError(f"{wilayah_file.name}: " + "; ".join(errors))
    rows.sort(key=lambda r: LEVEL_ORDER.index(Level(r["level"])))
    existing = {w.kode: w for w in Wilayah.objects.all()}
    created = updated = unchanged = 0
    for number, row in enumerate(rows, start=2):
        parent = existing.get(row["parent_kode"]) if row["parent_kode"] else None
        if row["parent_kode"] and parent is None:
            raise ServiceError(f"{wilayah_file.name} baris {number}: induk '{row['parent_kode']}' tidak ada.")
        more = extra.get(row["kode"], {})
        values = {
            "nama": row["nama"].strip(),
            "level": row["level"],
            "parent": parent,
            "kode_bps": more.get("kode_bps", ""),
            "luas_ha": _decimal(more.get("luas_ha_big") or more.get("luas_ha_big_sum")),
            "centroid_lon": _float(more.get("centroid_lon")),
            "centroid_lat": _float(more.get("centroid_lat")),
            "source_url": row.get("source_url", ""),
        }
        current = existing.get(row["kode"])
        if current is None:
            current = Wilayah.objects.create(kode=row["kode"], **values)
            existing[current.kode] = current
            created += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            current.save()
            updated += 1
        else:
            unchanged += 1
    report = LoadReport(created=created, updated=updated, unchanged=unchanged)
    forget_kecamatan_digits()
    transaction.on_commit(forget_kecamatan_digits)  # a rolled-back load must not leave its codes behind
    if created or updated:
        audit.record(
            actor=actor,
            action="wilayah.loaded",
            data={"file": wilayah_file.name, "created": created, "updated": updated},
        )
    return report


def _decimal(value: str | None) -> Decimal | None:
    return Decimal(value).quantize(Decimal("0.01")) if value not in (None, "") else None


def _float(value: str | None) -> float | None:
    return float(value) if value not in (None, "") else None
