"""Writes of the imports app: create a job from an upload, ask for its commit. Work runs in tasks."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core import audit, leases
from sinergi.core.access import check_perm
from sinergi.core.errors import Conflict, NotAllowed, ServiceError
from sinergi.core.languages import language_of

from . import exports, readers
from .kinds import Exporter, importer_for
from .models import ImportJob, JobStatus

if TYPE_CHECKING:
    from sinergi.accounts.models import User


def job_create(*, by: User, kind: str, upload: UploadedFile[Any]) -> ImportJob:
    """Store the upload privately and queue its validation. Size and type are refused before reading."""
    importer = importer_for(kind)
    if importer is None:
        raise ServiceError(_("Jenis impor tidak dikenal."), code="unknown_kind")
    check_perm(by, importer.permission, message=_("Anda tidak berwenang mengimpor data ini."))
    name = upload.name or "berkas"
    try:
        file_format = readers.format_of(name)
        readers.check_size(upload.size or 0)
    except readers.FileRejected as exc:
        raise ServiceError(exc.message, code=exc.code, field_errors={"file": [exc.message]}) from exc
    with transaction.atomic():
        job = ImportJob(
            kind=kind, original_name=name[:255], file_format=file_format, size_bytes=upload.size or 0, created_by=by
        )
        job.file.save(name, upload, save=False)
        job.save()
        audit.record(
            by=by,
            action="imports.job.uploaded",
            target=job,
            data={"kind": kind, "format": file_format, "bytes": job.size_bytes},
        )
        transaction.on_commit(lambda: _enqueue_validation(job.pk))
    return job


def export_write(*, by: User, exporter: Exporter, file_format: str, query: Mapping[str, Any]) -> tuple[IO[bytes], int]:
    """Write an export of `exporter`'s kind filtered by `query` into a temporary file (at its start, deleted
    when closed) and audit it; returns the file and its number of rows. Needs the exporter's permission;
    personal data is masked unless `by` may export it. A filter that names nothing raises ServiceError
    (field errors by parameter) before anything is written."""
    check_perm(by, exporter.permission, message=_("Anda tidak berwenang mengekspor data ini."))
    filters = exporter.parse_filters(query)
    masked = not by.has_perm(exporter.personal_permission)
    handle, count = exports.write_table(
        file_format,
        exporter.headers(),
        exporter.rows(user=by, filters=filters, masked=masked),
        sheet_title=exporter.slug,
        text_columns=exporter.personal_columns() | exporter.text_columns(),
    )
    exporter.record(user=by, filters=filters, count=count, masked=masked, file_format=file_format)
    return handle, count


def job_commit(*, by: User, job: ImportJob) -> ImportJob:
    """Queue the commit of a validated job; only its uploader may, and only once."""
    if job.created_by_id != getattr(by, "pk", None):
        raise NotAllowed(_("Hanya pengunggah yang dapat menyimpan impor ini."))
    with transaction.atomic():
        updated = ImportJob.objects.filter(pk=job.pk, status=JobStatus.VALIDATED).update(status=JobStatus.COMMITTING)
        if not updated:
            job.refresh_from_db()
            raise Conflict(
                _("Impor berstatus '%(status)s' tidak dapat disimpan.") % {"status": job.get_status_display()},
                code="not_validated",
            )
        job.status = JobStatus.COMMITTING
        transaction.on_commit(lambda: _enqueue_commit(job.pk))
    return job


def job_retry(*, by: User, job: ImportJob) -> ImportJob:
    """Run again the step a dying worker interrupted: the check (from the kept upload) or the save (from
    the kept validated rows; the interrupted save stored nothing, it was one transaction). Only the
    uploader may, as for a commit; a job whose files are purged must be uploaded again."""
    if job.created_by_id != getattr(by, "pk", None):
        raise NotAllowed(_("Hanya pengunggah yang dapat mengulang impor ini."))
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not locked.can_retry:
            raise Conflict(
                _("Impor berstatus '%(status)s' tidak dapat diulang.") % {"status": locked.get_status_display()},
                code="not_retryable",
            )
        step = locked.interrupted_during
        locked.status = JobStatus.COMMITTING if step == JobStatus.COMMITTING else JobStatus.UPLOADED
        locked.interrupted_during = ""
        locked.message = ""
        locked.heartbeat_at = None
        locked.save(update_fields=["status", "interrupted_during", "message", "heartbeat_at", "updated_at"])
        audit.record(by=by, action="imports.job.retried", target=locked, data={"step": step})
        enqueue = _enqueue_commit if step == JobStatus.COMMITTING else _enqueue_validation
        transaction.on_commit(lambda: enqueue(locked.pk))
    return locked


INTERRUPTED_MESSAGES = {
    JobStatus.VALIDATING: gettext_lazy(
        "Pemeriksaan berkas terhenti karena proses latar belakang berhenti (misalnya server dimulai ulang). "
        "Tidak ada data yang disimpan. Tekan 'Coba lagi' untuk memeriksa ulang."
    ),
    JobStatus.COMMITTING: gettext_lazy(
        "Penyimpanan terhenti karena proses latar belakang berhenti (misalnya server dimulai ulang). "
        "Tidak ada data yang disimpan. Tekan 'Coba lagi' untuk menyimpan lagi."
    ),
}


def jobs_fail_interrupted(stale: QuerySet[ImportJob]) -> int:
    """Mark failed the jobs whose worker died mid-check or mid-save (core.leases calls this with the
    stale ones). Rows still locked by a live transaction are skipped; each failure is audited."""
    failed = 0
    with transaction.atomic():
        for job in stale.select_for_update(skip_locked=True, of=("self",)).select_related("created_by"):
            step = job.status
            with translation.override(language_of(job.created_by)):
                job.message = str(INTERRUPTED_MESSAGES[JobStatus(step)])
            job.status = JobStatus.FAILED
            job.interrupted_during = step
            job.save(update_fields=["status", "interrupted_during", "message", "updated_at"])
            audit.record(by=None, action="imports.job.interrupted", target=job, data={"step": step})
            failed += 1
    return failed


PURGED_FIELDS = [
    "file",
    "validated_rows",
    "report",
    "preview",
    "files_purged_at",
    "status",
    "interrupted_during",
    "message",
    "updated_at",
]


def retention_days() -> int:
    return int(getattr(settings, "SINERGI_IMPORT_RETENTION_DAYS", 30))


def jobs_purge_files(*, by: User | None = None, older_than: timedelta | None = None) -> int:
    """Delete the stored files of import jobs uploaded before the retention period (default
    `SINERGI_IMPORT_RETENTION_DAYS`, 30 days): the upload, the validated rows and the error report all
    hold personal data (NIK, phone) that is no longer needed once the import is done (UU 27/2022, data
    minimisation). The job itself stays (who, when, counts, errors by row and column: the audit trail),
    its preview is emptied, and a job validated but never committed can no longer be committed: it is
    marked failed with a message to upload again. Every state is covered: a job stuck "being checked"
    or "being saved" by a worker that died is purged and failed too; only a job whose worker still
    holds its lease (core.leases) is left to finish. Idempotent; returns the number of jobs purged and
    writes one audit entry when there were any."""
    cutoff = timezone.now() - (older_than if older_than is not None else timedelta(days=retention_days()))
    jobs = ImportJob.objects.filter(created_at__lt=cutoff, files_purged_at__isnull=True).exclude(
        status__in=[JobStatus.VALIDATING, JobStatus.COMMITTING], heartbeat_at__gte=leases.cutoff()
    )
    purged = 0
    for job in jobs.iterator(chunk_size=200):
        for field in (job.file, job.validated_rows, job.report):
            if field:
                field.delete(save=False)
        job.preview = {}
        job.files_purged_at = timezone.now()
        if job.status in {JobStatus.UPLOADED, JobStatus.VALIDATED, JobStatus.VALIDATING, JobStatus.COMMITTING}:
            job.status = JobStatus.FAILED
            job.interrupted_during = ""
            job.message = _("Berkas dihapus setelah masa simpan %(days)s hari; unggah lagi bila masih diperlukan.") % {
                "days": retention_days() if older_than is None else older_than.days
            }
        job.save(update_fields=PURGED_FIELDS)
        purged += 1
    if purged:
        audit.record(
            by=by,
            action="imports.files.purged",
            target=None,
            data={"jobs": purged, "uploaded_before": cutoff.isoformat()},
        )
    return purged


def _enqueue_validation(job_id: int) -> None:
    from .tasks import validate_import

    validate_import.enqueue(job_id)


def _enqueue_commit(job_id: int) -> None:
    from .tasks import commit_import

    commit_import.enqueue(job_id)
