"""Writes of the imports app: create a job from an upload, ask for its commit. Work runs in tasks."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.core import audit
from sinergi.core.errors import Conflict, NotAllowed, ServiceError

from . import readers
from .kinds import importer_for
from .models import ImportJob, JobStatus


def job_create(*, by: Any, kind: str, upload: UploadedFile) -> ImportJob:
    """Store the upload privately and queue its validation. Size and type are refused before reading."""
    importer = importer_for(kind)
    if importer is None:
        raise ServiceError(_("Jenis impor tidak dikenal."), code="unknown_kind")
    if not by.has_perm(importer.permission):
        raise NotAllowed(_("Anda tidak berwenang mengimpor data ini."))
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
            actor=by,
            action="imports.job.uploaded",
            target=job,
            data={"kind": kind, "format": file_format, "bytes": job.size_bytes},
        )
        transaction.on_commit(lambda: _enqueue_validation(job.pk))
    return job


def job_commit(*, by: Any, job: ImportJob) -> ImportJob:
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


def _enqueue_validation(job_id: int) -> None:
    from .tasks import validate_import

    validate_import.enqueue(job_id)


def _enqueue_commit(job_id: int) -> None:
    from .tasks import commit_import

    commit_import.enqueue(job_id)
