"""The public statistics: per region, per province, per publication, downloads and the DCAT catalogue."""

from __future__ import annotations

import json
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sinergi.core.access import get_permitted
from sinergi.core.audit import history_for
from sinergi.core.pagecache import csrf_context, public_page
from sinergi.core.replica import lag_tolerant_reads

from .. import exports, provenance, report, selectors, services
from ..cache import STATISTICS
from ..forms import CommentForm
from ..models import Publication, PublicationStatus
from ._common import _file


def _public_publication(request: HttpRequest, pk: int) -> Publication:
    """A publication the visitor may see; 404 for any other (a draft is not known to exist)."""
    return get_permitted(
        request.user,
        selectors.publication_list(),
        perm="statistics.view_publication",
        visible="statistics.view_publication",
        pk=pk,
    )


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
