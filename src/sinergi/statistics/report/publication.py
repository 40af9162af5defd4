"""The report of one publication: `build` composes one small builder per section.

Each builder reads the publication's figures through `Figures` (one query for all of them) and returns
its `Section`: a chart and the table that the CSV download, the PDF and the API also use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

import ekraf

from .. import charts, selectors
from ..models import Publication
from .base import (
    DISPLAY_UNIT,
    INDICATORS,
    TOTAL,
    UNIT_SIZE,
    Report,
    Section,
    Table,
    _unit_of,
    kecamatan_centroids,
    kecamatan_names,
    subsector_name,
)


@dataclass
class Figures:
    """A publication's published figures as the section builders read them."""

    publication: Publication
    fmap: dict[tuple[str, str, str, int], float]
    factor: float  # from the run's unit to DISPLAY_UNIT
    years: list[int]
    codes: list[str]  # the subsectors published, in the list's order
    last: int | None

    @classmethod
    def of(cls, publication: Publication) -> Figures:
        fmap = selectors.figure_map(publication, INDICATORS)
        factor = UNIT_SIZE.get(_unit_of(publication), 1.0) / UNIT_SIZE[DISPLAY_UNIT]
        years = sorted({k[3] for k in fmap if k[0] == "level" and k[2] == TOTAL})
        codes = [c for c in dict.fromkeys(k[2] for k in sorted(fmap) if k[0] == "level") if c != TOTAL]
        order = {s.code: i for i, s in enumerate(ekraf.subsector_list("kemenparekraf_17").subsectors)}
        codes.sort(key=lambda c: (order.get(c, 99), c))
        return cls(publication, fmap, factor, years, codes, years[-1] if years else None)

    def get(self, ind: str, basis: str, code: str, year: int | None) -> float | None:
        if year is None:
            return None
        return self.fmap.get((ind, basis, code, year))

    def scaled(self, ind: str, basis: str, code: str, year: int | None) -> float | None:
        """A rupiah figure in DISPLAY_UNIT."""
        v = self.get(ind, basis, code, year)
        return None if v is None else v * self.factor

    def level(self, basis: str, code: str, year: int | None) -> float | None:
        return self.scaled("level", basis, code, year)

    @property
    def year_labels(self) -> list[str]:
        return [str(y) for y in self.years]


def series_section(f: Figures) -> Section:
    """1. The time series, ADHB and ADHK."""
    rows: list[list[Any]] = [
        [
            str(y),
            f.level("ADHB", TOTAL, y),
            f.level("ADHK", TOTAL, y),
            f.get("growth", "ADHK", TOTAL, y),
            f.get("contribution", "ADHB", TOTAL, y),
        ]
        for y in f.years
    ]
    return Section(
        "series",
        _("Nilai tambah ekonomi kreatif, ADHB dan ADHK"),
        charts.line_chart(
            title=_("PDRB ekonomi kreatif %(region)s (miliar rupiah)") % {"region": f.publication.region_name},
            desc=_("Garis nilai ADHB dan ADHK 2010 per tahun, %(a)s–%(b)s.")
            % {"a": f.years[0] if f.years else "", "b": f.last or ""},
            x_labels=f.year_labels,
            series=[(_("ADHB"), [r[1] for r in rows]), (_("ADHK 2010"), [r[2] for r in rows])],
            decimals=0,
        ),
        Table(
            "series",
            _("PDRB ekonomi kreatif menurut tahun"),
            [
                _("Tahun"),
                _("ADHB (miliar Rp)"),
                _("ADHK 2010 (miliar Rp)"),
                _("Pertumbuhan riil (%)"),
                _("Peran terhadap PDRB (%)"),
            ],
            rows,
        ),
    )


def composition_section(f: Figures) -> Section:
    """2. The composition by subsector in the last year."""
    last = f.last
    rows: list[list[Any]] = [
        [subsector_name(c), f.level("ADHB", c, last), f.get("distribution", "ADHB", c, last)] for c in f.codes
    ]
    rows.sort(key=lambda r: -(r[2] or 0))
    return Section(
        "composition",
        _("Struktur menurut subsektor, %(year)s (ADHB)") % {"year": last},
        charts.bar_chart(
            title=_("Distribusi PDRB ekonomi kreatif menurut subsektor, %(year)s") % {"year": last},
            desc=_("Persentase tiap subsektor terhadap total ekonomi kreatif, harga berlaku."),
            items=[(r[0], r[2]) for r in rows],
            suffix=" %",
        ),
        Table(
            "composition",
            _("Distribusi menurut subsektor"),
            [_("Subsektor"), _("ADHB (miliar Rp)"), _("Distribusi (%)")],
            rows,
        ),
    )


def _descending(value: float | None) -> float:
    """Sort key: largest first, missing values last."""
    return -(value if value is not None else -1e9)


def growth_section(f: Figures) -> Section:
    """3. Growth by subsector in the last year."""
    last = f.last
    rows: list[list[Any]] = [
        [subsector_name(c), f.get("growth", "ADHK", c, last), f.get("growth", "ADHB", c, last)] for c in f.codes
    ]
    rows.sort(key=lambda r: _descending(r[1]))
    return Section(
        "growth",
        _("Pertumbuhan menurut subsektor, %(year)s") % {"year": last},
        charts.bar_chart(
            title=_("Laju pertumbuhan riil (ADHK) menurut subsektor, %(year)s") % {"year": last},
            desc=_("Persen terhadap tahun sebelumnya; batang ke kiri berarti kontraksi."),
            items=[(r[0], r[1]) for r in rows],
            suffix=" %",
        ),
        Table(
            "growth",
            _("Laju pertumbuhan menurut subsektor"),
            [_("Subsektor"), _("Riil, ADHK (%)"), _("Nominal, ADHB (%)")],
            rows,
        ),
    )


def sources_section(f: Figures) -> Section:
    """4. Sources of growth: each subsector's points of the total real growth (the total last)."""
    last = f.last
    rows: list[list[Any]] = [[subsector_name(c), f.get("source_of_growth", "ADHK", c, last)] for c in f.codes]
    rows.sort(key=lambda r: _descending(r[1]))
    rows.append([subsector_name(TOTAL), f.get("growth", "ADHK", TOTAL, last)])
    return Section(
        "sources",
        _("Sumber pertumbuhan, %(year)s") % {"year": last},
        charts.bar_chart(
            title=_("Sumber pertumbuhan ekonomi kreatif, %(year)s (poin persen)") % {"year": last},
            desc=_("Sumbangan tiap subsektor terhadap pertumbuhan riil total, dalam poin persen."),
            items=[(r[0], r[1]) for r in rows[:-1]],
            suffix="",
        ),
        Table(
            "sources",
            _("Sumber pertumbuhan (poin persen)"),
            [_("Subsektor"), _("Sumber pertumbuhan (poin)")],
            rows,
            note=_("Baris terakhir: pertumbuhan total, jumlah semua sumber."),
        ),
    )


def implicit_section(f: Figures) -> Section:
    """5. The implicit index and its growth, per year."""
    rows: list[list[Any]] = [
        [
            str(y),
            f.get("implicit_index", "ADHB/ADHK", TOTAL, y),
            f.get("implicit_index_growth", "ADHB/ADHK", TOTAL, y),
        ]
        for y in f.years
    ]
    return Section(
        "implicit",
        _("Indeks implisit"),
        charts.line_chart(
            title=_("Indeks implisit PDRB ekonomi kreatif (2010 = 100)"),
            desc=_("ADHB dibagi ADHK dikali 100, per tahun."),
            x_labels=f.year_labels,
            series=[(_("Indeks implisit"), [r[1] for r in rows])],
        ),
        Table(
            "implicit",
            _("Indeks implisit dan pertumbuhannya"),
            [_("Tahun"), _("Indeks implisit"), _("Pertumbuhan indeks (%)")],
            rows,
        ),
    )


def _kecamatan_note(publication: Publication) -> str:
    basis = (publication.run.kecamatan_shares or {}).get("basis", {})
    by_count = sorted(subsector_name(c) for c, b in basis.items() if b == "count")
    note = _(
        "EKSPERIMENTAL: nilai tiap subsektor dibagi ke kecamatan menurut pangsa omzet pelaku terverifikasi di"
        " direktori Sinergi (jumlah pelaku bila omzet kosong). Bukan angka BPS."
    )
    if by_count:
        note += " " + _("Dibagi menurut jumlah pelaku: %(list)s.") % {"list": ", ".join(by_count)}
    return note


def kecamatan_section(f: Figures) -> Section | None:
    """6. The experimental estimate per kecamatan in the last year; None when there is none."""
    last = f.last
    if last is None:
        return None
    by_area = selectors.kecamatan_figures(f.publication, year=last)
    if not by_area:
        return None
    names = kecamatan_names(list(by_area))
    centroids = kecamatan_centroids(list(by_area))
    rows: list[list[Any]] = []
    map_points: list[tuple[str, float | None, float | None, float, None]] = []
    for area, values in by_area.items():
        total = sum(values.values()) * f.factor
        top = max(values.items(), key=lambda kv: kv[1])[0] if values else ""
        rows.append([names.get(area, area), total, subsector_name(top)])
        map_points.append((names.get(area, area), *centroids.get(area, (None, None)), total, None))
    map_points.sort(key=lambda p: p[0])
    rows.sort(key=lambda r: -r[1])
    return Section(
        "kecamatan",
        _("Estimasi per kecamatan, %(year)s (eksperimental)") % {"year": last},
        charts.bar_chart(
            title=_("Estimasi eksperimental PDRB ekraf per kecamatan, %(year)s (miliar Rp)") % {"year": last},
            desc=_("Pembagian nilai kota ke kecamatan menurut data direktori; eksperimental."),
            items=[(r[0], r[1]) for r in rows],
            decimals=1,
        ),
        Table(
            "kecamatan",
            _("Estimasi per kecamatan (eksperimental)"),
            [_("Kecamatan"), _("ADHB (miliar Rp)"), _("Subsektor terbesar")],
            rows,
            decimals=1,
            note=_kecamatan_note(f.publication),
        ),
        experimental=True,
        extra={"map_points": map_points, "year": last},
    )


def headline(f: Figures) -> dict[str, Any]:
    """The figures of the last year that head the page."""
    last = f.last
    return {
        "year": last,
        "value_adhb": f.level("ADHB", TOTAL, last),
        "value_adhk": f.level("ADHK", TOTAL, last),
        "share": f.get("contribution", "ADHB", TOTAL, last),
        "growth": f.get("growth", "ADHK", TOTAL, last),
        "implicit_index": f.get("implicit_index", "ADHB/ADHK", TOTAL, last),
        "pdrb_adhb": f.scaled("pdrb", "ADHB", TOTAL, last),
    }


SECTIONS = (series_section, composition_section, growth_section, sources_section, implicit_section)


def build(publication: Publication, *, kecamatan: bool = True) -> Report:
    """The publication's report: its sections in order (the kecamatan estimate only when asked and
    published), the headline and the run's manifest."""
    f = Figures.of(publication)
    sections = [builder(f) for builder in SECTIONS]
    if kecamatan and (section := kecamatan_section(f)) is not None:
        sections.append(section)
    return Report(publication, f.years, f.last, DISPLAY_UNIT, headline(f), sections, publication.run.manifest or {})
