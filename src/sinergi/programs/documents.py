"""PDF documents: the certificate of completion and the surat keterangan binaan, fit to hand out.

Each has the office's letterhead (the installation's logo and government name, the office's name and
contact lines: core.pdf.letterhead), its document number, the date, the signatory recorded when it was
issued (name, position, NIP), text wrapped in Paragraphs (core.pdf.paragraph escapes every value), and a
QR code of the public verification page /program/verifikasi/<code>/. Nothing here names a region: it all
comes from the installation profile and the office's data, set in the admin.

The documents are official correspondence of a regional government and are therefore written in
Indonesian whatever language the person downloading them reads (UU 24/2009 Pasal 33), dates included.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from sinergi.accounts.models import Organisation
from sinergi.core.pdf import letterhead, paragraph, qr_code

from .models import FosteringLetter, Participant, SignedDocument

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=11, leading=15, alignment=TA_JUSTIFY)
SMALL = ParagraphStyle("small", fontName="Helvetica", fontSize=8, leading=10)
LEFT = ParagraphStyle("left", fontName="Helvetica", fontSize=11, leading=15)
CENTRE = ParagraphStyle("centre", parent=BODY, alignment=TA_CENTER)
FRAME_PADDING = 6  # SimpleDocTemplate's frame pads its content by 6 points on each side
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=14, leading=18, alignment=TA_CENTER)


def _day(day: date) -> str:
    return date_format(day, "j F Y")


def _mid_sentence(text: str) -> str:
    """`text` continuing a sentence: "Permohonan merek" becomes "permohonan merek"; "HKI" stays."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def place_of(office: Organisation) -> str:
    """Where the office dates its letters: its own setting, else the installation region's place name."""
    return office.letter_place or settings.SINERGI_REGION_PLACE


def _signature(document: SignedDocument, *, office: Organisation, day: date, width: float) -> Any:
    """The signature block: place and date, position, room to sign, name and NIP."""
    lines = [
        paragraph(f"{place_of(office)}, {_day(day)}", LEFT),
        paragraph(document.signatory_title or office.signatory_title, LEFT),
        Spacer(1, 1.8 * cm),
        paragraph(document.signatory_name or office.signatory_name, LEFT, bold=True),
    ]
    nip = document.signatory_nip or office.signatory_nip
    if nip:
        lines.append(paragraph(f"NIP. {nip}", LEFT))
    block = Table([["", lines]], colWidths=[width - 7.5 * cm, 7.5 * cm])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return block


def _verification(code: str, verify_url: str, *, width: float) -> Any:
    text = [
        paragraph("Dokumen ini dapat diperiksa keasliannya dengan memindai kode QR atau membuka:", SMALL),
        paragraph(verify_url, SMALL),
        paragraph(f"Kode verifikasi: {code}", SMALL, bold=True),
    ]
    box = Table([[qr_code(verify_url, size=2.4 * cm), text]], colWidths=[2.8 * cm, width - 2.8 * cm])
    box.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return box


def _fields(rows: list[tuple[str, str]], *, width: float) -> Any:
    table = Table(
        [[paragraph(label, BODY), ":", paragraph(value, BODY)] for label, value in rows],
        colWidths=[4 * cm, 0.4 * cm, width - 4.4 * cm],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _build(story: list[Any], *, pagesize: tuple[float, float], title: str, margin: float, border: bool) -> bytes:
    buffer = io.BytesIO()

    def frame(canvas: Any, doc: Any) -> None:
        if border:
            canvas.saveState()
            canvas.setLineWidth(3)
            canvas.rect(1.2 * cm, 1.2 * cm, pagesize[0] - 2.4 * cm, pagesize[1] - 2.4 * cm)
            canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=1.5 * cm if not border else 2 * cm,
        bottomMargin=1.5 * cm,
        title=title,
        author="Sinergi",
        pageCompression=0,
    )
    doc.build(story, onFirstPage=frame, onLaterPages=frame)
    return buffer.getvalue()


def certificate_pdf(participant: Participant, *, verify_url: str) -> bytes:
    with translation.override("id"):
        return _certificate(participant, verify_url=verify_url)


def letter_pdf(letter: FosteringLetter, *, verify_url: str) -> bytes:
    with translation.override("id"):
        return _letter(letter, verify_url=verify_url)


def _certificate(participant: Participant, *, verify_url: str) -> bytes:
    program = participant.program
    office = program.organiser
    pagesize = landscape(A4)
    margin = 2.4 * cm
    width = pagesize[0] - 2 * margin - 2 * FRAME_PADDING
    story: list[Any] = letterhead(office=office, width=width)
    story += [
        Spacer(1, 0.3 * cm),
        paragraph("SERTIFIKAT", ParagraphStyle("cert", parent=TITLE, fontSize=30, leading=36)),
        paragraph(f"Nomor: {participant.certificate_number or '-'}", CENTRE),
        Spacer(1, 0.6 * cm),
        paragraph("diberikan kepada", CENTRE),
        Spacer(1, 0.2 * cm),
        paragraph(str(participant.actor), ParagraphStyle("who", parent=TITLE, fontSize=24, leading=30)),
        Spacer(1, 0.2 * cm),
        paragraph("yang telah menyelesaikan program", CENTRE),
        Spacer(1, 0.2 * cm),
        paragraph(program.title, ParagraphStyle("what", parent=TITLE, fontSize=17, leading=22)),
        paragraph(f"diselenggarakan oleh {office.name}, {_day(program.start_date)} – {_day(program.end_date)}", CENTRE),
    ]
    body = [_verification(participant.certificate_code or "", verify_url, width=width - 8 * cm)]
    sign = _signature(participant, office=office, day=participant.completed_on or program.end_date, width=7.6 * cm)
    closing = Table([[body, sign]], colWidths=[width - 7.6 * cm, 7.6 * cm])
    closing.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [Spacer(1, 0.8 * cm), closing]
    return _build(story, pagesize=pagesize, title=f"Sertifikat {program.title}", margin=margin, border=True)


def _letter(letter: FosteringLetter, *, verify_url: str) -> bytes:
    office = letter.organisation
    actor = letter.actor
    margin = 2.5 * cm
    width = A4[0] - 2 * margin - 2 * FRAME_PADDING
    since = f" sejak {_day(actor.fostered_since)}" if actor.fostered_since else ""
    story: list[Any] = letterhead(office=office, width=width)
    story += [
        paragraph("SURAT KETERANGAN BINAAN", TITLE),
        paragraph(f"Nomor: {letter.number}", CENTRE),
        Spacer(1, 0.6 * cm),
        paragraph("Yang bertanda tangan di bawah ini:", BODY),
        Spacer(1, 0.2 * cm),
        _fields(
            [
                ("Nama", letter.signatory_name or office.signatory_name),
                ("NIP", letter.signatory_nip or office.signatory_nip or "-"),
                ("Jabatan", letter.signatory_title or office.signatory_title),
            ],
            width=width,
        ),
        Spacer(1, 0.3 * cm),
        paragraph("dengan ini menerangkan bahwa:", BODY),
        Spacer(1, 0.2 * cm),
        _fields(
            [
                ("Nama usaha", actor.name),
                ("NIB", actor.nib or "-"),
                ("Alamat usaha", actor.address or "-"),
                ("Kelurahan", str(actor.kelurahan) if actor.kelurahan else "-"),
            ],
            width=width,
        ),
        Spacer(1, 0.3 * cm),
        paragraph(f"adalah pelaku usaha binaan {office.name}{since}.", BODY),
        Spacer(1, 0.2 * cm),
        paragraph(
            f"Surat keterangan ini dibuat untuk keperluan {_mid_sentence(letter.purpose)} dan dapat dipergunakan"
            " sebagaimana mestinya.",
            BODY,
        ),
        Spacer(1, 0.8 * cm),
        _signature(letter, office=office, day=letter.issued_on, width=width),
        Spacer(1, 1.2 * cm),
        _verification(letter.code, verify_url, width=width),
    ]
    return _build(story, pagesize=A4, title=f"Surat Keterangan Binaan {letter.number}", margin=margin, border=False)
