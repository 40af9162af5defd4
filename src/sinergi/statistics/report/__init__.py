"""The tables and charts of a publication, built once from its published figures (one query per block).

Used by the public page, the review page, the CSV/PDF downloads and the API, so every place shows
the same numbers. One module per kind of report; every name is importable from here.
"""

from .base import (
    DISPLAY_UNIT,
    INDICATOR_ORDER,
    INDICATORS,
    TOTAL,
    UNIT_SIZE,
    Report,
    Section,
    Table,
    _unit_of,
    indicator_labels,
    kecamatan_centroids,
    kecamatan_names,
    subsector_name,
)
from .datasets import dataset_summary
from .province import AreaRow, ProvinceComparison, province_comparison, reconciliation
from .publication import Figures, build
from .revisions import Change, RevisionChanges, comparison, revision_changes

__all__ = [
    "DISPLAY_UNIT",
    "INDICATORS",
    "INDICATOR_ORDER",
    "TOTAL",
    "UNIT_SIZE",
    "AreaRow",
    "Change",
    "Figures",
    "ProvinceComparison",
    "Report",
    "RevisionChanges",
    "Section",
    "Table",
    "_unit_of",  # the display unit of a publication's run; tests read it
    "build",
    "comparison",
    "dataset_summary",
    "indicator_labels",
    "kecamatan_centroids",
    "kecamatan_names",
    "province_comparison",
    "reconciliation",
    "revision_changes",
    "subsector_name",
]
