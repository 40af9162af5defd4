"""Files for import tests: good actor rows and ways to spoil them, as XLSX or CSV bytes."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from sinergi.registry.bulk import COLUMN_NAMES

HEADERS = list(COLUMN_NAMES)


def good_row(n: int = 1, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "nama_usaha": f"Usaha Impor {n}",
        "jenis_pelaku": "badan_usaha",
        "bentuk_usaha": "cv",
        "nib": f"{9120000000000 + n}",
        "npwp": "",
        "kbli_utama": "14111",
        "kbli_lain": "",
        "deskripsi": "Produk kreatif.",
        "alamat_usaha": f"Jl. Contoh No. {n}",
        "kode_kelurahan": "32.76.01.1006",
        "tahun_berdiri": 2015,
        "tenaga_kerja_perempuan": 2,
        "tenaga_kerja_laki_laki": 1,
        "tahun_angka": 2024,
        "modal_usaha": 15_000_000,
        "omzet_tahunan": 120_000_000,
        "dibina_oleh": "",
        "nama_narahubung": "Siti Aminah",
        "nik_narahubung": "3276014508900001",
        "telepon_narahubung": "081234567890",
        "persetujuan_narahubung": "ya",
    }
    row.update(overrides)
    return row


def xlsx_bytes(
    rows: Sequence[dict[str, Any] | None],
    headers: Sequence[str] = HEADERS,
    *,
    formulas: dict[tuple[int, str], str] | None = None,
) -> bytes:
    """A workbook with one 'data' sheet; None in `rows` is an empty row. `formulas` puts a formula in a cell
    (keyed by data-row index and column)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "data"
    sheet.append(list(headers))
    for row in rows:
        sheet.append([] if row is None else [row.get(h) for h in headers])
    for (index, column), formula in (formulas or {}).items():
        sheet.cell(row=index + 2, column=list(headers).index(column) + 1, value=formula)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: Sequence[dict[str, Any] | None],
    headers: Sequence[str] = HEADERS,
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([] if row is None else ["" if row.get(h) is None else row.get(h) for h in headers])
    return buffer.getvalue().encode(encoding)


def upload(content: bytes, name: str = "pelaku.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
