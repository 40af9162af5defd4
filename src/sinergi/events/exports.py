"""The event report as PDF (reportlab) and XLSX (openpyxl), from the same EventReport as the page."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from sinergi.core.pdf import paragraph
from sinergi.core.templatetags.ui import rupiah
from sinergi.imports.exports import write_workbook

from .reports import EventReport


def _table(rows: list[list[str]]) -> Table:
    table = Table(rows, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
            ]
        )
    )
    return table


def report_pdf(report: EventReport) -> bytes:
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    event = report.event
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Laporan %(title)s") % {"title": event.title},
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
    )
    story: list[Any] = [
        paragraph(_("Laporan acara: %(t)s") % {"t": event.title}, styles["Title"]),
        paragraph(f"{event.venue} · {event.start_date:%d-%m-%Y} – {event.end_date:%d-%m-%Y}", styles["Normal"]),
        Spacer(1, 12),
        _table(
            [
                [_("Ukuran"), _("Nilai")],
                [_("Pengunjung tercatat (check-in)"), str(report.visitors)],
                [_("Pendaftaran sesi terkonfirmasi"), str(report.registrations)],
                [_("Penjual (stan)"), str(report.sellers)],
                [_("Komunitas peserta"), str(report.communities)],
                [_("Total penjualan"), rupiah(report.sales_total)],
            ]
        ),
        Spacer(1, 12),
        paragraph(_("Penjualan per hari"), styles["Heading2"]),
        _table(
            [[_("Tanggal"), _("Penjualan"), _("Target"), _("% target")]]
            + [
                [
                    f"{d.day:%d-%m-%Y}",
                    rupiah(d.amount),
                    rupiah(d.target),
                    f"{d.percent_of_target}%" if d.percent_of_target is not None else "–",
                ]
                for d in report.by_day
            ]
        ),
        Spacer(1, 12),
        paragraph(_("Penjualan per penjual"), styles["Heading2"]),
        _table([[_("Penjual"), _("Penjualan")]] + [[name, rupiah(v)] for name, v in report.by_seller]),
        Spacer(1, 12),
        paragraph(_("Penjualan per subsektor"), styles["Heading2"]),
        _table([[_("Subsektor"), _("Penjualan")]] + [[name, rupiah(v)] for name, v in report.by_subsector]),
        Spacer(1, 12),
        paragraph(_("Kehadiran sesi"), styles["Heading2"]),
        _table(
            [[_("Sesi"), _("Jenis"), _("Kapasitas"), _("Terdaftar"), _("Hadir")]]
            + [
                [str(s["title"])[:40], str(s["kind"]), str(s["capacity"]), str(s["confirmed"]), str(s["attended"])]
                for s in report.sessions
            ]
        ),
    ]
    if report.previous is not None:
        story += [
            Spacer(1, 12),
            paragraph(_("Dibandingkan dengan %(p)s") % {"p": report.previous.event.title}, styles["Heading2"]),
            _table(
                [[_("Ukuran"), _("Sebelumnya"), _("Sekarang"), _("Perubahan")]]
                + [
                    [
                        c.label,
                        str(c.previous),
                        str(c.current),
                        f"{c.change_percent:+d}%" if c.change_percent is not None else "–",
                    ]
                    for c in report.comparison
                ]
            ),
        ]
    doc.build(story)
    return buffer.getvalue()


def report_xlsx(report: EventReport) -> bytes:
    sheets: list[tuple[str, list[str] | None, list[list[object]]]] = [
        (
            _("Ringkasan"),
            None,
            [
                [_("Acara"), report.event.title],
                [_("Pengunjung tercatat"), report.visitors],
                [_("Pendaftaran terkonfirmasi"), report.registrations],
                [_("Penjual"), report.sellers],
                [_("Komunitas"), report.communities],
                [_("Total penjualan (Rp)"), int(report.sales_total)],
            ],
        ),
        (
            _("Per hari"),
            [_("Tanggal"), _("Penjualan (Rp)"), _("Target (Rp)"), _("Transaksi")],
            [[d.day, int(d.amount), int(d.target), d.transactions] for d in report.by_day],
        ),
        (
            _("Per penjual"),
            [_("Penjual"), _("Penjualan (Rp)")],
            [[name, int(value)] for name, value in report.by_seller],
        ),
        (
            _("Per subsektor"),
            [_("Subsektor"), _("Penjualan (Rp)")],
            [[name, int(value)] for name, value in report.by_subsector],
        ),
        (
            _("Sesi"),
            [_("Sesi"), _("Jenis"), _("Kapasitas"), _("Terdaftar"), _("Daftar tunggu"), _("Hadir")],
            [
                [s["title"], s["kind"], s["capacity"], s["confirmed"], s["waitlisted"], s["attended"]]
                for s in report.sessions
            ],
        ),
    ]
    if report.previous is not None:
        sheets.append(
            (
                _("Perbandingan"),
                [_("Ukuran"), _("Sebelumnya"), _("Sekarang"), _("Perubahan (%)")],
                [[c.label, int(c.previous or 0), int(c.current), c.change_percent] for c in report.comparison],
            )
        )
    # Seller names and titles are typed by people: write_workbook never lets a spreadsheet run them as formulas.
    return write_workbook(sheets)
