"""A small, fast and deterministic XLSX (Office Open XML) writer for the engine's publication workbook.

openpyxl, even in write-only mode, needs about 6 µs per cell (8 s for the 1.25 million cells of a
national workbook) and stamps the file with the time of writing. This writer streams each sheet's XML
straight into the ZIP archive with four shared cell styles and inline strings, and gives every archive
member the same fixed timestamp, so the same result always gives the same bytes. It writes what the
publication needs — text, numbers, bold titles, a number format and column widths — nothing more.
See docs/decisions/0007-ekraf-outputs-duckdb-and-own-xlsx-writer.md.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

__all__ = ["BOLD", "NUMBER", "PLAIN", "TITLE", "Cell", "XlsxWriter"]

PLAIN, BOLD, TITLE, NUMBER = 0, 1, 2, 3  # cellXfs indexes in _STYLES
#: the archive timestamp of every member: the ZIP epoch, so the bytes depend on the content only
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
Cell = str | float | int | None | tuple[str | float | int, int]

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_NS}">'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="12"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    # built-in number format 4 is "#,##0.00" (shown as 1.234,56 in an id-ID spreadsheet)
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def _column_letters(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_COLUMNS = [""] + [_column_letters(i) for i in range(1, 16385)]


def _text(value: str) -> str:
    if _ILLEGAL.search(value):
        raise ValueError(f"teks memuat karakter kontrol yang tidak sah di XLSX (control character): {value!r}")
    return escape(value)


class _Sheet:
    def __init__(self, archive: zipfile.ZipFile, index: int, widths: dict[int, float]) -> None:
        info = zipfile.ZipInfo(f"xl/worksheets/sheet{index}.xml", FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        self._stream = archive.open(info, "w", force_zip64=True)
        self._row = 0
        self._buffer: list[str] = []
        self._buffered = 0
        cols = "".join(f'<col min="{c}" max="{c}" width="{w!r}" customWidth="1"/>' for c, w in sorted(widths.items()))
        head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS}">'
        self._stream.write((head + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>").encode())

    def append(self, cells: Sequence[Cell]) -> None:
        self._row += 1
        self._write(f'<row r="{self._row}">{self._cells(cells, self._row)}</row>')

    def numbers(self, lead: Sequence[Cell], values: Sequence[float], style: int = NUMBER) -> None:
        """A row of ``lead`` cells followed by numbers; NaN leaves its cell empty (the fast path for
        the tables: one f-string per number)."""
        self._row += 1
        r = self._row
        s = f' s="{style}"' if style else ""
        cols = _COLUMNS[len(lead) + 1 : len(lead) + 1 + len(values)]
        text = "".join(
            f'<c r="{col}{r}"{s}><v>{v!r}</v></c>' for col, v in zip(cols, values, strict=True) if not math.isnan(v)
        )
        if "inf" in text:  # column letters are upper case: only repr(±inf) writes "inf"
            raise ValueError(f"nilai tak hingga di baris {r} (infinite number)")
        self._write(f'<row r="{r}">{self._cells(lead, r)}{text}</row>')

    def _write(self, text: str) -> None:
        """Rows are handed to zlib in blocks of about 1 MB (one call per row costs more than the row)."""
        self._buffer.append(text)
        self._buffered += len(text)
        if self._buffered > 1 << 20:
            self._stream.write("".join(self._buffer).encode())
            self._buffer.clear()
            self._buffered = 0

    @staticmethod
    def _cells(cells: Sequence[Cell], r: int) -> str:
        parts = []
        for col, cell in enumerate(cells, start=1):
            if cell is None:
                continue
            value, style = cell if isinstance(cell, tuple) else (cell, PLAIN)
            ref = f"{_COLUMNS[col]}{r}"
            s = f' s="{style}"' if style else ""
            if isinstance(value, str):
                parts.append(f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>')
            else:
                number = float(value)
                if not math.isfinite(number):
                    raise ValueError(f"nilai bukan angka terhingga di sel {ref} (non-finite number): {value!r}")
                parts.append(f'<c r="{ref}"{s}><v>{number!r}</v></c>')
        return "".join(parts)

    def blank(self, count: int = 1) -> None:
        self._row += count

    def close(self) -> None:
        self._buffer.append("</sheetData></worksheet>")
        self._stream.write("".join(self._buffer).encode())
        self._buffer.clear()
        self._stream.close()


class XlsxWriter:
    """Write sheets one after another: ``with XlsxWriter(path) as book: sheet = book.sheet(name)``."""

    def __init__(self, path: str | Path) -> None:
        self._archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._names: list[str] = []
        self._open: _Sheet | None = None

    def sheet(self, name: str, widths: dict[int, float] | None = None) -> _Sheet:
        if self._open is not None:
            self._open.close()
        if not name or len(name) > 31 or any(ch in name for ch in "[]:*?/\\") or name in self._names:
            raise ValueError(f"nama lembar tidak sah atau ganda (invalid sheet name): {name!r}")
        self._names.append(name)
        self._open = _Sheet(self._archive, len(self._names), widths or {})
        return self._open

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None
        n = len(self._names)
        if n == 0:
            raise ValueError("buku kerja tanpa lembar (workbook without a sheet)")
        sheets = "".join(
            f'<sheet name="{_text(name)}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(self._names, 1)
        )
        decl = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        pkg = "http://schemas.openxmlformats.org/package/2006"
        rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        ct_sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        members = {
            "[Content_Types].xml": f'{decl}<Types xmlns="{pkg}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{ct_sheets}</Types>',
            "_rels/.rels": f'{decl}<Relationships xmlns="{pkg}/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
            "xl/workbook.xml": f'{decl}<workbook xmlns="{_NS}" xmlns:r="{_RNS}"><sheets>{sheets}</sheets></workbook>',
            "xl/_rels/workbook.xml.rels": f'{decl}<Relationships xmlns="{pkg}/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, n + 1)
            )
            + f'<Relationship Id="rId{n + 1}" Type="{rel}/styles" Target="styles.xml"/></Relationships>',
            "xl/styles.xml": _STYLES,
        }
        for name, text in members.items():
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            self._archive.writestr(info, text.encode())
        self._archive.close()

    def __enter__(self) -> XlsxWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:
            self._archive.close()
            return
        self.close()
