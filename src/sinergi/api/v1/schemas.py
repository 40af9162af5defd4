"""Typed shapes of API v1. The OpenAPI schema is generated from these same types.

Public shapes carry published data only: never a contact person's NIK, phone or home address, an
NPWP, or an owner's e-mail. Those appear only in `ContactOut`, behind a scope, a permission and an
audit entry.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, field_validator

from sinergi.core import bounds, phones
from sinergi.registry import identifiers
from sinergi.registry.models import (
    ActorKind,
    AppPlatform,
    CertificationKind,
    CommunityRole,
    LegalForm,
    MembershipStatus,
    SizeClass,
    Status,
)

SizeClassCode = Literal["mikro", "kecil", "menengah", "besar"]
CertificationCode = Literal["pirt", "halal", "hki", "sni", "bpom", "other"]
ActorOrdering = Literal["name", "-name", "newest", "kecamatan"]
ProductOrdering = Literal["name", "newest", "price", "-price"]
CommunityOrdering = Literal["name", "members"]
ActorKindCode = Literal["individual", "business"]
LegalFormCode = Literal["perorangan", "ud", "cv", "pt", "pt_perorangan", "koperasi", "firma", "yayasan", "lainnya"]
CommunityRoleCode = Literal["chair", "secretary", "treasurer", "board", "member"]
PlatformCode = Literal["android", "ios", "web", "desktop", "console", "multi", ""]

# The Literals above must list exactly the model's choices; a test checks they stay in step.
CHOICE_LITERALS: dict[Any, Any] = {
    SizeClass: SizeClassCode,
    CertificationKind: CertificationCode,
    ActorKind: ActorKindCode,
    LegalForm: LegalFormCode,
    CommunityRole: CommunityRoleCode,
    AppPlatform: PlatformCode,
}


# ---------------------------------------------------------------- bounded values (core.bounds)


def _money_before(maximum: Decimal) -> BeforeValidator:
    """Rupiah parsed as the forms and imports parse it (identifiers.clean_money): a refusal is a 422 with
    the field, never an overflow."""

    def check(value: Any) -> Any:
        if value is None or value == "":
            return None
        return identifiers.clean_money(value, maximum=maximum)

    return BeforeValidator(check)


def _not_future_year(value: int) -> int:
    problem = bounds.future_year_problem(value)
    if problem:
        raise ValueError(problem)
    return value


Rupiah = Annotated[Decimal, _money_before(bounds.MONEY_MAX)]
SalesDayRupiah = Annotated[Decimal, _money_before(bounds.SALES_DAY_MAX)]
FoundedYear = Annotated[int, Field(ge=bounds.FOUNDED_YEAR_MIN), AfterValidator(_not_future_year)]
FiguresYear = Annotated[int, Field(ge=bounds.FIGURES_YEAR_MIN), AfterValidator(_not_future_year)]


# ---------------------------------------------------------------- reference data


class AreaOut(Schema):
    # The JSON keeps its Indonesian names (clients depend on them); the aliases read the model's attributes.
    kode: str = Field(..., alias="code")
    nama: str = Field(..., alias="name")


class KelurahanOut(AreaOut):
    kecamatan: AreaOut

    @staticmethod
    def resolve_kecamatan(obj: Any) -> Any:
        return obj.parent


class SubsectorOut(Schema):
    code: str
    name: str = Field(..., alias="name_id")
    name_en: str


class KbliOut(Schema):
    kode: str = Field(..., alias="code")
    judul: str = Field(..., alias="title")
    kategori: str = Field(..., alias="section")


# ---------------------------------------------------------------- filters (query parameters)


class ActorFilters(Schema):
    q: str = Field("", max_length=200, description="Kata pencarian; setiap kata harus muncul.")
    subsector: str | None = Field(None, max_length=10, description="Kode subsektor, misalnya FSN.")
    kabkota: str | None = Field(
        None, max_length=20, description="Kode Kemendagri kabupaten/kota (instalasi provinsi), misalnya 64.72."
    )
    kecamatan: str | None = Field(None, max_length=20, description="Kode Kemendagri kecamatan, misalnya 32.76.01.")
    kelurahan: str | None = Field(None, max_length=20, description="Kode Kemendagri kelurahan.")
    size_class: SizeClassCode | None = None
    community: str | None = Field(None, max_length=220, description="Slug komunitas.")
    certification: CertificationCode | None = None
    fostered: bool | None = Field(None, description="true: hanya binaan perangkat daerah; false: bukan binaan.")
    ordering: ActorOrdering = "name"


class ProductFilters(Schema):
    q: str = Field("", max_length=200)
    subsector: str | None = Field(None, max_length=10)
    kabkota: str | None = Field(
        None, max_length=20, description="Kode Kemendagri kabupaten/kota (instalasi provinsi), misalnya 64.72."
    )
    kecamatan: str | None = Field(None, max_length=20)
    flagship: bool | None = None
    certification: CertificationCode | None = None
    ordering: ProductOrdering = "name"


class CommunityFilters(Schema):
    q: str = Field("", max_length=200)
    subsector: str | None = Field(None, max_length=10)
    kabkota: str | None = Field(
        None, max_length=20, description="Kode Kemendagri kabupaten/kota (instalasi provinsi), misalnya 64.72."
    )
    kecamatan: str | None = Field(None, max_length=20)
    ordering: CommunityOrdering = "name"


class HubFilters(Schema):
    q: str = Field("", max_length=200)
    kabkota: str | None = Field(
        None, max_length=20, description="Kode Kemendagri kabupaten/kota (instalasi provinsi), misalnya 64.72."
    )
    kecamatan: str | None = Field(None, max_length=20)
    programme: Literal["incubation", "coworking", "studio", "makerspace", "training", "exhibition"] | None = None


# ---------------------------------------------------------------- actors


class Ref(Schema):
    slug: str
    name: str


class LinkOut(Schema):
    kind: str
    url: str


class CertificationOut(Schema):
    kind: str
    name: str
    valid_until: date | None


class MembershipOut(Schema):
    community: Ref
    role: str


class ActorOut(Schema):
    slug: str
    name: str
    kind: str
    legal_form: str
    description: str
    kelurahan: AreaOut | None
    kecamatan: AreaOut | None
    primary_kbli: KbliOut | None
    subsectors: list[SubsectorOut]
    size_class: str
    fostered: bool
    fostered_by: str | None
    workers_total: int
    verified_at: datetime | None

    @staticmethod
    def resolve_kecamatan(obj: Any) -> Any:
        return obj.kelurahan.parent if obj.kelurahan_id else None

    @staticmethod
    def resolve_subsectors(obj: Any) -> list[Any]:
        return list(obj.subsectors.all())

    @staticmethod
    def resolve_fostered(obj: Any) -> bool:
        return obj.fostered_by_id is not None

    @staticmethod
    def resolve_fostered_by(obj: Any) -> str | None:
        return str(obj.fostered_by) if obj.fostered_by_id else None


class ActorDetailOut(ActorOut):
    address: str
    founded_year: int | None
    latitude: Decimal | None
    longitude: Decimal | None
    workers_female: int
    workers_male: int
    has_nib: bool
    other_kbli: list[KbliOut]
    links: list[LinkOut]
    certifications: list[CertificationOut]
    products: list[Ref]
    communities: list[MembershipOut]
    business_phone: str = Field(description="Telepon usaha yang dipublikasikan pemilik ('' bila tidak).")
    whatsapp: str = Field(description="Nomor WhatsApp usaha yang dipublikasikan pemilik, +628… ('' bila tidak).")
    whatsapp_url: str = Field(description="Tautan obrolan https://wa.me/628… ('' bila tidak ada).")

    @staticmethod
    def resolve_has_nib(obj: Any) -> bool:
        return bool(obj.nib)

    @staticmethod
    def resolve_other_kbli(obj: Any) -> list[Any]:
        return list(obj.other_kbli.all())

    @staticmethod
    def resolve_links(obj: Any) -> list[Any]:
        return list(obj.links.all())

    @staticmethod
    def resolve_certifications(obj: Any) -> list[Any]:
        return list(obj.certifications.all())

    @staticmethod
    def resolve_products(obj: Any) -> list[Any]:
        return list(obj.products.filter(is_archived=False).order_by("name"))

    @staticmethod
    def resolve_communities(obj: Any) -> list[Any]:
        return list(
            obj.community_memberships.filter(
                community__status=Status.VERIFIED, status=MembershipStatus.ACCEPTED
            ).select_related("community")
        )


class ActorManageOut(ActorDetailOut):
    """What the profile's owner or staff get back from a write: the public view plus its status."""

    status: str
    status_reason: str
    nib: str


class ContactOut(Schema):
    """Personal data in full: only with scope `registry:read-private` and the permission; logged."""

    full_name: str
    position: str
    nik: str
    phone: str
    email: str
    home_address: str
    legal_basis: str
    purpose: str
    consent_at: datetime | None


def _clean_number(cleaner: Any, value: Any) -> Any:
    """A domain cleaner of numbers, made safe for the API: arithmetic that cannot hold the value
    (`1e30` has more digits than the decimal context's 28) is a 422 on the field, never a 500."""
    try:
        return cleaner(value)
    except ArithmeticError as exc:
        raise ValueError(_("Angka terlalu besar atau tidak dapat dibaca.")) from exc


def _clean_optional(cleaner: Any, value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    return cleaner(str(value))


class _ActorFields(Schema):
    kind: ActorKindCode = "business"
    legal_form: LegalFormCode = "perorangan"
    nib: str = Field("", max_length=40)
    npwp: str = Field("", max_length=40, description="Disimpan, tidak pernah ditampilkan di API publik.")
    description: str = Field("", max_length=5000)
    founded_year: FoundedYear | None = None
    address: str = Field("", max_length=300)
    kelurahan: str | None = Field(None, max_length=20, description="Kode Kemendagri kelurahan.")
    latitude: Decimal | None = Field(None, ge=-11, le=6, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=94, le=142, max_digits=9, decimal_places=6)
    workers_female: int = Field(0, ge=0, le=bounds.WORKERS_MAX)
    workers_male: int = Field(0, ge=0, le=bounds.WORKERS_MAX)
    primary_kbli: str | None = Field(None, max_length=5, description="Kode KBLI 2020 (5 angka).")
    other_kbli: list[str] = Field(default_factory=list, max_length=20)
    business_phone: str = Field("", max_length=30, description="Telepon usaha; tampil di profil publik.")
    whatsapp: str = Field("", max_length=30, description="Ponsel WhatsApp usaha (08…/+628…); tampil publik.")

    @field_validator("business_phone", mode="before")
    @classmethod
    def _business_phone(cls, value: Any) -> Any:
        return _clean_optional(identifiers.clean_phone, value)

    @field_validator("whatsapp", mode="before")
    @classmethod
    def _whatsapp(cls, value: Any) -> Any:
        return _clean_optional(phones.clean_whatsapp, value)

    @field_validator("nib", mode="before")
    @classmethod
    def _nib(cls, value: Any) -> Any:
        return _clean_optional(identifiers.clean_nib, value)

    @field_validator("npwp", mode="before")
    @classmethod
    def _npwp(cls, value: Any) -> Any:
        return _clean_optional(identifiers.clean_npwp, value)

    @field_validator("primary_kbli", mode="before")
    @classmethod
    def _kbli(cls, value: Any) -> Any:
        return _clean_optional(identifiers.clean_kbli_format, value) or None

    @field_validator("other_kbli", mode="before")
    @classmethod
    def _other_kbli(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return [identifiers.clean_kbli_format(str(v)) for v in value]


class ActorIn(_ActorFields):
    """A new profile: a draft owned by the token's user (staff may record it as verified)."""

    name: str = Field(..., min_length=2, max_length=200)
    verified: bool = Field(False, description="Hanya petugas: catat langsung sebagai terverifikasi.")


class ActorPatch(_ActorFields):
    """Only the fields sent are changed."""

    name: str | None = Field(None, min_length=2, max_length=200)


class RejectIn(Schema):
    reason: str = Field(..., max_length=2000)


class VerifyIn(Schema):
    note: str = Field("", max_length=2000)


class FigureIn(Schema):
    year: FiguresYear
    capital: Rupiah | None = Field(None, description="Modal usaha tanpa tanah dan bangunan, rupiah.")
    sales: Rupiah | None = Field(None, description="Omzet setahun, rupiah.")


class ActorFigureOut(Schema):
    year: int
    capital: Decimal | None
    sales: Decimal | None
    size_class: str

    @staticmethod
    def resolve_size_class(obj: Any) -> str:
        return str(obj.actor.size_class)


# ---------------------------------------------------------------- products


class ProductOut(Schema):
    slug: str
    name: str
    description: str
    actor: Ref
    subsector: SubsectorOut | None
    kecamatan: AreaOut | None
    price_min: Decimal | None
    price_max: Decimal | None
    is_flagship: bool
    platform: str
    store_url: str

    @staticmethod
    def resolve_kecamatan(obj: Any) -> Any:
        return obj.actor.kelurahan.parent if obj.actor.kelurahan_id else None


class ProductDetailOut(ProductOut):
    flagship_reason: str
    users_count: int | None
    awards: str
    certifications: list[CertificationOut]
    photos: list[str]

    @staticmethod
    def resolve_certifications(obj: Any) -> list[Any]:
        return list(obj.certifications.all())

    @staticmethod
    def resolve_photos(obj: Any) -> list[str]:
        # The page that serves the photo after checking access, never the storage's own URL (a bucket's).
        return [reverse("registry:photo", kwargs={"pk": photo.pk}) for photo in obj.photos.all() if photo.image]


class ProductIn(Schema):
    name: str = Field(..., min_length=2, max_length=200)
    subsector: str | None = Field(None, max_length=10, description="Kode subsektor.")
    description: str = Field("", max_length=5000)
    price_min: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=0)
    price_max: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=0)
    platform: PlatformCode = ""
    store_url: str = Field("", max_length=400)
    users_count: int | None = Field(None, ge=0)
    awards: str = Field("", max_length=2000)


# ---------------------------------------------------------------- communities and hubs


class CommunityOut(Schema):
    slug: str
    name: str
    description: str
    focus_subsectors: list[SubsectorOut]
    base_kecamatan: AreaOut | None
    fostered_by: str | None
    founded_year: int | None
    member_count: int

    @staticmethod
    def resolve_focus_subsectors(obj: Any) -> list[Any]:
        return list(obj.focus_subsectors.all())

    @staticmethod
    def resolve_fostered_by(obj: Any) -> str | None:
        return str(obj.fostered_by) if obj.fostered_by_id else None

    @staticmethod
    def resolve_member_count(obj: Any) -> int:
        count = getattr(obj, "member_count", None)
        return int(count) if count is not None else len(obj.members.all())


class MemberOut(Schema):
    """A member: a business (`actor`) or a person (`actor` null; by name only, never contact data)."""

    name: str
    actor: Ref | None
    role: str
    joined_on: date | None


class CommunityDetailOut(CommunityOut):
    members: list[MemberOut]

    @staticmethod
    def resolve_members(obj: Any) -> list[Any]:
        return list(obj.members.all())


class InvitationIn(Schema):
    email: str = Field(..., max_length=254, description="E-mail akun orang yang diundang, persis (huruf besar bebas).")
    role: CommunityRoleCode = "member"


class InvitationOut(Schema):
    """An open invitation to join a community: of a person (`actor` null), or of a business (`actor`), which
    its owner accepts or declines."""

    id: int
    community: Ref
    name: str
    actor: Ref | None
    role: str
    status: str
    invited_on: date

    @staticmethod
    def resolve_invited_on(obj: Any) -> date:
        created: datetime = obj.created_at
        return created.date()


class MemberIn(Schema):
    actor: str = Field(..., max_length=220, description="Slug pelaku.")
    role: CommunityRoleCode = "member"
    joined_on: date | None = None


class HubOut(Schema):
    slug: str
    name: str
    description: str
    operator_name: str
    address: str
    kelurahan: AreaOut | None
    kecamatan: AreaOut | None
    capacity: int | None
    programmes: list[str]

    @staticmethod
    def resolve_kecamatan(obj: Any) -> Any:
        return obj.kelurahan.parent if obj.kelurahan_id else None

    @staticmethod
    def resolve_operator_name(obj: Any) -> str:
        return obj.operator_name or (str(obj.operator) if obj.operator_id else "")


class HubDetailOut(HubOut):
    facilities: list[str]
    latitude: Decimal | None
    longitude: Decimal | None
    residents: list[Ref]

    @staticmethod
    def resolve_facilities(obj: Any) -> list[str]:
        return [line.strip() for line in obj.facilities.splitlines() if line.strip()]

    @staticmethod
    def resolve_residents(obj: Any) -> list[Any]:
        return list(obj.residents.all())


class KecamatanSummaryOut(Schema):
    kode: str = Field(..., alias="code")
    nama: str = Field(..., alias="name")
    total: int
    by_subsector: dict[str, int]
