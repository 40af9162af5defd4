"""Products: the public catalogue and one product."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from .. import filters, search
from ..models import Actor, Certification, Product, Status
from .scope import text_filter

PRODUCT_SORTS = {
    "name": ("name", "id"),
    "newest": ("-created_at", "-id"),
    "price": ("price_min", "id"),
    "-price": ("-price_max", "-id"),
}


def product_list(
    *,
    q: str = "",
    subsector: str | None = None,
    kabkota: str | None = None,
    kecamatan: str | None = None,
    flagship: bool | None = None,
    certification: str | None = None,
    actor: Actor | None = None,
    sort: str = "name",
) -> QuerySet[Product]:
    qs = Product.objects.filter(is_archived=False, actor__status=Status.VERIFIED)
    if actor is not None:
        qs = qs.filter(actor=actor)
    if q.strip():
        qs = text_filter(qs, q)
    if subsector:
        qs = qs.filter(subsector__code=subsector)
    if kecamatan:
        area = filters.kelurahan_pks(kecamatan=kecamatan)
        qs = qs.filter(actor__kelurahan_id__in=area) if area else qs.filter(actor__kelurahan__parent__code=kecamatan)
    elif kabkota:
        qs = qs.filter(actor__kelurahan__code__startswith=f"{kabkota}.")
    if flagship is not None:
        qs = qs.filter(is_flagship=flagship)
    if certification:
        qs = qs.filter(Exists(Certification.objects.filter(product_id=OuterRef("pk"), kind=certification)))
    qs = qs.select_related("actor__kelurahan__parent", "subsector").prefetch_related("photos")
    if sort == "relevance" and q.strip():
        return search.with_rank(qs, q).order_by("-rank", "name", "id")
    return qs.order_by(*PRODUCT_SORTS.get(sort, PRODUCT_SORTS["name"]))


def product_get(*, slug: str) -> Product | None:
    return (
        Product.objects.select_related("actor__kelurahan__parent", "subsector")
        .prefetch_related("photos", "certifications")
        .filter(slug=slug, is_archived=False, actor__status=Status.VERIFIED)
        .first()
    )


def product_workspace() -> QuerySet[Product]:
    """Products of any status with what their page and the API read (pick one with a lookup)."""
    return Product.objects.select_related("actor__kelurahan__parent", "subsector")
