"""Runs: recording one with its locked datasets, executing it in the worker, retrying one a dying worker
interrupted. A failed run never touches a publication."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import ekraf
from ekraf import EkrafError
from sinergi.accounts.models import User
from sinergi.core import audit
from sinergi.core.errors import Conflict, ServiceError
from sinergi.core.languages import language_of
from sinergi.core.writes import validate

from .. import adapters
from ..models import (
    Dataset,
    DatasetKind,
    DatasetStatus,
    Method,
    Run,
    RunInput,
    RunStatus,
)
from ._common import _require
from .computation import _compute

#: Which inputs each method needs (required, optional).
METHOD_INPUTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Method.RATIO: ((DatasetKind.PDRB, DatasetKind.ESTABLISHMENTS), (DatasetKind.POPULATION,)),
    Method.EXTRAPOLATION: ((DatasetKind.BENCHMARK, DatasetKind.INDICATOR), (DatasetKind.PDRB, DatasetKind.POPULATION)),
    Method.SURVEY: ((DatasetKind.ESTABLISHMENTS,), (DatasetKind.PDRB, DatasetKind.POPULATION)),
    Method.LEVELS: ((DatasetKind.LEVELS,), (DatasetKind.PDRB,)),
}

logger = logging.getLogger("sinergi.statistics")


def run_create(
    *,
    by: User,
    method: str,
    region_code: str,
    region_name: str,
    datasets: dict[str, Dataset],
    mapping: Any = None,
    parameters: dict[str, Any] | None = None,
    enqueue: bool = True,
) -> Run:
    """Record a run and queue it (after commit). The datasets it uses become immutable."""
    _require(by, "statistics.start_run", message=_("Anda tidak berhak menjalankan proses hitung."))
    if method not in METHOD_INPUTS:
        raise ServiceError(_("Metode tidak dikenal."), field_errors={"method": [_("Pilihan tidak dikenal.")]})
    required, optional = METHOD_INPUTS[method]
    errors: dict[str, list[str]] = {}
    for role in required:
        if role not in datasets:
            errors[role] = [_("Wajib dipilih untuk metode ini.")]
    for role, dataset in datasets.items():
        if role not in required + optional:
            errors[role] = [_("Tidak dipakai oleh metode ini.")]
        elif dataset.kind != role and not (role == DatasetKind.LEVELS and dataset.kind == DatasetKind.BENCHMARK):
            errors[role] = [_("Jenis dataset tidak sesuai.")]
        elif dataset.status != DatasetStatus.VALID:
            errors[role] = [_("Dataset tidak valid tidak dapat dipakai.")]
    if method in {Method.RATIO, Method.SURVEY} and mapping is None:
        errors["mapping"] = [_("Pilih pemetaan KBLI.")]
    if method == Method.LEVELS and (parameters or {}).get("reconcile"):
        errors["reconcile"] = [_("Hasil wilayah lain dimuat apa adanya dan tidak direkonsiliasi.")]
    if errors:
        raise ServiceError(_("Pilihan proses hitung belum benar."), field_errors=errors)
    params = {k: v for k, v in (parameters or {}).items() if v not in (None, "")}
    with transaction.atomic():
        run = Run(
            method=method,
            region_code=region_code,
            region_name=region_name,
            mapping=mapping if method in {Method.RATIO, Method.SURVEY} else None,
            parameters=params,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        validate(run)
        run.save()
        for role, dataset in datasets.items():
            RunInput.objects.create(run=run, dataset=dataset, role=role)
        Dataset.objects.filter(pk__in=[d.pk for d in datasets.values()]).update(locked=True)
        audit.record(
            by=by,
            action="statistics.run.created",
            target=run,
            data={"method": method, "datasets": {r: d.pk for r, d in datasets.items()}, "parameters": params},
        )
        if enqueue:
            from ..tasks import execute_run

            run_id = run.pk
            transaction.on_commit(lambda: execute_run.enqueue(run_id))
    return run


def run_retry(*, by: User, run: Run) -> Run:
    """Run again a run a dying worker interrupted (its inputs are locked datasets: the same result)."""
    _require(by, "statistics.start_run", message=_("Anda tidak berhak menjalankan proses hitung."))
    with transaction.atomic():
        locked = Run.objects.select_for_update().get(pk=run.pk)
        if not locked.can_retry:
            raise Conflict(
                _("Proses hitung berstatus '%(status)s' tidak dapat diulang.") % {"status": locked.get_status_display()}
            )
        locked.status = RunStatus.QUEUED
        locked.interrupted = False
        locked.progress = 0
        locked.error_summary = ""
        locked.heartbeat_at = None
        locked.started_at = None
        locked.finished_at = None
        locked.save()
        audit.record(by=by, action="statistics.run.retried", target=locked)
        from ..tasks import execute_run

        run_id = locked.pk
        transaction.on_commit(lambda: execute_run.enqueue(run_id))
    return locked


def runs_fail_interrupted(stale: QuerySet[Run]) -> int:
    """Mark failed the runs whose worker died (core.leases passes the stale ones); rows still locked by
    a live transaction are skipped; each is audited. Published figures never change."""
    failed = 0
    with transaction.atomic():
        for run in stale.select_for_update(skip_locked=True, of=("self",)).select_related("created_by"):
            with translation.override(language_of(run.created_by)):
                run.error_summary = _(
                    "Proses hitung terhenti karena proses latar belakang berhenti (misalnya server dimulai ulang). "
                    "Tekan 'Jalankan lagi' untuk mengulang dengan data yang sama."
                )
            run.status = RunStatus.FAILED
            run.interrupted = True
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "interrupted", "error_summary", "finished_at", "updated_at"])
            audit.record(by=None, action="statistics.run.interrupted", target=run)
            failed += 1
    return failed


def run_execute(*, run_id: int) -> Run:
    """Execute a queued run. Engine errors are stored with their located issues; publications untouched."""
    with transaction.atomic():
        run = Run.objects.select_for_update().get(pk=run_id)
        if run.status != RunStatus.QUEUED:
            return run
        run.status = RunStatus.RUNNING
        run.started_at = timezone.now()
        run.progress = 5
        run.save(update_fields=["status", "started_at", "progress", "updated_at"])
    try:
        result, shares, bundle = _compute(run)
    except EkrafError as exc:
        return _fail(run, exc.one_line(), adapters.issues_json(exc))
    except Exception as exc:  # any bug must still end the run as failed, not stuck "running"
        logger.exception("statistics run %s crashed", run.pk)
        return _fail(run, _("Kesalahan tak terduga di mesin hitung: %(type)s") % {"type": type(exc).__name__}, [])
    with transaction.atomic():
        run.result = _result_json(result)
        run.manifest = result.manifest.to_dict()
        run.kecamatan_shares = shares
        if bundle is not None:
            run.bundle.save("bundle.zip", ContentFile(bundle), save=False)
            run.bundle_sha256 = hashlib.sha256(bundle).hexdigest()
        run.status = RunStatus.SUCCEEDED
        run.progress = 100
        run.finished_at = timezone.now()
        run.save()
        audit.record(by=None, action="statistics.run.succeeded", target=run, data={"method": run.method})
    return run


def _result_json(result: ekraf.EkrafResult) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.to_json())
    return data


def _fail(run: Run, summary: str, issues: list[dict[str, Any]]) -> Run:
    with transaction.atomic():
        run.status = RunStatus.FAILED
        run.error_summary = summary
        run.error_issues = issues
        run.finished_at = timezone.now()
        run.progress = 100
        run.save()
        audit.record(by=None, action="statistics.run.failed", target=run, data={"issues": len(issues)})
    return run
