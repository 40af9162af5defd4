"""Creative hubs (ruang kreatif): the public list and page."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from ..models import Actor, CreativeHub, Status
from .scope import text_filter


def hub_list(
    *, q: str = "", kabkota: str | None = None, kecamatan: str | None = None, programme: str | None = None
) -> QuerySet[CreativeHub]:
    qs = CreativeHub.objects.filter(status=Status.VERIFIED)
    if q.strip():
        qs = text_filter(qs, q)
    if kecamatan:
        qs = qs.filter(kelurahan__parent__code=kecamatan)
    elif kabkota:
        qs = qs.filter(kelurahan__parent__parent__code=kabkota)
    hubs = qs.select_related("kelurahan__parent", "operator").order_by("name")
    if programme:
        # JSON containment is not portable to SQLite; hubs are few, so filter their ids in Python.
        ids = [pk for pk, programmes in hubs.values_list("pk", "programmes") if programme in (programmes or [])]
        hubs = hubs.filter(pk__in=ids)
    return hubs


def hub_get(*, slug: str) -> CreativeHub | None:
    return (
        CreativeHub.objects.select_related("kelurahan__parent", "operator")
        .prefetch_related(Prefetch("residents", queryset=Actor.objects.filter(status=Status.VERIFIED)))
        .filter(slug=slug)
        .exclude(status=Status.ARCHIVED)
        .first()
    )


def hubs_all() -> QuerySet[CreativeHub]:
    """Every creative hub, whatever its status, by name (the registry office's workspace list)."""
    return CreativeHub.objects.select_related("kelurahan__parent").order_by("name")
