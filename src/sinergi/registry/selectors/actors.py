"""Actors: the list behind every directory filter, one profile, what a public profile shows, a person's own."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from sinergi.accounts.models import User
from sinergi.classification.models import Subsector

from .. import filters, search
from ..models import Actor, Certification, CommunityMember, MembershipStatus, Status
from .products import product_list
from .scope import Viewer, in_registry_scope, is_staff_user, search_condition, subsector_condition, text_filter

ACTOR_SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "newest": ("-verified_at", "-id"),
    "kecamatan": ("kelurahan__parent__name", "name", "id"),
}


def actor_list(
    *,
    user: Viewer | None = None,
    q: str = "",
    subsector: str | None = None,
    kabkota: str | None = None,
    kecamatan: str | None = None,
    kelurahan: str | None = None,
    size_class: str | None = None,
    community: str | None = None,
    certification: str | None = None,
    fostered: bool | None = None,
    fostered_by: str | None = None,
    status: str | None = None,
    actor_kind: str | None = None,
    sort: str = "name",
    terms_index: bool = True,
) -> QuerySet[Actor]:
    """Actors matching the filters. `subsector` is a subsector code (e.g. FSN), `kabkota`, `kecamatan`
    and `kelurahan` Kemendagri codes (the most precise one given applies), `community` a community slug,
    `certification` a kind (halal, pirt…),
    `fostered_by` an office's slug, `actor_kind` individual or business; `status` applies to staff
    only (the public sees verified profiles).

    Built to stay cheap at 1,000,000 actors: areas filter by kelurahan ids (no joins), the subsector is
    checked on the actor's own row on PostgreSQL (`subsector_condition`), other many-to-many filters are
    EXISTS subqueries (no join + DISTINCT), and text uses the full-text index on PostgreSQL: a word
    search's subsector and place are terms of the same index (`search_condition`, registry 0013).
    `sort="relevance"` orders by text rank (name on SQLite).

    `terms_index=False` states a word search with the separate conditions even on PostgreSQL (the same
    rows): for a plan that checks each row it reads along another index (the directory's walk in name
    order past its count limit), where the terms condition would build every row's terms and look the
    prefix up again, row by row (16 µs a row against under 1 µs, docs/performance.md)."""
    qs = Actor.objects.all()
    if not is_staff_user(user):
        qs = qs.filter(status=Status.VERIFIED)
    else:
        qs = in_registry_scope(qs, user=user)
        qs = qs.filter(status=status) if status else qs.exclude(status=Status.ARCHIVED)
    subsector_pk = filters.subsector_pk(subsector) if subsector else None
    if subsector and subsector_pk is None:
        return qs.none()
    placed = bool(kelurahan or kecamatan or kabkota)
    area = filters.kelurahan_pks(kabkota=kabkota, kecamatan=kecamatan, kelurahan=kelurahan) if placed else []
    # A word search holds its subsector and place in one condition where it can (PostgreSQL: one index).
    terms = search_condition(q, subsector=subsector_pk, kelurahan=area) if terms_index else None
    if terms is not None:
        qs = qs.filter(terms.condition)
    elif q.strip():
        qs = text_filter(qs, q)
    if subsector_pk is not None and not (terms and terms.subsector):
        qs = qs.filter(subsector_condition(subsector_pk))
    if placed and not (terms and terms.place):
        if area:
            qs = qs.filter(kelurahan_id__in=area)
        elif kelurahan:
            qs = qs.filter(kelurahan__code=kelurahan)
        elif kecamatan:
            qs = qs.filter(kelurahan__parent__code=kecamatan)
        else:
            qs = qs.filter(kelurahan__parent__parent__code=kabkota)
    if size_class:
        qs = qs.filter(size_class=size_class)
    if community:
        qs = qs.filter(
            Exists(
                CommunityMember.objects.filter(
                    actor_id=OuterRef("pk"), community__slug=community, status=MembershipStatus.ACCEPTED
                )
            )
        )
    if certification:
        qs = qs.filter(Exists(Certification.objects.filter(actor_id=OuterRef("pk"), kind=certification)))
    if fostered is not None:
        qs = qs.filter(fostered_by__isnull=not fostered)
    if fostered_by:
        qs = qs.filter(fostered_by__slug=fostered_by)
    if actor_kind:
        qs = qs.filter(kind=actor_kind)
    qs = qs.select_related("kelurahan__parent", "primary_kbli", "fostered_by").prefetch_related(
        Prefetch("subsectors", queryset=Subsector.objects.order_by("name_id"))
    )
    if sort == "relevance":
        return search.with_rank(qs, q).order_by("-rank", "name", "id")
    return qs.order_by(*ACTOR_SORTS.get(sort, ACTOR_SORTS["name"]))


def actor_workspace() -> QuerySet[Actor]:
    """Actors of any status with what a profile page reads (pick one with a lookup; callers check access)."""
    return Actor.objects.select_related("kelurahan__parent", "primary_kbli", "fostered_by", "owner", "merged_into")


def actor_get(*, slug: str, user: Viewer | None = None) -> Actor | None:
    """One actor by slug, if this user may see it (public: verified only)."""
    actor = actor_workspace().filter(slug=slug).first()
    if actor is None:
        return None
    if actor.status == Status.VERIFIED:
        return actor
    if user is not None and (is_staff_user(user) or actor.owner_id == getattr(user, "pk", None)):
        return actor
    return None


def actor_merged_target(*, slug: str) -> Actor | None:
    """For a profile merged into another: the public profile it now lives in (following a chain of merges)."""
    actor = Actor.objects.filter(slug=slug).only("id", "merged_into_id").first()
    seen: set[int] = set()
    while actor is not None and actor.merged_into_id and actor.pk not in seen:
        seen.add(actor.pk)
        actor = Actor.objects.filter(pk=actor.merged_into_id).only("id", "slug", "status", "merged_into_id").first()
        if actor is not None and actor.status == Status.VERIFIED:
            return actor
    return None


def actor_public_profile(*, actor: Actor) -> dict[str, Any]:
    """What a public profile shows besides the actor's own public fields: subsectors, KBLI, certifications
    (kind, number, validity), links, products, communities and hubs — all verified or current only; in a
    province installation also the kab/kota the actor is in (`kabkota_name`, "" elsewhere)."""
    from sinergi.wilayah.selectors import is_province

    kecamatan = actor.kecamatan
    kabkota = kecamatan.parent if kecamatan is not None and is_province() else None
    return {
        "kabkota_name": kabkota.name if kabkota is not None else "",
        "subsectors": list(actor.subsectors.order_by("name_id")),
        "other_kbli": list(actor.other_kbli.order_by("code")),
        "certifications": list(
            Certification.objects.filter(actor=actor).select_related("product").order_by("kind", "-valid_until")
        ),
        "links": list(actor.links.order_by("kind", "id")),
        "products": list(product_list(actor=actor)),
        "communities": list(
            CommunityMember.objects.filter(
                actor=actor, community__status=Status.VERIFIED, status=MembershipStatus.ACCEPTED
            )
            .select_related("community")
            .order_by("community__name")
        ),
        "hubs": list(actor.hubs.filter(status=Status.VERIFIED).order_by("name")),
    }


def actors_owned_by(*, user: User) -> QuerySet[Actor]:
    return Actor.objects.filter(owner=user).exclude(status=Status.ARCHIVED).order_by("name")
