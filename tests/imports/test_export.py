"""Exports: filtered, personal data masked unless allowed, formulas neutralised, every export audited."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest

from sinergi.accounts.models import Role
from sinergi.core.cells import neutralise
from sinergi.core.errors import NotAllowed, ServiceError
from sinergi.core.models import AuditEntry
from sinergi.imports import services as import_services
from sinergi.imports.kinds import exporter_for
from sinergi.registry import services
from tests.factories import UserFactory, kelurahan, make_actor, user_with_role


def _actor_with_contact(name: str, **data: Any) -> Any:
    actor = make_actor(name=name, **data)
    services.contact_save(
        by=None,
        actor=actor,
        data={"full_name": "Budi", "nik": "3276010101900001", "phone": "+6281234567890", "consent": True},
    )
    return actor


def _xlsx(response: Any) -> list[list[Any]]:
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_neutralise() -> None:
    for text in ("=1+1", "+62", "-5", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("Batik") == "Batik"
    assert neutralise(-5) == -5


def test_export_masks_personal_data_and_neutralises_formulas(client: Any, db: Any) -> None:
    _actor_with_contact('=HYPERLINK("http://contoh.test","klik")')
    client.force_login(user_with_role(Role.STAFF))
    rows = _xlsx(client.get("/impor/ekspor/pelaku/unduh.xlsx"))
    header, row = rows[0], rows[1]
    record = dict(zip(header, row, strict=True))
    assert record["nama_usaha"] == '=HYPERLINK("http://contoh.test","klik")'
    assert record["nik_narahubung"] == "••••••••••••0001"
    assert record["telepon_narahubung"] == "••••••••••7890"
    assert record["nama_narahubung"] == "Budi"
    response = client.get("/impor/ekspor/pelaku/unduh.csv")
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert lines[1][0].startswith("'=HYPERLINK")
    entry = AuditEntry.objects.filter(action="registry.actor.exported").latest("pk")
    assert entry.data == {"filters": {}, "count": 1, "masked": True, "format": "csv"}


def test_export_cells_are_text_not_formulas(client: Any, db: Any) -> None:
    _actor_with_contact("=1+1")
    client.force_login(user_with_role(Role.STAFF))
    content = b"".join(client.get("/impor/ekspor/pelaku/unduh.xlsx").streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == "=1+1"
    assert sheet["A2"].quotePrefix is True  # stays text when someone edits the cell
    assert sheet["A2"].number_format == "@"


def test_phone_numbers_show_without_an_apostrophe_and_stay_text(client: Any, db: Any) -> None:
    _actor_with_contact("Batik Telepon")
    client.force_login(user_with_role(Role.HEAD))
    content = b"".join(client.get("/impor/ekspor/pelaku/unduh.xlsx").streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("telepon_narahubung") + 1)
    assert cell.value == "+6281234567890"
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    assert cell.number_format == "@"
    # CSV has no cell types: there the apostrophe still guards, and import strips it.
    response = client.get("/impor/ekspor/pelaku/unduh.csv")
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert lines[1][lines[0].index("telepon_narahubung")] == "'+6281234567890"


def test_office_head_exports_personal_data_in_full(client: Any, db: Any) -> None:
    _actor_with_contact("Batik Lengkap")
    client.force_login(user_with_role(Role.HEAD))
    rows = _xlsx(client.get("/impor/ekspor/pelaku/unduh.xlsx"))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["nik_narahubung"] == "3276010101900001"
    # A leading + would start a formula when the cell is edited: the cell is marked text (quotePrefix, as
    # Excel does for '+62…), so the number shows without a visible apostrophe.
    assert record["telepon_narahubung"] == "+6281234567890"
    assert AuditEntry.objects.get(action="registry.actor.exported").data["masked"] is False
    page = client.get("/impor/ekspor/pelaku/").content.decode()
    assert "data pribadi lengkap" in page


def test_export_follows_the_filters(client: Any, db: Any) -> None:
    make_actor(name="Kopi Beji", kelurahan=kelurahan("32.76.06.1001"))
    make_actor(name="Batik Depok")
    client.force_login(user_with_role(Role.STAFF))
    rows = _xlsx(client.get("/impor/ekspor/pelaku/unduh.xlsx?q=kopi"))
    assert [r[0] for r in rows[1:]] == ["Kopi Beji"]
    rows = _xlsx(client.get("/impor/ekspor/pelaku/unduh.xlsx?kecamatan=32.76.01"))
    assert [r[0] for r in rows[1:]] == ["Batik Depok"]
    entry = AuditEntry.objects.filter(action="registry.actor.exported").latest("pk")
    assert entry.data["filters"] == {"kecamatan": "32.76.01"}
    assert entry.data["count"] == 1


def test_exported_file_imports_back_after_removing_duplicates(client: Any, db: Any) -> None:
    """The export carries the template's columns first, so an exported list is a starting point for edits."""
    make_actor(name="Batik Kembali")
    client.force_login(user_with_role(Role.STAFF))
    rows = _xlsx(client.get("/impor/ekspor/pelaku/unduh.xlsx"))
    from sinergi.registry.bulk import COLUMN_NAMES

    assert rows[0][: len(COLUMN_NAMES)] == list(COLUMN_NAMES)


def test_export_filters_accept_names_and_report_unknown_values(client: Any, db: Any) -> None:
    """Typing "Kuliner" (a name, not the code) exports the culinary actors; a value naming nothing
    is a located error on the export page, never an empty file."""
    make_actor(name="Batik Uji", kbli_code="14111")
    make_actor(name="Warung Uji", kbli_code="56101")
    client.force_login(user_with_role(Role.STAFF))
    response = client.get("/impor/ekspor/pelaku/unduh.csv", {"subsektor": "kuliner", "kecamatan": "Pancoran Mas"})
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [line[0] for line in lines[1:]] == ["Warung Uji"]
    entry = AuditEntry.objects.filter(action="registry.actor.exported").latest("pk")
    assert entry.data["filters"] == {"subsector": "KUL", "kecamatan": "32.76.01"}

    response = client.get("/impor/ekspor/pelaku/unduh.csv", {"subsektor": "Kulinerr"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Subsektor “Kulinerr” tidak dikenal." in response.content.decode()
    assert "Unduh CSV" not in response.content.decode()  # no download link until the filter is fixed
    assert not AuditEntry.objects.filter(action="registry.actor.exported").exclude(pk=entry.pk).exists()
    page = client.get("/impor/ekspor/pelaku/", {"kecamatan": "Atlantis"})
    assert page.status_code == 400
    assert "Kecamatan “Atlantis” tidak ada." in page.content.decode()


def test_export_is_a_service_that_checks_permission_and_audits(db: Any) -> None:
    """The export's permission check, file and audit entry live in one service; the page only calls it."""
    _actor_with_contact("Batik Ekspor")
    exporter = exporter_for("pelaku")
    assert exporter is not None
    before = AuditEntry.objects.filter(action="registry.actor.exported").count()
    with pytest.raises(NotAllowed):
        import_services.export_write(by=UserFactory(), exporter=exporter, file_format="csv", query={})
    with pytest.raises(ServiceError) as refused:
        import_services.export_write(
            by=user_with_role(Role.STAFF), exporter=exporter, file_format="csv", query={"subsektor": "Tidak Ada"}
        )
    assert "subsektor" in refused.value.field_errors
    assert AuditEntry.objects.filter(action="registry.actor.exported").count() == before
    handle, count = import_services.export_write(
        by=user_with_role(Role.STAFF), exporter=exporter, file_format="csv", query={}
    )
    with handle:
        lines = list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))
    assert count == 1
    assert lines[1][0] == "Batik Ekspor"
    assert lines[1][lines[0].index("nik_narahubung")] != ""
    entry = AuditEntry.objects.filter(action="registry.actor.exported").latest("pk")
    assert entry.data == {"filters": {}, "count": 1, "masked": True, "format": "csv"}
