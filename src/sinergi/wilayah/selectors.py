from __future__ import annotations

import functools

from django.conf import settings
from django.db.models import QuerySet

from .models import Level, Wilayah


def region_code() -> str:
    return str(settings.SINERGI_REGION_CODE)


def _subtree(region: str | None) -> str:
    """The code prefix of every area below the region: a province's or a kab/kota's descendants."""
    return f"{region or region_code()}."


def in_region(area: Wilayah, *, region: str | None = None) -> bool:
    """Whether the area lies inside the installation's region (a province or a kab/kota)."""
    return area.kode.startswith(_subtree(region))


def kecamatan_list(*, region: str | None = None) -> QuerySet[Wilayah]:
    return Wilayah.objects.filter(level=Level.KECAMATAN, kode__startswith=_subtree(region)).order_by("nama")


def kelurahan_list(*, region: str | None = None, kecamatan: str | None = None) -> QuerySet[Wilayah]:
    qs = Wilayah.objects.filter(level=Level.KELURAHAN).select_related("parent")
    if kecamatan:
        qs = qs.filter(parent__kode=kecamatan)
    else:
        qs = qs.filter(kode__startswith=_subtree(region))
    return qs.order_by("parent__nama", "nama")


def kelurahan_by_code(kode: str) -> Wilayah | None:
    return Wilayah.objects.filter(level=Level.KELURAHAN, kode=kode).select_related("parent").first()


@functools.cache
def _kecamatan_digits() -> dict[str, frozenset[str]]:
    by_city: dict[str, set[str]] = {}
    for kode in Wilayah.objects.filter(level=Level.KECAMATAN).values_list("kode", flat=True):
        parts = kode.split(".")
        if len(parts) == 3:
            by_city.setdefault(parts[0] + parts[1], set()).add(parts[2])
    return {city: frozenset(digits) for city, digits in by_city.items()}


def kecamatan_digits(city: str) -> frozenset[str]:
    """The kecamatan digits (NIK digits 5–6) of the city or regency `city` (NIK digits 1–4, e.g. "3276")
    that the wilayah table knows; empty when it holds none of that city's kecamatan.

    Read once per process (reference data changes only through `wilayah_load`, which forgets it)."""
    return _kecamatan_digits().get(city, frozenset())


def forget_kecamatan_digits() -> None:
    _kecamatan_digits.cache_clear()
