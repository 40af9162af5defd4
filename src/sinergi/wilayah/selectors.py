from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from .models import Level, Wilayah


def region_code() -> str:
    return str(settings.SINERGI_REGION_CODE)


def kecamatan_list(*, region: str | None = None) -> QuerySet[Wilayah]:
    return Wilayah.objects.filter(level=Level.KECAMATAN, parent__kode=region or region_code()).order_by("nama")


def kelurahan_list(*, region: str | None = None, kecamatan: str | None = None) -> QuerySet[Wilayah]:
    qs = Wilayah.objects.filter(level=Level.KELURAHAN).select_related("parent")
    if kecamatan:
        qs = qs.filter(parent__kode=kecamatan)
    else:
        qs = qs.filter(parent__parent__kode=region or region_code())
    return qs.order_by("parent__nama", "nama")


def kelurahan_by_code(kode: str) -> Wilayah | None:
    return Wilayah.objects.filter(level=Level.KELURAHAN, kode=kode).select_related("parent").first()
