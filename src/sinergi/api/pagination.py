"""Limit/offset pagination for every list: `count`, `next`, `previous`, `results`; at most 100 a page.

Both numbers are bounded here, once for every list: an offset the database cannot hold (≥ 2^63 overflows
SQLite's and PostgreSQL's integers) is a 422 on `offset`, in the API's one error shape, never a 500.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Far beyond any list Sinergi will hold, far below what overflows a 64-bit OFFSET (with the limit added).
MAX_OFFSET = 10**9

T = TypeVar("T")


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Baris per halaman (1–{MAX_LIMIT}).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"Lewati sekian baris pertama (0–{MAX_OFFSET}).")


class Page(Schema, Generic[T]):
    count: int = Field(..., description="Jumlah semua baris yang cocok dengan filter.")
    next: str | None = Field(None, description="Alamat halaman berikutnya, atau null.")
    previous: str | None = Field(None, description="Alamat halaman sebelumnya, atau null.")
    results: list[T]


def _url(request: HttpRequest, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["limit"] = str(limit)
    if offset:
        query["offset"] = str(offset)
    else:
        query.pop("offset", None)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request: HttpRequest, items: QuerySet[Any] | list[Any], page: PageParams) -> dict[str, Any]:
    """One page of `items` (a queryset or a list) and links to its neighbours."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    limit, offset = page.limit, page.offset
    results = list(items[offset : offset + limit])
    return {
        "count": count,
        "next": _url(request, offset + limit, limit) if offset + limit < count else None,
        "previous": _url(request, max(offset - limit, 0), limit) if offset > 0 else None,
        "results": results,
    }
