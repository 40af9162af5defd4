"""Every XLSX export styles its header row through the one helper, `imports.exports.append_header`."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sinergi.collaboration import exports as collaboration_exports
from sinergi.events import exports as event_exports
from sinergi.events import services as event_services
from sinergi.events.reports import event_report
from sinergi.imports import blanks
from sinergi.imports.exports import HEADER_FILL, append_header, header_width, write_workbook, write_xlsx
from sinergi.imports.kinds import importers
from tests.events.factories import accepted_application, make_event


def _assert_styled_header(sheet, *, frozen: bool = True) -> None:
    header = next(sheet.iter_rows(min_row=1, max_row=1))
    assert header, sheet.title
    for cell in header:
        assert cell.font.b, (sheet.title, cell.coordinate)
        assert cell.fill.fill_type == "solid"
        assert cell.fill.fgColor.rgb == HEADER_FILL.fgColor.rgb
        assert cell.data_type == "s"
    assert sheet.freeze_panes == ("A2" if frozen else None)


def test_append_header_sizes_columns_on_write_only_and_normal_sheets() -> None:
    headers = ["id", "x" * 60, "catatan"]
    data = write_workbook([("satu", headers, [[1, "=1+1", None]]), ("ringkasan", None, [["label", 2]])])
    book = load_workbook(io.BytesIO(data))
    _assert_styled_header(book["satu"])
    assert book["satu"].column_dimensions["A"].width == header_width("id") == 12
    assert book["satu"].column_dimensions["B"].width == 40
    assert book["satu"]["B2"].value == "=1+1"
    assert book["satu"]["B2"].data_type == "s"
    assert book["satu"]["B2"].quotePrefix
    assert book["ringkasan"]["A1"].font.b is False
    assert book["ringkasan"].freeze_panes is None

    from openpyxl import Workbook

    normal = Workbook().active
    append_header(normal, ["a", "b"], widths={"a": 30}, default_width=24, freeze=False)
    assert normal.column_dimensions["A"].width == 30
    assert normal.column_dimensions["B"].width == 24
    assert normal["A1"].font.b
    assert normal.freeze_panes is None


@pytest.mark.django_db
def test_import_export_and_blank_template_headers() -> None:
    handle = io.BytesIO()
    write_xlsx(handle, ["nama", "nik"], [["Ani", "0123"]], text_columns=["nik"])
    _assert_styled_header(load_workbook(io.BytesIO(handle.getvalue()))["data"])
    importer = importers()[0]
    book = load_workbook(io.BytesIO(blanks.template_xlsx(importer)))
    _assert_styled_header(book["data"])
    for sheet in book.worksheets[1:]:
        _assert_styled_header(sheet, frozen=False)


def test_collaboration_export_headers() -> None:
    data = {
        "inisiatif": (collaboration_exports.INITIATIVE_HEADER, []),
        "endorsement": (["inisiatif_id", "organisasi"], [[1, "+62 org"]]),
    }
    book = load_workbook(io.BytesIO(collaboration_exports.to_xlsx(data)))
    assert book.sheetnames == ["inisiatif", "endorsement"]
    for sheet in book.worksheets:
        _assert_styled_header(sheet)
    assert book["endorsement"]["B2"].value == "+62 org"
    assert book["endorsement"]["B2"].quotePrefix
    assert book["endorsement"]["B2"].number_format == "@"


@pytest.mark.django_db
def test_event_report_headers() -> None:
    event = make_event()
    app = accepted_application(event)
    event_services.sales_report(by=None, application=app, day=event.start_date, amount=Decimal(1000))
    book = load_workbook(io.BytesIO(event_exports.report_xlsx(event_report(event))))
    assert book.sheetnames[0] == "Ringkasan"
    assert book["Ringkasan"]["A1"].font.b is False  # label/value pairs, no header row
    for sheet in book.worksheets[1:]:
        _assert_styled_header(sheet)
