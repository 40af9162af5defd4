from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import KbliCode, KbliMapping, Subsector


def current_subsectors(*, codes: Iterable[str] | None = None) -> QuerySet[Subsector]:
    """Today's ekraf subsectors: those of the subsector list in force (`SubsectorList.is_current`), in
    name order; with `codes`, only those with these codes (a code that names none is left out). The one
    query every form, filter, selector and API endpoint offering or reading subsectors uses."""
    qs = Subsector.objects.filter(subsector_list__is_current=True)
    if codes is not None:
        qs = qs.filter(code__in=list(codes))
    return qs.order_by("name_id")


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
