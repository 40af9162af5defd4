"""An import job: one uploaded file on its way from upload to commit, with what was found on the way."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import TimeStampedModel


def _private_name(instance: Any, filename: str) -> str:
    # Random names: the original name is kept on the job, never used as a path.
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"impor/{uuid.uuid4().hex}{suffix}"


class JobStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Diunggah")
    VALIDATING = "validating", _("Sedang diperiksa")
    VALIDATED = "validated", _("Siap disimpan")
    INVALID = "invalid", _("Ada kesalahan")
    COMMITTING = "committing", _("Sedang disimpan")
    COMMITTED = "committed", _("Tersimpan")
    FAILED = "failed", _("Gagal")


class ImportJob(TimeStampedModel):
    """Files live in the default storage, which is not served: only the job's views hand them out."""

    kind = models.CharField(_("jenis impor"), max_length=40, db_index=True)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    file_format = models.CharField(_("format"), max_length=8)
    size_bytes = models.PositiveBigIntegerField(_("ukuran (byte)"), default=0)
    file = models.FileField(_("berkas"), upload_to=_private_name, max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=JobStatus, default=JobStatus.UPLOADED, db_index=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(_("baris"), default=0)
    rows_valid = models.PositiveIntegerField(_("baris benar"), default=0)
    rows_invalid = models.PositiveIntegerField(_("baris salah"), default=0)
    rows_committed = models.PositiveIntegerField(_("baris tersimpan"), default=0)
    error_count = models.PositiveIntegerField(_("jumlah kesalahan"), default=0)
    # The first errors and warnings, for the page; the full list is in the report file.
    errors: models.JSONField[Any, Any] = models.JSONField(_("kesalahan"), default=list, blank=True)
    warning_count = models.PositiveIntegerField(_("jumlah peringatan"), default=0)
    warnings: models.JSONField[Any, Any] = models.JSONField(_("peringatan"), default=list, blank=True)
    notices: models.JSONField[Any, Any] = models.JSONField(_("catatan pembacaan"), default=list, blank=True)
    message = models.TextField(_("pesan"), blank=True, help_text=_("Kesalahan pada berkas secara keseluruhan."))
    preview: models.JSONField[Any, Any] = models.JSONField(_("pratinjau"), default=dict, blank=True)
    validated_rows = models.FileField(upload_to=_private_name, max_length=200, blank=True)
    report = models.FileField(_("laporan kesalahan"), upload_to=_private_name, max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengunggah"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    validated_at = models.DateTimeField(_("diperiksa"), null=True, blank=True)
    committed_at = models.DateTimeField(_("disimpan"), null=True, blank=True)
    # Data minimisation (UU 27/2022): the uploaded file, the validated rows and the report hold personal
    # data; `jobs_purge_files` deletes them after the retention period and records when.
    files_purged_at = models.DateTimeField(_("berkas dihapus"), null=True, blank=True)
    # The worker's lease while the job is being checked or saved (core.leases): stamped every few
    # seconds; a job whose stamps stopped is failed by the reaper, which records the step it was in.
    heartbeat_at = models.DateTimeField(_("detak terakhir pekerja"), null=True, blank=True)
    interrupted_during = models.CharField(
        _("terhenti saat"),
        max_length=20,
        blank=True,
        choices=[("validating", _("Sedang diperiksa")), ("committing", _("Sedang disimpan"))],
    )

    class Meta:
        verbose_name = _("impor")
        verbose_name_plural = _("impor")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Impor #{self.pk} {self.original_name}"

    @property
    def is_running(self) -> bool:
        return self.status in {JobStatus.UPLOADED, JobStatus.VALIDATING, JobStatus.COMMITTING}

    @property
    def can_retry(self) -> bool:
        """Interrupted by a dying worker, with its files still kept: the step can run again."""
        return self.status == JobStatus.FAILED and bool(self.interrupted_during) and self.files_purged_at is None

    @property
    def percent(self) -> int:
        if self.status in {JobStatus.VALIDATED, JobStatus.INVALID, JobStatus.COMMITTED}:
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))
