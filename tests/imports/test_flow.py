"""Good files commit every row; a bad row commits nothing; the report round trip; progress; permissions."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.test import override_settings

from sinergi.accounts.models import OrganisationKind, Role
from sinergi.core.models import AuditEntry
from sinergi.imports.models import ImportJob, JobStatus
from sinergi.imports.tasks import validate_import
from sinergi.registry.models import Actor, ActorYearlyFigure, ContactPerson, DuplicateFlag, Status
from tests.factories import make_actor, user_with_role

from .factories import HEADERS, csv_bytes, good_row, upload, xlsx_bytes


def test_good_file_commits_every_row(run_upload: Any, run_commit: Any, staff: Any) -> None:
    job = run_upload(xlsx_bytes([good_row(n) for n in range(1, 6)]))
    assert job.status == JobStatus.VALIDATED
    assert (job.rows_total, job.rows_valid, job.rows_invalid) == (5, 5, 0)
    assert len(job.preview["rows"]) == 5
    assert not Actor.objects.exists()  # nothing before commit
    job = run_commit(job)
    assert job.status == JobStatus.COMMITTED
    assert job.rows_committed == 5
    assert Actor.objects.filter(status=Status.VERIFIED).count() == 5
    assert ActorYearlyFigure.objects.count() == 5
    assert ContactPerson.objects.filter(consent_at__isnull=False).count() == 5
    entries = AuditEntry.objects.filter(action="registry.actor.imported")
    assert entries.count() == 1
    assert entries.get().data == {"job": job.pk, "count": 5, "status": "verified"}


def test_one_bad_row_commits_nothing(run_upload: Any, staff_client: Any) -> None:
    job = run_upload(xlsx_bytes([good_row(1), good_row(2, kbli_utama="99999"), good_row(3)]))
    assert job.status == JobStatus.INVALID
    assert (job.rows_valid, job.rows_invalid) == (2, 1)
    response = staff_client.post(f"/impor/{job.pk}/simpan/", follow=True)
    assert "tidak dapat disimpan" in response.content.decode()
    assert not Actor.objects.exists()


def test_page_shows_errors_by_row_and_column(run_upload: Any, staff_client: Any) -> None:
    job = run_upload(xlsx_bytes([good_row(1, nib="123")]))
    page = staff_client.get(f"/impor/{job.pk}/").content.decode()
    assert '<td class="num">2</td>' in page
    assert "<td>nib</td>" in page
    assert "NIB harus 13 angka." in page
    assert f"/impor/{job.pk}/laporan/" in page


def _report_rows(response: Any, file_format: str) -> tuple[list[str], list[list[Any]]]:
    content = b"".join(response.streaming_content)
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        return rows[0], rows[1:]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return [str(h) for h in rows[0]], rows[1:]


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_error_report_round_trip(run_upload: Any, run_commit: Any, staff_client: Any, file_format: str) -> None:
    rows = [good_row(1), good_row(2, nib="12", modal_usaha=-1), good_row(3, telepon_narahubung="+6281299990000")]
    content = xlsx_bytes(rows) if file_format == "xlsx" else csv_bytes(rows)
    job = run_upload(content, f"pelaku.{file_format}")
    assert job.status == JobStatus.INVALID
    response = staff_client.get(f"/impor/{job.pk}/laporan/")
    assert response.status_code == 200
    headers, report = _report_rows(response, file_format)
    assert headers == ["kesalahan", *HEADERS]
    assert [r[0] or "" for r in report] == [
        "",
        "nib: NIB harus 13 angka.; modal_usaha: Nilai uang tidak boleh negatif.",
        "",
    ]
    # The user fixes the two cells in the report and uploads it again.
    report[1][1 + HEADERS.index("nib")] = "9120000000002"
    report[1][1 + HEADERS.index("modal_usaha")] = 2_000_000
    if file_format == "xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(headers)
        for row in report:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        fixed = buffer.getvalue()
    else:
        text = io.StringIO()
        csv.writer(text).writerows([headers, *report])
        fixed = text.getvalue().encode("utf-8")
    job = run_upload(fixed, f"pelaku-diperbaiki.{file_format}")
    assert job.status == JobStatus.VALIDATED, job.errors
    job = run_commit(job)
    assert job.rows_committed == 3
    assert Actor.objects.count() == 3
    # The CSV report neutralised '+62…' as '+62… with an apostrophe; re-import reads the number back.
    assert ContactPerson.objects.filter(phone="+6281299990000").count() == 1


def test_likely_duplicates_are_shown_before_commit_and_flagged(
    run_upload: Any, run_commit: Any, staff_client: Any
) -> None:
    stored = make_actor(name="CV Batik Ayu")
    job = run_upload(xlsx_bytes([good_row(1, nama_usaha="Batik Ayu"), good_row(2, nama_usaha="Ayu Batik")]))
    assert job.status == JobStatus.VALIDATED
    messages = [(w["row"], w["message"]) for w in job.warnings]
    assert (2, "Mirip profil tersimpan 'CV Batik Ayu' di kelurahan yang sama.") in messages
    assert (3, "Mirip 'Batik Ayu' di baris 2 (kelurahan sama).") in messages
    assert "Kemungkinan duplikat" in staff_client.get(f"/impor/{job.pk}/").content.decode()
    run_commit(job)
    # Both new rows are flagged against the stored profile (the earliest match), as actor_create would.
    assert DuplicateFlag.objects.filter(actor=stored).count() == 2


def test_commit_refuses_a_nib_taken_since_validation(run_upload: Any, run_commit: Any) -> None:
    job = run_upload(xlsx_bytes([good_row(1), good_row(2)]))
    make_actor(name="Didaftarkan Sementara", nib=good_row(2)["nib"])
    job = run_commit(job)
    assert job.status == JobStatus.FAILED
    assert "sudah terdaftar sejak berkas diperiksa" in job.message
    assert Actor.objects.count() == 1


def test_commit_twice_is_refused(run_upload: Any, run_commit: Any, staff_client: Any) -> None:
    job = run_commit(run_upload(xlsx_bytes([good_row(1)])))
    response = staff_client.post(f"/impor/{job.pk}/simpan/", follow=True)
    assert "tidak dapat disimpan" in response.content.decode()
    assert Actor.objects.count() == 1


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_background_progress(staff_client: Any, django_capture_on_commit_callbacks: Any) -> None:
    """With a real queue the page polls a fragment every second until the job stops running."""
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post("/impor/pelaku/", {"file": upload(xlsx_bytes([good_row(1), good_row(2)]))})
    job = ImportJob.objects.get()
    assert response.url == f"/impor/{job.pk}/"
    assert job.status == JobStatus.UPLOADED
    fragment = staff_client.get(f"/impor/{job.pk}/kemajuan/", headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in fragment.content.decode()
    assert "data-bar=" in fragment.content.decode()
    assert "HX-Refresh" not in fragment
    validate_import.call(job.pk)  # what the worker does
    job.refresh_from_db()
    assert (job.status, job.progress_done, job.progress_total) == (JobStatus.VALIDATED, 2, 2)
    fragment = staff_client.get(f"/impor/{job.pk}/kemajuan/", headers={"HX-Request": "true"})
    assert fragment["HX-Refresh"] == "true"
    assert "every 1s" not in fragment.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/impor/{job.pk}/simpan/")
    job.refresh_from_db()
    assert job.status == JobStatus.COMMITTING
    assert "Menyimpan semua baris" in staff_client.get(f"/impor/{job.pk}/").content.decode()
    assert validate_import.call(job.pk) == "skipped"  # a stale task does nothing


def test_templates_download(staff_client: Any) -> None:
    response = staff_client.get("/impor/pelaku/templat.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["data", "petunjuk", "kelurahan"]
    assert [c.value for c in workbook["data"][1]] == HEADERS
    curug = [r for r in workbook["kelurahan"].iter_rows(values_only=True) if r[1] == "Curug"]
    assert len(curug) == 2
    response = staff_client.get("/impor/pelaku/templat.csv")
    assert response.content.decode("utf-8-sig").strip() == ",".join(HEADERS)


def test_empty_template_uploaded_back_says_so(run_upload: Any, staff_client: Any) -> None:
    job = run_upload(staff_client.get("/impor/pelaku/templat.xlsx").content)
    assert job.message == "Berkas tidak berisi baris data di bawah judul kolom."


# ---------------------------------------------------------------- permissions


@pytest.mark.parametrize(
    "url",
    [
        "/impor/",
        "/impor/pelaku/",
        "/impor/pelaku/templat.xlsx",
        "/impor/ekspor/pelaku/",
        "/impor/ekspor/pelaku/unduh.csv",
    ],
)
def test_non_staff_are_refused(client: Any, db: Any, url: str) -> None:
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(user_with_role(Role.MEMBER, OrganisationKind.COMMUNITY))
    assert client.get(url).status_code == 403


def test_non_staff_cannot_upload(client: Any, db: Any) -> None:
    client.force_login(user_with_role(Role.ANALYST))
    response = client.post("/impor/pelaku/", {"file": upload(xlsx_bytes([good_row(1)]))})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_jobs_are_private_to_their_uploader(run_upload: Any, client: Any) -> None:
    job = run_upload(xlsx_bytes([good_row(1, nib="1")]))
    client.force_login(user_with_role(Role.STAFF))
    for url in (f"/impor/{job.pk}/", f"/impor/{job.pk}/laporan/", f"/impor/{job.pk}/kemajuan/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/impor/{job.pk}/simpan/").status_code == 404
