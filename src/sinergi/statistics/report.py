"""The tables and charts of a publication, built once from its published figures (one query per block).

Used by the public page, the review page, the CSV/PDF downloads and the API, so every place shows
the same numbers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

import ekraf
from sinergi.classification.models import subsector_name as classification_subsector_name
from sinergi.wilayah import reference

from . import charts, selectors
from .models import Dataset, DatasetKind, Publication, PublishedFigure

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

    return dict(Wilayah.objects.filter(kode__in=codes).values_list("kode", "nama"))


def kecamatan_centroids(codes: list[str]) -> dict[str, tuple[float | None, float | None]]:
    """kode → (lon, lat) of the kecamatan's centroid (None when the reference data has none)."""
    from sinergi.wilayah.models import Wilayah

    rows = Wilayah.objects.filter(kode__in=codes).values_list("kode", "centroid_lon", "centroid_lat")
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


def build(publication: Publication, *, kecamatan: bool = True) -> Report:
    fmap = selectors.figure_map(publication, INDICATORS)
    unit = _unit_of(publication)
    factor = UNIT_SIZE.get(unit, 1.0) / UNIT_SIZE[DISPLAY_UNIT]
    years = sorted({k[3] for k in fmap if k[0] == "level" and k[2] == TOTAL})
    codes = [c for c in dict.fromkeys(k[2] for k in sorted(fmap) if k[0] == "level") if c != TOTAL]
    order = {s.code: i for i, s in enumerate(ekraf.subsector_list("kemenparekraf_17").subsectors)}
    codes.sort(key=lambda c: (order.get(c, 99), c))
    last = years[-1] if years else None

    def get(ind: str, basis: str, code: str, year: int | None) -> float | None:
        if year is None:
            return None
        return fmap.get((ind, basis, code, year))

    def lvl(basis: str, code: str, year: int | None) -> float | None:
        v = get("level", basis, code, year)
        return None if v is None else v * factor

    sections: list[Section] = []
    year_labels = [str(y) for y in years]
    # 1. time series ADHB/ADHK
    series_rows: list[list[Any]] = [
        [
            str(y),
            lvl("ADHB", TOTAL, y),
            lvl("ADHK", TOTAL, y),
            get("growth", "ADHK", TOTAL, y),
            get("contribution", "ADHB", TOTAL, y),
        ]
        for y in years
    ]
    sections.append(
        Section(
            "series",
            _("Nilai tambah ekonomi kreatif, ADHB dan ADHK"),
            charts.line_chart(
                title=_("PDRB ekonomi kreatif %(region)s (miliar rupiah)") % {"region": publication.region_name},
                desc=_("Garis nilai ADHB dan ADHK 2010 per tahun, %(a)s–%(b)s.")
                % {"a": years[0] if years else "", "b": last or ""},
                x_labels=year_labels,
                series=[(_("ADHB"), [r[1] for r in series_rows]), (_("ADHK 2010"), [r[2] for r in series_rows])],
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
                series_rows,
            ),
        )
    )
    # 2. composition by subsector
    comp_rows: list[list[Any]] = [
        [subsector_name(c), lvl("ADHB", c, last), get("distribution", "ADHB", c, last)] for c in codes
    ]
    comp_rows.sort(key=lambda r: -(r[2] or 0))
    sections.append(
        Section(
            "composition",
            _("Struktur menurut subsektor, %(year)s (ADHB)") % {"year": last},
            charts.bar_chart(
                title=_("Distribusi PDRB ekonomi kreatif menurut subsektor, %(year)s") % {"year": last},
                desc=_("Persentase tiap subsektor terhadap total ekonomi kreatif, harga berlaku."),
                items=[(r[0], r[2]) for r in comp_rows],
                suffix=" %",
            ),
            Table(
                "composition",
                _("Distribusi menurut subsektor"),
                [_("Subsektor"), _("ADHB (miliar Rp)"), _("Distribusi (%)")],
                comp_rows,
            ),
        )
    )
    # 3. growth by subsector
    growth_rows: list[list[Any]] = [
        [subsector_name(c), get("growth", "ADHK", c, last), get("growth", "ADHB", c, last)] for c in codes
    ]
    growth_rows.sort(key=lambda r: -(r[1] if r[1] is not None else -1e9))
    sections.append(
        Section(
            "growth",
            _("Pertumbuhan menurut subsektor, %(year)s") % {"year": last},
            charts.bar_chart(
                title=_("Laju pertumbuhan riil (ADHK) menurut subsektor, %(year)s") % {"year": last},
                desc=_("Persen terhadap tahun sebelumnya; batang ke kiri berarti kontraksi."),
                items=[(r[0], r[1]) for r in growth_rows],
                suffix=" %",
            ),
            Table(
                "growth",
                _("Laju pertumbuhan menurut subsektor"),
                [_("Subsektor"), _("Riil, ADHK (%)"), _("Nominal, ADHB (%)")],
                growth_rows,
            ),
        )
    )
    # 4. sources of growth
    sog_rows: list[list[Any]] = [[subsector_name(c), get("source_of_growth", "ADHK", c, last)] for c in codes]
    sog_rows.sort(key=lambda r: -(r[1] if r[1] is not None else -1e9))
    sog_rows.append([subsector_name(TOTAL), get("growth", "ADHK", TOTAL, last)])
    sections.append(
        Section(
            "sources",
            _("Sumber pertumbuhan, %(year)s") % {"year": last},
            charts.bar_chart(
                title=_("Sumber pertumbuhan ekonomi kreatif, %(year)s (poin persen)") % {"year": last},
                desc=_("Sumbangan tiap subsektor terhadap pertumbuhan riil total, dalam poin persen."),
                items=[(r[0], r[1]) for r in sog_rows[:-1]],
                suffix="",
            ),
            Table(
                "sources",
                _("Sumber pertumbuhan (poin persen)"),
                [_("Subsektor"), _("Sumber pertumbuhan (poin)")],
                sog_rows,
                note=_("Baris terakhir: pertumbuhan total, jumlah semua sumber."),
            ),
        )
    )
    # 5. implicit index
    idx_rows: list[list[Any]] = [
        [str(y), get("implicit_index", "ADHB/ADHK", TOTAL, y), get("implicit_index_growth", "ADHB/ADHK", TOTAL, y)]
        for y in years
    ]
    sections.append(
        Section(
            "implicit",
            _("Indeks implisit"),
            charts.line_chart(
                title=_("Indeks implisit PDRB ekonomi kreatif (2010 = 100)"),
                desc=_("ADHB dibagi ADHK dikali 100, per tahun."),
                x_labels=year_labels,
                series=[(_("Indeks implisit"), [r[1] for r in idx_rows])],
            ),
            Table(
                "implicit",
                _("Indeks implisit dan pertumbuhannya"),
                [_("Tahun"), _("Indeks implisit"), _("Pertumbuhan indeks (%)")],
                idx_rows,
            ),
        )
    )
    # 6. per-kecamatan (experimental)
    if kecamatan and last is not None:
        by_area = selectors.kecamatan_figures(publication, year=last)
        if by_area:
            names = kecamatan_names(list(by_area))
            centroids = kecamatan_centroids(list(by_area))
            kec_rows: list[list[Any]] = []
            map_points: list[tuple[str, float | None, float | None, float, None]] = []
            for area, values in by_area.items():
                total = sum(values.values()) * factor
                top = max(values.items(), key=lambda kv: kv[1])[0] if values else ""
                kec_rows.append([names.get(area, area), total, subsector_name(top)])
                map_points.append((names.get(area, area), *centroids.get(area, (None, None)), total, None))
            map_points.sort(key=lambda p: p[0])
            kec_rows.sort(key=lambda r: -r[1])
            basis = (publication.run.kecamatan_shares or {}).get("basis", {})
            by_count = sorted(subsector_name(c) for c, b in basis.items() if b == "count")
            note = _(
                "EKSPERIMENTAL: nilai tiap subsektor dibagi ke kecamatan menurut pangsa omzet pelaku terverifikasi di"
                " direktori Sinergi (jumlah pelaku bila omzet kosong). Bukan angka BPS."
            )
            if by_count:
                note += " " + _("Dibagi menurut jumlah pelaku: %(list)s.") % {"list": ", ".join(by_count)}
            sections.append(
                Section(
                    "kecamatan",
                    _("Estimasi per kecamatan, %(year)s (eksperimental)") % {"year": last},
                    charts.bar_chart(
                        title=_("Estimasi eksperimental PDRB ekraf per kecamatan, %(year)s (miliar Rp)")
                        % {"year": last},
                        desc=_("Pembagian nilai kota ke kecamatan menurut data direktori; eksperimental."),
                        items=[(r[0], r[1]) for r in kec_rows],
                        decimals=1,
                    ),
                    Table(
                        "kecamatan",
                        _("Estimasi per kecamatan (eksperimental)"),
                        [_("Kecamatan"), _("ADHB (miliar Rp)"), _("Subsektor terbesar")],
                        kec_rows,
                        decimals=1,
                        note=note,
                    ),
                    experimental=True,
                    extra={"map_points": map_points, "year": last},
                )
            )
    headline = {
        "year": last,
        "value_adhb": lvl("ADHB", TOTAL, last),
        "value_adhk": lvl("ADHK", TOTAL, last),
        "share": get("contribution", "ADHB", TOTAL, last),
        "growth": get("growth", "ADHK", TOTAL, last),
        "implicit_index": get("implicit_index", "ADHB/ADHK", TOTAL, last),
        "pdrb_adhb": None if get("pdrb", "ADHB", TOTAL, last) is None else get("pdrb", "ADHB", TOTAL, last) * factor,  # type: ignore[operator]
    }
    return Report(publication, years, last, DISPLAY_UNIT, headline, sections, publication.run.manifest or {})


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


@dataclass(frozen=True)
class Change:
    """One figure of a revision that differs from the release it revises (None: absent there)."""

    indicator: str
    indicator_label: str
    price_basis: str
    code: str
    subsector: str
    year: int
    previous: float | None
    current: float | None

    @property
    def difference(self) -> float | None:
        if self.previous is None or self.current is None:
            return None
        return self.current - self.previous


@dataclass
class RevisionChanges:
    changes: list[Change]
    compared: int  # figures compared (the union of both releases)
    status_previous: str
    status_current: str


def revision_changes(publication: Publication) -> RevisionChanges | None:
    """Every region-wide figure whose value differs between a revision and the release it revises,
    as `sinergi pdrb revision` lists them for output folders, and the year status of both (a year
    moving from ** to * or final is a revision too). None when the publication revises nothing."""
    previous = publication.revision_of
    if previous is None:
        return None
    old, new = selectors.region_figures(previous), selectors.region_figures(publication)
    keys = sorted(
        old.keys() | new.keys(), key=lambda k: (INDICATOR_ORDER.get(k[0], 99), k[1], k[2] != TOTAL, k[2], k[3])
    )
    labels = indicator_labels()
    changes = [
        Change(ind, labels.get(ind, ind), basis, code, subsector_name(code), year, old.get(key), new.get(key))
        for key in keys
        for ind, basis, code, year in (key,)
        if old.get(key) != new.get(key)
    ]
    return RevisionChanges(changes, len(keys), _year_status(previous), _year_status(publication))


def _year_status(publication: Publication) -> str:
    parameters = (publication.run.manifest or {}).get("parameters", {})
    return str(parameters.get("year_status", ""))


def comparison(base: Publication, other: Publication) -> Table:
    """Share of PDRB and real growth, side by side, for the years both publications have."""
    a = selectors.figure_map(base, ("contribution", "growth"))
    b = selectors.figure_map(other, ("contribution", "growth"))
    years = sorted({k[3] for k in a} & {k[3] for k in b})
    rows = [
        [
            str(y),
            a.get(("contribution", "ADHB", TOTAL, y)),
            b.get(("contribution", "ADHB", TOTAL, y)),
            a.get(("growth", "ADHK", TOTAL, y)),
            b.get(("growth", "ADHK", TOTAL, y)),
        ]
        for y in years
    ]
    return Table(
        "comparison",
        _("Perbandingan %(a)s dan %(b)s") % {"a": base.region_name, "b": other.region_name},
        [
            _("Tahun"),
            _("Peran %(r)s (%%)") % {"r": base.region_name},
            _("Peran %(r)s (%%)") % {"r": other.region_name},
            _("Pertumbuhan %(r)s (%%)") % {"r": base.region_name},
            _("Pertumbuhan %(r)s (%%)") % {"r": other.region_name},
        ],
        rows,
    )


def dataset_summary(dataset: Dataset) -> list[tuple[str, str]]:
    """(label, text) for what the engine found in a dataset: labels in the user's language, values as
    words and lists (a unit is "miliar rupiah", never spelt out letter by letter)."""
    labels = {
        "regions": _("Wilayah"),
        "years": _("Tahun"),
        "codes": _("Kode"),
        "unit": _("Satuan"),
        "bases": _("Dasar harga"),
        "establishments": _("Jumlah usaha"),
        "kbli_codes": _("Jumlah kode KBLI"),
        "kbli_version": _("Versi KBLI"),
    }
    rows: list[tuple[str, str]] = []
    for key, value in (dataset.summary or {}).items():
        if (
            key == "years"
            and isinstance(value, list)
            and len(value) == 2
            and dataset.kind != DatasetKind.ESTABLISHMENTS
        ):
            text = f"{value[0]}–{value[1]}"
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        else:
            text = str(value)
        rows.append((labels.get(key, key), text))
    return rows


# ---------------------------------------------------------------- provinces and their kab/kota
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
    province_code = code if code in rec["provinces"] else (area.parent_kode if area else "")
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
    from . import provenance

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
