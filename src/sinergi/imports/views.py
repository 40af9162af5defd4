"""Pages for bulk import and export. Thin: check the named permission, call a service or the pipeline, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.core.errors import ServiceError
from sinergi.core.htmx import HtmxHttpRequest
from sinergi.core.ratelimit import posts_a_file, rate_limited

from . import blanks, exports, readers, selectors, services
from .forms import UploadForm
from .kinds import Exporter, Importer, exporter_for, exporters, importer_for, importers
from .models import ImportJob, JobStatus

if TYPE_CHECKING:
    from sinergi.accounts.models import User
    from sinergi.accounts.requests import AuthenticatedHttpRequest

FORMATS = ("xlsx", "csv")


def _importer(request: HttpRequest, kind: str) -> Importer:
    importer = importer_for(kind)
    if importer is None:
        raise Http404
    if not request.user.has_perm(importer.permission):
        raise PermissionDenied
    return importer


def _exporter(request: HttpRequest, kind: str) -> Exporter:
    exporter = exporter_for(kind)
    if exporter is None:
        raise Http404
    if not request.user.has_perm(exporter.permission):
        raise PermissionDenied
    return exporter


def _job(request: HttpRequest, pk: int) -> tuple[ImportJob, Importer]:
    job = selectors.job_get(user=cast("User", request.user), pk=pk)  # behind login_required
    if job is None:
        raise Http404
    return job, _importer(request, job.kind)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    allowed = [i for i in importers() if request.user.has_perm(i.permission)]
    allowed_exports = [e for e in exporters() if request.user.has_perm(e.permission)]
    if not allowed and not allowed_exports:
        raise PermissionDenied
    jobs = selectors.job_list(user=cast("User", request.user))[:30]  # behind login_required
    return render(request, "imports/home.html", {"importers": allowed, "exporters": allowed_exports, "jobs": jobs})


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("upload", when=posts_a_file)
def upload(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    importer = _importer(request, kind)
    limit = readers.max_import_bytes()
    form = UploadForm()
    if request.method == "POST":
        # Refuse an oversized upload by its declared length before touching the file.
        declared = int(request.headers.get("content-length") or 0)
        if declared > limit + 64 * 1024:
            form = UploadForm.refused(
                _("Berkas terlalu besar (%(size)s); batasnya %(limit)s. Bagi data menjadi beberapa berkas.")
                % {"size": readers.human_size(declared), "limit": readers.human_size(limit)}
            )
        else:
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    job = services.job_create(by=request.user, kind=kind, upload=form.cleaned_data["file"])
                except ServiceError as exc:
                    form.add_error("file", exc.message)
                else:
                    return redirect("imports:job", pk=job.pk)
    jobs = selectors.job_list(user=request.user, kind=kind)[:10]
    return render(
        request,
        "imports/upload.html",
        {
            "importer": importer,
            "form": form,
            "jobs": jobs,
            "limit": readers.human_size(limit),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def template_download(request: HttpRequest, kind: str, file_format: str) -> HttpResponse:
    importer = _importer(request, kind)
    if file_format not in FORMATS:
        raise Http404
    content = blanks.template_xlsx(importer) if file_format == "xlsx" else blanks.template_csv(importer)
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="templat-{importer.slug}.{file_format}"'
    return response


def _job_context(job: ImportJob, importer: Importer) -> dict[str, Any]:
    return {"job": job, "importer": importer, "statuses": JobStatus}


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job, importer = _job(request, pk)
    return render(request, "imports/job.html", _job_context(job, importer))


@login_required
@require_GET
def job_progress(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The polled fragment; when the job stops running, HTMX is told to reload the whole page."""
    job, importer = _job(request, pk)
    response = render(request, "imports/job.html#progress", _job_context(job, importer))
    if not job.is_running and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def job_report(request: HttpRequest, pk: int) -> HttpResponseBase:
    job, _importer = _job(request, pk)
    if not job.report:
        raise Http404
    stem = job.original_name.rsplit(".", 1)[0][:80] or "impor"
    return FileResponse(
        job.report.open("rb"),
        as_attachment=True,
        filename=f"{stem}-kesalahan.{job.file_format}",
        content_type=exports.CONTENT_TYPES[job.file_format],
    )


def _job_step(request: HttpRequest, pk: int, step: Callable[..., ImportJob]) -> HttpResponse:
    """A button on the job page (save, try again): the service's refusal is shown on the page."""
    job, _importer = _job(request, pk)
    try:
        step(by=request.user, job=job)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("imports:job", pk=job.pk)


@login_required
@require_POST
def job_commit(request: HttpRequest, pk: int) -> HttpResponse:
    return _job_step(request, pk, services.job_commit)


@login_required
@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """'Coba lagi' on a job a dying worker interrupted: the interrupted step runs again."""
    return _job_step(request, pk, services.job_retry)


def _export_form(
    request: HttpRequest, exporter: Exporter, error: ServiceError | None, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "imports/export.html",
        {
            "exporter": exporter,
            "query": request.GET.urlencode(),
            # Errors per parameter: a filter that names nothing is shown, never exported as an empty file.
            "filter_errors": error.field_errors if error else {},
            # What the person typed, to show back in the filter form (every field present, even if empty).
            "typed": {key: request.GET.get(key, "") for key in ("q", "subsektor", "kecamatan", "skala")},
            "masked": not request.user.has_perm(exporter.personal_permission),
        },
        status=status,
    )


@login_required
@require_GET
def export_page(request: HttpRequest, kind: str) -> HttpResponse:
    exporter = _exporter(request, kind)
    try:
        exporter.parse_filters(request.GET)
    except ServiceError as exc:
        return _export_form(request, exporter, exc, status=400)
    return _export_form(request, exporter, None)


@login_required
@require_GET
def export_download(request: AuthenticatedHttpRequest, kind: str, file_format: str) -> HttpResponseBase:
    exporter = _exporter(request, kind)
    if file_format not in FORMATS:
        raise Http404
    try:
        handle, _count = services.export_write(
            by=request.user, exporter=exporter, file_format=file_format, query=request.GET
        )
    except ServiceError as exc:
        return _export_form(request, exporter, exc, status=400)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{exporter.slug}.{file_format}",
        content_type=exports.CONTENT_TYPES[file_format],
    )
