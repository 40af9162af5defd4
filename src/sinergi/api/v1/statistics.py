"""Statistics endpoints: published PDRB Ekraf results (read-only, public).

Thin: parse → selector → serialize. Only published (and superseded, for the record) publications.
Lists are paginated with `limit`/`offset` and answer `count`, `next`, `previous`, `results`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from sinergi.core import pagecache
from sinergi.statistics import selectors
from sinergi.statistics.cache import STATISTICS
from sinergi.statistics.models import PUBLIC_STATUSES, Publication

from ..errors import ErrorOut
from ..pagination import Page, PageParams, paginate

router = Router(tags=["statistics"])
READ_ERRORS = {frozenset({404, 422}): ErrorOut}
MAX_FIGURE_LIMIT = 1000
MIN_YEAR, MAX_YEAR = 1900, 2200


class PublicationOut(Schema):
    id: int
    title: str
    region_code: str
    region_name: str
    status: str
    is_demo: bool
    is_comparison: bool
    published_at: datetime | None
    revision_of: int | None = Field(None, description="Publikasi yang direvisi oleh publikasi ini.")
    revision_reason: str
    headline: dict[str, Any]
    manifest: dict[str, Any] = Field(..., description="Metode, versi pemetaan, masukan (SHA-256), versi mesin.")
    links: dict[str, str]


class PublicationPage(Page[PublicationOut]):
    pass


class PublishedFigureOut(Schema):
    year: int
    code: str
    indicator: str
    price_basis: str
    area: str = Field("", description="Kode kecamatan untuk estimasi eksperimental; kosong = seluruh wilayah.")
    value: float


class PublishedFigurePage(Page[PublishedFigureOut]):
    pass


class FigureFilters(Schema):
    indicator: str | None = None
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR)
    code: str | None = None
    price_basis: str | None = None
    area: str | None = Field("", description="Kode kecamatan; kosong = seluruh wilayah; '*' = semua.")


class FigurePageParams(PageParams):
    limit: int = Field(100, ge=1, le=MAX_FIGURE_LIMIT, description=f"Baris per halaman (1–{MAX_FIGURE_LIMIT}).")


def _out(request: HttpRequest, p: Publication) -> dict[str, Any]:
    base = f"/statistik/{p.pk}"
    return {
        "id": p.pk,
        "title": p.title,
        "region_code": p.region_code,
        "region_name": p.region_name,
        "status": p.status,
        "is_demo": p.is_demo,
        "is_comparison": p.is_comparison,
        "published_at": p.published_at,
        "revision_of": p.revision_of_id,
        "revision_reason": p.revision_reason,
        "headline": p.headline,
        "manifest": p.run.manifest or {},
        "links": {
            "page": request.build_absolute_uri(f"{base}/"),
            "figures": request.build_absolute_uri(f"/api/v1/statistics/publications/{p.pk}/figures"),
            "xlsx": request.build_absolute_uri(f"{base}/unduh/pdrb-ekraf.xlsx"),
            "csv": request.build_absolute_uri(f"{base}/unduh/semua-angka.csv"),
            "manifest": request.build_absolute_uri(f"{base}/unduh/manifest.json"),
            "pdf": request.build_absolute_uri(f"{base}/unduh/laporan.pdf"),
            "dcat": request.build_absolute_uri(f"{base}/dcat.jsonld"),
        },
    }


def _public(pk: int) -> Publication:
    publication = selectors.publication_list().filter(pk=pk, status__in=PUBLIC_STATUSES).first()
    if publication is None:
        raise Http404
    return publication


@router.get(
    "/statistics/publications",
    response={200: PublicationPage, **READ_ERRORS},
    summary="Publikasi statistik yang terbit",
)
def publications(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    qs = selectors.publication_list(public_only=True).order_by("-published_at", "-pk")
    data = paginate(request, qs, page)
    data["results"] = [_out(request, p) for p in data["results"]]
    return data


@router.get(
    "/statistics/publications/{pk}",
    response={200: PublicationOut, **READ_ERRORS},
    summary="Satu publikasi dan manifesnya",
)
def publication(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _out(request, _public(pk))


@router.get(
    "/statistics/publications/{pk}/figures",
    response={200: PublishedFigurePage, **READ_ERRORS},
    summary="Angka terbit, bisa disaring",
)
def figures(
    request: HttpRequest, pk: int, filters: Query[FigureFilters], page: Query[FigurePageParams]
) -> HttpResponse:
    def render() -> HttpResponse:
        pub = _public(pk)
        area = None if filters.area == "*" else (filters.area or "")
        qs = selectors.figures(
            pub,
            indicator=filters.indicator,
            price_basis=filters.price_basis,
            code=filters.code,
            year=filters.year,
            area=area,
        ).values("year", "code", "indicator", "price_basis", "area", "value")
        data = PublishedFigurePage.model_validate(paginate(request, qs, page)).model_dump(mode="json")
        return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/json; charset=utf-8")

    # A published figure never changes between publications: cached by the statistics version.
    return pagecache.serve(request, version=STATISTICS, render=render)


@router.get(
    "/statistics/regions/{code}/latest",
    response={200: PublicationOut, **READ_ERRORS},
    summary="Publikasi terbaru suatu wilayah",
)
def region_latest(request: HttpRequest, code: str) -> dict[str, Any]:
    pub = selectors.publication_latest_for_region(code)
    if pub is None:
        raise Http404
    return _out(request, pub)
