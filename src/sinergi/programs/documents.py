"""PDF documents: the certificate of completion and the surat keterangan binaan, each with a
verification code that anyone can check on the public page /program/verifikasi/<code>/."""

from __future__ import annotations

import io

from django.conf import settings
from django.utils.formats import date_format
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas

from .models import FosteringLetter, Participant


def certificate_pdf(participant: Participant, *, verify_url: str) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=0)
    program = participant.program
    pdf.setTitle(f"Sertifikat {program.title}")
    pdf.setLineWidth(3)
    pdf.rect(1.2 * cm, 1.2 * cm, width - 2.4 * cm, height - 2.4 * cm)
    pdf.setFont("Helvetica-Bold", 30)
    pdf.drawCentredString(width / 2, height - 4 * cm, "SERTIFIKAT")
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(width / 2, height - 5.2 * cm, "diberikan kepada")
    pdf.setFont("Helvetica-Bold", 24)
    pdf.drawCentredString(width / 2, height - 7 * cm, str(participant.actor))
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(width / 2, height - 8.4 * cm, "yang telah menyelesaikan program")
    pdf.setFont("Helvetica-Bold", 18)
    pdf.drawCentredString(width / 2, height - 9.6 * cm, program.title)
    pdf.setFont("Helvetica", 12)
    period = f"{date_format(program.start_date, 'j F Y')} - {date_format(program.end_date, 'j F Y')}"
    pdf.drawCentredString(width / 2, height - 10.6 * cm, f"{program.organiser} - {period}")
    if participant.completed_on:
        pdf.drawCentredString(width / 2, height - 11.4 * cm, f"Lulus {date_format(participant.completed_on, 'j F Y')}")
    pdf.setFont("Helvetica", 10)
    pdf.drawString(2 * cm, 2.4 * cm, f"Kode verifikasi: {participant.certificate_code}")
    pdf.drawString(2 * cm, 1.8 * cm, f"Periksa keaslian: {verify_url}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def letter_pdf(letter: FosteringLetter, *, verify_url: str) -> bytes:
    buffer = io.BytesIO()
    width, height = A4
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0)
    pdf.setTitle(f"Surat Keterangan Binaan {letter.number}")
    org = letter.organisation
    actor = letter.actor
    y = height - 3 * cm
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawCentredString(width / 2, y, org.name.upper())
    y -= 1.6 * cm
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawCentredString(width / 2, y, "SURAT KETERANGAN BINAAN")
    y -= 0.6 * cm
    pdf.setFont("Helvetica", 11)
    pdf.drawCentredString(width / 2, y, f"Nomor: {letter.number}")
    y -= 1.4 * cm
    lines = [
        f"Yang bertanda tangan di bawah ini, {org.name}, menerangkan bahwa:",
        "",
        f"Nama usaha      : {actor.name}",
        f"NIB             : {actor.nib or '-'}",
        f"Alamat usaha    : {actor.address or '-'}",
        f"Kelurahan       : {actor.kelurahan or '-'}",
        "",
        f"adalah pelaku usaha binaan {org.name}"
        + (f" sejak {date_format(actor.fostered_since, 'j F Y')}." if actor.fostered_since else "."),
        f"Surat keterangan ini dibuat untuk keperluan: {letter.purpose}.",
        "",
        f"{settings.SINERGI_REGION_PLACE}, {date_format(letter.issued_on, 'j F Y')}",
    ]
    pdf.setFont("Courier", 10)
    for line in lines:
        pdf.drawString(2.5 * cm, y, line)
        y -= 0.6 * cm
    pdf.setFont("Helvetica", 9)
    pdf.drawString(2.5 * cm, 2.4 * cm, f"Kode verifikasi: {letter.code}")
    pdf.drawString(2.5 * cm, 1.9 * cm, f"Periksa keaslian: {verify_url}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
