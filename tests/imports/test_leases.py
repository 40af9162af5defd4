"""Import jobs whose worker died (issue 10 §4): failed with a message, retried from the page.

The worker's death is what it leaves behind: a job in a running state whose lease stopped being
renewed. The real SIGKILL on PostgreSQL is in tests/faults/test_worker_faults.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from sinergi.core import leases
from sinergi.core.models import AuditEntry
from sinergi.imports import services
from sinergi.imports.models import ImportJob, JobStatus
from sinergi.registry.models import Actor

from .factories import good_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def _stuck(job: ImportJob, status: str, *, beat_seconds_ago: float) -> None:
    """Leave `job` as a worker killed in `status` leaves it: running, last stamp that long ago."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, heartbeat_at=timezone.now() - timedelta(seconds=beat_seconds_ago)
    )


def test_a_job_whose_worker_died_mid_check_is_failed_and_checked_again(
    run_upload: Callable[..., ImportJob], staff_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = run_upload(xlsx_bytes([good_row(1), good_row(2)]))
    _stuck(job, JobStatus.VALIDATING, beat_seconds_ago=leases.lease_seconds() + 5)
    assert leases.reap() == {"imports.ImportJob": 1}
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.interrupted_during == JobStatus.VALIDATING
    assert "proses latar belakang berhenti" in job.message
    assert "Coba lagi" in job.message
    assert AuditEntry.objects.filter(action="imports.job.interrupted", target_id=str(job.pk)).count() == 1
    page = staff_client.get(f"/impor/{job.pk}/").content.decode()
    assert escape(job.message) in page
    assert 'data-testid="retry"' in page
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(f"/impor/{job.pk}/coba-lagi/").status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.VALIDATED
    assert job.rows_valid == 2
    assert not job.interrupted_during
    assert leases.reap() == {}


def test_a_stuck_commit_is_failed_and_can_be_committed_again(
    run_upload: Callable[..., ImportJob], staff_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = run_upload(xlsx_bytes([good_row(1), good_row(2), good_row(3)]))
    assert job.status == JobStatus.VALIDATED
    _stuck(job, JobStatus.COMMITTING, beat_seconds_ago=leases.lease_seconds() * 3)
    # Before: nobody could do anything with it.
    assert leases.reap() == {"imports.ImportJob": 1}
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.interrupted_during == JobStatus.COMMITTING
    assert "Tidak ada data yang disimpan" in job.message
    assert not Actor.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/impor/{job.pk}/coba-lagi/")
    job.refresh_from_db()
    assert job.status == JobStatus.COMMITTED
    assert job.rows_committed == 3
    assert Actor.objects.count() == 3


def test_a_live_worker_keeps_its_job(run_upload: Callable[..., ImportJob]) -> None:
    job = run_upload(xlsx_bytes([good_row(1)]))
    _stuck(job, JobStatus.COMMITTING, beat_seconds_ago=leases.lease_seconds() / 2)
    assert leases.reap() == {}
    job.refresh_from_db()
    assert job.status == JobStatus.COMMITTING


def test_only_the_uploader_retries_and_only_an_interrupted_job(
    run_upload: Callable[..., ImportJob], client: Any
) -> None:
    from sinergi.accounts.models import Role
    from sinergi.core.errors import Conflict, NotAllowed
    from tests.factories import user_with_role

    job = run_upload(xlsx_bytes([good_row(1)]))
    with pytest.raises(Conflict):
        services.job_retry(by=job.created_by, job=job)  # validated, not interrupted
    _stuck(job, JobStatus.VALIDATING, beat_seconds_ago=leases.lease_seconds() + 1)
    leases.reap()
    job.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.job_retry(by=user_with_role(Role.STAFF), job=job)


def test_the_purge_covers_jobs_stuck_in_every_state(run_upload: Callable[..., ImportJob]) -> None:
    """Two files with 30,000 phone numbers each stayed past 30 days because their jobs were stuck."""
    stuck_check = run_upload(xlsx_bytes([good_row(1)]))
    stuck_save = run_upload(xlsx_bytes([good_row(2)]))
    live = run_upload(xlsx_bytes([good_row(3)]))
    _stuck(stuck_check, JobStatus.VALIDATING, beat_seconds_ago=40 * 86400)
    _stuck(stuck_save, JobStatus.COMMITTING, beat_seconds_ago=40 * 86400)
    _stuck(live, JobStatus.COMMITTING, beat_seconds_ago=1)
    ImportJob.objects.update(created_at=timezone.now() - timedelta(days=40))
    names = [stuck_check.file.name, stuck_save.file.name, stuck_save.validated_rows.name]
    assert services.jobs_purge_files() == 2
    assert not any(default_storage.exists(n) for n in names)
    assert default_storage.exists(live.file.name)
    for job in (stuck_check, stuck_save):
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED
        assert job.files_purged_at
        assert "unggah lagi" in job.message
        assert not job.can_retry


def test_reap_work_command(run_upload: Callable[..., ImportJob]) -> None:
    job = run_upload(xlsx_bytes([good_row(1)]))
    _stuck(job, JobStatus.VALIDATING, beat_seconds_ago=leases.lease_seconds() + 1)
    out = StringIO()
    call_command("reap_work", stdout=out)
    assert "work failed because its worker stopped: 1 (imports.ImportJob: 1)" in out.getvalue()


def test_a_running_task_holds_a_lease(run_upload: Callable[..., ImportJob]) -> None:
    """The task stamps its lease as it starts, so a job just picked up is never taken for dead."""
    before = timezone.now()
    job = run_upload(xlsx_bytes([good_row(1)]))
    assert job.heartbeat_at is not None
    assert job.heartbeat_at >= before


def test_the_interrupted_message_is_in_the_uploaders_language(run_upload: Callable[..., ImportJob], staff: Any) -> None:
    staff.language = "en"
    staff.save(update_fields=["language"])
    job = run_upload(xlsx_bytes([good_row(1)]))
    _stuck(job, JobStatus.COMMITTING, beat_seconds_ago=leases.lease_seconds() + 1)
    leases.reap()
    job.refresh_from_db()
    assert "Try again" in job.message
