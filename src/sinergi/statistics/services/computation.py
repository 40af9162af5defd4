"""What a run computes with the engine: its result, per-kecamatan shares and reproducibility bundle."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

import ekraf
from sinergi.core import audit
from sinergi.core.errors import ServiceError

from .. import adapters, selectors
from ..models import (
    DatasetKind,
    Method,
    Run,
    RunStatus,
)


def _progress(run: Run, percent: int) -> None:
    Run.objects.filter(pk=run.pk).update(progress=percent)


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
        audit.record(by=None, action="statistics.run.bundle_written", target=run, data={"sha256": run.bundle_sha256})
    return run


def run_result(run: Run) -> ekraf.EkrafResult:
    if run.result is None:
        raise ServiceError(_("Proses hitung ini belum punya hasil."))
    return ekraf.EkrafResult.from_json(json.dumps(run.result))
