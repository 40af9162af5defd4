"""The one guard every XLSX read goes through, before any reader allocates anything.

An XLSX file is a ZIP of XML. Readers trust what it declares: python-calamine allocates the whole used
range of a sheet (rows × columns) at once, openpyxl pads every row to the sheet's width. A 5 KB file with
one cell at ``XFD1048576`` therefore asks for hundreds of gigabytes, and a 1.5 MB file of repetitive XML
inflates to hundreds of megabytes. `inspect_xlsx` refuses such files from what the ZIP directory and a
streaming scan of the sheet XML say, with the limit that was passed:

- not a ZIP, or a ZIP without ``xl/workbook.xml`` (a .xls, CSV or PDF renamed to .xlsx);
- total declared uncompressed size over ``max_uncompressed_bytes``, or (above ``ratio_floor_bytes``) an
  expansion over ``max_expansion_ratio`` times, for the whole file or any member (zip bomb). The
  declared sizes bound what `zipfile` will ever inflate (it stops at the declared size), so they can be
  trusted, and the scan below never reads more than they say;
- a sheet's declared ``<dimension ref>`` or the position of any row or cell it holds beyond
  ``max_rows`` rows, ``max_columns`` columns, or ``max_cells`` cells in its rectangle.

The scan also says whether any sheet holds a formula (``<f>``), so callers choose a reader in one pass.
The scan is cheap for sheets written as Excel, LibreOffice and openpyxl write them (no namespace prefix,
``r`` the first attribute): literal-led searches find whether any cell reaches past the extent seen so far,
and only then are that piece's cell references read (`_scan_plain`); any other piece goes through the
general scan, which reads every reference or counts positions. Both give the same shape and refusals
(tests/ekraf/test_spreadsheet_scan.py). The ZIP's declared sizes are trusted because both readers stop
at them: `zipfile` inflates no further and python-calamine refuses a member larger than declared.
Pure Python (zipfile, re): the engine and the Django apps share it; `SpreadsheetRefused.reason` and
`.params` let a caller write the message in its user's language.
"""

from __future__ import annotations

import codecs
import functools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ekraf._errors import InputError, Issue

__all__ = [
    "DEFAULT_LIMITS",
    "SpreadsheetLimits",
    "SpreadsheetRefused",
    "XlsxShape",
    "column_number",
    "inspect_csv",
    "inspect_xlsx",
]

#: Excel's own maxima; a reference beyond them is corrupt.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384


@dataclass(frozen=True, slots=True)
class SpreadsheetLimits:
    """What one uploaded workbook may hold. The cell limit bounds the memory a dense reader allocates
    (python-calamine: about 32 bytes per cell of a sheet's rectangle)."""

    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_expansion_ratio: int = 100
    #: Below this, expansion cannot hurt: small files with very repetitive XML are not flagged.
    ratio_floor_bytes: int = 2 * 1024 * 1024
    max_rows: int = 300_000
    max_columns: int = 256
    max_cells: int = 6_000_000


DEFAULT_LIMITS = SpreadsheetLimits()


class SpreadsheetRefused(InputError):
    """The workbook as a whole is refused before it is read. ``reason`` is one of: not_xlsx (params:
    content = xls | pdf | text | unknown), unreadable, not_workbook, zip_bomb (uncompressed, compressed,
    ratio, limit), utf16, nul (row), encoding (row), too_many_rows (sheet, rows, limit), too_many_columns
    (sheet, columns, limit), too_many_cells (sheet, rows, columns, cells, limit)."""

    summary = "berkas XLSX ditolak (XLSX file refused)"

    def __init__(self, reason: str, message: str, file: str, **params: object) -> None:
        self.reason = reason
        self.params = params
        super().__init__([Issue(message, file=file)])


@dataclass(frozen=True, slots=True)
class XlsxShape:
    """What the scan found: the largest row and column used by any worksheet, and whether any has a formula."""

    rows: int
    columns: int
    has_formulas: bool


def column_number(letters: str) -> int:
    """``A`` → 1, ``XFD`` → 16384."""
    number = 0
    for char in letters.upper():
        number = number * 26 + (ord(char) - 64)
    return number


def _describe_non_zip(head: bytes) -> str:
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"\xef\xbb\xbf", b'"')) or all(32 <= b < 127 or b in (9, 10, 13) for b in head[:64]):
        return "text"
    return "unknown"


_NON_ZIP_TEXT = {
    "xls": "berkas Excel lama (.xls) atau terenkripsi (old .xls or encrypted)",
    "pdf": "berkas PDF (a PDF file)",
    "text": "berkas teks, mungkin CSV (a text file, perhaps CSV)",
    "unknown": "berkas yang tidak dikenali (an unknown file)",
}

# `<row …>`, `<c …>`, `<f…` and `<dimension …>`, with or without a namespace prefix. In XML a literal
# "<" in text is always escaped, so these only ever match tags.
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|f|dimension)(?=[\s/>])([^>]*)")
_REF_ATTR = re.compile(rb'\sr\s*=\s*["\']([A-Za-z]{0,3})(\d*)["\']')
_DIMENSION = re.compile(rb'\sref\s*=\s*["\']([^"\']*)["\']')
_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
_DIMENSION_TAG = re.compile(rb"<" + _NS + rb"dimension\s[^>]*>")
_FORMULA_TAG = re.compile(rb"<" + _NS + rb"f[\s>/]")
_CELL_OPEN = re.compile(rb"<" + _NS + rb"c[\s>/]")
_ROW_OPEN = re.compile(rb"<" + _NS + rb"row[\s>/]")
_CELL_REFS = re.compile(rb"<" + _NS + rb"c\s[^>]*?\br\s*=\s*[\"']([A-Za-z]{1,3})(\d+)[\"']")
_ROW_REFS = re.compile(rb"<" + _NS + rb"row\s[^>]*?\br\s*=\s*[\"'](\d+)[\"']")
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
SCAN_CHUNK = 1 << 20


def inspect_xlsx(path: str | Path, limits: SpreadsheetLimits = DEFAULT_LIMITS) -> XlsxShape:
    """Refuse what is not a real XLSX, zip bombs and sheets too large to read; say what the sheets hold."""
    path = Path(path)
    name = path.name
    with path.open("rb") as handle:
        head = handle.read(64)
    if not head.startswith(b"PK\x03\x04"):
        content = _describe_non_zip(head)
        raise SpreadsheetRefused(
            "not_xlsx", f"bukan XLSX: isinya {_NON_ZIP_TEXT[content]} (not an XLSX file)", name, content=content
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "xl/workbook.xml" not in names:
                raise SpreadsheetRefused(
                    "not_workbook", "arsip ZIP, bukan buku kerja XLSX (a ZIP archive, not a workbook)", name
                )
            _check_expansion(name, path.stat().st_size, infos, limits)
            return _scan_sheets(name, archive, infos, limits)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise SpreadsheetRefused("unreadable", f"berkas XLSX rusak (damaged XLSX file): {exc}", name) from exc


def _check_expansion(name: str, compressed: int, infos: list[zipfile.ZipInfo], limits: SpreadsheetLimits) -> None:
    uncompressed = sum(info.file_size for info in infos)
    largest_ratio = max((info.file_size / max(info.compress_size, 1) for info in infos), default=0.0)
    if uncompressed > limits.max_uncompressed_bytes or (
        uncompressed > limits.ratio_floor_bytes
        and (
            uncompressed / max(compressed, 1) > limits.max_expansion_ratio or largest_ratio > limits.max_expansion_ratio
        )
    ):
        raise SpreadsheetRefused(
            "zip_bomb",
            f"isinya mengembang menjadi {uncompressed} bita dari {compressed} bita (batas {limits.max_expansion_ratio}×"
            f" dan {limits.max_uncompressed_bytes} bita); kemungkinan zip bomb (expands too much)",
            name,
            uncompressed=uncompressed,
            compressed=compressed,
            ratio=limits.max_expansion_ratio,
            limit=limits.max_uncompressed_bytes,
        )


def _is_worksheet(member: str) -> bool:
    return member.startswith("xl/worksheets/") and member.endswith(".xml")


_SHEET = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet\s[^>]*>")
_RELATIONSHIP = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Relationship\s[^>]*>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*["\']([^"\']*)["\']')
#: workbook.xml and its relationships are small; a larger one is read only this far (names are at the top).
NAMES_BYTES = 1 << 20


def _attrs(tag: bytes) -> dict[str, str]:
    return {k.decode("ascii", "replace").split(":")[-1]: v.decode("utf-8", "replace") for k, v in _ATTR.findall(tag)}


def _sheet_titles(archive: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Worksheet member → the title its tab shows ('xl/worksheets/sheet1.xml' → 'data'), for messages."""
    if "xl/_rels/workbook.xml.rels" not in names:
        return {}
    with archive.open("xl/workbook.xml") as handle:
        workbook = handle.read(NAMES_BYTES)
    with archive.open("xl/_rels/workbook.xml.rels") as handle:
        rels = handle.read(NAMES_BYTES)
    targets = {}
    for tag in _RELATIONSHIP.findall(rels):
        attrs = _attrs(tag)
        target = attrs.get("Target", "").lstrip("/")
        targets[attrs.get("Id", "")] = target if target.startswith("xl/") else f"xl/{target}"
    titles = {}
    for tag in _SHEET.findall(workbook):
        attrs = _attrs(tag)
        member = targets.get(attrs.get("id", ""))
        if member and "name" in attrs:
            titles[member] = attrs["name"]
    return titles


def _sheet_label(member: str, titles: dict[str, str]) -> str:
    return titles.get(member) or member.rsplit("/", 1)[-1].removesuffix(".xml")


def _check_extent(name: str, sheet: str, rows: int, columns: int, limits: SpreadsheetLimits) -> None:
    if rows > limits.max_rows:
        raise SpreadsheetRefused(
            "too_many_rows",
            f"lembar {sheet} mencapai baris {rows}; batasnya {limits.max_rows} baris (too many rows)",
            name,
            sheet=sheet,
            rows=rows,
            limit=limits.max_rows,
        )
    if columns > limits.max_columns:
        raise SpreadsheetRefused(
            "too_many_columns",
            f"lembar {sheet} mencapai kolom ke-{columns}; batasnya {limits.max_columns} kolom (too many columns)",
            name,
            sheet=sheet,
            columns=columns,
            limit=limits.max_columns,
        )
    if rows * columns > limits.max_cells:
        raise SpreadsheetRefused(
            "too_many_cells",
            f"lembar {sheet} mencakup {rows} baris × {columns} kolom = {rows * columns} sel; batasnya "
            f"{limits.max_cells} sel (too many cells)",
            name,
            sheet=sheet,
            rows=rows,
            columns=columns,
            cells=rows * columns,
            limit=limits.max_cells,
        )


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's XML in pieces that never cut a tag in two."""
    with archive.open(info) as handle:
        tail = b""
        while True:
            chunk = handle.read(SCAN_CHUNK)
            buffer = tail + chunk
            cut = buffer.rfind(b"<") if chunk else -1
            if cut == -1 or buffer.find(b">", cut) != -1:
                cut = len(buffer)
            work, tail = buffer[:cut], buffer[cut:]
            if work:
                yield work
            if not chunk:
                return


class _Extent:
    """The largest row and column one sheet reaches; refuses at the first that passes a limit."""

    def __init__(self, name: str, sheet: str, limits: SpreadsheetLimits) -> None:
        self.name, self.sheet, self.limits = name, sheet, limits
        self.rows = self.columns = 0

    def reach(self, rows: int, columns: int) -> None:
        self.rows, self.columns = max(self.rows, rows), max(self.columns, columns)
        limits = self.limits
        if (
            self.rows > limits.max_rows
            or self.columns > limits.max_columns
            or self.rows * self.columns > limits.max_cells
        ):
            _check_extent(self.name, self.sheet, self.rows, self.columns, limits)


def _declared_ref(tag: bytes, extent: _Extent) -> None:
    found = _DIMENSION.search(tag)
    refs = _CELL_REF.findall(found.group(1).decode("ascii", "replace")) if found else []
    if refs:
        _check_extent(
            extent.name,
            extent.sheet,
            max(int(r) for _, r in refs),
            max(column_number(c) for c, _ in refs),
            extent.limits,
        )


def _declared(work: bytes, extent: _Extent) -> None:
    for match in _DIMENSION_TAG.finditer(work):
        _declared_ref(match.group(0), extent)


# The quick scan of a piece written as Excel, LibreOffice and openpyxl write sheets: tags without a
# namespace prefix, `r="…"` the first attribute of every row and cell. Each pattern starts with a literal,
# which the regex engine finds as fast as `bytes.find`; for a well-formed piece only the row references
# are built as objects (one a row, not one a cell).
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.-]*:(?:row|c|f|dimension)[\s/>]")
_ROW_NOT_FIRST_REF = re.compile(rb'<row(?:[\t\n\r\f\v>/]| (?!r="\d+"))')
_CELL_NOT_FIRST_REF = re.compile(rb'<c(?:[\t\n\r\f\v>/]| (?!r="[A-Za-z]{1,3}\d+"))')
_PLAIN_ROW_REFS = re.compile(rb'<row r="(\d+)"')
_PLAIN_CELL_REFS = re.compile(rb'<c r="([A-Za-z]{1,3})(\d+)"')
_PLAIN_FORMULA = re.compile(rb"<f[\s>/]")
_PLAIN_DIMENSION = re.compile(rb"<dimension\s[^>]*>")


def _greater_number(n: int) -> str:
    """A regex for a decimal number (leading zeros allowed) greater than ``n``."""
    digits = str(n)
    width = len(digits)
    options = [f"[1-9]\\d{{{width},}}"]
    for i, digit in enumerate(digits):
        if digit != "9":
            options.append(f"{digits[:i]}[{int(digit) + 1}-9]\\d{{{width - i - 1}}}")
    return f"0*(?:{'|'.join(options)})"


def _greater_letters(n: int) -> str:
    """A regex for column letters (either case, at most three) naming a column after column ``n``."""
    if n <= 0:
        return "[A-Za-z]{1,3}"
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    width = len(letters)
    options = [f"[A-Za-z]{{{width + 1},3}}"] if width < 3 else []
    for i, letter in enumerate(letters):
        if letter != "Z":
            options.append(f"(?i:{letters[:i]}[{chr(ord(letter) + 1)}-Z][A-Z]{{{width - i - 1}}})")
    return f"(?:{'|'.join(options)})" if options else "(?!)"


@functools.lru_cache(maxsize=64)
def _beyond(rows: int, columns: int) -> re.Pattern[bytes]:
    """A plain cell (`<c r="…"`) whose reference lies beyond row ``rows`` or column ``columns``."""
    ref = f'(?:{_greater_letters(columns)}\\d|[A-Za-z]{{1,3}}{_greater_number(rows)}")'
    return re.compile(b'<c r="' + ref.encode())


def _scan_plain(work: bytes, extent: _Extent) -> bool | None:
    """The quick scan: formulas, or None when the piece is not plainly written (then the general one).

    Row references are read from every `<row>` tag. Cells are first searched, without building
    anything, for one that reaches past the extent known so far (this piece's rows included); only a
    piece that has one (the first, or where the sheet grows wider) has every cell reference read. So the
    extent is exact, as the general scan's, at a fraction of its cost."""
    if (
        _PREFIXED.search(work) is not None
        or _ROW_NOT_FIRST_REF.search(work) is not None
        or _CELL_NOT_FIRST_REF.search(work) is not None
    ):
        return None
    for match in _PLAIN_DIMENSION.finditer(work):
        _declared_ref(match.group(0), extent)
    rows = max(map(int, _PLAIN_ROW_REFS.findall(work)), default=0)
    columns = extent.columns
    if _beyond(max(rows, extent.rows), columns).search(work) is not None:
        cells = _PLAIN_CELL_REFS.findall(work)
        rows = max(rows, *map(int, (r for _, r in cells)))
        columns = max(column_number(c.decode("ascii")) for c in {c for c, _ in cells})
    if rows or columns:
        extent.reach(rows, columns)
    return _PLAIN_FORMULA.search(work) is not None


def _scan_fast(work: bytes, extent: _Extent) -> bool:
    """Every row and cell of this piece carries its `r` reference (as Excel, LibreOffice and openpyxl
    write them): the extent from C-level regex scans. False when some do not (then `_scan_exact`)."""
    cells = _CELL_REFS.findall(work)
    rows = _ROW_REFS.findall(work)
    if len(cells) != len(_CELL_OPEN.findall(work)) or len(rows) != len(_ROW_OPEN.findall(work)):
        return False
    if cells or rows:
        letters = {c for c, _ in cells}
        extent.reach(
            max(max(map(int, (r for _, r in cells)), default=0), max(map(int, rows), default=0)),
            max((column_number(c.decode("ascii")) for c in letters), default=0),
        )
    return True


def _scan_exact(work: bytes, extent: _Extent, position: list[int]) -> None:
    """Row by row and cell by cell, positions without `r` following the previous one (legal XLSX)."""
    row, column = position
    for match in _TAG.finditer(work):
        kind, attrs = match.group(1), match.group(2) or b""
        if kind not in {b"row", b"c"}:
            continue
        ref = _REF_ATTR.search(attrs)
        if kind == b"row":
            row = int(ref.group(2)) if ref and ref.group(2) else row + 1
            column = 0
        elif ref and ref.group(1):
            column = column_number(ref.group(1).decode("ascii"))
            if ref.group(2):
                row = max(row, int(ref.group(2)))
        else:
            column += 1
        extent.reach(row, column)
    position[:] = [row, column]


def _scan_sheets(
    name: str, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: SpreadsheetLimits
) -> XlsxShape:
    """Stream every worksheet's XML once: declared dimension, every row and cell position, formulas.
    Refuses at the first piece past a limit, so a bomb costs no more than reading up to it."""
    most_rows = most_columns = 0
    formulas = False
    titles = _sheet_titles(archive, {info.filename for info in infos})
    for info in infos:
        if not _is_worksheet(info.filename):
            continue
        extent = _Extent(name, _sheet_label(info.filename, titles), limits)
        exact = False
        position = [0, 0]
        for work in _chunks(archive, info):
            if not exact:
                plain = _scan_plain(work, extent)
                if plain is not None:
                    formulas = formulas or plain
                    continue
            _declared(work, extent)
            formulas = formulas or _FORMULA_TAG.search(work) is not None
            if not exact and not _scan_fast(work, extent):
                exact = True  # from here on, count positions; earlier pieces all carried references
                position = [extent.rows, 0]
            if exact:
                _scan_exact(work, extent, position)
        most_rows = max(most_rows, extent.rows)
        most_columns = max(most_columns, extent.columns)
    return XlsxShape(rows=most_rows, columns=most_columns, has_formulas=formulas)


def inspect_csv(path: str | Path) -> None:
    """Refuse a CSV the engine cannot read as UTF-8 text before any parser sees it: a UTF-16 file, a NUL
    byte (a damaged file or not text at all), or bytes that are not UTF-8, each with the line it is on."""
    path = Path(path)
    name = path.name
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        first = True
        while block := handle.read(SCAN_CHUNK):
            if first and block.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                raise SpreadsheetRefused("utf16", "berkas CSV berenkode UTF-16; simpan sebagai CSV UTF-8", name)
            first = False
            if (nul := block.find(b"\x00")) != -1:
                at = line + block.count(b"\n", 0, nul)
                raise SpreadsheetRefused(
                    "nul", f"berkas CSV berisi karakter NUL (bita 0) di baris {at} (NUL byte)", name, row=at
                )
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                at = line + block.count(b"\n", 0, max(exc.start, 0))
                raise SpreadsheetRefused(
                    "encoding", f"baris {at} bukan teks UTF-8; simpan sebagai CSV UTF-8 (not UTF-8)", name, row=at
                ) from exc
            line += block.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise SpreadsheetRefused(
                "encoding", f"baris {line} bukan teks UTF-8; simpan sebagai CSV UTF-8 (not UTF-8)", name, row=line
            ) from exc
