"""Load the configured region's administrative areas from the map of Indonesia (idempotent)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from sinergi.core import audit
from sinergi.core.errors import ServiceError

from . import reference
from .models import Level, Wilayah
from .selectors import forget_kecamatan_digits

DATA_DIR = reference.DATA_DIR
# Extra columns (BPS code, area, centroid) shipped for some regions, keyed by Kemendagri code.
EXTRA_PATTERNS = ("*_kecamatan.csv", "*_kelurahan_crosswalk.csv")
WILAYAH_COLUMNS = {"kode", "nama", "level", "parent_kode"}
LEVEL_ORDER = [Level.PROVINSI, Level.KOTA, Level.KECAMATAN, Level.KELURAHAN]
# The source's six levels onto the model's four: a kabupaten sits where a kota does, a desa where a kelurahan does.
SOURCE_LEVELS = {
    "provinsi": Level.PROVINSI,
    "kota": Level.KOTA,
    "kabupaten": Level.KOTA,
    "kecamatan": Level.KECAMATAN,
    "kelurahan": Level.KELURAHAN,
    "desa": Level.KELURAHAN,
}
UPDATED_FIELDS = ("name", "level", "parent", "bps_code", "area_ha", "centroid_lon", "centroid_lat", "source_url")


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
    region_code: str | None = None,
    wilayah_file: Path | None = None,
    crosswalk_file: Path | None = None,
    kecamatan_file: Path | None = None,
) -> LoadReport:
    """Create or update areas by Kemendagri code; never deletes (codes may still be referenced).

    By default the configured region's subtree of the national file: its ancestors up to the
    province, itself and every descendant, nothing else. Where a shipped crosswalk (data/*_kecamatan.csv,
    data/*_kelurahan_crosswalk.csv) knows an area, its BPS code, area and centroid are kept.
    `wilayah_file` loads a file of one's own instead (columns kode, nama, level, parent_kode[,
    source_url]), with `crosswalk_file`/`kecamatan_file` for those extra columns.
    """
    if wilayah_file is None:
        code = region_code or str(settings.SINERGI_REGION_CODE)
        try:
            rows = reference.subtree_rows(code)
        except reference.UnknownRegion as exc:
            raise ServiceError(str(exc), field_errors={"region_code": [str(exc)]}) from exc
        for row in rows:
            row.setdefault("source_url", reference.NATIONAL_SOURCE_URL)
        source_name = f"{reference.NATIONAL_FILE.name} ({code})"
        extra_files = _shipped_extras() if crosswalk_file is None and kecamatan_file is None else []
    else:
        rows = _read_csv(wilayah_file, WILAYAH_COLUMNS)
        source_name = wilayah_file.name
        shipped = wilayah_file.parent == DATA_DIR and crosswalk_file is None and kecamatan_file is None
        extra_files = _shipped_extras() if shipped else []
    extra_files += [f for f in (kecamatan_file, crosswalk_file) if f is not None]
    extra: dict[str, dict[str, str]] = {}
    for extra_file in extra_files:
        for row in _read_csv(extra_file, {"kode_kemendagri"}):
            extra[row["kode_kemendagri"]] = row
    errors = []
    for number, row in enumerate(rows, start=2):
        if row["level"] not in SOURCE_LEVELS:
            errors.append(f"baris {number}: tingkat '{row['level']}' tidak dikenal")
    if errors:
        raise ServiceError(f"{source_name}: " + "; ".join(errors))
    numbered = sorted(enumerate(rows, start=2), key=lambda pair: LEVEL_ORDER.index(SOURCE_LEVELS[pair[1]["level"]]))
    existing = {w.code: w for w in Wilayah.objects.all()}
    created = updated = unchanged = 0
    for level in LEVEL_ORDER:
        to_create: list[Wilayah] = []
        to_update: list[Wilayah] = []
        for number, row in numbered:
            if SOURCE_LEVELS[row["level"]] != level:
                continue
            parent = existing.get(row["parent_kode"]) if row["parent_kode"] else None
            if row["parent_kode"] and parent is None:
                raise ServiceError(f"{source_name} baris {number}: induk '{row['parent_kode']}' tidak ada.")
            more = extra.get(row["kode"], {})
            values = {
                "name": row["nama"].strip(),
                "level": level,
                "parent_id": parent.pk if parent else None,
                "bps_code": more.get("kode_bps", ""),
                "area_ha": _decimal(more.get("luas_ha_big") or more.get("luas_ha_big_sum")),
                "centroid_lon": _float(more.get("centroid_lon")),
                "centroid_lat": _float(more.get("centroid_lat")),
                "source_url": row.get("source_url") or "",
            }
            current = existing.get(row["kode"])
            if current is None:
                current = Wilayah(code=row["kode"], **values)
                existing[current.code] = current
                to_create.append(current)
            elif any(getattr(current, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(current, k, v)
                to_update.append(current)
            else:
                unchanged += 1
        # Parents of the next level need their ids: bulk_create sets them (PostgreSQL, SQLite ≥ 3.35).
        Wilayah.objects.bulk_create(to_create, batch_size=1000)
        Wilayah.objects.bulk_update(to_update, [*UPDATED_FIELDS], batch_size=1000)
        created += len(to_create)
        updated += len(to_update)
    report = LoadReport(created=created, updated=updated, unchanged=unchanged)
    forget_kecamatan_digits()
    transaction.on_commit(forget_kecamatan_digits)  # a rolled-back load must not leave its codes behind
    if created or updated:
        audit.record(
            by=actor,
            action="wilayah.loaded",
            data={"file": source_name, "created": created, "updated": updated},
        )
    return report


def _shipped_extras() -> list[Path]:
    return [path for pattern in EXTRA_PATTERNS for path in sorted(DATA_DIR.glob(pattern))]


def _decimal(value: str | None) -> Decimal | None:
    return Decimal(value).quantize(Decimal("0.01")) if value not in (None, "") else None


def _float(value: str | None) -> float | None:
    return float(value) if value not in (None, "") else None
