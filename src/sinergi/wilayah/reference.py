"""The map of Indonesia as shipped data: which region a code names, its time zone, its subtree.

Plain Python (no Django): the settings read it to derive the installation's region name and time
zone from `SINERGI_REGION_CODE`, and the loader reads it to pick the region's subtree.
"""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
NATIONAL_FILE = DATA_DIR / "wilayah_indonesia.csv.gz"
REGIONS_FILE = DATA_DIR / "wilayah_indonesia_provinsi_kabkota.csv"
# Every row of both files comes from this commit of the public cahyadsn/wilayah data (see data/README.md).
NATIONAL_SOURCE_URL = "https://github.com/cahyadsn/wilayah/blob/b7ad440a1322e7be3189a16a8cac35f7d4c3d7f7/db/wilayah.sql"
# Keppres 41/1987: the three zones and the IANA names they correspond to.
ZONE_NAMES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


class UnknownRegion(ValueError):
    """The configured code is not a province or kab/kota of the shipped data."""


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # provinsi, kabupaten or kota (as in the source)
    parent_code: str
    time_zone: str  # IANA name
    zone: str  # WIB, WITA or WIT

    @property
    def place_name(self) -> str:
        """The name a letter is dated at: 'Kota Samarinda' → 'Samarinda'; a province or kabupaten keeps its name."""
        return self.name.removeprefix("Kota ") if self.level == "kota" else self.name


@cache
def regions() -> dict[str, Region]:
    """The 38 provinces and 514 kabupaten/kota by Kemendagri code."""
    with REGIONS_FILE.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["kode"]: Region(
                code=row["kode"],
                name=row["nama"].strip(),
                level=row["level"],
                parent_code=row["parent_kode"],
                time_zone=row["time_zone"],
                zone=row["zona_waktu"],
            )
            for row in csv.DictReader(handle)
        }


def region(code: str) -> Region:
    """The province or kab/kota `code` names (Kemendagri, dotted: '64', '32.76'), or UnknownRegion."""
    code = code.strip()
    found = regions().get(code)
    if found is None:
        raise UnknownRegion(
            f"Kode wilayah '{code}' bukan provinsi atau kabupaten/kota dalam data Kemendagri 2025 "
            f"({REGIONS_FILE.name}); contoh: '64' (Kalimantan Timur) atau '64.72' (Kota Samarinda)."
        )
    return found


def time_zone_for(code: str, override: str = "") -> str:
    """The IANA time zone of the region, unless an explicit override (an IANA name) is given."""
    return override.strip() or region(code).time_zone


def zone_label(time_zone: str) -> str:
    """What people call the zone: WIB, WITA or WIT; any other IANA name as it is."""
    labels = {name: label for label, name in ZONE_NAMES.items()}
    return labels.get(time_zone, time_zone)


def subtree_rows(code: str, source: Path = NATIONAL_FILE) -> list[dict[str, str]]:
    """The region's rows of the national file: its ancestors up to the province, itself and all
    descendants, in file order (parents before children). Every source column is kept."""
    target = region(code)
    ancestors = set()
    parent = target.parent_code
    while parent:
        ancestors.add(parent)
        parent = regions()[parent].parent_code if parent in regions() else ""
    prefix = target.code + "."

    def wanted(row: dict[str, str]) -> bool:
        return row["kode"] == target.code or row["kode"].startswith(prefix) or row["kode"] in ancestors

    if source.suffix == ".gz":
        with gzip.open(source, "rt", encoding="utf-8-sig", newline="") as handle:
            return [dict(row) for row in csv.DictReader(handle) if wanted(row)]
    with source.open(encoding="utf-8-sig", newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle) if wanted(row)]
