"""The crafted-file suite on the import path: every file is refused cleanly (a job with a message that says
what was wrong and which limit was passed), never crashes the worker, never leaves a job "validating",
and stores nothing."""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.imports import readers
from sinergi.imports.models import ImportJob, JobStatus
from sinergi.registry.models import Actor
from tests import crafted

from .factories import HEADERS, csv_bytes, good_row


def _rows() -> list[list[object]]:
    row = good_row(1)
    return [list(HEADERS), [row.get(h) for h in HEADERS]]


def _refused(job: ImportJob, *needles: str) -> None:
    assert job.status == JobStatus.INVALID, (job.status, job.message)
    for needle in needles:
        assert needle in job.message, job.message
    assert not Actor.objects.exists()


def test_a_cell_at_the_last_excel_position_is_refused_before_reading(run_upload: Any, db: Any) -> None:
    content = crafted.dimension_bomb(_rows())
    assert len(content) < 20 * 1024
    job = run_upload(content)
    _refused(job, "lembar 'data'", "baris 1.048.576", "batas 300.000 baris")


def test_a_far_column_is_refused(run_upload: Any, db: Any) -> None:
    job = run_upload(crafted.dimension_bomb(_rows(), ref="BXX2"))
    _refused(job, "kolom ke-2000", "batas 256 kolom")


def test_rows_times_columns_over_the_cell_budget_is_refused(run_upload: Any, db: Any) -> None:
    # 200,000 rows × 200 columns: each within its own limit, 40 million cells together (12.8 GB dense).
    job = run_upload(crafted.dimension_bomb(_rows(), ref="GR200000"))
    _refused(job, "200.000 baris × 200 kolom", "batas 6.000.000 sel")


def test_a_declared_dimension_alone_is_refused(run_upload: Any, db: Any) -> None:
    job = run_upload(crafted.declared_dimension(_rows(), "A1:XFD1048576"))
    _refused(job, "baris 1.048.576")


def test_cells_without_references_are_counted(run_upload: Any, db: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(readers, "MAX_COLUMNS", 40)
    job = run_upload(crafted.cells_without_references(50))
    _refused(job, "kolom ke-41", "batas 40 kolom")


def test_zip_bomb(run_upload: Any, db: Any) -> None:
    content = crafted.zip_bomb(_rows())
    assert len(content) < 100 * 1024
    _refused(run_upload(content), "zip bomb")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (crafted.PDF_RENAMED, "berkas PDF"),
        (crafted.XLS_RENAMED, "berkas Excel lama (.xls)"),
        (crafted.BROKEN_ZIP, "rusak"),
        (csv_bytes([good_row(1)]), "berkas teks (mungkin CSV)"),
    ],
    ids=["pdf", "xls", "broken-zip", "csv"],
)
def test_wrong_type_renamed_to_xlsx(run_upload: Any, db: Any, content: bytes, needle: str) -> None:
    _refused(run_upload(content), needle)


def test_csv_with_a_nul_byte_is_named_as_such_not_utf16(run_upload: Any, db: Any) -> None:
    text = csv_bytes([good_row(1), good_row(2)]).decode()
    job = run_upload(crafted.csv_with_nul(text, line=3), "pelaku.csv")
    _refused(job, "karakter NUL", "baris 3")
    assert "UTF-16" not in job.message


def test_csv_utf16_without_bom_is_still_named_utf16(run_upload: Any, db: Any) -> None:
    content = csv_bytes([good_row(1)]).decode().encode("utf-16-le")
    _refused(run_upload(content, "pelaku.csv"), "UTF-16")


def test_a_formula_in_a_csv_is_refused_per_cell(run_upload: Any, db: Any) -> None:
    job = run_upload(csv_bytes([good_row(1, nama_usaha="=cmd|' /C calc'!A0")]), "pelaku.csv")
    assert job.status == JobStatus.INVALID
    assert any(e["row"] == 2 and e["column"] == "nama_usaha" and "rumus" in e["message"] for e in job.errors)


def test_a_real_workbook_passes_the_guard(run_upload: Any, db: Any) -> None:
    job = run_upload(crafted.workbook_bytes(_rows()))
    assert job.status == JobStatus.VALIDATED, (job.message, job.errors)


def test_an_upload_just_over_the_size_limit_is_a_form_error(staff_client: Any, db: Any, settings: Any) -> None:
    from .factories import upload

    settings.SINERGI_MAX_IMPORT_BYTES = 2000
    # Over the limit by more than the allowance for the form's own fields: refused by its declared length.
    response = staff_client.post("/impor/pelaku/", {"file": upload(b"x" * (70 * 1024), "pelaku.csv")})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Berkas terlalu besar (70 KB); batasnya 1 KB." in page
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "column", "needle"),
    [
        ({"modal_usaha": "1e30"}, "modal_usaha", "melebihi batas wajar Rp 1.000.000.000.000.000"),
        ({"omzet_tahunan": 10**16}, "omzet_tahunan", "melebihi batas wajar"),
        ({"tenaga_kerja_laki_laki": 100_000_000_000}, "tenaga_kerja_laki_laki", "100000"),
    ],
)
def test_implausible_values_are_refused_at_their_row_and_column(
    run_upload: Any, db: Any, overrides: dict[str, Any], column: str, needle: str
) -> None:
    from .factories import xlsx_bytes

    job = run_upload(xlsx_bytes([good_row(1, **overrides)]))
    assert job.status == JobStatus.INVALID, (job.message, job.errors)
    assert any(e["row"] == 2 and e["column"] == column and needle in e["message"] for e in job.errors), job.errors
    assert not Actor.objects.exists()


def test_a_cell_hidden_behind_a_lying_zip_header_is_refused(run_upload: Any, db: Any, tmp_path: Any) -> None:
    # The guard trusts the ZIP's declared sizes (it never inflates past them), so what it checks is what
    # the header declares; the reader must stop there too (python-calamine refuses a member larger than
    # its declared size), and the file is refused as damaged instead of reaching the far cell.
    content = crafted.lying_sizes(_rows())
    path = tmp_path / "bohong.xlsx"
    path.write_bytes(content)
    assert readers.inspect_xlsx(path).rows == 2  # the hidden row is past the declared size
    job = run_upload(content)
    _refused(job, "rusak")
