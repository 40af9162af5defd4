"""The event report as PDF (reportlab) and XLSX (openpyxl), from the same EventReport as the page."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from sinergi.core.templatetags.ui import rupiah
from sinergi.imports.exports import neutralise

from .reports import EventReport


def _safe(row: list[object]) -> list[object]:
    """Seller names and titles are typed by people: never let a spreadsheet run them as formulas."""
    return [neutralise(value) for value in row]


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
    story: list = [
        Paragraph(_("Laporan acara: %(t)s") % {"t": event.title}, styles["Title"]),
        Paragraph(f"{event.venue} · {event.start_date:%d-%m-%Y} – {event.end_date:%d-%m-%Y}", styles["Normal"]),
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
        Paragraph(_("Penjualan per hari"), styles["Heading2"]),
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
        Paragraph(_("Penjualan per penjual"), styles["Heading2"]),
        _table([[_("Penjual"), _("Penjualan")]] + [[name, rupiah(v)] for name, v in report.by_seller]),
        Spacer(1, 12),
        Paragraph(_("Penjualan per subsektor"), styles["Heading2"]),
        _table([[_("Subsektor"), _("Penjualan")]] + [[name, rupiah(v)] for name, v in report.by_subsector]),
        Spacer(1, 12),
        Paragraph(_("Kehadiran sesi"), styles["Heading2"]),
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
            Paragraph(_("Dibandingkan dengan %(p)s") % {"p": report.previous.event.title}, styles["Heading2"]),
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
    wb = Workbook()
    summary = wb.create_sheet(_("Ringkasan"), 0)
    if wb.active is not None and wb.active is not summary:
        wb.remove(wb.active)
    summary.append(_safe([_("Acara"), report.event.title]))
    summary.append(_safe([_("Pengunjung tercatat"), report.visitors]))
    summary.append(_safe([_("Pendaftaran terkonfirmasi"), report.registrations]))
    summary.append(_safe([_("Penjual"), report.sellers]))
    summary.append(_safe([_("Komunitas"), report.communities]))
    summary.append(_safe([_("Total penjualan (Rp)"), int(report.sales_total)]))
    days = wb.create_sheet(_("Per hari"))
    days.append(_safe([_("Tanggal"), _("Penjualan (Rp)"), _("Target (Rp)"), _("Transaksi")]))
    for d in report.by_day:
        days.append(_safe([d.day, int(d.amount), int(d.target), d.transactions]))
    sellers = wb.create_sheet(_("Per penjual"))
    sellers.append(_safe([_("Penjual"), _("Penjualan (Rp)")]))
    for name, value in report.by_seller:
        sellers.append(_safe([name, int(value)]))
    subsectors = wb.create_sheet(_("Per subsektor"))
    subsectors.append(_safe([_("Subsektor"), _("Penjualan (Rp)")]))
    for name, value in report.by_subsector:
        subsectors.append(_safe([name, int(value)]))
    sessions = wb.create_sheet(_("Sesi"))
    sessions.append(_safe([_("Sesi"), _("Jenis"), _("Kapasitas"), _("Terdaftar"), _("Daftar tunggu"), _("Hadir")]))
    for s in report.sessions:
        sessions.append(_safe([s["title"], s["kind"], s["capacity"], s["confirmed"], s["waitlisted"], s["attended"]]))
    if report.previous is not None:
        comp = wb.create_sheet(_("Perbandingan"))
        comp.append(_safe([_("Ukuran"), _("Sebelumnya"), _("Sekarang"), _("Perubahan (%)")]))
        for c in report.comparison:
            comp.append(_safe([c.label, int(c.previous or 0), int(c.current), c.change_percent]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
