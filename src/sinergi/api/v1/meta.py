"""Reference lookups: subsectors (current list), kab/kota, kecamatan and kelurahan (Kemendagri codes), KBLI 2020."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from sinergi.classification.selectors import current_subsectors, kbli_search
from sinergi.wilayah.selectors import kabkota_list, kecamatan_list, kelurahan_list

from ..errors import ErrorOut, FieldInvalid
from ..pagination import Page, PageParams, paginate
from .schemas import AreaOut, KbliOut, KelurahanOut, SubsectorOut

router = Router(tags=["referensi"])
ERRORS = {frozenset({422}): ErrorOut}
KBLI_SEARCH_CAP = 5000  # more than all KBLI 2020 codes; the selector wants a bound


class SubsectorPage(Page[SubsectorOut]):
    pass


class KecamatanPage(Page[AreaOut]):
    pass


class KelurahanPage(Page[KelurahanOut]):
    pass


class KbliPage(Page[KbliOut]):
    pass


class KecamatanFilters(Schema):
    kabkota: str | None = Field(None, max_length=20, description="Kode Kemendagri kabupaten/kota (instalasi provinsi).")


class KelurahanFilters(Schema):
    kecamatan: str | None = Field(None, max_length=20, description="Kode Kemendagri kecamatan.")


class KbliFilters(Schema):
    q: str = Field("", max_length=100, description="Awal kode (angka) atau kata dalam judul.")


@router.get("/subsectors", response={200: SubsectorPage, **ERRORS}, summary="Subsektor ekonomi kreatif")
def subsectors(request: HttpRequest, page: Query[PageParams]) -> Any:
    return paginate(request, current_subsectors(), page)


@router.get("/wilayah/kabkota", response={200: KecamatanPage, **ERRORS}, summary="Kabupaten/kota")
def kabkota(request: HttpRequest, page: Query[PageParams]) -> Any:
    """The kab/kota of a province installation (a kab/kota installation: only itself)."""
    return paginate(request, kabkota_list(), page)


@router.get("/wilayah/kecamatan", response={200: KecamatanPage, **ERRORS}, summary="Kecamatan")
def kecamatan(request: HttpRequest, filters: Query[KecamatanFilters], page: Query[PageParams]) -> Any:
    if filters.kabkota and not kabkota_list().filter(code=filters.kabkota).exists():
        raise FieldInvalid(
            _("Filter tidak dikenal."),
            field_errors={"kabkota": [_("Kode kabupaten/kota '%(kode)s' tidak dikenal.") % {"kode": filters.kabkota}]},
        )
    return paginate(request, kecamatan_list(kabkota=filters.kabkota), page)


@router.get("/wilayah/kelurahan", response={200: KelurahanPage, **ERRORS}, summary="Kelurahan")
def kelurahan(request: HttpRequest, filters: Query[KelurahanFilters], page: Query[PageParams]) -> Any:
    if filters.kecamatan and not kecamatan_list().filter(code=filters.kecamatan).exists():
        raise FieldInvalid(
            _("Filter tidak dikenal."),
            field_errors={"kecamatan": [_("Kode kecamatan '%(kode)s' tidak dikenal.") % {"kode": filters.kecamatan}]},
        )
    return paginate(request, kelurahan_list(kecamatan=filters.kecamatan), page)


@router.get("/kbli", response={200: KbliPage, **ERRORS}, summary="Kode KBLI 2020")
def kbli(request: HttpRequest, filters: Query[KbliFilters], page: Query[PageParams]) -> Any:
    return paginate(request, kbli_search(filters.q, limit=KBLI_SEARCH_CAP), page)
