"""Blank templates to download: XLSX (data sheet, instructions, reference sheets) and CSV (headers only)."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .exports import append_header, wrap_alignment
from .kinds import Importer

DATA_ROWS_FORMATTED = 2000  # text format pre-set on this many rows so Excel keeps leading zeros


def template_xlsx(importer: Importer) -> bytes:
    workbook = Workbook()
    sheet = workbook.create_sheet("data", 0)
    workbook.remove(workbook.worksheets[1])
    names = [column.name for column in importer.columns]
    append_header(sheet, names, widths={name: max(14, len(name) + 4) for name in names})
    for index, column in enumerate(importer.columns, start=1):
        letter = get_column_letter(index)
        if column.text:
            for row in range(2, DATA_ROWS_FORMATTED + 2):
                sheet.cell(row=row, column=index).number_format = "@"
        if column.choices:
            validation = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True)
            validation.error = _("Pilih salah satu: %(choices)s") % {"choices": ", ".join(column.choices)}
            validation.errorTitle = column.name
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{DATA_ROWS_FORMATTED + 1}")
    guide = workbook.create_sheet("petunjuk")
    guide_headers = [_("kolom"), _("wajib?"), _("cara mengisi"), _("contoh")]
    append_header(guide, guide_headers, widths=dict(zip(guide_headers, (26, 14, 80, 30), strict=True)), freeze=False)
    required, optional = _("wajib"), _("boleh kosong")
    for column in importer.columns:
        # Help texts are lazy translations: openpyxl takes plain str only.
        guide.append([column.name, required if column.required else optional, str(column.help), column.example])
    for row in guide.iter_rows(min_row=2):
        row[2].alignment = wrap_alignment()
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
        append_header(extra, headers, default_width=24, freeze=False)
        for values in rows:
            extra.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(importer: Importer) -> bytes:
    # A BOM so that Excel opens the file as UTF-8.
    return ("\ufeff" + ",".join(c.name for c in importer.columns) + "\r\n").encode("utf-8")


def _reference_sheets(importer: Importer) -> list[tuple[str, list[str], list[list[Any]]]]:
    extra = getattr(importer, "reference_sheets", None)
    return list(extra()) if extra is not None else []
