"""Crafted files an attacker (or a broken spreadsheet program) uploads: small on disk, harmful when read.

Shared by the crafted-file suites of every upload path (imports, statistics datasets, the engine), so each
path is tried with the same files.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Sequence

from openpyxl import Workbook


def workbook_bytes(rows: Sequence[Sequence[object]], *, cells: dict[str, object] | None = None) -> bytes:
    """A one-sheet workbook ('data') with `rows` from A1 and single `cells` placed by reference."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "data"
    for row in rows:
        sheet.append(list(row))
    for ref, value in (cells or {}).items():
        sheet[ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def dimension_bomb(rows: Sequence[Sequence[object]], ref: str = "XFD1048576") -> bytes:
    """A few KB with one cell at `ref`: readers that allocate the used range ask for hundreds of GB."""
    return workbook_bytes(rows, cells={ref: 1})


def _rewrite_sheet(content: bytes, change: object) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)  # type: ignore[operator]
            archive.writestr(info.filename, data)
    return buffer.getvalue()


def declared_dimension(rows: Sequence[Sequence[object]], ref: str) -> bytes:
    """A workbook whose sheet only *declares* a huge `<dimension ref>` (the cells themselves are few)."""
    content = workbook_bytes(rows)

    def change(data: bytes) -> bytes:
        start = data.index(b"<dimension ref=")
        end = data.index(b"/>", start)
        return data[:start] + f'<dimension ref="{ref}"'.encode() + data[end:]

    return _rewrite_sheet(content, change)


def cells_without_references(columns: int) -> bytes:
    """One row of `columns` cells written without `r` attributes (legal XLSX: positions are implicit)."""
    content = workbook_bytes([["a"]])
    cells = b"".join(b"<c><v>1</v></c>" for _ in range(columns))

    def change(data: bytes) -> bytes:
        start = data.index(b"<sheetData>") + len(b"<sheetData>")
        end = data.index(b"</sheetData>")
        return data[:start] + b"<row>" + cells + b"</row>" + data[end:]

    return _rewrite_sheet(content, change)


def zip_bomb(rows: Sequence[Sequence[object]], padding: int = 8 * 1024 * 1024) -> bytes:
    """A real workbook whose sheet XML is padded with `padding` bytes of whitespace (compresses ~1000×)."""
    return _rewrite_sheet(
        workbook_bytes(rows), lambda data: data.replace(b"<sheetData>", b"<sheetData>" + b" " * padding)
    )


def lying_sizes(rows: Sequence[Sequence[object]], ref: str = "XFD1048576") -> bytes:
    """A cell at `ref` hidden behind a lying ZIP header: the sheet's declared size (local header and
    central directory) and CRC are those of the XML before that cell's row, without a `<dimension>`. A
    reader that trusted the header without stopping at it would see the far cell the guard never saw."""
    content = _rewrite_sheet(
        dimension_bomb(rows, ref),
        lambda data: data[: data.index(b"<dimension")] + data[data.index(b"/>", data.index(b"<dimension")) + 2 :],
    )
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    row = "".join(ch for ch in ref if ch.isdigit())
    shown = sheet[: sheet.index(f'<row r="{row}"'.encode())]
    data = bytearray(content)
    info = zipfile.ZipFile(io.BytesIO(content)).getinfo("xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, info.header_offset + 14, zlib.crc32(shown))
    struct.pack_into("<I", data, info.header_offset + 22, len(shown))
    name = info.filename.encode()
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name or struct.unpack_from("<H", data, central + 28)[
        0
    ] != len(name):
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 16, zlib.crc32(shown))
    struct.pack_into("<I", data, central + 24, len(shown))
    return bytes(data)


PDF_RENAMED = b"%PDF-1.7\n" + b"\x00" * 100
XLS_RENAMED = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
BROKEN_ZIP = b"PK\x03\x04broken zip"


def csv_with_nul(text: str, line: int = 2) -> bytes:
    """UTF-8 text with a NUL byte in the middle of line `line` (a damaged export, or an attack on C parsers)."""
    lines = text.encode().split(b"\n")
    lines[line - 1] = lines[line - 1][:3] + b"\x00" + lines[line - 1][3:]
    return b"\n".join(lines)
