"""Registry endpoints: actors, communities, hubs, products, the kecamatan summary.

Thin: parse (typed schemas) → selector or service → serialize. Reads are public and show published
data only. Writes need a token with scope `registry:write` and the same named permissions as the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_args

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply

from sinergi.accounts.models import User
from sinergi.classification.selectors import current_subsectors, kbli_get
from sinergi.registry import filters as registry_filters
from sinergi.registry import selectors, services
from sinergi.registry.models import Actor, Community, MembershipStatus, Status
from sinergi.wilayah.models import Wilayah
from sinergi.wilayah.selectors import in_region, kabkota_get, kelurahan_by_code

from ..auth import guarded, optional_token, require_perm, require_scope, token_auth, write_throttle
from ..errors import ErrorOut, FieldInvalid, NotFound
from ..pagination import Page, PageParams, paginate
from . import schemas as s

router = Router(tags=["registry"])

READ_ERRORS = {frozenset({404, 422}): ErrorOut}
WRITE_ERRORS = {frozenset({400, 401, 403, 404, 409, 422, 429}): ErrorOut}
WRITE = "registry:write"
READ_PRIVATE = "registry:read-private"


class ActorPage(Page[s.ActorOut]):
    pass


class CommunityPage(Page[s.CommunityOut]):
    pass


class HubPage(Page[s.HubOut]):
    pass


class ProductPage(Page[s.ProductOut]):
    pass


class KecamatanSummaryPage(Page[s.KecamatanSummaryOut]):
    pass


# ---------------------------------------------------------------- parsing helpers


def _filtered_page(
    request: HttpRequest,
    filters: Schema,
    page: PageParams,
    selector: Callable[..., Any],
    *,
    sorts: Any = None,
    **fixed: Any,
) -> Any:
    """The shape of every list endpoint: the schema types the values, the directory's one filter
    specification (`registry.filters`) checks them strictly — a code or slug that names nothing known, or a
    place outside the chosen kab/kota or kecamatan, is a 422 naming the parameter — then the selector gets
    the parsed filters as keywords (`ordering` as `sort`; `sorts`, a Literal, its allowed values) and one
    page with its `count`."""
    values = filters.model_dump()
    try:
        parsed = registry_filters.parse_api_filters(values, sorts=get_args(sorts) if sorts else ())
    except registry_filters.InvalidFilters as exc:
        raise FieldInvalid(_("Filter tidak dikenal."), field_errors=exc.field_errors) from exc
    names = registry_filters.API_PARAMS
    kwargs = {key: value for key, value in values.items() if key not in names.values()}  # e.g. a hub's programme
    kwargs.update({key: getattr(parsed, key) for key, name in names.items() if name in values})
    return paginate(request, selector(**fixed, **kwargs), page)


def _kelurahan(kode: str) -> Wilayah | None:
    found = kelurahan_by_code(kode)
    return found if found is not None and in_region(found) else None


def _actor_data(payload: s.ActorIn | s.ActorPatch, sent: set[str]) -> tuple[dict[str, Any], Any]:
    """Model values and a KbliChoice (or None) from the payload's sent fields; unknown codes are 422."""
    raw = payload.model_dump(include=sent)
    fields: dict[str, list[str]] = {}
    data = {k: v for k, v in raw.items() if k in services.ACTOR_FIELDS}
    if "name" in data and not data["name"]:
        fields["name"] = [_("Wajib diisi.")]
    if "kelurahan" in sent:
        if raw.get("kelurahan"):
            data["kelurahan"] = _kelurahan(raw["kelurahan"])
            if data["kelurahan"] is None:
                fields["kelurahan"] = [
                    _("Kode kelurahan '%(kode)s' tidak dikenal di wilayah ini.") % {"kode": raw["kelurahan"]}
                ]
        else:
            data["kelurahan"] = None
    kbli = None
    if {"primary_kbli", "other_kbli"} & sent:
        primary = kbli_get(raw["primary_kbli"]) if raw.get("primary_kbli") else None
        if raw.get("primary_kbli") and primary is None:
            fields["primary_kbli"] = [_("KBLI %(code)s tidak ada di KBLI 2020.") % {"code": raw["primary_kbli"]}]
        others = []
        for code in raw.get("other_kbli") or []:
            found = kbli_get(code)
            if found is None:
                fields.setdefault("other_kbli", []).append(_("KBLI %(code)s tidak ada di KBLI 2020.") % {"code": code})
            else:
                others.append(found)
        kbli = ("primary_kbli" in sent, primary, "other_kbli" in sent, others)
    if fields:
        raise FieldInvalid(_("Data belum benar; periksa isian yang disebut."), field_errors=fields)
    return data, kbli


def _kbli_choice(actor: Actor | None, kbli: Any) -> services.KbliChoice | None:
    if kbli is None:
        return None
    primary_sent, primary, others_sent, others = kbli
    if actor is not None:
        if not primary_sent:
            primary = actor.primary_kbli
        if not others_sent:
            others = list(actor.other_kbli.all())
    return services.KbliChoice(primary=primary, others=others)


def _actor_for(user: User | None, slug: str) -> Actor:
    """The actor this user may see (public: verified; the owner and staff: theirs/any), else 404."""
    actor = selectors.actor_get(slug=slug, user=user)
    if actor is None or (actor.status == Status.ARCHIVED and not selectors.is_staff_user(user)):
        raise NotFound(_("Profil pelaku tidak ditemukan."))
    return actor


def _actor_as(request: HttpRequest, slug: str, perm: str, *, scope: str = WRITE) -> tuple[User, Actor]:
    """The token's user (with `scope`) and the actor it may act on with `perm`; else 401/403/404."""
    user = require_scope(request, scope)
    actor = _actor_for(user, slug)
    require_perm(user, perm, actor)
    return user, actor


def _actor_guard(perm: str, *, scope: str = WRITE) -> Any:
    """Token auth that checks the scope and `perm` on the path's actor before the body is read."""
    return guarded(lambda request, slug: _actor_as(request, slug, perm, scope=scope))


def _create_guard(request: HttpRequest) -> None:
    require_perm(require_scope(request, WRITE), "registry.create_actor")


def _manage(actor: Actor) -> Actor:
    """Reload with the joins the response needs."""
    return selectors.actor_workspace().get(pk=actor.pk)


# ---------------------------------------------------------------- actors: public reads


@router.get("/actors", response={200: ActorPage, **READ_ERRORS}, summary="Daftar pelaku ekraf terverifikasi")
def actor_list(request: HttpRequest, filters: Query[s.ActorFilters], page: Query[PageParams]) -> Any:
    return _filtered_page(request, filters, page, selectors.actor_list, sorts=s.ActorOrdering, user=None)


@router.get(
    "/actors/{slug}", response={200: s.ActorDetailOut, **READ_ERRORS, 401: ErrorOut}, summary="Profil pelaku ekraf"
)
def actor_detail(request: HttpRequest, slug: str) -> Any:
    """Public: verified profiles. With a token, its user also sees their own drafts (staff: all)."""
    token = optional_token(request)
    return _actor_for(token.user if token else None, slug)


@router.get(
    "/actors/{slug}/contacts",
    auth=token_auth,
    response={200: list[s.ContactOut], **WRITE_ERRORS},
    summary="Narahubung pelaku (data pribadi lengkap, tercatat di log audit)",
)
def actor_contacts(request: HttpRequest, slug: str, purpose: str = "Akses melalui API") -> Any:
    user, actor = _actor_as(request, slug, "registry.view_personal_data", scope=READ_PRIVATE)
    services.personal_data_viewed(by=user, actor=actor, purpose=purpose[:200])
    return list(actor.contacts.order_by("id"))


# ---------------------------------------------------------------- actors: writes


@router.post(
    "/actors",
    auth=guarded(_create_guard),
    throttle=[write_throttle],
    response={201: s.ActorManageOut, **WRITE_ERRORS},
    summary="Buat profil pelaku",
)
def actor_create(request: HttpRequest, payload: s.ActorIn) -> Any:
    user = require_scope(request, WRITE)
    require_perm(user, "registry.create_actor")
    staff = selectors.is_staff_user(user)
    if payload.verified:
        require_perm(user, "registry.verify_actor")
    data, kbli = _actor_data(payload, set(payload.model_fields_set) | {"name"})
    actor = services.actor_create(
        by=user,
        data=data,
        kbli=_kbli_choice(None, kbli),
        owner=None if payload.verified else user,
        status=Status.VERIFIED if payload.verified else Status.DRAFT,
        staff=staff,
    )
    return Reply(201, _manage(actor))


@router.patch(
    "/actors/{slug}",
    auth=_actor_guard("registry.change_actor"),
    throttle=[write_throttle],
    response={200: s.ActorManageOut, **WRITE_ERRORS},
    summary="Ubah profil pelaku",
)
def actor_update(request: HttpRequest, slug: str, payload: s.ActorPatch) -> Any:
    user, actor = _actor_as(request, slug, "registry.change_actor")
    data, kbli = _actor_data(payload, set(payload.model_fields_set))
    actor = services.actor_update(
        by=user, actor=actor, data=data, kbli=_kbli_choice(actor, kbli), staff=selectors.is_staff_user(user)
    )
    return _manage(actor)


@router.post(
    "/actors/{slug}/submit",
    auth=token_auth,
    throttle=[write_throttle],
    response={200: s.ActorManageOut, **WRITE_ERRORS},
    summary="Ajukan profil untuk diverifikasi",
)
def actor_submit(request: HttpRequest, slug: str) -> Any:
    user, actor = _actor_as(request, slug, "registry.submit_actor")
    return _manage(services.actor_submit(by=user, actor=actor))


@router.post(
    "/actors/{slug}/verify",
    auth=_actor_guard("registry.verify_actor"),
    throttle=[write_throttle],
    response={200: s.ActorManageOut, **WRITE_ERRORS},
    summary="Verifikasi profil (petugas)",
)
def actor_verify(request: HttpRequest, slug: str, payload: s.VerifyIn | None = None) -> Any:
    user, actor = _actor_as(request, slug, "registry.verify_actor")
    return _manage(services.actor_verify(by=user, actor=actor, note=payload.note if payload else ""))


@router.post(
    "/actors/{slug}/reject",
    auth=_actor_guard("registry.verify_actor"),
    throttle=[write_throttle],
    response={200: s.ActorManageOut, **WRITE_ERRORS},
    summary="Tolak profil dengan alasan (petugas)",
)
def actor_reject(request: HttpRequest, slug: str, payload: s.RejectIn) -> Any:
    user, actor = _actor_as(request, slug, "registry.verify_actor")
    return _manage(services.actor_reject(by=user, actor=actor, reason=payload.reason))


@router.post(
    "/actors/{slug}/figures",
    auth=_actor_guard("registry.change_actor"),
    throttle=[write_throttle],
    response={200: s.ActorFigureOut, **WRITE_ERRORS},
    summary="Catat modal dan omzet setahun",
)
def actor_figures(request: HttpRequest, slug: str, payload: s.FigureIn) -> Any:
    user, actor = _actor_as(request, slug, "registry.change_actor")
    return services.actor_set_figure(
        by=user, actor=actor, year=payload.year, capital=payload.capital, sales=payload.sales
    )


@router.post(
    "/actors/{slug}/products",
    auth=_actor_guard("registry.change_product"),
    throttle=[write_throttle],
    response={201: s.ProductDetailOut, **WRITE_ERRORS},
    summary="Tambah produk pelaku",
)
def actor_add_product(request: HttpRequest, slug: str, payload: s.ProductIn) -> Any:
    user, actor = _actor_as(request, slug, "registry.change_product")
    data: dict[str, Any] = payload.model_dump()
    if payload.subsector:
        subsector = current_subsectors(codes=[payload.subsector]).first()
        if subsector is None:
            raise FieldInvalid(_("Data belum benar."), field_errors={"subsector": [_("Kode subsektor tidak dikenal.")]})
        data["subsector"] = subsector
    else:
        data["subsector"] = None
    product = services.product_save(by=user, actor=actor, data=data)
    return Reply(201, selectors.product_workspace().get(pk=product.pk))


# ---------------------------------------------------------------- communities


@router.get("/communities", response={200: CommunityPage, **READ_ERRORS}, summary="Daftar komunitas")
def community_list(request: HttpRequest, filters: Query[s.CommunityFilters], page: Query[PageParams]) -> Any:
    return _filtered_page(request, filters, page, selectors.community_list, sorts=s.CommunityOrdering)


def _community(slug: str) -> Community:
    community = selectors.community_get(slug=slug)
    if community is None or community.status != Status.VERIFIED:
        raise NotFound(_("Komunitas tidak ditemukan."))
    return community


@router.get(
    "/communities/{slug}", response={200: s.CommunityDetailOut, **READ_ERRORS}, summary="Komunitas dan anggotanya"
)
def community_detail(request: HttpRequest, slug: str) -> Any:
    return _community(slug)


def _community_as(request: HttpRequest, slug: str, **_other_path_parameters: Any) -> tuple[User, Community]:
    """The token's user (with the write scope) and the community whose members they may manage."""
    user = require_scope(request, WRITE)
    community = _community(slug)
    require_perm(user, "registry.manage_community_members", community)
    return user, community


@router.post(
    "/communities/{slug}/members",
    auth=guarded(_community_as),
    throttle=[write_throttle],
    response={200: s.MemberOut, 202: s.InvitationOut, **WRITE_ERRORS},
    summary="Tambah atau ubah anggota komunitas",
    description=(
        "Usaha yang belum diklaim langsung menjadi anggota (200). Usaha yang punya akun pemilik diundang (202): "
        "anggota setelah pemiliknya menerima undangan."
    ),
)
def community_member_set(request: HttpRequest, slug: str, payload: s.MemberIn) -> Any:
    user, community = _community_as(request, slug)
    actor = selectors.actor_workspace().filter(slug=payload.actor).exclude(status=Status.ARCHIVED).first()
    if actor is None or not user.has_perm("registry.view_actor", actor):
        raise FieldInvalid(
            _("Data belum benar."),
            field_errors={"actor": [_("Pelaku '%(slug)s' tidak ditemukan.") % {"slug": payload.actor}]},
        )
    member = services.community_member_set(
        by=user, community=community, actor=actor, role=payload.role, joined_on=payload.joined_on
    )
    return Reply(202, member) if member.status == MembershipStatus.INVITED else member


@router.get(
    "/communities/{slug}/invitations",
    auth=guarded(_community_as),
    response={200: list[s.InvitationOut], **WRITE_ERRORS},
    summary="Undangan komunitas yang menunggu jawaban (pengurus)",
)
def community_invitation_list(request: HttpRequest, slug: str) -> Any:
    _user, community = _community_as(request, slug)
    return list(selectors.community_invitations_sent(community=community))


@router.post(
    "/communities/{slug}/invitations",
    auth=guarded(_community_as),
    throttle=[write_throttle],
    response={201: s.InvitationOut, **WRITE_ERRORS},
    summary="Undang orang (tanpa profil usaha) menjadi anggota",
)
def community_invitation_create(request: HttpRequest, slug: str, payload: s.InvitationIn) -> Any:
    user, community = _community_as(request, slug)
    person = selectors.person_to_invite(email=payload.email)
    if person is None:
        raise FieldInvalid(
            _("Data belum benar."),
            field_errors={"email": [_("Belum ada pengguna dengan e-mail ini; minta ia mendaftar dulu.")]},
        )
    member = services.community_invite(by=user, community=community, user=person, role=payload.role)
    return Reply(201, member)


@router.delete(
    "/communities/{slug}/invitations/{pk}",
    auth=guarded(_community_as),
    throttle=[write_throttle],
    response={204: None, **WRITE_ERRORS},
    summary="Tarik undangan",
)
def community_invitation_withdraw(request: HttpRequest, slug: str, pk: int) -> Any:
    user, community = _community_as(request, slug)
    member = (
        selectors.community_member_rows().filter(pk=pk, community=community, status=MembershipStatus.INVITED).first()
    )
    if member is None:
        raise NotFound(_("Undangan tidak ditemukan."))
    services.community_invitation_withdraw(by=user, community=community, member=member)
    return Reply(204, None)


@router.get(
    "/me/community-invitations",
    auth=token_auth,
    response={200: list[s.InvitationOut], **WRITE_ERRORS},
    summary="Undangan komunitas untuk saya",
)
def my_community_invitations(request: HttpRequest) -> Any:
    user = require_scope(request, WRITE)
    return list(selectors.community_invitations_for(user=user))


def _invitation_respond(request: HttpRequest, pk: int, *, accept: bool) -> None:
    user = require_scope(request, WRITE)
    member = selectors.community_member_rows().filter(pk=pk).first()
    if member is None or not user.has_perm("registry.respond_community_invitation", member):
        raise NotFound(_("Undangan tidak ditemukan."))
    services.community_invitation_respond(by=user, member=member, accept=accept)


@router.post(
    "/me/community-invitations/{pk}/accept",
    auth=token_auth,
    throttle=[write_throttle],
    response={200: s.MemberOut, **WRITE_ERRORS},
    summary="Terima undangan komunitas",
)
def community_invitation_accept(request: HttpRequest, pk: int) -> Any:
    _invitation_respond(request, pk, accept=True)
    return selectors.community_member_rows().get(pk=pk)


@router.post(
    "/me/community-invitations/{pk}/decline",
    auth=token_auth,
    throttle=[write_throttle],
    response={204: None, **WRITE_ERRORS},
    summary="Tolak undangan komunitas",
)
def community_invitation_decline(request: HttpRequest, pk: int) -> Any:
    _invitation_respond(request, pk, accept=False)
    return Reply(204, None)


# ---------------------------------------------------------------- hubs


@router.get("/hubs", response={200: HubPage, **READ_ERRORS}, summary="Daftar ruang kreatif")
def hub_list(request: HttpRequest, filters: Query[s.HubFilters], page: Query[PageParams]) -> Any:
    return _filtered_page(request, filters, page, selectors.hub_list)


@router.get("/hubs/{slug}", response={200: s.HubDetailOut, **READ_ERRORS}, summary="Ruang kreatif")
def hub_detail(request: HttpRequest, slug: str) -> Any:
    hub = selectors.hub_get(slug=slug)
    if hub is None or hub.status != Status.VERIFIED:
        raise NotFound(_("Ruang kreatif tidak ditemukan."))
    return hub


# ---------------------------------------------------------------- products


@router.get("/products", response={200: ProductPage, **READ_ERRORS}, summary="Daftar produk")
def product_list(request: HttpRequest, filters: Query[s.ProductFilters], page: Query[PageParams]) -> Any:
    return _filtered_page(request, filters, page, selectors.product_list, sorts=s.ProductOrdering)


@router.get("/products/{slug}", response={200: s.ProductDetailOut, **READ_ERRORS}, summary="Produk")
def product_detail(request: HttpRequest, slug: str) -> Any:
    product = selectors.product_get(slug=slug)
    if product is None:
        raise NotFound(_("Produk tidak ditemukan."))
    return product


# ---------------------------------------------------------------- summary


@router.get(
    "/summary/kecamatan",
    response={200: KecamatanSummaryPage, **READ_ERRORS},
    summary="Jumlah pelaku terverifikasi per kecamatan dan subsektor",
)
def summary_kecamatan(request: HttpRequest, page: Query[PageParams]) -> Any:
    return paginate(request, selectors.kecamatan_summary(), page)


class AreaSummaryFilters(Schema):
    wilayah: str | None = Field(
        None,
        max_length=20,
        description="Kode Kemendagri kabupaten/kota (instalasi provinsi): baris per kecamatannya. Kosong: "
        "provinsi per kabupaten/kota, atau instalasi kabupaten/kota per kecamatan.",
    )


@router.get(
    "/summary/wilayah",
    response={200: KecamatanSummaryPage, **READ_ERRORS},
    summary="Jumlah pelaku terverifikasi per wilayah (kabupaten/kota atau kecamatan) dan subsektor",
)
def summary_wilayah(request: HttpRequest, filters: Query[AreaSummaryFilters], page: Query[PageParams]) -> Any:
    """The summary page's rows: a province by kab/kota, `wilayah` one kab/kota by kecamatan."""
    parent = None
    if filters.wilayah:
        parent = kabkota_get(filters.wilayah)
        if parent is None:
            raise FieldInvalid(
                _("Filter tidak dikenal."),
                field_errors={
                    "wilayah": [
                        _("Kode kabupaten/kota '%(kode)s' tidak dikenal; lihat /api/v1/wilayah/kabkota.")
                        % {"kode": filters.wilayah}
                    ]
                },
            )
    return paginate(request, selectors.area_summary(parent=parent).rows, page)
