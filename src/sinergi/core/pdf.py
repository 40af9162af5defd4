"""The one way text enters a ReportLab PDF: escaped for ReportLab's paragraph markup.

`Paragraph` parses its text as XML-like markup: `<img src="/etc/passwd"/>` in a publication title makes
ReportLab try to open that local file, and an unclosed `<b>` makes the whole PDF fail (a public page
answered 500). Every value that reaches a Paragraph (user text, and translated text too, which is just as
free to contain '<' or '&') goes through `paragraph`, which escapes it; markup the code itself wants (bold)
is asked for by argument, never written into the string. Canvas `drawString` draws text literally and needs
no escaping.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape


def markup(text: object) -> str:
    """`text` as ReportLab markup that shows exactly what was written."""
    return escape(str(text))


def paragraph(text: object, style: Any, *, bold: bool = False) -> Any:
    """A ReportLab Paragraph showing `text` as written (optionally bold)."""
    from reportlab.platypus import Paragraph

    body = markup(text)
    return Paragraph(f"<b>{body}</b>" if bold else body, style)


def qr_code(url: str, *, size: float) -> Any:
    """A QR code of `url`, `size` points square, as a flowable Drawing (ReportLab's own encoder)."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(url, barBorder=0)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def logo_image(profile: Any, *, height: float) -> Any:
    """The installation's logo scaled to `height`, or None when the profile has no logo."""
    import io

    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    if not profile.logo:
        return None
    with profile.logo.open("rb") as handle:
        data = io.BytesIO(handle.read())
    width, tall = ImageReader(data).getSize()
    data.seek(0)
    return Image(data, width=height * width / tall, height=height)


def letterhead(*, office: Any, width: float) -> list[Any]:
    """The kop surat of an office's document: the logo, the regional government's name, the office's name
    and its contact lines, over a double rule (without an office: the government's or installation's
    name). Everything comes from the installation profile (core) and the office's letterhead fields
    (accounts.Organisation), set in the admin."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import HRFlowable, Table, TableStyle

    from .models import InstallationProfile

    profile = InstallationProfile.current()
    government = ParagraphStyle(
        "kop-government", fontName="Helvetica-Bold", fontSize=13, leading=16, alignment=TA_CENTER
    )
    name = ParagraphStyle("kop-office", fontName="Helvetica-Bold", fontSize=15, leading=18, alignment=TA_CENTER)
    contact = ParagraphStyle("kop-contact", fontName="Helvetica", fontSize=9, leading=11, alignment=TA_CENTER)
    lines: list[Any] = []
    if profile.government_name:
        lines.append(paragraph(profile.government_name.upper(), government))
    if office is not None:
        lines.append(paragraph(office.name.upper(), name))
    elif not lines:
        lines.append(paragraph(profile.name.upper(), name))
    if office is not None and office.letterhead_contact:
        # each contact item is kept whole on its line (no-break spaces): "(021)" never parts from its number
        lines.append(paragraph(" · ".join(line.replace(" ", "\u00a0") for line in office.letterhead_contact), contact))
    logo = logo_image(profile, height=2.2 * cm)
    logo_width = 2.6 * cm
    head = Table([[logo or "", lines, ""]], colWidths=[logo_width, width - 2 * logo_width, logo_width], hAlign="CENTER")
    head.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [
        head,
        HRFlowable(width="100%", thickness=2, spaceBefore=4, spaceAfter=1, color="black"),
        HRFlowable(width="100%", thickness=0.5, spaceBefore=0, spaceAfter=12, color="black"),
    ]
