from __future__ import annotations

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
