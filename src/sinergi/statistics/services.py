"""Writes: datasets, runs and the publication workflow. Each checks its named permission, is atomic and
writes one audit entry. A failed run never touches a publication."""

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

import ekraf
from ekraf import EkrafError
from sinergi.core import audit
from sinergi.core.errors import Conflict, NotAllowed, ServiceError
from sinergi.core.languages import language_of
from sinergi.notifications.services import emit

from . import adapters, selectors
from .models import (
    Dataset,
    DatasetKind,
    DatasetSource,
    DatasetStatus,
    Method,
    Publication,
    PublicationComment,
    PublicationStatus,
    PublishedFigure,
    Run,
    RunInput,
    RunStatus,
)
from .rules import is_preparer

logger = logging.getLogger("sinergi.statistics")

ALLOWED_SUFFIXES = (".csv", ".xlsx")
#: Which inputs each method needs (required, optional).
METHOD_INPUTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Method.RATIO: ((DatasetKind.PDRB, DatasetKind.ESTABLISHMENTS), (DatasetKind.POPULATION,)),
    Method.EXTRAPOLATION: ((DatasetKind.BENCHMARK, DatasetKind.INDICATOR), (DatasetKind.PDRB, DatasetKind.POPULATION)),
    Method.SURVEY: ((DatasetKind.ESTABLISHMENTS,), (DatasetKind.PDRB, DatasetKind.POPULATION)),
    Method.LEVELS: ((DatasetKind.LEVELS,), (DatasetKind.PDRB,)),
}


def _require(by: Any, perm: str, obj: Any = None) -> None:
    if by is None or not by.has_perm(perm, obj):
        raise NotAllowed(_("Anda tidak berhak melakukan ini."))


# ---------------------------------------------------------------- datasets
def dataset_upload(
    *,
    by: Any,
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
    _require(by, "statistics.upload_dataset")
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
        dataset.full_clean()
        dataset.save()
        audit.record(
            actor=by,
            action="statistics.dataset.uploaded",
            target=dataset,
            data={"kind": kind, "version": dataset.version, "sha256": digest},
        )
        transaction.on_commit(lambda: _enqueue_validation(dataset.pk))
    return dataset


def _enqueue_validation(dataset_id: int) -> None:
    from .tasks import validate_dataset

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
                actor=None,
                action="statistics.dataset.validated",
                target=dataset,
                data={"status": status, "issues": len(issues)},
            )
    return dataset


def dataset_from_registry(*, by: Any, region_code: str, region_name: str, year: int, name: str = "") -> Dataset:
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


def dataset_delete(*, by: Any, dataset: Dataset) -> None:
    """Only a dataset no run has used may be deleted; a used one is immutable."""
    _require(by, "statistics.upload_dataset")
    with transaction.atomic():
        locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
        if locked.locked:
            raise Conflict(_("Dataset ini sudah dipakai proses hitung dan tidak dapat diubah; unggah versi baru."))
        audit.record(actor=by, action="statistics.dataset.deleted", target=locked, data={"version": locked.version})
        locked.file.delete(save=False)
        locked.delete()


def dataset_set_note(*, by: Any, dataset: Dataset, note: str) -> Dataset:
    _require(by, "statistics.upload_dataset")
    with transaction.atomic():
        locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
        if locked.locked:
            raise Conflict(_("Dataset ini sudah dipakai proses hitung dan tidak dapat diubah; unggah versi baru."))
        locked.note = note
        locked.save(update_fields=["note", "updated_at"])
        audit.record(actor=by, action="statistics.dataset.noted", target=locked)
    return locked


# ---------------------------------------------------------------- runs
def run_create(
    *,
    by: Any,
    method: str,
    region_code: str,
    region_name: str,
    datasets: dict[str, Dataset],
    mapping: Any = None,
    parameters: dict[str, Any] | None = None,
    enqueue: bool = True,
) -> Run:
    """Record a run and queue it (after commit). The datasets it uses become immutable."""
    _require(by, "statistics.start_run")
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
        run.full_clean()
        run.save()
        for role, dataset in datasets.items():
            RunInput.objects.create(run=run, dataset=dataset, role=role)
        Dataset.objects.filter(pk__in=[d.pk for d in datasets.values()]).update(locked=True)
        audit.record(
            actor=by,
            action="statistics.run.created",
            target=run,
            data={"method": method, "datasets": {r: d.pk for r, d in datasets.items()}, "parameters": params},
        )
        if enqueue:
            from .tasks import execute_run

            run_id = run.pk
            transaction.on_commit(lambda: execute_run.enqueue(run_id))
    return run


def run_retry(*, by: Any, run: Run) -> Run:
    """Run again a run a dying worker interrupted (its inputs are locked datasets: the same result)."""
    _require(by, "statistics.start_run")
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
        audit.record(actor=by, action="statistics.run.retried", target=locked)
        from .tasks import execute_run

        run_id = locked.pk
        transaction.on_commit(lambda: execute_run.enqueue(run_id))
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
            audit.record(actor=None, action="statistics.dataset.interrupted", target=dataset)
            failed += 1
    return failed


def dataset_retry(*, by: Any, dataset: Dataset) -> Dataset:
    """Check again a dataset whose checking was interrupted (the worker died); queued for the worker."""
    if not by.has_perm("statistics.upload_dataset"):
        raise NotAllowed(_("Anda tidak berhak memeriksa dataset."))
    with transaction.atomic():
        locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
        if not locked.interrupted or locked.status != DatasetStatus.INVALID:
            raise Conflict(_("Hanya dataset yang pemeriksaannya terhenti yang dapat diperiksa lagi."))
        locked.status = DatasetStatus.VALIDATING
        locked.interrupted = False
        locked.heartbeat_at = None
        locked.issues = []
        locked.save(update_fields=["status", "interrupted", "heartbeat_at", "issues", "updated_at"])
        audit.record(actor=by, action="statistics.dataset.retried", target=locked)
        transaction.on_commit(lambda: _enqueue_validation(locked.pk))
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
            audit.record(actor=None, action="statistics.run.interrupted", target=run)
            failed += 1
    return failed


def _progress(run: Run, percent: int) -> None:
    Run.objects.filter(pk=run.pk).update(progress=percent)


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
        audit.record(actor=None, action="statistics.run.succeeded", target=run, data={"method": run.method})
    return run


def _result_json(result: ekraf.EkrafResult) -> dict[str, Any]:
    import json

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
        audit.record(actor=None, action="statistics.run.failed", target=run, data={"issues": len(issues)})
    return run


def _compute(run: Run) -> tuple[ekraf.EkrafResult, dict[str, Any], bytes | None]:
    """The run's result, its per-kecamatan shares and its reproducibility bundle (None for a run of
    levels computed elsewhere, which the engine cannot recompute)."""
    with tempfile.TemporaryDirectory(prefix="sinergi-run-") as tmp:
        return _compute_in(run, Path(tmp))


def _compute_in(run: Run, tmp: Path) -> tuple[ekraf.EkrafResult, dict[str, Any], bytes | None]:
    inputs = {ri.role: ri.dataset for ri in run.inputs.select_related("dataset")}
    parsed: dict[str, Any] = {}
    files: dict[str, Path] = {}
    fingerprints = []
    for step, (role, dataset) in enumerate(inputs.items(), start=1):
        (tmp / role).mkdir()
        path = files[role] = tmp / role / dataset.original_name
        with dataset.file.open("rb") as handle:
            path.write_bytes(handle.read())
        parsed[role] = adapters.load_engine_input(dataset.kind, path)
        fingerprints.append(ekraf.InputFingerprint(role, f"{dataset.name} v{dataset.version}", dataset.sha256))
        _progress(run, 5 + int(45 * step / max(len(inputs), 1)))
    params = run.parameters
    population = parsed.get(DatasetKind.POPULATION)
    mapping = adapters.engine_mapping(run.mapping) if run.mapping is not None else None
    fps = tuple(fingerprints)
    # a province and all its kab/kota in one run: the kab/kota adjusted to sum to the province
    reconciled = bool(params.get("reconcile"))
    if run.method == Method.RATIO:
        year = int(params["benchmark_year"]) if params.get("benchmark_year") else None
        result = ekraf.run_ratio(
            parsed[DatasetKind.PDRB],
            parsed[DatasetKind.ESTABLISHMENTS],
            mapping=mapping,
            benchmark_year=year,
            subsector_list=str(params.get("subsector_list", "17")),
            population=population,
            inputs=fps,
            allow_creative_only_frame=bool(params.get("allow_creative_only_frame")),
            reconciled=reconciled,
        )
    elif run.method == Method.EXTRAPOLATION:
        result = ekraf.run_extrapolation(
            parsed[DatasetKind.BENCHMARK],
            parsed[DatasetKind.INDICATOR],
            pdrb=parsed.get(DatasetKind.PDRB),
            population=population,
            inputs=fps,
            reconciled=reconciled,
        )
    elif run.method == Method.SURVEY:
        year = int(params["year"]) if params.get("year") else None
        result = ekraf.run_survey(
            parsed[DatasetKind.ESTABLISHMENTS],
            pdrb=parsed.get(DatasetKind.PDRB),
            mapping=mapping,
            year=year,
            subsector_list=str(params.get("subsector_list", "17")),
            population=population,
            inputs=fps,
            reconciled=reconciled,
        )
    else:
        result = adapters.levels_result(parsed[DatasetKind.LEVELS], parsed.get(DatasetKind.PDRB), fps)
    _progress(run, 80)
    if adapters.result_region(result, run.region_code, run.region_name) is None:
        raise ekraf.InputError(
            [
                ekraf.Issue(
                    f"wilayah '{run.region_name}' (kode {run.region_code}) tidak ada dalam hasil (region not in the"
                    " inputs)"
                )
            ]
        )
    shares: dict[str, Any] = {}
    several = len(result.levels.regions) > 1  # the per-kecamatan split is for a run of one kab/kota
    if mapping is not None and run.method != Method.LEVELS and params.get("kecamatan", True) and not several:
        kbli_map: dict[str, list[tuple[str, float]]] = {}
        for entry in mapping.entries:
            kbli_map.setdefault(entry.kbli_code, []).append((entry.subsector_code, entry.share))
        # each year's registry shares, over the run's own region (never another region's kecamatan)
        by_year = {
            str(year): selectors.registry_kecamatan_shares(
                year=year, region_code=run.region_code, kbli_to_subsectors=kbli_map
            )
            for year in result.levels.years
        }
        by_year = {year: found for year, found in by_year.items() if found["shares"]}
        if by_year:
            last = by_year[max(by_year, key=int)]
            shares = {"shares": last["shares"], "basis": last["basis"], "by_year": by_year}
    _progress(run, 90)
    bundle = None
    if run.method != Method.LEVELS:
        bundle = _bundle(result, tmp, files, parsed.get(DatasetKind.ESTABLISHMENTS), mapping)
    return result, shares, bundle


def _bundle(
    result: ekraf.EkrafResult,
    tmp: Path,
    files: dict[str, Path],
    establishments: ekraf.EstablishmentAggregate | None,
    mapping: ekraf.KbliMapping | None,
) -> bytes:
    """``bundle.zip`` exactly as ``sinergi pdrb compute --bundle`` writes it: the uploaded files byte
    for byte, except establishments, which go in aggregated to (region, year, KBLI) sums — no name,
    identifier or address leaves the office; the mapping as a file (the shipped one when it is it)."""
    bundled = {role: path for role, path in files.items() if role != DatasetKind.ESTABLISHMENTS}
    if mapping is not None:
        if mapping.sha256 == ekraf.default_mapping().sha256:
            bundled["mapping"] = ekraf.default_mapping_path()
        else:
            bundled["mapping"] = tmp / "mapping.csv"
            mapping.to_csv(bundled["mapping"])
    out = tmp / "out"
    ekraf.write_outputs(result, out)
    return ekraf.write_bundle(result, out, files=bundled, establishments=establishments).read_bytes()


def runs_without_bundle() -> QuerySet[Run]:
    """Succeeded runs stored before runs kept their bundle (levels runs never have one)."""
    return Run.objects.filter(status=RunStatus.SUCCEEDED, bundle="").exclude(method=Method.LEVELS).order_by("pk")


def run_write_bundle(*, run_id: int) -> Run:
    """Write the bundle of a run that succeeded before bundles were stored (`sinergi write_bundles`).

    Its published tables come from the run's stored result — the figures as published, not a new
    computation — and its inputs from the run's datasets (locked once used), so `ekraf.reproduce`
    reports any difference a newer engine makes. A system action of the operator: audited, no user."""
    run = Run.objects.get(pk=run_id)
    if run.status != RunStatus.SUCCEEDED or run.method == Method.LEVELS:
        raise ServiceError(_("Hanya proses hitung yang berhasil (bukan hasil wilayah lain) punya bundel."))
    if run.bundle:
        return run
    result = run_result(run)
    inputs = {ri.role: ri.dataset for ri in run.inputs.select_related("dataset")}
    with tempfile.TemporaryDirectory(prefix="sinergi-bundle-") as tmp:
        files: dict[str, Path] = {}
        for role, dataset in inputs.items():
            (Path(tmp) / role).mkdir()
            path = files[role] = Path(tmp) / role / dataset.original_name
            with dataset.file.open("rb") as handle:
                path.write_bytes(handle.read())
        establishments = (
            ekraf.EstablishmentAggregate.from_file(files[DatasetKind.ESTABLISHMENTS])
            if DatasetKind.ESTABLISHMENTS in files
            else None
        )
        mapping = adapters.engine_mapping(run.mapping) if run.mapping is not None else None
        bundle = _bundle(result, Path(tmp), files, establishments, mapping)
    with transaction.atomic():
        run = Run.objects.select_for_update().get(pk=run_id)
        if run.bundle:
            return run
        run.bundle.save("bundle.zip", ContentFile(bundle), save=False)
        run.bundle_sha256 = hashlib.sha256(bundle).hexdigest()
        run.save(update_fields=["bundle", "bundle_sha256", "updated_at"])
        audit.record(actor=None, action="statistics.run.bundle_written", target=run, data={"sha256": run.bundle_sha256})
    return run


def run_result(run: Run) -> ekraf.EkrafResult:
    import json

    if run.result is None:
        raise ServiceError(_("Proses hitung ini belum punya hasil."))
    return ekraf.EkrafResult.from_json(json.dumps(run.result))


# ---------------------------------------------------------------- publications
def _headline(publication: Publication) -> dict[str, Any]:
    fmap = selectors.figure_map(publication, ("level", "contribution", "growth"))
    years = sorted({k[3] for k in fmap if k[0] == "level" and k[2] == ekraf.TOTAL})
    if not years:
        return {}
    last = years[-1]
    return {
        "year": last,
        "value_adhb": fmap.get(("level", "ADHB", ekraf.TOTAL, last)),
        "value_adhk": fmap.get(("level", "ADHK", ekraf.TOTAL, last)),
        "share_adhb": fmap.get(("contribution", "ADHB", ekraf.TOTAL, last)),
        "growth_adhk": fmap.get(("growth", "ADHK", ekraf.TOTAL, last)),
        "unit": (publication.run.result or {}).get("levels", {}).get("unit", "juta rupiah"),
        "first_year": years[0],
    }


def _write_figures(publication: Publication, run: Run) -> None:
    result = run_result(run)
    key = adapters.result_region(result, publication.region_code, publication.region_name)
    if key is None:
        raise ServiceError(_("Wilayah ini tidak ada dalam hasil proses hitung."))
    rows = list(adapters.figure_rows(result, key))
    if publication.region_code == run.region_code:  # the run's registry shares are of its own region
        rows += list(adapters.kecamatan_rows(result, key, adapters.kecamatan_shares_by_year(run.kecamatan_shares)))
    PublishedFigure.objects.bulk_create(
        [
            PublishedFigure(
                publication=publication,
                region_code=publication.region_code,
                area=area,
                year=year,
                code=code,
                indicator=indicator,
                price_basis=basis,
                value=value,
            )
            for area, year, code, indicator, basis, value in rows
        ],
        batch_size=2000,
    )


def publication_prepare(
    *,
    by: Any,
    run: Run,
    title: str,
    summary: str = "",
    revision_of: Publication | None = None,
    revision_reason: str = "",
    is_demo: bool = False,
    is_comparison: bool = False,
    region_code: str | None = None,
) -> Publication:
    """A draft from a succeeded run; a revision names the published publication it will replace and why.

    A run of a province and its kab/kota publishes each of them separately (`region_code`; the run's own
    region when omitted), each through its own review."""
    _require(by, "statistics.prepare_publication")
    if run.status != RunStatus.SUCCEEDED:
        raise ServiceError(_("Hanya proses hitung yang berhasil dapat diterbitkan."))
    regions = dict(selectors.run_regions(run))
    code = run.region_code if region_code is None else region_code.strip()
    if code not in regions:
        raise ServiceError(
            _("Wilayah %(code)s tidak ada dalam hasil proses hitung ini.") % {"code": code},
            field_errors={"region_code": [_("Pilih salah satu wilayah hasil proses hitung.")]},
        )
    region_name = regions[code]
    if revision_of is not None:
        _require(by, "statistics.revise_publication", revision_of)
        if revision_of.status != PublicationStatus.PUBLISHED:
            raise Conflict(_("Hanya publikasi yang sedang terbit yang dapat direvisi."))
        if not revision_reason.strip():
            raise ServiceError(_("Alasan revisi wajib diisi."), field_errors={"revision_reason": [_("Wajib diisi.")]})
        if revision_of.region_code != code:
            raise ServiceError(_("Revisi harus untuk wilayah yang sama."))
    with transaction.atomic():
        publication = Publication(
            run=run,
            region_code=code,
            region_name=region_name,
            title=title.strip() or _("PDRB Ekonomi Kreatif %(region)s") % {"region": region_name},
            summary=summary,
            revision_of=revision_of,
            revision_reason=revision_reason.strip(),
            is_demo=is_demo,
            is_comparison=is_comparison or run.method == Method.LEVELS,
            prepared_by=by if getattr(by, "is_authenticated", False) else None,
        )
        publication.full_clean()
        publication.save()
        _write_figures(publication, run)
        publication.headline = _headline(publication)
        publication.save(update_fields=["headline"])
        audit.record(
            actor=by,
            action="statistics.publication.prepared",
            target=publication,
            data={"run": run.pk, "region": code, "revision_of": revision_of.pk if revision_of else None},
        )
    return publication


def publications_prepare_regions(*, by: Any, run: Run, summary: str = "") -> list[Publication]:
    """One draft per region of a run of a province and its kab/kota (standard titles), in one
    transaction; a region that already has a draft, one in review or a published publication from this
    run is skipped. Each draft then goes through its own review."""
    _require(by, "statistics.prepare_publication")
    with transaction.atomic():
        Run.objects.select_for_update().get(pk=run.pk)  # two analysts pressing at once make one set
        taken = set(run.publications.exclude(status=PublicationStatus.SUPERSEDED).values_list("region_code", flat=True))
        return [
            publication_prepare(by=by, run=run, region_code=code, title="", summary=summary)
            for code, _name in selectors.run_regions(run)
            if code not in taken
        ]


def _locked(publication: Publication, by: Any, perm: str, *states: str) -> Publication:
    """The row, locked; a state outside `states` is refused even for a superuser (whom Django's
    permission backend allows everything)."""
    pub = Publication.objects.select_for_update().get(pk=publication.pk)
    _require(by, perm, pub)
    if pub.status not in states:
        raise Conflict(
            _("Tidak dapat dilakukan pada publikasi berstatus %(status)s.") % {"status": pub.get_status_display()}
        )
    return pub


def publication_submit(*, by: Any, publication: Publication, comment: str = "") -> Publication:
    with transaction.atomic():
        pub = _locked(publication, by, "statistics.submit_publication", PublicationStatus.DRAFT)
        pub.status = PublicationStatus.IN_REVIEW
        pub.submitted_at = timezone.now()
        pub.save(update_fields=["status", "submitted_at", "updated_at"])
        if comment.strip():
            PublicationComment.objects.create(publication=pub, author=by, body=comment.strip(), kind="submitted")
        audit.record(actor=by, action="statistics.publication.submitted", target=pub)
    return pub


def publication_return(*, by: Any, publication: Publication, comment: str) -> Publication:
    if not comment.strip():
        raise ServiceError(_("Tulis apa yang perlu diperbaiki."), field_errors={"body": [_("Wajib diisi.")]})
    with transaction.atomic():
        pub = _locked(publication, by, "statistics.return_publication", PublicationStatus.IN_REVIEW)
        pub.status = PublicationStatus.DRAFT
        pub.save(update_fields=["status", "updated_at"])
        PublicationComment.objects.create(publication=pub, author=by, body=comment.strip(), kind="returned")
        audit.record(actor=by, action="statistics.publication.returned", target=pub)
        emit("statistics.publication.returned", publication=pub.pk, comment=comment.strip())
    return pub


def publication_comment(*, by: Any, publication: Publication, body: str) -> PublicationComment:
    if not body.strip():
        raise ServiceError(_("Komentar kosong."), field_errors={"body": [_("Wajib diisi.")]})
    with transaction.atomic():
        pub = _locked(
            publication, by, "statistics.comment_publication", PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW
        )
        comment = PublicationComment.objects.create(publication=pub, author=by, body=body.strip())
        audit.record(actor=by, action="statistics.publication.commented", target=pub)
    return comment


def may_approve(user: Any, publication: Publication) -> bool:
    """The named permission, and four eyes even for a superuser: nobody approves what they prepared."""
    return bool(user.has_perm("statistics.approve_publication", publication)) and not is_preparer(user, publication)


def awaits_other_approver(user: Any, publication: Publication) -> bool:
    """In review and prepared by `user`: someone else must approve it (the page says so)."""
    return publication.status == PublicationStatus.IN_REVIEW and is_preparer(user, publication)


def publication_approve(*, by: Any, publication: Publication, comment: str = "") -> Publication:
    """Publish; a revision supersedes the publication it revises (which stays visible, labelled).
    Four eyes: the approver is never the person who prepared it."""
    if is_preparer(by, publication):  # who prepared it never changes
        raise NotAllowed(
            _(
                "Prinsip empat mata: publikasi yang Anda siapkan harus disetujui oleh kepala bidang lain, "
                "bukan oleh Anda sendiri."
            )
        )
    with transaction.atomic():
        pub = _locked(publication, by, "statistics.approve_publication", PublicationStatus.IN_REVIEW)
        now = timezone.now()
        if pub.revision_of_id is not None:
            previous = Publication.objects.select_for_update().get(pk=pub.revision_of_id)
            if previous.status != PublicationStatus.PUBLISHED:
                raise Conflict(_("Publikasi yang direvisi sudah tidak berlaku; siapkan revisi dari yang terbaru."))
            previous.status = PublicationStatus.SUPERSEDED
            previous.superseded_at = now
            previous.save(update_fields=["status", "superseded_at", "updated_at"])
            audit.record(actor=by, action="statistics.publication.superseded", target=previous, data={"by": pub.pk})
        pub.status = PublicationStatus.PUBLISHED
        pub.approved_by = by
        pub.approved_at = now
        pub.published_at = now
        pub.save(update_fields=["status", "approved_by", "approved_at", "published_at", "updated_at"])
        PublicationComment.objects.create(
            publication=pub, author=by, body=comment.strip() or _("Disetujui dan diterbitkan."), kind="approved"
        )
        audit.record(actor=by, action="statistics.publication.published", target=pub)
        emit("statistics.publication.published", publication=pub.pk)
    return pub
