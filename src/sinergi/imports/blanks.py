"""Blank templates to download: XLSX (data sheet, instructions, reference sheets) and CSV (headers only)."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .kinds import Importer

DATA_ROWS_FORMATTED = 2000  # text format pre-set on this many rows so Excel keeps leading zeros


def template_xlsx(importer: Importer) -> bytes:
    workbook = Workbook()
    sheet = workbook.create_sheet("data", 0)
    workbook.remove(workbook.worksheets[1])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBE9")
    for index, column in enumerate(importer.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.name)
        cell.font, cell.fill = bold, fill
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(column.name) + 4)
        if column.text:
            for row in range(2, DATA_ROWS_FORMATTED + 2):
                sheet.cell(row=row, column=index).number_format = "@"
        if column.choices:
            validation = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True)
            validation.error = _("Pilih salah satu: %(choices)s") % {"choices": ", ".join(column.choices)}
            validation.errorTitle = column.name
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{DATA_ROWS_FORMATTED + 1}")
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("petunjuk")
    guide.append([_("kolom"), _("wajib?"), _("cara mengisi"), _("contoh")])
    for cell in guide[1]:
        cell.font, cell.fill = bold, fill
    required, optional = _("wajib"), _("boleh kosong")
    for column in importer.columns:
        # Help texts are lazy translations: openpyxl takes plain str only.
        guide.append([column.name, required if column.required else optional, str(column.help), column.example])
    for letter, width in zip("ABCD", (26, 14, 80, 30), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    guide.append([])
    guide.append(
        [
            _(
                "Isi lembar 'data' mulai baris 2, satu baris per usaha. Jangan mengubah judul kolom. Rumus tidak "
                "diterima: ketik nilainya."
            )
        ]
    )
    for title, headers, rows in _reference_sheets(importer):
        extra = workbook.create_sheet(title)
        extra.append(headers)
        for cell in extra[1]:
            cell.font, cell.fill = bold, fill
        for values in rows:
            extra.append(values)
        for index in range(1, len(headers) + 1):
            extra.column_dimensions[get_column_letter(index)].width = 24
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(importer: Importer) -> bytes:
    # A BOM so that Excel opens the file as UTF-8.
    return ("\ufeff" + ",".join(c.name for c in importer.columns) + "\r\n").encode("utf-8")


def _reference_sheets(importer: Importer) -> list[tuple[str, list[str], list[list[Any]]]]:
    extra = getattr(importer, "reference_sheets", None)
    return list(extra()) if extra is not None else []
