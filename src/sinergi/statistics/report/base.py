"""What every part of the report uses: units, indicators, names, and the Table, Section and Report shapes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

import ekraf
from sinergi.classification.models import subsector_name as classification_subsector_name

from ..models import Publication

TOTAL = ekraf.TOTAL


UNIT_SIZE = {"juta rupiah": 1.0, "miliar rupiah": 1e3, "triliun rupiah": 1e6}


DISPLAY_UNIT = "miliar rupiah"


INDICATORS = (
    "level",
    "growth",
    "distribution",
    "contribution",
    "implicit_index",
    "implicit_index_growth",
    "source_of_growth",
    "pdrb",
    "per_capita",
    "employment",
    "employment_share",
)


INDICATOR_ORDER = {name: i for i, name in enumerate(INDICATORS)}


def subsector_name(code: str) -> str:
    if code == TOTAL:
        return _("Total ekonomi kreatif")
    for list_name in ("kemenparekraf_17", "bekraf_16"):
        sl = ekraf.subsector_list(list_name)
        for s in sl.subsectors:
            if s.code == code:
                return classification_subsector_name(s.name_id, s.name_en)
    return code


def kecamatan_names(codes: list[str]) -> dict[str, str]:
    from sinergi.wilayah.models import Wilayah

    return dict(Wilayah.objects.filter(code__in=codes).values_list("code", "name"))


def kecamatan_centroids(codes: list[str]) -> dict[str, tuple[float | None, float | None]]:
    """kode → (lon, lat) of the kecamatan's centroid (None when the reference data has none)."""
    from sinergi.wilayah.models import Wilayah

    rows = Wilayah.objects.filter(code__in=codes).values_list("code", "centroid_lon", "centroid_lat")
    return {kode: (lon, lat) for kode, lon, lat in rows}


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]  # first cell a label; numbers as float (formatted in templates and CSV)
    decimals: int = 2
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    chart: SafeString
    table: Table
    experimental: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Report:
    publication: Publication
    years: list[int]
    last_year: int | None
    unit: str
    headline: dict[str, Any]
    sections: list[Section]
    manifest: dict[str, Any]

    def table(self, key: str) -> Table | None:
        for s in self.sections:
            if s.table.key == key:
                return s.table
        return None


def _unit_of(publication: Publication) -> str:
    levels = (publication.run.result or {}).get("levels", {})
    return str(levels.get("unit", "juta rupiah"))


def indicator_labels() -> dict[str, str]:
    """Each published indicator's name in the user's language."""
    return {
        "level": _("Nilai"),
        "growth": _("Pertumbuhan (%)"),
        "distribution": _("Distribusi (%)"),
        "contribution": _("Peran terhadap PDRB (%)"),
        "implicit_index": _("Indeks implisit"),
        "implicit_index_growth": _("Pertumbuhan indeks implisit (%)"),
        "source_of_growth": _("Sumber pertumbuhan (%)"),
        "average_growth_compound": _("Rata-rata pertumbuhan majemuk (%)"),
        "average_growth_mean": _("Rata-rata laju pertumbuhan (%)"),
        "pdrb": _("PDRB"),
        "per_capita": _("Per kapita"),
        "employment": _("Tenaga kerja"),
        "employment_share": _("Pangsa tenaga kerja (%)"),
    }
