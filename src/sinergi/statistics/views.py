"""Pages: the public statistics (per region, per publication, downloads, DCAT) and the analysts' workspace."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

import ekraf
from sinergi.core.audit import history_for
from sinergi.core.errors import ServiceError
from sinergi.core.pagecache import csrf_context, public_page
from sinergi.core.ratelimit import posts_a_file, rate_limited
from sinergi.core.replica import lag_tolerant_reads

from . import exports, provenance, report, selectors, services
from .cache import STATISTICS
from .forms import ALL_REGIONS, CommentForm, DatasetUploadForm, PrepareForm, RegistryDatasetForm, RunForm
from .models import Dataset, DatasetStatus, Publication, PublicationStatus, Run

TEMPLATE_NAMES = ("pdrb", "establishments", "benchmark", "indicator", "population")


def _public_publication(request: HttpRequest, pk: int) -> Publication:
    publication = get_object_or_404(selectors.publication_list(), pk=pk)
    if not request.user.has_perm("statistics.view_publication", publication):
        raise Http404
    return publication


def _workspace(request: HttpRequest) -> None:
    if not request.user.has_perm("statistics.use_workspace"):
        raise PermissionDenied


def _body(request: HttpRequest, publication: Publication, compare: Publication | None) -> str:
    """The figures part of a publication page, cached per publication state, language and comparison."""
    key = (
        f"stat-body:{publication.pk}:{publication.updated_at.timestamp()}:{publication.run.bundle_sha256}:"
        f"{get_language()}:"
        f"{compare.pk if compare else 0}:{compare.updated_at.timestamp() if compare else 0}"
    )
    html: str | None = cache.get(key)
    if html is None:
        rep = report.build(publication)
        context: dict[str, Any] = {
            "publication": publication,
            "report": rep,
            "compare": compare,
            "comparison": report.comparison(publication, compare) if compare else None,
            "candidates": list(selectors.comparison_candidates(publication)),
            "caveat": exports.mapping_caveat(rep.manifest),
            "method_note": exports.methodology_note(rep.manifest),
            "frame_warning": exports.frame_warning(rep.manifest),
            "demo_sources": provenance.published_sources(publication) if publication.is_demo else [],
            "demo_note": provenance.notice(publication) if publication.is_demo else "",
            "reconciliation": report.reconciliation(publication, rep.last_year),
            "province": selectors.province_of(publication.region_code),
            "previous": publication.revision_of,
            "previous_report": report.build(publication.revision_of, kecamatan=False)
            if publication.revision_of
            else None,
            "revisions": list(publication.revisions.filter(status=PublicationStatus.PUBLISHED)),
            "revision_changes": report.revision_changes(publication),
        }
        html = render_to_string("statistics/_body.html", context, request=None)
        cache.set(key, html, 3600)
    return html


def _compare(request: HttpRequest, publication: Publication) -> Publication | None:
    code = request.GET.get("banding", "").strip()
    if not code:
        return None
    return selectors.publication_latest_for_region(code)


# ---------------------------------------------------------------- public
def _index_context() -> dict[str, Any]:
    # by Kemendagri code: a province before its kab/kota
    publications = sorted(selectors.publication_public_list(), key=lambda p: p.region_code)
    return {
        "publications": publications,
        "areas": selectors.published_areas(publications),
        "provinces": selectors.provinces_with_kabkota(publications),
    }


@require_GET
@public_page(version=STATISTICS)
@lag_tolerant_reads
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "statistics/index.html", {**_index_context(), **csrf_context(request)})


@require_GET
def choose_area(request: HttpRequest) -> HttpResponse:
    """The area chooser of the statistics pages (a plain GET form): to the chosen region's page."""
    code = request.GET.get("wilayah", "").strip()
    if code and selectors.publication_latest_for_region(code) is not None:
        return redirect("statistics:region", code=code)
    context = _index_context()
    context["area_error"] = (
        _("Pilih wilayah dari daftar.")
        if not code
        else _("Belum ada statistik terbit untuk wilayah %(code)s.") % {"code": code}
    )
    return render(request, "statistics/index.html", context, status=400)


def _province_comparison(request: HttpRequest, code: str) -> tuple[report.ProvinceComparison | None, str]:
    """The comparison of a province's kab/kota for the `tahun` asked (its latest year by default), or
    None and the error to show for a year that is not a published year."""
    if not selectors.is_province(code):
        raise Http404
    raw = request.GET.get("tahun", "").strip()
    year = int(raw) if raw.isdigit() and len(raw) == 4 else None
    if raw and year is None:
        return None, _("Tahun '%(year)s' tidak dikenal; pilih tahun dari daftar.") % {"year": raw}
    try:
        return report.province_comparison(code, year), ""
    except ValueError:
        return None, _("Belum ada angka terbit untuk tahun %(year)s; pilih tahun dari daftar.") % {"year": raw}


@require_GET
@public_page(version=STATISTICS)
@lag_tolerant_reads
def province(request: HttpRequest, code: str) -> HttpResponse:
    """A province's kab/kota side by side: table, two charts, downloads."""
    comparison, error = _province_comparison(request, code)
    if comparison is None:
        fallback = report.province_comparison(code)
        return render(
            request,
            "statistics/province.html",
            {"cmp": fallback, "year_error": error, "asked": request.GET.get("tahun", "")},
            status=400,
        )
    return render(
        request,
        "statistics/province.html",
        {"cmp": comparison, "year_error": "", "asked": "", **csrf_context(request)},
    )


@require_GET
def province_download(request: HttpRequest, code: str, ext: str) -> HttpResponse:
    comparison, error = _province_comparison(request, code)
    if ext not in {"csv", "xlsx"}:
        raise Http404
    if comparison is None:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    name = f"statistik-{code}-kabupaten-kota-{comparison.year}.{ext}"
    if ext == "csv":
        return _file(exports.table_csv(comparison.table()), "text/csv; charset=utf-8", name)
    return _file(
        exports.table_xlsx(comparison.table()),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        name,
    )


@require_GET
@public_page(version=STATISTICS)
@lag_tolerant_reads
def region(request: HttpRequest, code: str) -> HttpResponse:
    publication = selectors.publication_latest_for_region(code)
    if publication is None:
        raise Http404
    return _publication_page(request, publication)


@require_GET
@public_page(version=STATISTICS)
@lag_tolerant_reads
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _publication_page(request, _public_publication(request, pk))


def _publication_page(request: HttpRequest, publication: Publication) -> HttpResponse:
    compare = _compare(request, publication)
    context: dict[str, Any] = {
        "publication": publication,
        "body": _body(request, publication, compare),
        "can_review": request.user.has_perm("statistics.use_workspace"),
        **csrf_context(request),
    }
    if context["can_review"]:
        context.update(
            comments=publication.comments.select_related("author"),
            history=history_for(publication)[:30],
            comment_form=CommentForm(),
            can_submit=request.user.has_perm("statistics.submit_publication", publication),
            can_comment=request.user.has_perm("statistics.comment_publication", publication),
            can_approve=services.may_approve(request.user, publication),
            awaiting_second_pair=services.awaits_other_approver(request.user, publication),
            can_revise=request.user.has_perm("statistics.revise_publication", publication),
        )
    return render(request, "statistics/publication.html", context)


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def download_table(request: HttpRequest, pk: int, table: str) -> HttpResponse:
    publication = _public_publication(request, pk)
    found = report.build(publication).table(table)
    if found is None:
        raise Http404
    return _file(exports.table_csv(found), "text/csv; charset=utf-8", f"statistik-{pk}-{table}.csv")


@require_GET
def download_figures(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _public_publication(request, pk)
    return _file(exports.figures_csv(publication), "text/csv; charset=utf-8", f"statistik-{pk}-semua-angka.csv")


@require_GET
def download_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _public_publication(request, pk)
    return _file(
        exports.workbook(publication),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"statistik-{pk}-pdrb-ekraf.xlsx",
    )


@require_GET
def download_manifest(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _public_publication(request, pk)
    body = json.dumps(publication.run.manifest or {}, ensure_ascii=False, indent=2).encode()
    return _file(body, "application/json", f"statistik-{pk}-manifest.json")


@require_GET
def download_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's reproducibility bundle; `sinergi pdrb reproduce` recomputes every published table."""
    publication = _public_publication(request, pk)
    run = publication.run
    if not run.bundle:
        raise Http404(_("Publikasi ini tidak punya bundel reproduksi."))
    with run.bundle.open("rb") as handle:
        return _file(handle.read(), "application/zip", f"statistik-{pk}-bundel-reproduksi.zip")


@require_GET
def download_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _public_publication(request, pk)
    return _file(exports.pdf_report(publication), "application/pdf", f"statistik-{pk}-laporan.pdf")


@require_GET
@lag_tolerant_reads
def dcat_catalog(request: HttpRequest) -> JsonResponse:
    data = exports.dcat_catalog(request, list(selectors.publication_public_list()))
    return JsonResponse(data, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False})


@require_GET
@lag_tolerant_reads
def dcat_publication(request: HttpRequest, pk: int) -> JsonResponse:
    publication = get_object_or_404(selectors.publication_list(public_only=True), pk=pk)
    data = {"@context": exports.CONTEXT, **exports.dcat_dataset(request, publication)}
    return JsonResponse(data, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False})


# ---------------------------------------------------------------- workspace
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
                by=request.user,
                kind=d["kind"],
                name=d["name"],
                region_code=d["region_code"],
                region_name=d["region_name"],
                upload=d["file"],
                supersedes=d["supersedes"],
                note=d["note"],
            )
        except ServiceError as exc:
            for field, errors in exc.field_errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            if not exc.field_errors:
                form.add_error(None, exc.message)
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
            dataset = services.dataset_from_registry(by=request.user, **form.cleaned_data)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("statistics:dataset", pk=dataset.pk)
    else:
        messages.error(request, _("Isian belum benar."))
    return redirect("statistics:workspace")


@login_required
def dataset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _workspace(request)
    dataset = get_object_or_404(Dataset, pk=pk)
    if request.headers.get("HX-Request") and request.GET.get("status"):
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
                by=request.user,
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
            for field, errors in exc.field_errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            if not exc.field_errors:
                form.add_error(None, exc.message)
        else:
            return redirect("statistics:run", pk=run.pk)
    return render(request, "statistics/run_form.html", {"form": form})


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _workspace(request)
    run = get_object_or_404(selectors.run_list(), pk=pk)
    template = "statistics/run.html#progress" if request.headers.get("HX-Request") else "statistics/run.html"
    form = PrepareForm(regions=selectors.run_regions(run))
    return render(request, template, {"run": run, "prepare_form": form, "history": history_for(run)[:20]})


@login_required
@require_POST
def dataset_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """'Periksa lagi' on a dataset whose checking a dying worker interrupted."""
    _workspace(request)
    dataset = get_object_or_404(Dataset, pk=pk)
    try:
        services.dataset_retry(by=request.user, dataset=dataset)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("statistics:dataset", pk=dataset.pk)


@login_required
@require_POST
def run_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """'Jalankan lagi' on a run a dying worker interrupted."""
    _workspace(request)
    run = get_object_or_404(Run, pk=pk)
    try:
        services.run_retry(by=request.user, run=run)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("statistics:run", pk=run.pk)


@login_required
@require_POST
def run_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    _workspace(request)
    run = get_object_or_404(Run, pk=pk)
    form = PrepareForm(request.POST, regions=selectors.run_regions(run))
    if form.is_valid() and form.cleaned_data["region_code"] == ALL_REGIONS:
        d = form.cleaned_data
        if d["revision_of"]:
            form.add_error("revision_of", _("Revisi dibuat untuk satu wilayah; pilih wilayahnya."))
        else:
            try:
                drafts = services.publications_prepare_regions(by=request.user, run=run, summary=d["summary"])
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
                by=request.user,
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


def _workflow(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    publication = get_object_or_404(Publication, pk=pk)
    body = request.POST.get("body", "")
    try:
        if action == "submit":
            services.publication_submit(by=request.user, publication=publication, comment=body)
            messages.success(request, _("Diajukan untuk ditinjau."))
        elif action == "approve":
            services.publication_approve(by=request.user, publication=publication, comment=body)
            messages.success(request, _("Publikasi terbit."))
        elif action == "return":
            services.publication_return(by=request.user, publication=publication, comment=body)
            messages.success(request, _("Dikembalikan ke penyusun."))
        else:
            services.publication_comment(by=request.user, publication=publication, body=body)
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
