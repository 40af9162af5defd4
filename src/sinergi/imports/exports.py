"""Writing tables for people to open in a spreadsheet: exports, error reports and templates.

Every text cell that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
return) is neutralised (the OWASP "CSV injection" advice). In XLSX the cell is stored as text, formatted
as text (`@`) and marked `quotePrefix` — what Excel itself does when someone types '+62… — so it shows
`+6281…` without a visible apostrophe and stays text even when edited. CSV has no cell types: there the
value gets a leading apostrophe (import strips it again).
Large tables go through openpyxl's write-only mode into a temporary file, never into memory.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

# The rule lives in core (the audit log's export uses it too); re-exported for this app's callers.
from sinergi.core.cells import formula_like, neutralise

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBE9")
ERROR_FONT = Font(color="A4161A", bold=True)


def _cell(
    sheet: Any,
    value: Any,
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
    text_format: bool = False,
    quote_prefix: bool = False,
) -> Any:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # openpyxl would store a string starting with '=' as a formula; keep it text.
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if text_format or quote_prefix:
        cell.number_format = "@"
    if quote_prefix:
        cell.quotePrefix = True  # Excel's own mark for "typed with a leading apostrophe": text, never a formula
    return cell


def header_width(header: str) -> int:
    """A column as wide as its header, within reason."""
    return max(12, min(40, len(header) + 4))


def append_header(
    sheet: Any,
    headers: Sequence[str],
    *,
    widths: Mapping[str, int] | None = None,
    default_width: int | None = None,
    freeze: bool = True,
) -> None:
    """The header row of every sheet Sinergi writes: bold on a shaded fill, columns sized, frozen in place.

    Call it before any other row; it works on normal and write-only sheets alike. A column's width is
    `widths[header]`, else `default_width`, else `header_width(header)`.
    """
    for index, header in enumerate(headers, start=1):
        width = (widths or {}).get(header, default_width if default_width is not None else header_width(header))
        sheet.column_dimensions[get_column_letter(index)].width = width
    if freeze:
        sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, h, font=HEADER_FONT, fill=HEADER_FILL) for h in headers])


def _row_cells(
    sheet: Any,
    row: Sequence[Any],
    *,
    neutralise_cells: bool = True,
    is_text: Sequence[bool] = (),
    error_column: str | None = None,
) -> list[Any]:
    cells = []
    for position, value in enumerate(row):
        guard = neutralise_cells and formula_like(value)
        text_format = position < len(is_text) and is_text[position]
        if error_column is not None and position == 0 and value:
            cells.append(_cell(sheet, value, font=ERROR_FONT, quote_prefix=guard))
        elif isinstance(value, str) or text_format:
            cells.append(_cell(sheet, value, text_format=text_format, quote_prefix=guard))
        else:
            cells.append(value)
    return cells


def write_xlsx(
    handle: IO[bytes],
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str = "data",
    text_columns: Iterable[str] = (),
    widths: dict[str, int] | None = None,
    neutralise_cells: bool = True,
    error_column: str | None = None,
) -> int:
    """Write one sheet (header row, then rows) to `handle`; returns the number of rows written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    texts = set(text_columns)
    append_header(sheet, headers, widths=widths)
    is_text = [h in texts for h in headers]
    count = 0
    for row in rows:
        sheet.append(
            _row_cells(sheet, row, neutralise_cells=neutralise_cells, is_text=is_text, error_column=error_column)
        )
        count += 1
    workbook.save(handle)
    return count


def write_workbook(sheets: Iterable[tuple[str, Sequence[str] | None, Iterable[Sequence[Any]]]]) -> bytes:
    """A workbook of several sheets, each `(title, headers, rows)`, as bytes (for reports of modest size).

    Every header row goes through `append_header` (a sheet whose `headers` is None has none, e.g. a
    label/value summary) and every text cell is neutralised.
    """
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title)
        if headers is not None:
            append_header(sheet, headers)
        for row in rows:
            sheet.append(_row_cells(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(
    handle: IO[bytes], headers: Sequence[str], rows: Iterable[Sequence[Any]], *, neutralise_cells: bool = True
) -> int:
    """UTF-8 with a BOM, so Excel opens it with the right letters; comma separated."""
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(headers)
    count = 0
    for row in rows:
        writer.writerow(["" if v is None else (neutralise(v) if neutralise_cells else v) for v in row])
        count += 1
    text.flush()
    text.detach()
    return count


def write_table(
    file_format: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], **options: Any
) -> tuple[IO[bytes], int]:
    """The table in a temporary file (deleted when closed), positioned at its start."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 -- handed to the response, which closes it
    if file_format == "xlsx":
        count = write_xlsx(handle, headers, rows, **options)
    else:
        count = write_csv(handle, headers, rows, neutralise_cells=options.get("neutralise_cells", True))
    handle.seek(0)
    return handle, count


def wrap_alignment() -> Alignment:
    return Alignment(wrap_text=True, vertical="top")
