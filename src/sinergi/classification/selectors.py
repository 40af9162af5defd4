from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import KbliCode, KbliMapping, Subsector
from .services import CURRENT_LIST


def subsector_list(*, list_code: str = CURRENT_LIST) -> QuerySet[Subsector]:
    return Subsector.objects.filter(subsector_list__code=list_code).order_by("name_id")


def active_mapping() -> KbliMapping | None:
    return KbliMapping.objects.filter(is_active=True).first()


def subsectors_for_kbli(codes: Iterable[str], *, mapping: KbliMapping | None = None) -> list[Subsector]:
    """The subsectors that the active mapping gives to these KBLI codes, in name order."""
    mapping = mapping or active_mapping()
    codes = [c for c in codes if c]
    if mapping is None or not codes:
        return []
    return list(
        Subsector.objects.filter(pk__in=mapping.entries.filter(kbli_code__in=codes).values("subsector_id")).order_by(
            "name_id"
        )
    )


def kbli_get(code: str, *, version: str = "2020") -> KbliCode | None:
    return KbliCode.objects.filter(version=version, code=code).first()


def kbli_search(query: str, *, version: str = "2020", limit: int = 20) -> QuerySet[KbliCode]:
    qs = KbliCode.objects.filter(version=version)
    query = query.strip()
    if query.isdigit():
        qs = qs.filter(code__startswith=query)
    elif query:
        qs = qs.filter(title__icontains=query)
    return qs.order_by("code")[:limit]
