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
