"""Validation and commit run as background tasks, where no request chose a language: they run in the
uploader's language (`User.language`), so what is stored on the job — file and cell errors, duplicate
warnings, the report's `kesalahan` column, a failed commit's message — reads in that language.

Each test uploads through the page but runs the task the way the worker does (`.call`, outside any
request, Indonesian active), so only the uploader's saved choice can make the messages English.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from sinergi.imports.models import ImportJob, JobStatus
from sinergi.imports.tasks import commit_import, validate_import
from tests.factories import make_actor

from .factories import HEADERS, csv_bytes, good_row, upload, xlsx_bytes


@pytest.fixture(autouse=True)
def _indonesian_afterwards() -> Iterator[None]:
    """Pages requested with the English cookie leave English active in this thread; restore the default."""
    yield
    translation.deactivate()


def _speaking(staff: Any, staff_client: Client, language: str) -> Client:
    staff.language = language
    staff.save(update_fields=["language"])
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # as set at sign-in from the preference
    return staff_client


def _uploaded(staff_client: Client, content: bytes, name: str = "pelaku.csv") -> ImportJob:
    """Upload through the page; the queued validation is NOT run (no on-commit callbacks in a test)."""
    response = staff_client.post("/impor/pelaku/", {"file": upload(content, name)})
    assert response.status_code == 302
    job = ImportJob.objects.order_by("-pk").first()
    assert job is not None
    assert job.status == JobStatus.UPLOADED
    return job


def _validated(staff_client: Client, content: bytes, name: str = "pelaku.csv") -> ImportJob:
    job = _uploaded(staff_client, content, name)
    translation.deactivate()  # the worker: no request, no language chosen
    validate_import.call(job.pk)
    job.refresh_from_db()
    return job


def _report_notes(staff_client: Client, job: ImportJob) -> list[str]:
    response = staff_client.get(f"/impor/{job.pk}/laporan/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if job.file_format == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = [["" if v is None else str(v) for v in r] for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["kesalahan", *HEADERS]  # machine headers are never translated
    return [r[0] for r in rows[1:]]


BAD_ROWS = [good_row(1), good_row(2, nib="123", kbli_utama="99999")]


@pytest.mark.parametrize("name", ["pelaku.csv", "pelaku.xlsx"])
def test_english_uploader_reads_cell_errors_in_english(staff: Any, staff_client: Client, name: str) -> None:
    client = _speaking(staff, staff_client, "en")
    job = _validated(client, csv_bytes(BAD_ROWS) if name.endswith("csv") else xlsx_bytes(BAD_ROWS), name)
    assert job.status == JobStatus.INVALID
    assert [(e["row"], e["column"], e["message"]) for e in job.errors] == [
        (3, "nib", "An NIB must have 13 digits."),
        (3, "kbli_utama", "KBLI code 99999 does not exist in KBLI 2020."),
    ]
    page = client.get(f"/impor/{job.pk}/").content.decode()
    assert "An NIB must have 13 digits." in page
    assert "KBLI code 99999 does not exist in KBLI 2020." in page
    assert "NIB harus 13 angka." not in page
    assert _report_notes(client, job) == [
        "",
        "nib: An NIB must have 13 digits.; kbli_utama: KBLI code 99999 does not exist in KBLI 2020.",
    ]


def test_indonesian_uploader_reads_cell_errors_in_indonesian(staff: Any, staff_client: Client) -> None:
    client = _speaking(staff, staff_client, "id")
    job = _validated(client, csv_bytes(BAD_ROWS))
    assert [e["message"] for e in job.errors] == [
        "NIB harus 13 angka.",
        "Kode KBLI 99999 tidak ada dalam KBLI 2020.",
    ]
    assert "Kode KBLI 99999 tidak ada dalam KBLI 2020." in client.get(f"/impor/{job.pk}/").content.decode()
    assert (
        _report_notes(client, job)[1]
        == "nib: NIB harus 13 angka.; kbli_utama: Kode KBLI 99999 tidak ada dalam KBLI 2020."
    )


def test_the_uploaders_choice_not_the_active_language_decides(staff: Any, staff_client: Client) -> None:
    client = _speaking(staff, staff_client, "id")
    job = _uploaded(client, csv_bytes(BAD_ROWS))
    with translation.override("en"):  # whatever the worker's thread happens to speak
        validate_import.call(job.pk)
    job.refresh_from_db()
    assert job.errors[0]["message"] == "NIB harus 13 angka."


def test_english_uploader_reads_a_rejected_file_and_notices_in_english(staff: Any, staff_client: Client) -> None:
    client = _speaking(staff, staff_client, "en")
    headers = [h for h in HEADERS if h != "nib"] + ["catatan"]
    job = _validated(client, csv_bytes([good_row(1)], headers=headers, delimiter=";"))
    assert job.status == JobStatus.INVALID
    assert job.message == (
        "The column headers do not match the template (missing column: nib; unknown column header: catatan). "
        "Download the template and copy its headers exactly, without changing the spelling."
    )
    assert "Download the template and copy its headers exactly" in client.get(f"/impor/{job.pk}/").content.decode()

    job = _validated(client, csv_bytes([good_row(1)], delimiter=";"))
    assert job.status == JobStatus.VALIDATED
    assert job.notices == ["Semicolon (;) column separator detected and accepted."]


def test_english_uploader_reads_duplicate_warnings_in_english(staff: Any, staff_client: Client) -> None:
    client = _speaking(staff, staff_client, "en")
    make_actor(name="Batik Sawangan Indah")
    rows = [good_row(1, nama_usaha="Batik Sawangan Indah"), good_row(2, nama_usaha="Indah Batik Sawangan")]
    job = _validated(client, csv_bytes(rows))
    assert job.status == JobStatus.VALIDATED
    assert [w["message"] for w in job.warnings] == [
        "Similar to the stored profile 'Batik Sawangan Indah' in the same kelurahan.",
        "Similar to 'Batik Sawangan Indah' in row 2 (same kelurahan).",
        "Similar to the stored profile 'Batik Sawangan Indah' in the same kelurahan.",
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "NIB 9120000000001 was registered after the file was checked; upload the file again. No data was saved.",
        ),
        (
            "id",
            "NIB 9120000000001 sudah terdaftar sejak berkas diperiksa; unggah ulang berkasnya. "
            "Tidak ada data yang disimpan.",
        ),
    ],
)
def test_a_failed_commit_is_explained_in_the_uploaders_language(
    staff: Any, staff_client: Client, language: str, expected: str
) -> None:
    client = _speaking(staff, staff_client, language)
    job = _validated(client, csv_bytes([good_row(1)]))
    assert job.status == JobStatus.VALIDATED
    assert client.post(f"/impor/{job.pk}/simpan/").status_code == 302  # queued, not run
    make_actor(nib="9120000000001")  # someone registers the same NIB meanwhile
    translation.deactivate()
    assert commit_import.call(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.message == expected


def test_template_instructions_in_the_readers_language(staff: Any, staff_client: Client) -> None:
    client = _speaking(staff, staff_client, "en")
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/impor/pelaku/templat.xlsx").content))
    guide = [list(r) for r in workbook["petunjuk"].iter_rows(values_only=True)]
    assert guide[0] == ["column", "required?", "how to fill in", "example"]
    assert guide[1][:3] == ["nama_usaha", "required", "Name of the business or of the actor, at most 200 characters."]
    assert [c.value for c in workbook["data"][1]] == HEADERS
