"""Downloads of a publication: CSV per table, the BPS-like workbook, the manifest, a PDF release, DCAT."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

import ekraf
from sinergi.core.models import InstallationProfile
from sinergi.core.pdf import letterhead, paragraph
from sinergi.core.templatetags.ui import format_money

from . import charts, selectors
from . import report as report_mod
from .models import Publication
from .services import run_result

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"


def table_csv(table: report_mod.Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(["" if v is None else (repr(v) if isinstance(v, float) else v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode()


def table_xlsx(table: report_mod.Table) -> bytes:
    """One table as a one-sheet workbook (numbers as numbers, text cells neutralised)."""
    from sinergi.imports.exports import write_workbook

    return write_workbook([(table.key[:31], table.columns, table.rows)])


def figures_csv(publication: Publication) -> bytes:
    """Every published value in tidy form (what the API serves)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["region_code", "region", "area", "year", "code", "indicator", "price_basis", "value"])
    for f in publication.figures.order_by("indicator", "price_basis", "area", "code", "year").values_list(
        "area", "year", "code", "indicator", "price_basis", "value"
    ):
        area, year, code, indicator, basis, value = f
        writer.writerow(
            [publication.region_code, publication.region_name, area, year, code, indicator, basis, repr(value)]
        )
    return buffer.getvalue().encode()


def workbook(publication: Publication) -> bytes:
    result = run_result(publication.run)
    with tempfile.TemporaryDirectory(prefix="sinergi-xlsx-") as tmp:
        path = Path(tmp) / "pdrb_ekraf.xlsx"
        ekraf.write_xlsx(result, path)
        return path.read_bytes()


def mapping_caveat(manifest: dict[str, Any]) -> str:
    cl = manifest.get("classification", {})
    if cl.get("provisional"):
        return _(
            "Pemetaan KBLI→subsektor yang dipakai (%(name)s versi %(version)s) bersifat SEMENTARA, bukan daftar"
            " resmi BPS/Bekraf; angka tidak sebanding langsung dengan publikasi resmi."
        ) % {"name": cl.get("name", ""), "version": cl.get("version", "")}
    if cl.get("name"):
        return _("Pemetaan KBLI→subsektor: %(name)s versi %(version)s.") % {
            "name": cl.get("name", ""),
            "version": cl.get("version", ""),
        }
    return _("Hasil dimuat dari wilayah lain; pemetaan KBLI tidak dipakai di platform ini.")


def frame_warning(manifest: dict[str, Any]) -> str:
    """The warning every publication carries when θ came from establishment data holding only creative
    units in some industry (a registry): its ekraf figures are an upper bound. Empty when every industry
    had its non-creative units, even if the analyst allowed a creative-only frame."""
    industries = manifest.get("parameters", {}).get("creative_only_industries", "")
    if not industries:
        return ""
    return _(
        "PERINGATAN: θ dihitung dari data usaha yang hanya berisi usaha kreatif (misalnya direktori), bukan dari"
        " kerangka sensus ekonomi (SE2016/SE2026) yang memuat usaha non-kreatif. Pada lapangan usaha tanpa usaha"
        " non-kreatif (%(industries)s) seluruh PDRB terhitung kreatif, sehingga angka PDRB ekraf ini adalah batas"
        " atas, bukan estimasi."
    ) % {"industries": industries}


def methodology_note(manifest: dict[str, Any]) -> str:
    method = manifest.get("method", "")
    texts = {
        "ratio": _(
            "Metode alokasi rasio: untuk tiap lapangan usaha, bagian nilai tambah usaha kreatif (θ) dihitung dari"
            " data usaha tahun acuan, lalu dikalikan dengan PDRB lapangan usaha tersebut setiap tahun, ADHB dan"
            " ADHK terpisah."
        ),
        "extrapolation": _(
            "Metode ekstrapolasi indikator: nilai acuan tiap subsektor digerakkan maju dan mundur dengan seri"
            " indikatornya."
        ),
        "survey": _(
            "Metode estimasi langsung: nilai tambah usaha kreatif tertimbang dari survei; ADHK dengan indeks implisit"
            " lapangan usaha induknya."
        ),
        "levels": _("Nilai dimuat dari publikasi wilayah lain; indikator dihitung ulang dengan mesin yang sama."),
    }
    return (
        texts.get(method, "")
        + " "
        + _(
            "Pertumbuhan = (X_t/X_t−1 − 1)×100 (ADHK); distribusi = subsektor/total×100; peran = PDRB ekraf/PDRB×100"
            " (ADHB); indeks implisit = ADHB/ADHK×100; sumber pertumbuhan = (X_s,t − X_s,t−1)/total_t−1×100."
        )
    )


def composition_chart(comp: report_mod.Table) -> Any:
    """The shares of the ten largest subsectors as horizontal bars measured from zero: an axis starting
    at the smallest share would make a small subsector look like nothing and a large one look huge."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    rows = [r for r in comp.rows if r[2] is not None][:10]
    drawing = Drawing(460, 20 + 18 * len(rows))
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 170, 10, 270, 18 * len(rows)
    chart.data = [[r[2] for r in reversed(rows)]]
    chart.categoryAxis.categoryNames = [str(r[0])[:30] for r in reversed(rows)]
    chart.categoryAxis.labels.fontSize = 7
    chart.bars[0].fillColor = colors.HexColor(charts.PALETTE[0])
    chart.valueAxis.valueMin = min(0.0, *chart.data[0])
    drawing.add(chart, name="chart")
    return drawing


def pdf_report(publication: Publication) -> bytes:
    """The release as a PDF under the publishing office's letterhead and the installation's release title
    (never BPS's own "Berita Resmi Statistik"): headline, charts (bars from zero), tables, method, caveat."""
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    rep = report_mod.build(publication)
    styles = getSampleStyleSheet()
    story: list[Any] = []
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        title=publication.title,
        author="Sinergi",
    )
    fmt = charts.fmt
    office = selectors.publishing_office(publication)
    story.extend(letterhead(office=office, width=A4[0] - 4 * cm - 12))
    story.append(
        paragraph(
            _("%(title)s — %(region)s")
            % {"title": InstallationProfile.current().statistics_release_title, "region": publication.region_name},
            styles["Title"],
        )
    )
    if publication.is_demo:
        story.append(paragraph(_("ESTIMASI DEMO — bukan angka resmi."), styles["Normal"], bold=True))
    story.append(paragraph(publication.title, styles["Heading2"]))
    h = rep.headline
    bullets = [
        _("Nilai tambah ekonomi kreatif %(year)s: %(value)s (ADHB).")
        % {"year": h["year"], "value": format_money(h["value_adhb"], "miliar") or "–"},
        _("Peran terhadap PDRB: %(share)s persen.") % {"share": fmt(h["share"])},
        _("Pertumbuhan riil (ADHK): %(growth)s persen.") % {"growth": fmt(h["growth"])},
        _("Indeks implisit: %(idx)s.") % {"idx": fmt(h["implicit_index"])},
    ]
    for b in bullets:
        story.append(paragraph("• " + b, styles["Normal"]))
    story.append(Spacer(1, 0.4 * cm))
    # chart 1: ADHB / ADHK lines
    series = rep.table("series")
    if series and len(series.rows) > 1:
        d = Drawing(460, 200)
        lp = LinePlot()
        lp.x, lp.y, lp.width, lp.height = 50, 30, 390, 150
        data = []
        for col in (1, 2):
            data.append([(int(r[0]), r[col]) for r in series.rows if r[col] is not None])
        lp.data = data
        lp.lines[0].strokeColor = colors.HexColor(charts.PALETTE[0])
        lp.lines[1].strokeColor = colors.HexColor(charts.PALETTE[1])
        lp.lines[0].strokeWidth = lp.lines[1].strokeWidth = 2
        lp.xValueAxis.valueStep = 1  # whole years, not 2021.2
        lp.xValueAxis.labelTextFormat = "%d"
        d.add(lp)
        d.add(String(50, 190, _("PDRB ekraf, miliar Rp (biru ADHB, oranye ADHK)"), fontSize=9))
        story.append(d)
    comp = rep.table("composition")
    if comp and comp.rows:
        story.append(paragraph(comp.title + " (%)", styles["Heading4"]))
        story.append(composition_chart(comp))
    for sec in rep.sections:
        t = sec.table
        story.append(paragraph(t.title + (" — " + _("eksperimental") if sec.experimental else ""), styles["Heading4"]))
        cells: list[list[Any]] = [t.columns] + [
            [r[0]] + [fmt(v, t.decimals) if isinstance(v, float) else (v or "–") for v in r[1:]] for r in t.rows
        ]
        table = Table(cells, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTSIZE", (0, 0), (-1, -1), 7),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6ee")),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ]
            )
        )
        story.append(table)
        if t.note:
            story.append(paragraph(t.note, styles["Italic"]))
    story.append(paragraph(_("Catatan metodologi"), styles["Heading3"]))
    story.append(paragraph(methodology_note(rep.manifest), styles["Normal"]))
    if frame_warning(rep.manifest):
        story.append(paragraph(frame_warning(rep.manifest), styles["Normal"]))
    story.append(paragraph(_("Catatan pemetaan"), styles["Heading3"]))
    story.append(paragraph(mapping_caveat(rep.manifest), styles["Normal"]))
    m = rep.manifest
    story.append(
        paragraph(
            _("Manifes: mesin ekraf %(v)s, metode %(m)s, %(n)s berkas masukan (SHA-256 di manifest.json).")
            % {"v": m.get("engine_version", ""), "m": m.get("method", ""), "n": len(m.get("inputs", []))},
            styles["Normal"],
        )
    )
    doc.build(story)
    return buffer.getvalue()


def _abs(request: HttpRequest, name: str, *args: Any) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def dcat_dataset(request: HttpRequest, publication: Publication) -> dict[str, Any]:
    rep_years = sorted(set(publication.figures.filter(indicator="level").values_list("year", flat=True)))
    pk = publication.pk
    distributions = [
        {
            "@type": "dcat:Distribution",
            "dct:title": "XLSX (BPS layout)",
            "dcat:downloadURL": _abs(request, "statistics:download_xlsx", pk),
            "dcat:mediaType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "dct:format": "XLSX",
        },
        {
            "@type": "dcat:Distribution",
            "dct:title": "CSV (semua angka, tidy)",
            "dcat:downloadURL": _abs(request, "statistics:download_figures", pk),
            "dcat:mediaType": "text/csv",
            "dct:format": "CSV",
        },
        {
            "@type": "dcat:Distribution",
            "dct:title": "JSON (API)",
            "dcat:downloadURL": request.build_absolute_uri(f"/api/v1/statistics/publications/{pk}/figures"),
            "dcat:mediaType": "application/json",
            "dct:format": "JSON",
        },
        {
            "@type": "dcat:Distribution",
            "dct:title": "Manifest (JSON)",
            "dcat:downloadURL": _abs(request, "statistics:download_manifest", pk),
            "dcat:mediaType": "application/json",
            "dct:format": "JSON",
        },
        *(
            [
                {
                    "@type": "dcat:Distribution",
                    "dct:title": "Bundel reproduksi (ZIP: masukan, pemetaan, θ, manifest)",
                    "dcat:downloadURL": _abs(request, "statistics:download_bundle", pk),
                    "dcat:mediaType": "application/zip",
                    "dct:format": "ZIP",
                    "spdx:checksum": {
                        "@type": "spdx:Checksum",
                        "spdx:algorithm": "spdx:checksumAlgorithm_sha256",
                        "spdx:checksumValue": publication.run.bundle_sha256,
                    },
                }
            ]
            if publication.run.bundle
            else []
        ),
        {
            "@type": "dcat:Distribution",
            "dct:title": "PDF",
            "dcat:downloadURL": _abs(request, "statistics:download_pdf", pk),
            "dcat:mediaType": "application/pdf",
            "dct:format": "PDF",
        },
    ]
    description = publication.summary or (
        f"PDRB ekonomi kreatif {publication.region_name} menurut subsektor, ADHB dan ADHK 2010, dengan indikator"
        " pertumbuhan, distribusi, peran terhadap PDRB, indeks implisit dan sumber pertumbuhan."
    )
    if publication.is_demo:
        description = "ESTIMASI DEMO (bukan angka resmi). " + description
    return {
        "@id": _abs(request, "statistics:publication", pk),
        "@type": "dcat:Dataset",
        "dct:identifier": f"sinergi-statistik-{pk}",
        "dct:title": publication.title,
        "dct:description": description,
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": f"Pemerintah {publication.region_name}"},
        "dct:issued": publication.published_at.isoformat() if publication.published_at else None,
        "dct:modified": publication.updated_at.isoformat(),
        "dct:spatial": {
            "@type": "dct:Location",
            "rdfs:label": publication.region_name,
            "dct:identifier": publication.region_code,
        },
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": f"{rep_years[0]}-01-01" if rep_years else None,
            "dcat:endDate": f"{rep_years[-1]}-12-31" if rep_years else None,
        },
        "dct:license": LICENSE_URL,
        "dcat:keyword": ["ekonomi kreatif", "PDRB", "statistik", publication.region_name],
        "dcat:theme": "Ekonomi",
        "dct:language": "id",
        "dcat:landingPage": _abs(request, "statistics:publication", pk),
        "dcat:distribution": distributions,
    }


CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "spdx": "http://spdx.org/rdf/terms#",
}


def dcat_catalog(request: HttpRequest, publications: list[Publication]) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "@id": _abs(request, "statistics:dcat_catalog"),
        "@type": "dcat:Catalog",
        "dct:title": "Sinergi — statistik PDRB ekonomi kreatif",
        "dct:description": "Katalog publikasi PDRB ekonomi kreatif yang sudah terbit (DCAT-AP, dapat dipanen CKAN).",
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": "Sinergi"},
        "dct:license": LICENSE_URL,
        "dcat:dataset": [dcat_dataset(request, p) for p in publications],
    }
