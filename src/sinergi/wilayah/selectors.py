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
    return area.code.startswith(_subtree(region))


def is_province(region: str | None = None) -> bool:
    """Whether the installation's region is a province (code "64"), not a kab/kota ("32.76"): a province's
    directory and summaries have a kab/kota level above the kecamatan."""
    return "." not in (region or region_code())


def covers(area_code: str, place_code: str) -> bool:
    """Whether the area with code `area_code` contains the place `place_code` (or is it); an empty area
    is the whole installation and covers everything, an empty place lies in no particular area."""
    if not area_code:
        return True
    return place_code == area_code or place_code.startswith(f"{area_code}.")


def kabkota_list(*, region: str | None = None) -> QuerySet[Wilayah]:
    """The kabupaten and kota of the region (a province); one row, itself, for a kab/kota installation."""
    code = region or region_code()
    qs = Wilayah.objects.filter(level=Level.KOTA)
    return (qs.filter(code__startswith=f"{code}.") if is_province(code) else qs.filter(code=code)).order_by("name")


def kecamatan_list(*, region: str | None = None, kabkota: str | None = None) -> QuerySet[Wilayah]:
    """The kecamatan of the region, or of one of its kab/kota (`kabkota`, a Kemendagri code)."""
    qs = Wilayah.objects.filter(level=Level.KECAMATAN, code__startswith=_subtree(region))
    if kabkota:
        qs = qs.filter(parent__code=kabkota)
    return qs.order_by("name")


def kelurahan_list(*, region: str | None = None, kecamatan: str | None = None) -> QuerySet[Wilayah]:
    qs = Wilayah.objects.filter(level=Level.KELURAHAN).select_related("parent")
    if kecamatan:
        qs = qs.filter(parent__code=kecamatan)
    else:
        qs = qs.filter(code__startswith=_subtree(region))
    return qs.order_by("parent__name", "name")


def kabkota_get(code: str) -> Wilayah | None:
    """One kab/kota of a province installation by its code (None for anything else: a kecamatan, another
    region's area, or any code in a kab/kota installation, which has no kab/kota level to choose)."""
    if not is_province():
        return None
    return Wilayah.objects.filter(level=Level.KOTA, code=code, code__startswith=_subtree(None)).first()


def kelurahan_by_code(code: str) -> Wilayah | None:
    return Wilayah.objects.filter(level=Level.KELURAHAN, code=code).select_related("parent").first()


@functools.cache
def _kecamatan_digits() -> dict[str, frozenset[str]]:
    by_city: dict[str, set[str]] = {}
    for code in Wilayah.objects.filter(level=Level.KECAMATAN).values_list("code", flat=True):
        parts = code.split(".")
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
