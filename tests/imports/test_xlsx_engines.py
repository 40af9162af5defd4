"""The two XLSX engines give the same table: python-calamine (files without formulas) and openpyxl."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from sinergi.imports import readers

HEADERS = ["nama_usaha", "nib", "modal_usaha", "tanggal", "catatan"]


def _read(path: Path, engine: str) -> tuple[list[str], int, list[tuple[int, list[Any]]], int]:
    reader = readers._read_xlsx_calamine if engine == "calamine" else readers._read_xlsx_openpyxl
    table = reader(path, expected_headers=HEADERS)
    try:
        rows = [(n, list(v)) for n, v in table.rows]
    finally:
        table.close()
    return table.headers, table.header_row, rows, table.estimated_rows


def _both(path: Path) -> tuple[Any, Any]:
    return _read(path, "calamine"), _read(path, "openpyxl")


def test_same_rows_values_and_numbers_for_a_sheet_that_starts_elsewhere(tmp_path: Path) -> None:
    workbook = Workbook()
    notes = workbook.active
    notes.title = "Petunjuk"
    notes["A1"] = "Isi lembar data"  # no headers here: the data sheet is found by its headers
    sheet = workbook.create_sheet("data")
    sheet["B3"], sheet["C3"], sheet["D3"], sheet["E3"], sheet["F3"] = HEADERS
    sheet.append([])
    sheet["B4"], sheet["C4"], sheet["D4"] = "Batik Jaya", "9120000000001", 1_500_000_000
    sheet["E4"] = datetime.date(2024, 5, 17)
    sheet["F4"] = "  spasi  "
    sheet["B5"], sheet["D5"], sheet["F5"] = "Kopi", 12.5, True
    sheet["B7"], sheet["D7"] = "Setelah baris kosong", -3
    path = tmp_path / "offset.xlsx"
    workbook.save(path)
    calamine, openpyxl = _both(path)
    assert calamine[:3] == openpyxl[:3]
    headers, header_row, rows, _ = calamine
    assert (headers, header_row) == (["", *HEADERS], 3)  # column A stays empty, as in the sheet
    first = rows[0][1]
    assert first[1:4] == ["Batik Jaya", "9120000000001", 1_500_000_000]
    assert isinstance(first[3], int)
    assert first[4] == datetime.datetime(2024, 5, 17)
    assert rows[1][1][3] == 12.5
    assert rows[1][1][5] is True
    assert calamine[3] >= 4  # an estimate of the rows below the headers, for the progress bar


def test_data_beyond_the_titled_columns_is_refused_by_both(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(["Batik", "", 1, None, None, "tanpa judul"])
    path = tmp_path / "extra.xlsx"
    workbook.save(path)
    for engine in ("calamine", "openpyxl"):
        with pytest.raises(readers.FileRejected, match="Baris 2 berisi data di luar kolom berjudul"):
            _read(path, engine)


def test_no_headers_anywhere_is_refused_by_both(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["a", "b"])
    path = tmp_path / "none.xlsx"
    workbook.save(path)
    for engine in ("calamine", "openpyxl"):
        with pytest.raises(readers.FileRejected) as caught:
            _read(path, engine)
        assert caught.value.code == "headers"


def test_workbooks_with_formulas_are_found_and_read_with_openpyxl(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(["Batik", "", "=1+1", None, None])
    path = tmp_path / "formula.xlsx"
    workbook.save(path)
    assert readers.has_formulas(path)
    table = readers.read_xlsx(path, expected_headers=HEADERS)
    assert next(iter(table.rows))[1][2] == "=1+1"  # the pipeline refuses it with row and column
    table.close()


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (b'<c r="A2"><f t="shared" ref="A2:A9" si="0">B2*2</f><v>4</v></c>', True),
        (b'<x:c r="A2"><x:f>SUM(B1:B3)</x:f></x:c>', True),
        (b'<c r="A2"><f/></c>', True),
        (b'<c r="A2" t="inlineStr"><is><t>&lt;f&gt; is text</t></is></c><filterColumn colId="0"/>', False),
    ],
)
def test_formula_scan_matches_only_formula_elements(tmp_path: Path, xml: bytes, expected: bool) -> None:
    path = tmp_path / "scan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(
            "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>" + xml + b"</row></sheetData></worksheet>"
        )
    assert readers.has_formulas(path) is expected


def test_calamine_value_normalisation() -> None:
    value = readers._calamine_value
    assert value("") is None
    assert value(" ") == " "
    assert value(2001.0) == 2001
    assert isinstance(value(2001.0), int)
    assert value(1.5) == 1.5
    assert isinstance(value(9.1e15), float)  # beyond exact integers: left as it is (an invalid NIK, say so)
    assert value(datetime.date(2024, 1, 2)) == datetime.datetime(2024, 1, 2)
    assert value(datetime.datetime(2024, 1, 2, 3, 4)) == datetime.datetime(2024, 1, 2, 3, 4)
