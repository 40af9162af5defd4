"""The analysts' workspace: datasets, runs, drafts and the review of publications."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

import ekraf
from sinergi.accounts.requests import AuthenticatedHttpRequest, signed_in
from sinergi.core.access import get_permitted
from sinergi.core.audit import history_for
from sinergi.core.errors import ServiceError
from sinergi.core.forms import apply_service_error
from sinergi.core.htmx import render_page
from sinergi.core.ratelimit import posts_a_file, rate_limited

from .. import report, selectors, services
from ..forms import ALL_REGIONS, DatasetUploadForm, PrepareForm, RegistryDatasetForm, RunForm
from ..models import DatasetStatus
from ._common import TEMPLATE_NAMES, _file, _workspace


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    _workspace(request)
    return render(
        request,
        "statistics/workspace.html",
        {
            "datasets": selectors.dataset_list()[:50],
            "runs": selectors.run_list()[:30],
            "publications": selectors.publication_list().order_by("-created_at")[:30],
            "upload_form": DatasetUploadForm(),
            "registry_form": RegistryDatasetForm(),
            "templates": TEMPLATE_NAMES,
        },
    )


@login_required
@require_GET
def approvals(request: HttpRequest) -> HttpResponse:
    """Publications awaiting a head's approval; those the viewer prepared are marked (four eyes)."""
    if not request.user.has_perm("statistics.review_publications"):
        raise PermissionDenied
    rows = [
        (p, request.user.has_perm("statistics.approve_publication", p))
        for p in selectors.publications_awaiting_approval()
    ]
    return render(request, "statistics/approvals.html", {"rows": rows})


@login_required
@require_GET
def template_download(request: HttpRequest, name: str, ext: str) -> HttpResponse:
    if name not in TEMPLATE_NAMES or ext not in {"csv", "xlsx"}:
        raise Http404
    with tempfile.TemporaryDirectory(prefix="sinergi-tpl-") as tmp:
        ekraf.write_templates(tmp)
        content = (Path(tmp) / f"{name}.{ext}").read_bytes()
    kind = "text/csv" if ext == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _file(content, kind, f"templat-{name}.{ext}")


@login_required
@rate_limited("upload", when=posts_a_file)
def dataset_upload(request: HttpRequest) -> HttpResponse:
    _workspace(request)
    form = DatasetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            dataset = services.dataset_upload(
                by=signed_in(request),
                kind=d["kind"],
                name=d["name"],
                region_code=d["region_code"],
                region_name=d["region_name"],
                upload=d["file"],
                supersedes=d["supersedes"],
                note=d["note"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            dataset.refresh_from_db()  # validation may already have run (a worker, or the immediate backend)
            if dataset.status == DatasetStatus.VALIDATING:
                messages.info(request, _("Berkas tersimpan dan sedang diperiksa; hasilnya muncul di halaman ini."))
            elif dataset.status == DatasetStatus.VALID:
                messages.success(request, _("Dataset valid dan tersimpan."))
            else:
                messages.error(request, _("Dataset tidak valid: perbaiki masalah di bawah lalu unggah versi baru."))
            return redirect("statistics:dataset", pk=dataset.pk)
    return render(request, "statistics/dataset_upload.html", {"form": form, "templates": TEMPLATE_NAMES})


@login_required
@require_POST
def dataset_from_registry(request: HttpRequest) -> HttpResponse:
    _workspace(request)
    form = RegistryDatasetForm(request.POST)
    if form.is_valid():
        try:
            dataset = services.dataset_from_registry(by=signed_in(request), **form.cleaned_data)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("statistics:dataset", pk=dataset.pk)
    else:
        messages.error(request, _("Isian belum benar."))
    return redirect("statistics:workspace")


@login_required
def dataset_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _workspace(request)
    dataset = get_object_or_404(selectors.dataset_list(), pk=pk)
    if request.htmx and request.GET.get("status"):
        # The polled status line while the worker validates; once it is done, reload the whole page.
        response = render(request, "statistics/dataset.html#status", {"dataset": dataset})
        if dataset.status != DatasetStatus.VALIDATING:
            response["HX-Refresh"] = "true"
        return response
    return render(
        request,
        "statistics/dataset.html",
        {"dataset": dataset, "summary": report.dataset_summary(dataset), "history": history_for(dataset)[:20]},
    )


@login_required
def run_create(request: HttpRequest) -> HttpResponse:
    _workspace(request)
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            run = services.run_create(
                by=signed_in(request),
                method=d["method"],
                region_code=d["region_code"],
                region_name=d["region_name"],
                datasets=form.datasets(),
                mapping=d["mapping"],
                parameters={
                    "benchmark_year": d["benchmark_year"],
                    "year": d["year"],
                    "subsector_list": d["subsector_list"],
                    "allow_creative_only_frame": d["allow_creative_only_frame"] or None,
                    "reconcile": d["reconcile"] or None,
                },
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("statistics:run", pk=run.pk)
    return render(request, "statistics/run_form.html", {"form": form})


@login_required
def run_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The run's page; its polled progress (HTMX) is the page's `progress` partial."""
    _workspace(request)
    run = get_object_or_404(selectors.run_list(), pk=pk)
    form = PrepareForm(regions=selectors.run_regions(run))
    context = {"run": run, "prepare_form": form, "history": history_for(run)[:20]}
    return render_page(request, "statistics/run.html", context, partial="progress")


@login_required
@require_POST
def dataset_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """'Periksa lagi' on a dataset whose checking a dying worker interrupted."""
    _workspace(request)
    dataset = get_object_or_404(selectors.dataset_list(), pk=pk)
    try:
        services.dataset_retry(by=signed_in(request), dataset=dataset)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("statistics:dataset", pk=dataset.pk)


@login_required
@require_POST
def run_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """'Jalankan lagi' on a run a dying worker interrupted."""
    _workspace(request)
    run = get_object_or_404(selectors.run_list(), pk=pk)
    try:
        services.run_retry(by=signed_in(request), run=run)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("statistics:run", pk=run.pk)


@login_required
@require_POST
def run_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    _workspace(request)
    run = get_object_or_404(selectors.run_list(), pk=pk)
    form = PrepareForm(request.POST, regions=selectors.run_regions(run))
    if form.is_valid() and form.cleaned_data["region_code"] == ALL_REGIONS:
        d = form.cleaned_data
        if d["revision_of"]:
            form.add_error("revision_of", _("Revisi dibuat untuk satu wilayah; pilih wilayahnya."))
        else:
            try:
                drafts = services.publications_prepare_regions(by=signed_in(request), run=run, summary=d["summary"])
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    ngettext("%(count)d draf publikasi dibuat.", "%(count)d draf publikasi dibuat.", len(drafts))
                    % {"count": len(drafts)},
                )
                return redirect("statistics:run", pk=run.pk)
    elif form.is_valid():
        d = form.cleaned_data
        try:
            publication = services.publication_prepare(
                by=signed_in(request),
                run=run,
                region_code=d["region_code"],
                title=d["title"],
                summary=d["summary"],
                revision_of=d["revision_of"],
                revision_reason=d["revision_reason"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Draf publikasi dibuat."))
            return redirect("statistics:publication", pk=publication.pk)
    return render(request, "statistics/run.html", {"run": run, "prepare_form": form, "history": history_for(run)[:20]})


WORKFLOW_PERMS = {
    "submit": "statistics.submit_publication",
    "approve": "statistics.approve_publication",
    "return": "statistics.return_publication",
    "comment": "statistics.comment_publication",
}


def _workflow(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    publication = get_permitted(request.user, selectors.publication_list(), perm=WORKFLOW_PERMS[action], pk=pk)
    body = request.POST.get("body", "")
    try:
        if action == "submit":
            services.publication_submit(by=signed_in(request), publication=publication, comment=body)
            messages.success(request, _("Diajukan untuk ditinjau."))
        elif action == "approve":
            services.publication_approve(by=signed_in(request), publication=publication, comment=body)
            messages.success(request, _("Publikasi terbit."))
        elif action == "return":
            services.publication_return(by=signed_in(request), publication=publication, comment=body)
            messages.success(request, _("Dikembalikan ke penyusun."))
        else:
            services.publication_comment(by=signed_in(request), publication=publication, body=body)
            messages.success(request, _("Komentar tersimpan."))
    except ServiceError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        messages.error(request, exc.message)
    return redirect("statistics:publication", pk=pk)


@login_required
@require_POST
def publication_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "submit")


@login_required
@require_POST
def publication_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "approve")


@login_required
@require_POST
def publication_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "return")


@login_required
@require_POST
def publication_comment(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "comment")
