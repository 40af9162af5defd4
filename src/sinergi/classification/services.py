"""Load subsector lists, KBLI codes and KBLI → subsector mappings (idempotent)."""

from __future__ import annotations

import csv
import hashlib
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

from django.db import transaction

import ekraf
from sinergi.core import audit
from sinergi.core.errors import ServiceError

from .models import KbliCode, KbliMapping, KbliMappingEntry, Subsector, SubsectorList

CURRENT_LIST = "kemenparekraf_17"
LIST_NAMES = {
    "kemenparekraf_17": "17 subsektor (Kemenparekraf/Kemenekraf, UU 24/2019)",
    "bekraf_16": "16 subsektor (Bekraf 2015–2019)",
    "kemendag_14_plus_kuliner": "14 subsektor + kuliner (Kemendag; BPS Kota Depok 2010–2014)",
}
PROVISIONAL_MAPPING_NAME = "Pemetaan KBLI 2020–ekraf sementara (Sinergi)"
#: The engine's label for the shipped file, so the web and `sinergi pdrb` name the same version alike.
PROVISIONAL_MAPPING_VERSION = ekraf.DEFAULT_MAPPING_VERSION


def reference_file(name: str) -> Path:
    """Reference files shared with the `ekraf` engine ship inside it (ekraf/data)."""
    return Path(str(resources.files("ekraf") / "data" / name))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


@transaction.atomic
def subsector_lists_load(*, actor: Any | None = None, path: Path | None = None) -> int:
    path = path or reference_file("ekraf_subsectors.csv")
    count = 0
    lists: dict[str, SubsectorList] = {}
    for row in _rows(path):
        era = row["era"]
        if era not in lists:
            lists[era], _ = SubsectorList.objects.update_or_create(
                code=era, defaults={"name": LIST_NAMES.get(era, era), "is_current": era == CURRENT_LIST}
            )
        _, created = Subsector.objects.update_or_create(
            subsector_list=lists[era],
            code=row["code"],
            defaults={
                "name_id": row["name_id"],
                "name_en": row["name_en"],
                "notes": row.get("notes", ""),
                "source_url": row.get("source_url", ""),
            },
        )
        count += int(created)
    if count:
        audit.record(by=actor, action="classification.subsectors.loaded", data={"created": count})
    return count


@transaction.atomic
def kbli_load(*, actor: Any | None = None, path: Path | None = None, version: str = "2020") -> int:
    path = path or reference_file("kbli2020_codes.csv")
    existing = set(KbliCode.objects.filter(version=version).values_list("code", flat=True))
    new = [
        KbliCode(
            version=version,
            code=row["kode"],
            title=row["judul"][:400],
            section=row.get("kategori", ""),
            # The hierarchy is the code's prefixes: golongan pokok (2), golongan (3), subgolongan (4).
            division=row.get("golongan_pokok") or row["kode"][:2],
            group=row.get("golongan") or row["kode"][:3],
            class_code=row.get("subgolongan") or row["kode"][:4],
            flag=row.get("flag", ""),
            source=row.get("source", ""),
        )
        for row in _rows(path)
        if row["kode"] not in existing
    ]
    KbliCode.objects.bulk_create(new, batch_size=500)
    if new:
        audit.record(by=actor, action="classification.kbli.loaded", data={"version": version, "created": len(new)})
    return len(new)


@transaction.atomic
def mapping_load(
    *,
    actor: Any | None = None,
    path: Path | None = None,
    name: str = PROVISIONAL_MAPPING_NAME,
    version: str = PROVISIONAL_MAPPING_VERSION,
    provisional: bool = True,
    activate: bool = False,
    description: str = "",
) -> KbliMapping:
    """Load a mapping version from a CSV with the columns of `kbli2020_ekraf_provisional.csv`.

    Loading the same name and version again is a no-op when the file is unchanged and an error
    when it differs: a published mapping version never changes; load a new version instead.
    """
    path = path or reference_file("kbli2020_ekraf_provisional.csv")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    existing = KbliMapping.objects.filter(name=name, version=version).first()
    if existing is not None:
        if existing.sha256 != digest:
            raise ServiceError(
                f"Pemetaan '{name}' versi {version} sudah ada dengan isi berbeda; muat sebagai versi baru."
            )
        if activate and not existing.is_active:
            mapping_activate(actor=actor, mapping=existing)
        return existing
    rows = _rows(path)
    current = SubsectorList.objects.get(code=CURRENT_LIST)
    subsectors = {s.code: s for s in current.subsectors.all()}
    kbli_versions = {r.get("kbli_version", "2020") for r in rows}
    if len(kbli_versions) != 1:
        raise ServiceError(f"{path.name}: satu pemetaan harus memakai satu versi KBLI, ditemukan {kbli_versions}.")
    kbli_version = kbli_versions.pop()
    known = set(KbliCode.objects.filter(version=kbli_version).values_list("code", flat=True))
    errors: list[str] = []
    totals: dict[str, Decimal] = {}
    entries = []
    for number, row in enumerate(rows, start=2):
        code = row["kbli_code"].strip()
        if code not in known:
            errors.append(f"baris {number}: kode KBLI {code} tidak ada di KBLI {kbli_version}")
        subsector = subsectors.get(row["subsector_code"].strip())
        if subsector is None:
            errors.append(f"baris {number}: subsektor '{row['subsector_code']}' tidak dikenal")
            continue
        share: Decimal | None = None
        if row.get("creative_share", "").strip():
            try:
                share = Decimal(row["creative_share"].strip())
            except InvalidOperation:
                errors.append(f"baris {number}: creative_share '{row['creative_share']}' bukan angka")
                continue
            if not Decimal(0) <= share <= Decimal(1):
                errors.append(f"baris {number}: creative_share {share} harus antara 0 dan 1")
        totals[code] = totals.get(code, Decimal(0)) + (share if share is not None else Decimal(1))
        entries.append(
            KbliMappingEntry(
                kbli_code=code,
                subsector=subsector,
                creative_share=share,
                basis=row.get("basis", ""),
                rule=row.get("rule", ""),
                confidence=row.get("confidence", ""),
                source_url=row.get("source_url", ""),
            )
        )
    errors += [
        f"kode KBLI {code}: jumlah creative_share {total} melebihi 1" for code, total in totals.items() if total > 1
    ]
    if errors:
        raise ServiceError(f"{path.name}: " + "; ".join(errors[:20]))
    mapping = KbliMapping.objects.create(
        name=name,
        version=version,
        kbli_version=kbli_version,
        subsector_list=current,
        is_provisional=provisional,
        description=description,
        sha256=digest,
    )
    for entry in entries:
        entry.mapping = mapping
    KbliMappingEntry.objects.bulk_create(entries)
    audit.record(
        by=actor,
        action="classification.mapping.loaded",
        target=mapping,
        data={"entries": len(entries), "sha256": digest},
    )
    if activate or not KbliMapping.objects.filter(is_active=True).exists():
        mapping_activate(actor=actor, mapping=mapping)
    return mapping


@transaction.atomic
def mapping_activate(*, actor: Any | None, mapping: KbliMapping) -> KbliMapping:
    KbliMapping.objects.filter(is_active=True).exclude(pk=mapping.pk).update(is_active=False)
    mapping.is_active = True
    mapping.save(update_fields=["is_active", "updated_at"])
    audit.record(by=actor, action="classification.mapping.activated", target=mapping)
    return mapping
