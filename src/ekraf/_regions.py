"""Regions of a run: Kemendagri codes of provinces and kabupaten/kota (``64``, ``64.72``).

A run with one region may name it freely ("Kota Samarinda"). A run with several regions identifies each
by its Kemendagri code (Kepmendagri 2025; ``data/wilayah_provinsi_kabkota.csv``), so that a
province and its kab/kota are known to belong together. BPS writes its own, undotted codes (``6472``);
they differ from Kemendagri's for some kabupaten (BPS 6402 Kutai Barat is Kemendagri 64.07), so a
BPS table is joined by name, never by turning ``6402`` into ``64.02``.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from ekraf._classification import _data_path
from ekraf._errors import InputError, Issue, IssueCollector

__all__ = ["Wilayah", "check_run_regions", "wilayah"]


@dataclass(frozen=True, slots=True)
class Wilayah:
    code: str
    name: str
    level: str  # provinsi, kabupaten, kota
    parent: str  # the province's code for a kab/kota, "" for a province


@functools.cache
def wilayah() -> dict[str, Wilayah]:
    with _data_path("wilayah_provinsi_kabkota.csv").open(encoding="utf-8", newline="") as handle:
        return {
            r["kode"]: Wilayah(r["kode"], r["nama"], r["level"], r["parent_kode"] or "") for r in csv.DictReader(handle)
        }


def children(province: str) -> tuple[str, ...]:
    """The kab/kota codes of a province, in code order."""
    return tuple(sorted(w.code for w in wilayah().values() if w.parent == province))


def check_run_regions(regions: Sequence[str], *, source: str = "") -> None:
    """Several regions in one run must each be a Kemendagri province or kab/kota code."""
    if len(regions) < 2:
        return
    known = wilayah()
    issues = IssueCollector()
    for region in regions:
        if region not in known:
            bps = region.isdigit() and len(region) == 4
            hint = (
                f"; '{region}' tampak seperti kode BPS — kode Kemendagri ditulis bertitik (mis. 64.72) dan bisa"
                " berbeda untuk kabupaten: cocokkan menurut nama"
                if bps
                else ""
            )
            issues.add(
                Issue(
                    "beberapa wilayah dalam satu perhitungan harus ditulis dengan kode Kemendagri provinsi atau"
                    f" kabupaten/kota (mis. 64 atau 64.72){hint} (several regions need Kemendagri codes)",
                    file=source or None,
                    region=region,
                    column="region",
                )
            )
    issues.raise_if_any(InputError)


def label(region: str) -> str:
    """``64.72 Kota Samarinda`` for a code, the text itself for a name."""
    w = wilayah().get(region)
    return f"{region} {w.name}" if w else region
