"""Counts of verified actors: per kecamatan or kab/kota and subsector, and the directory's totals."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from sinergi.wilayah.models import Wilayah

from ..models import Actor, Community, CreativeHub, Product, Status
from .scope import ActorSubsector


@dataclass(frozen=True)
class KecamatanRow:
    code: str
    name: str
    total: int
    by_subsector: dict[str, int]


def kecamatan_summary(*, region: str | None = None) -> list[KecamatanRow]:
    """Verified actors per kecamatan and subsector (current list), every kecamatan of the region listed."""
    from sinergi.wilayah.selectors import kecamatan_list

    rows, _unplaced = _area_rows(list(kecamatan_list(region=region)), depth=3)
    return rows


@dataclass(frozen=True)
class AreaSummary:
    """Verified actors per area one level below `parent` (None: the installation's region): a province
    by kab/kota, a kab/kota by kecamatan. Every row's total is the sum of its children's totals one level
    down; `unplaced` counts the verified actors with no kelurahan, which no row holds."""

    parent: Wilayah | None  # None for the whole region
    level: str  # the rows' level (wilayah.models.Level value)
    rows: list[KecamatanRow]
    unplaced: int

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)


def area_summary(*, parent: Wilayah | None = None) -> AreaSummary:
    """The summary page's rows: the province's kab/kota, or the kecamatan of a kab/kota (`parent`, a
    Wilayah; None for the installation's region: by kab/kota in a province, by kecamatan in a kab/kota)."""
    from sinergi.wilayah.models import Level
    from sinergi.wilayah.selectors import is_province, kabkota_list, kecamatan_list

    if parent is None and is_province():
        rows, unplaced = _area_rows(list(kabkota_list()), depth=2)  # a kab/kota's code has two parts
        return AreaSummary(parent=None, level=str(Level.KOTA), rows=rows, unplaced=unplaced)
    areas = list(kecamatan_list(kabkota=parent.code if parent is not None else None))
    rows, unplaced = _area_rows(areas, depth=3)  # a kecamatan's code has three parts
    return AreaSummary(parent=parent, level=str(Level.KECAMATAN), rows=rows, unplaced=0 if parent else unplaced)


def _area_rows(areas: list[Wilayah], *, depth: int) -> tuple[list[KecamatanRow], int]:
    """One row per area (kab/kota: depth 2, kecamatan: depth 3) and the number of verified actors with no
    kelurahan. Verified actors and actor–subsector rows (unique per pair, so no COUNT(DISTINCT) over a
    join) are counted per kelurahan code in two grouped queries and added up by code prefix, so a
    kab/kota's count is exactly the sum of its kecamatan's."""

    def area_of(kelurahan_kode: str | None) -> str:
        return ".".join(kelurahan_kode.split(".")[:depth]) if kelurahan_kode else ""

    totals: dict[str, int] = {}
    unplaced = 0
    for kode, n in (
        Actor.objects.filter(status=Status.VERIFIED)
        .values_list("kelurahan__code")
        .annotate(n=Count("id"))
        .values_list("kelurahan__code", "n")
        .order_by()
    ):
        if kode is None:
            unplaced += n
        totals[area_of(kode)] = totals.get(area_of(kode), 0) + n
    counts: dict[str, dict[str, int]] = {}
    for kode, code, n in (
        ActorSubsector.objects.filter(actor__status=Status.VERIFIED, subsector__subsector_list__is_current=True)
        .values_list("actor__kelurahan__code", "subsector__code")
        .annotate(n=Count("*"))
        .order_by()
    ):
        by_subsector = counts.setdefault(area_of(kode), {})
        by_subsector[code] = by_subsector.get(code, 0) + n
    rows = [
        KecamatanRow(code=a.code, name=a.name, total=totals.get(a.code, 0), by_subsector=counts.get(a.code, {}))
        for a in areas
    ]
    return rows, unplaced


def directory_counts() -> dict[str, int]:
    return {
        "actors": Actor.objects.filter(status=Status.VERIFIED).count(),
        "communities": Community.objects.filter(status=Status.VERIFIED).count(),
        "hubs": CreativeHub.objects.filter(status=Status.VERIFIED).count(),
        "products": Product.objects.filter(is_archived=False, actor__status=Status.VERIFIED).count(),
        "flagship": Product.objects.filter(is_archived=False, is_flagship=True, actor__status=Status.VERIFIED).count(),
    }
