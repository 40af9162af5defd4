"""Statistics endpoints: published PDRB Ekraf results (read-only, public).

Thin: parse → selector → serialize. Only published (and superseded, for the record) publications.
Lists are paginated with `limit`/`offset` and answer `count`, `next`, `previous`, `results`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from sinergi.statistics import selectors
from sinergi.statistics.models import PUBLIC_STATUSES, Publication

router = Router(tags=["statistics"])
MAX_LIMIT = 1000


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


class PublicationPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[PublicationOut]


class FigureOut(Schema):
    year: int
    code: str
    indicator: str
    price_basis: str
    area: str = Field("", description="Kode kecamatan untuk estimasi eksperimental; kosong = seluruh wilayah.")
    value: float


class FigurePage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[FigureOut]


class FigureFilters(Schema):
    indicator: str | None = None
    year: int | None = None
    code: str | None = None
    price_basis: str | None = None
    area: str | None = Field("", description="Kode kecamatan; kosong = seluruh wilayah; '*' = semua.")
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


class PageParams(Schema):
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0)


def _page_url(request: HttpRequest, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["limit"] = str(limit)
    query["offset"] = str(offset)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _paginate(request: HttpRequest, items: Any, limit: int, offset: int) -> dict[str, Any]:
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    return {
        "count": count,
        "next": _page_url(request, offset + limit, limit) if offset + limit < count else None,
        "previous": _page_url(request, max(offset - limit, 0), limit) if offset > 0 else None,
        "results": list(items[offset : offset + limit]),
    }


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


@router.get("/statistics/publications", response=PublicationPage, summary="Publikasi statistik yang terbit")
def publications(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    qs = selectors.publication_list(public_only=True).order_by("-published_at", "-pk")
    data = _paginate(request, qs, page.limit, page.offset)
    data["results"] = [_out(request, p) for p in data["results"]]
    return data


@router.get("/statistics/publications/{pk}", response=PublicationOut, summary="Satu publikasi dan manifesnya")
def publication(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _out(request, _public(pk))


@router.get("/statistics/publications/{pk}/figures", response=FigurePage, summary="Angka terbit, bisa disaring")
def figures(request: HttpRequest, pk: int, filters: Query[FigureFilters]) -> dict[str, Any]:
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
    return _paginate(request, qs, filters.limit, filters.offset)


@router.get("/statistics/regions/{code}/latest", response=PublicationOut, summary="Publikasi terbaru suatu wilayah")
def region_latest(request: HttpRequest, code: str) -> dict[str, Any]:
    pub = selectors.publication_latest_for_region(code)
    if pub is None:
        raise Http404
    return _out(request, pub)
