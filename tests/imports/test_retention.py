"""Old import jobs lose their files (personal data) but keep their record; recent and running ones do not."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from sinergi.core.models import AuditEntry
from sinergi.imports import services
from sinergi.imports.models import ImportJob, JobStatus

from .factories import good_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def _age(job: ImportJob, days: int) -> None:
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_old_jobs_lose_their_files_and_keep_their_record(
    run_upload: Callable[..., ImportJob], staff_client: Any
) -> None:
    bad = run_upload(xlsx_bytes([good_row(1), good_row(2, nib="123")]))
    assert bad.status == JobStatus.INVALID
    assert bad.report
    ready = run_upload(xlsx_bytes([good_row(3)]))
    assert ready.status == JobStatus.VALIDATED
    assert ready.validated_rows
    recent = run_upload(xlsx_bytes([good_row(4)]))
    names = [bad.file.name, bad.report.name, ready.file.name, ready.validated_rows.name]
    assert all(default_storage.exists(n) for n in names)
    _age(bad, 31)
    _age(ready, 31)

    assert services.jobs_purge_files() == 2
    assert not any(default_storage.exists(n) for n in names)
    assert default_storage.exists(recent.file.name)
    bad.refresh_from_db()
    ready.refresh_from_db()
    assert bad.files_purged_at
    assert not bad.file
    assert not bad.report
    assert bad.status == JobStatus.INVALID
    assert bad.errors
    assert bad.rows_invalid == 1
    assert ready.status == JobStatus.FAILED
    assert not ready.preview
    assert "unggah lagi" in ready.message
    assert AuditEntry.objects.filter(action="imports.files.purged").count() == 1
    assert services.jobs_purge_files() == 0  # idempotent
    page = staff_client.get(f"/impor/{bad.pk}/").content.decode()
    assert 'data-testid="files-purged"' in page
    assert 'data-testid="report-link"' not in page
    assert staff_client.get(f"/impor/{bad.pk}/laporan/").status_code == 404


def test_jobs_being_checked_or_saved_by_a_live_worker_are_left_alone(run_upload: Callable[..., ImportJob]) -> None:
    job = run_upload(xlsx_bytes([good_row(1)]))
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.COMMITTING, heartbeat_at=timezone.now())
    _age(job, 90)
    assert services.jobs_purge_files() == 0
    assert default_storage.exists(job.file.name)


def test_command_uses_the_retention_setting_and_days(run_upload: Callable[..., ImportJob], settings: Any) -> None:
    job = run_upload(xlsx_bytes([good_row(1)]))
    _age(job, 10)
    settings.SINERGI_IMPORT_RETENTION_DAYS = 30
    out = StringIO()
    call_command("purge_imports", stdout=out)
    assert "import jobs purged: 0" in out.getvalue()
    call_command("purge_imports", "--days", "7", stdout=out)
    assert "import jobs purged: 1" in out.getvalue()
    job.refresh_from_db()
    assert job.files_purged_at is not None
