"""Provinces and their kab/kota: the reconciliation table and the side-by-side comparison."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

import ekraf
from sinergi.wilayah import reference

from .. import charts, selectors
from ..models import Publication, PublishedFigure
from .base import DISPLAY_UNIT, TOTAL, UNIT_SIZE, Table, _unit_of, subsector_name


def _reconciliation_value(rec: dict[str, Any], array: str, cell: tuple[int, str, str, int]) -> float | None:
    """One cell (province index, basis, code, year) of a stored `Reconciliation` (flattened province ×
    basis × code × year)."""
    p, basis, code, year = cell
    codes, years = rec["codes"], rec["years"]
    if code not in codes or year not in years:
        return None
    b = ekraf.PRICE_BASES.index(basis)
    value = rec[array][((p * 2 + b) * len(codes) + codes.index(code)) * len(years) + years.index(year)]
    return None if value is None else float(value)


def reconciliation(publication: Publication, year: int | None) -> Table | None:
    """For a publication from a run that reconciled kab/kota to their province: on the province's
    publication, per subsector, the province's value and the kab/kota sum before adjustment; on a kab/kota's,
    the same for its province (what its figures were scaled by). None for a run without reconciliation."""
    rec = (publication.run.result or {}).get("reconciliation")
    if not rec or year is None:
        return None
    code = publication.region_code
    area = reference.regions().get(code)
    province_code = code if code in rec["provinces"] else (area.parent_code if area else "")
    if province_code not in rec["provinces"]:
        return None
    p = rec["provinces"].index(province_code)
    factor = UNIT_SIZE.get(_unit_of(publication), 1.0) / UNIT_SIZE[DISPLAY_UNIT]
    order = {s.code: i for i, s in enumerate(ekraf.subsector_list("kemenparekraf_17").subsectors)}
    codes = sorted(rec["codes"], key=lambda c: (c != TOTAL, order.get(c, 99), c))
    rows: list[list[Any]] = []
    for c in codes:
        row: list[Any] = [subsector_name(c)]
        for basis in ekraf.PRICE_BASES:
            pv = _reconciliation_value(rec, "province", (p, basis, c, year))
            kv = _reconciliation_value(rec, "kabkota_sum", (p, basis, c, year))
            pct = None if pv is None or kv is None or pv == 0 else (kv - pv) / pv * 100
            row += [None if pv is None else pv * factor, None if kv is None else kv * factor, pct]
        rows.append(row)
    return Table(
        "reconciliation",
        _("Rekonsiliasi kabupaten/kota ke %(province)s, %(year)s")
        % {"province": selectors.area_name(province_code), "year": year},
        [
            _("Subsektor"),
            _("Provinsi ADHB (miliar Rp)"),
            _("Jumlah kab/kota ADHB sebelum penyesuaian (miliar Rp)"),
            _("Selisih ADHB (%)"),
            _("Provinsi ADHK (miliar Rp)"),
            _("Jumlah kab/kota ADHK sebelum penyesuaian (miliar Rp)"),
            _("Selisih ADHK (%)"),
        ],
        rows,
        note=_(
            "BPS menyusun PDRB provinsi dan tiap kabupaten/kota terpisah, sehingga jumlah kab/kota tidak sama dengan"
            " provinsi; provinsi menjadi total pengendali. Nilai tiap kab/kota disesuaikan pro rata (faktor ="
            " provinsi/jumlah kab/kota) per subsektor, tahun dan dasar harga, sehingga jumlah kab/kota sama dengan"
            " provinsi dan tiap kab/kota mempertahankan pangsanya. Selisih = (jumlah kab/kota − provinsi)/provinsi×100."
        ),
    )


@dataclass
class AreaRow:
    """One kab/kota (or the province, or their sum) on the province comparison page."""

    code: str
    name: str
    publication: Publication | None
    ekraf_adhb: float | None = None
    ekraf_adhk: float | None = None
    growth: float | None = None
    contribution: float | None = None
    share_of_province: float | None = None
    pdrb_adhb: float | None = None
    pdrb_adhk: float | None = None
    pdrb_source_adhb: str = ""
    pdrb_source_adhk: str = ""


@dataclass
class ProvinceComparison:
    province_code: str
    province_name: str
    year: int | None
    years: list[int]
    rows: list[AreaRow]  # the kab/kota, in code order
    total: AreaRow  # the sum of the kab/kota
    province: AreaRow
    chart_share: SafeString
    chart_contribution: SafeString
    reconciled: bool
    demo: bool

    @property
    def published(self) -> list[AreaRow]:
        return [r for r in self.rows if r.publication is not None]

    def table(self) -> Table:
        """The page's table as downloads write it (full precision; sources of the PDRB figures)."""
        columns = [
            _("Kode wilayah"),
            _("Wilayah"),
            _("Tahun"),
            _("Ekraf ADHB (miliar Rp)"),
            _("Ekraf ADHK 2010 (miliar Rp)"),
            _("Pertumbuhan riil ekraf (%)"),
            _("Peran terhadap PDRB wilayah (%)"),
            _("Pangsa terhadap ekraf provinsi (%)"),
            _("PDRB ADHB (miliar Rp)"),
            _("PDRB ADHK 2010 (miliar Rp)"),
            _("Sumber PDRB ADHB"),
            _("Sumber PDRB ADHK"),
            _("Publikasi"),
        ]
        rows = [
            [
                r.code,
                r.name,
                self.year,
                r.ekraf_adhb,
                r.ekraf_adhk,
                r.growth,
                r.contribution,
                r.share_of_province,
                r.pdrb_adhb,
                r.pdrb_adhk,
                r.pdrb_source_adhb,
                r.pdrb_source_adhk,
                r.publication.title if r.publication else _("belum terbit"),
            ]
            for r in [*self.rows, self.total, self.province]
        ]
        return Table("kabupaten-kota", _("Perbandingan kabupaten/kota"), columns, rows)


def _totals(publications: list[Publication]) -> dict[int, dict[tuple[str, str, int], float]]:
    """publication id → (indicator, basis, year) → value of the TOTAL figures, in one query."""
    out: dict[int, dict[tuple[str, str, int], float]] = defaultdict(dict)
    rows = PublishedFigure.objects.filter(
        publication__in=publications,
        area="",
        code=TOTAL,
        indicator__in=("level", "growth", "contribution", "pdrb"),
    ).values_list("publication_id", "indicator", "price_basis", "year", "value")
    for pub, ind, basis, year, value in rows:
        out[pub][(ind, basis, year)] = value
    return dict(out)


def province_comparison(province_code: str, year: int | None = None) -> ProvinceComparison:
    """A province's kab/kota side by side for one year, from the latest published publication of each:
    ekraf value added ADHB/ADHK, real growth, contribution to the kab/kota's PDRB and share of the
    province's ekraf. `year` None: the latest year of the province's publication (else of any kab/kota).
    Raises ValueError for a year none of them publishes."""
    from .. import provenance

    kids = selectors.kabkota_codes(province_code)
    found = selectors.publications_latest_by_region([province_code, *kids])
    pubs = list(found.values())
    totals = _totals(pubs)
    province_pub = found.get(province_code)

    def years_of(pub: Publication) -> set[int]:
        return {y for (ind, basis, y) in totals.get(pub.pk, {}) if ind == "level"}

    years = sorted(set().union(*(years_of(p) for p in pubs))) if pubs else []
    if year is None:
        own = years_of(province_pub) if province_pub else set()
        year = max(own) if own else (years[-1] if years else None)
    elif year not in years:
        raise ValueError(year)

    def row(code: str, name: str, pub: Publication | None) -> AreaRow:
        out = AreaRow(code, name, pub)
        if pub is None or year is None:
            return out
        figures = totals.get(pub.pk, {})
        factor = UNIT_SIZE.get(_unit_of(pub), 1.0) / UNIT_SIZE[DISPLAY_UNIT]

        def scaled(ind: str, basis: str) -> float | None:
            v = figures.get((ind, basis, year))
            return None if v is None else v * factor

        out.ekraf_adhb, out.ekraf_adhk = scaled("level", "ADHB"), scaled("level", "ADHK")
        out.pdrb_adhb, out.pdrb_adhk = scaled("pdrb", "ADHB"), scaled("pdrb", "ADHK")
        out.growth = figures.get(("growth", "ADHK", year))
        out.contribution = figures.get(("contribution", "ADHB", year))
        if pub.is_demo:
            out.pdrb_source_adhb = provenance.pdrb_source(code, year, "ADHB") if out.pdrb_adhb is not None else ""
            out.pdrb_source_adhk = provenance.pdrb_source(code, year, "ADHK") if out.pdrb_adhk is not None else ""
        return out

    province = row(province_code, selectors.area_name(province_code), province_pub)
    rows = [row(code, selectors.area_name(code), found.get(code)) for code in kids]
    for r in rows:
        if r.ekraf_adhb is not None and province.ekraf_adhb:
            r.share_of_province = r.ekraf_adhb / province.ekraf_adhb * 100

    def summed(values: list[float | None]) -> float | None:
        return sum(v for v in values if v is not None) if rows and all(v is not None for v in values) else None

    total = AreaRow(province_code, _("Jumlah kabupaten/kota"), None)
    total.ekraf_adhb = summed([r.ekraf_adhb for r in rows])
    total.ekraf_adhk = summed([r.ekraf_adhk for r in rows])
    total.pdrb_adhb = summed([r.pdrb_adhb for r in rows])
    total.pdrb_adhk = summed([r.pdrb_adhk for r in rows])
    total.share_of_province = summed([r.share_of_province for r in rows])
    if province.ekraf_adhb is not None:
        province.share_of_province = 100.0
    shown = [r for r in rows if r.publication is not None]

    def short(name: str) -> str:  # as BPS tables label them, so a chart's labels fit its margin
        return name.replace("Kabupaten ", "Kab. ").replace("Provinsi ", "Prov. ")

    chart_share = charts.bar_chart(
        title=_("Pangsa kabupaten/kota terhadap ekonomi kreatif %(province)s, %(year)s (ADHB)")
        % {"province": province.name, "year": year},
        desc=_("Persentase nilai tambah ekonomi kreatif tiap kabupaten/kota terhadap provinsi, harga berlaku."),
        items=[(short(r.name), r.share_of_province) for r in shown],
        suffix=" %",
    )
    chart_contribution = charts.bar_chart(
        title=_("Peran ekonomi kreatif terhadap PDRB tiap kabupaten/kota, %(year)s (ADHB)") % {"year": year},
        desc=_("Persentase nilai tambah ekonomi kreatif terhadap PDRB wilayahnya sendiri, harga berlaku."),
        items=[(short(r.name), r.contribution) for r in shown] + [(short(province.name), province.contribution)],
        suffix=" %",
    )
    reconciled = any((p.run.result or {}).get("reconciliation") for p in pubs)
    return ProvinceComparison(
        province_code,
        province.name,
        year,
        years,
        rows,
        total,
        province,
        chart_share,
        chart_contribution,
        reconciled,
        any(p.is_demo for p in pubs),
    )
