"""Datasets: upload (a new version each time), validation by the engine in the worker, notes, deletion,
and recovery when the checking worker died."""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ekraf import EkrafError
from sinergi.accounts.models import User
from sinergi.core import audit
from sinergi.core.errors import Conflict, ServiceError
from sinergi.core.languages import language_of
from sinergi.core.writes import validate

from .. import adapters, selectors
from ..models import (
    Dataset,
    DatasetKind,
    DatasetSource,
    DatasetStatus,
)
from ._common import _require

ALLOWED_SUFFIXES = (".csv", ".xlsx")

logger = logging.getLogger("sinergi.statistics")


def dataset_upload(
    *,
    by: User,
    kind: str,
    name: str,
    region_code: str,
    region_name: str,
    upload: File[Any],
    supersedes: Dataset | None = None,
    note: str = "",
    source: str = DatasetSource.UPLOAD,
) -> Dataset:
    """Store a new version of a dataset and queue its validation by the engine (`dataset_validate`, in the
    task worker: no parsing in the web request). It is "validating" until then; an invalid file is kept
    (with its issues, for the record) but can never be used by a run."""
    _require(by, "statistics.upload_dataset", message=_("Anda tidak berhak mengunggah dataset."))
    if kind not in DatasetKind.values:
        raise ServiceError(_("Jenis dataset tidak dikenal."), field_errors={"kind": [_("Pilihan tidak dikenal.")]})
    original = Path(upload.name or "berkas").name
    suffix = Path(original).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ServiceError(
            _("Berkas harus CSV atau XLSX."), field_errors={"file": [_("Berkas harus berakhiran .csv atau .xlsx.")]}
        )
    if upload.size is not None and upload.size > settings.SINERGI_MAX_IMPORT_BYTES:
        raise ServiceError(_("Berkas terlalu besar."), field_errors={"file": [_("Berkas terlalu besar.")]})
    if supersedes is not None and (supersedes.kind != kind or supersedes.region_code != region_code):
        raise ServiceError(_("Versi baru harus berjenis dan berwilayah sama dengan yang digantikan."))
    content = b"".join(upload.chunks())
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        name = (supersedes.name if supersedes else name).strip()
        if not name:
            raise ServiceError(_("Nama dataset wajib diisi."), field_errors={"name": [_("Wajib diisi.")]})
        latest = Dataset.objects.filter(kind=kind, region_code=region_code, name=name).aggregate(v=Max("version"))["v"]
        dataset = Dataset(
            kind=kind,
            name=name,
            region_code=region_code,
            region_name=region_name,
            version=(latest or 0) + 1,
            supersedes=supersedes,
            source=source,
            original_name=original,
            sha256=digest,
            summary={},
            issues=[],
            status=DatasetStatus.VALIDATING,
            note=note,
            uploaded_by=by if getattr(by, "is_authenticated", False) else None,
        )
        dataset.file.save(original, ContentFile(content), save=False)
        validate(dataset)
        dataset.save()
        audit.record(
            by=by,
            action="statistics.dataset.uploaded",
            target=dataset,
            data={"kind": kind, "version": dataset.version, "sha256": digest},
        )
        transaction.on_commit(lambda: _enqueue_validation(dataset.pk))
    return dataset


def _enqueue_validation(dataset_id: int) -> None:
    from ..tasks import validate_dataset

    validate_dataset.enqueue(dataset_id)


def _parse(dataset: Dataset) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    """Status, summary and issues of the stored file, read by the engine (whose readers go through the
    spreadsheet guard: nothing is allocated before dimensions and expansion are checked)."""
    with tempfile.TemporaryDirectory(prefix="sinergi-stat-") as tmp:
        path = Path(tmp) / dataset.original_name
        with dataset.file.open("rb") as source, path.open("wb") as target:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                target.write(chunk)
        try:
            parsed = adapters.load_engine_input(dataset.kind, path)
        except EkrafError as exc:
            return DatasetStatus.INVALID, {}, adapters.issues_json(exc)
    summary = adapters.summarise(dataset.kind, parsed)
    regions = summary.get("regions") or []
    # a file of one region names it; a file of a province and its kab/kota writes Kemendagri codes
    if regions and dataset.region_name not in regions and dataset.region_code not in regions:
        return (
            DatasetStatus.INVALID,
            summary,
            [
                adapters.issue(
                    _(
                        "Wilayah '%(name)s' (kode %(code)s) tidak ada di berkas; tulis nama wilayah persis seperti di"
                        " kolom region, atau kode Kemendagrinya bila berkas memuat beberapa wilayah."
                    )
                    % {"name": dataset.region_name, "code": dataset.region_code},
                    file=dataset.original_name,
                    column="region",
                    region=", ".join(summary["regions"]),
                )
            ],
        )
    return DatasetStatus.VALID, summary, []


def dataset_validate(*, dataset_id: int) -> Dataset:
    """Validate a stored dataset with the engine (the task worker calls this). Runs once: a dataset no
    longer "validating" is returned as it is. Whatever goes wrong, the dataset ends valid or invalid with a
    message, never "validating"."""
    dataset = Dataset.objects.get(pk=dataset_id)
    if dataset.status != DatasetStatus.VALIDATING:
        return dataset
    try:
        status, summary, issues = _parse(dataset)
    except Exception:
        logger.exception("statistics dataset %s: validation failed", dataset_id)
        status, summary = DatasetStatus.INVALID, {}
        issues = [
            adapters.issue(
                _(
                    "Berkas tidak dapat diperiksa karena kesalahan sistem; kejadian ini dicatat untuk petugas. Coba "
                    "unggah lagi, atau hubungi admin bila berulang."
                ),
                file=dataset.original_name,
            )
        ]
    with transaction.atomic():
        updated = Dataset.objects.filter(pk=dataset_id, status=DatasetStatus.VALIDATING).update(
            status=status, summary=summary, issues=issues, updated_at=timezone.now()
        )
        dataset.refresh_from_db()
        if updated:
            audit.record(
                by=None,
                action="statistics.dataset.validated",
                target=dataset,
                data={"status": status, "issues": len(issues)},
            )
    return dataset


def dataset_from_registry(*, by: User, region_code: str, region_name: str, year: int, name: str = "") -> Dataset:
    """Establishment data from verified registry actors (KBLI, sales of the year as output, workers),
    stored as an ordinary, versioned establishments dataset."""
    rows = [r for r in selectors.registry_establishments(year=year, region_code=region_code) if r["output"] is not None]
    if not rows:
        raise ServiceError(
            _("Direktori belum punya pelaku terverifikasi dengan KBLI dan omzet di wilayah %(code)s.")
            % {"code": region_code}
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["region", "year", "kbli", "output", "workers", "weight", "establishment_id", "unit"])
    for r in rows:  # selectors.registry_establishments gives sales in juta rupiah
        writer.writerow(
            [region_name, year, r["kbli"], repr(r["output"]), r["workers"], 1, f"A{r['id']}", "juta rupiah"]
        )
    upload = ContentFile(buffer.getvalue().encode(), name=f"registri-{year}.csv")
    return dataset_upload(
        by=by,
        kind=DatasetKind.ESTABLISHMENTS,
        name=name or _("Direktori Sinergi %(year)s") % {"year": year},
        region_code=region_code,
        region_name=region_name,
        upload=upload,
        source=DatasetSource.REGISTRY,
        note=_("Dari direktori: pelaku terverifikasi, omzet sebagai output, tanpa biaya antara."),
    )


def dataset_delete(*, by: User, dataset: Dataset) -> None:
    """Only a dataset no run has used may be deleted; a used one is immutable."""
    _require(by, "statistics.upload_dataset", message=_("Anda tidak berhak menghapus dataset."))
    with transaction.atomic():
        locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
        if locked.locked:
            raise Conflict(_("Dataset ini sudah dipakai proses hitung dan tidak dapat diubah; unggah versi baru."))
        audit.record(by=by, action="statistics.dataset.deleted", target=locked, data={"version": locked.version})
        locked.file.delete(save=False)
        locked.delete()


def dataset_set_note(*, by: User, dataset: Dataset, note: str) -> Dataset:
    _require(by, "statistics.upload_dataset", message=_("Anda tidak berhak mengubah catatan dataset."))
    with transaction.atomic():
        locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
        if locked.locked:
            raise Conflict(_("Dataset ini sudah dipakai proses hitung dan tidak dapat diubah; unggah versi baru."))
        locked.note = note
        locked.save(update_fields=["note", "updated_at"])
        audit.record(by=by, action="statistics.dataset.noted", target=locked)
    return locked


def datasets_fail_interrupted(stale: QuerySet[Dataset]) -> int:
    """Mark invalid, with a message and a way to check again, the datasets whose checking worker died
    (core.leases passes the stale ones); the stored file is kept, so nothing needs uploading again."""
    failed = 0
    with transaction.atomic():
        for dataset in stale.select_for_update(skip_locked=True, of=("self",)).select_related("uploaded_by"):
            with translation.override(language_of(dataset.uploaded_by)):
                message = _(
                    "Pemeriksaan berkas terhenti karena proses latar belakang berhenti (misalnya server dimulai "
                    "ulang). Tekan 'Periksa lagi'; berkas tetap tersimpan."
                )
            dataset.status = DatasetStatus.INVALID
            dataset.interrupted = True
            dataset.issues = [adapters.issue(message, file=dataset.original_name)]
            dataset.save(update_fields=["status", "interrupted", "issues", "updated_at"])
            audit.record(by=None, action="statistics.dataset.interrupted", target=dataset)
            failed += 1
    return failed


def dataset_retry(*, by: User, dataset: Dataset) -> Dataset:
    """Check again a dataset whose checking was interrupted (the worker died); queued for the worker."""
    _require(by, "statistics.upload_dataset", message=_("Anda tidak berhak memeriksa dataset."))
    with transaction.atomic():
        locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
        if not locked.interrupted or locked.status != DatasetStatus.INVALID:
            raise Conflict(_("Hanya dataset yang pemeriksaannya terhenti yang dapat diperiksa lagi."))
        locked.status = DatasetStatus.VALIDATING
        locked.interrupted = False
        locked.heartbeat_at = None
        locked.issues = []
        locked.save(update_fields=["status", "interrupted", "heartbeat_at", "issues", "updated_at"])
        audit.record(by=by, action="statistics.dataset.retried", target=locked)
        transaction.on_commit(lambda: _enqueue_validation(locked.pk))
    return locked
