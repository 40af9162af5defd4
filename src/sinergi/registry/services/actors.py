"""Actors (pelaku ekraf, UMKM): creation, changes, the verification lifecycle, subsectors, fostering and
merging two profiles of one business; and the one writer of what is derived from a profile."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import Organisation, OrganisationKind, User
from sinergi.classification.models import KbliCode, Subsector
from sinergi.classification.selectors import subsectors_for_kbli
from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.errors import Conflict, ServiceError
from sinergi.core.writes import model_update, validate
from sinergi.notifications.services import emit

from .. import derived
from ..models import Actor, CommunityMember, Product, Status
from .duplicates import flag_duplicates, flags_resolve_merged

ACTOR_FIELDS = (
    "name",
    "kind",
    "legal_form",
    "nib",
    "npwp",
    "description",
    "founded_year",
    "address",
    "kelurahan",
    "latitude",
    "longitude",
    "workers_female",
    "workers_male",
    "business_phone",
    "whatsapp",
)
STAFF_ONLY_ACTOR_FIELDS = ("fostered_by", "fostered_since")


@dataclass(frozen=True)
class KbliChoice:
    primary: KbliCode | None
    others: list[KbliCode]


def actor_refresh_derived(*, actor: Actor) -> Actor:
    """Recompute what is derived, never typed: subsectors (from KBLI), size class, search text."""
    if not actor.subsectors_overridden:
        codes = [actor.primary_kbli.code] if actor.primary_kbli is not None else []
        codes += list(actor.other_kbli.values_list("code", flat=True))
        actor.subsectors.set(subsectors_for_kbli(codes))
    actor.size_class = derived.size_class_of(actor)
    actor.search_text = derived.actor_search_text_of(actor)
    actor.save(update_fields=["size_class", "search_text", "updated_at"])
    return actor


def _refresh_product_search_text(actor: Actor) -> None:
    """Every product of `actor` is found by its maker's current name (`derived.product_search_text`):
    after a rename or a merge, one bulk update (archived products too, should they be restored)."""
    products = list(actor.products.only("pk", "name", "description"))
    for product in products:
        product.search_text = derived.product_search_text(
            name=product.name, description=product.description, actor_name=actor.name
        )
    Product.objects.bulk_update(products, ["search_text"], batch_size=500)


def _apply_kbli(actor: Actor, kbli: KbliChoice | None) -> None:
    if kbli is None:
        return
    actor.primary_kbli = kbli.primary
    actor.save(update_fields=["primary_kbli"])
    actor.other_kbli.set([k for k in kbli.others if kbli.primary is None or k.pk != kbli.primary.pk])


def _check_nib_unique(nib: str, *, exclude_pk: int | None = None) -> None:
    if not nib:
        return
    qs = Actor.objects.filter(nib=nib).exclude(status=Status.ARCHIVED)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    other = qs.first()
    if other is not None:
        raise Conflict(
            _(
                "NIB %(nib)s sudah dipakai profil lain (%(name)s). Satu NIB untuk satu usaha; "
                "jika itu usaha Anda, ajukan klaim profil."
            )
            % {"nib": nib, "name": other.name},
            code="duplicate_nib",
            field_errors={"nib": [_("NIB sudah terdaftar pada profil lain.")]},
        )


def check_change_actor(by: User | None, actor: Actor) -> None:
    """`by` may change the profile and what hangs off it (`registry.change_actor`)."""
    check_perm(by, "registry.change_actor", actor, message=_("Anda tidak berhak mengubah profil ini."))


@transaction.atomic
def actor_create(
    *,
    by: User | None,
    data: Mapping[str, Any],
    kbli: KbliChoice | None = None,
    owner: User | None = None,
    status: str = Status.DRAFT,
    is_demo: bool = False,
    staff: bool = False,
) -> Actor:
    """A new profile. People start a draft of their own; staff may record verified profiles directly."""
    check_perm(by, "registry.create_actor", message=_("Anda tidak berhak membuat profil."))
    actor = Actor(**{k: v for k, v in data.items() if k in ACTOR_FIELDS or (staff and k in STAFF_ONLY_ACTOR_FIELDS)})
    actor.owner = owner
    actor.status = status
    actor.is_demo = is_demo
    actor.slug = derived.slug_for(Actor, actor.name)
    if status == Status.VERIFIED:
        actor.verified_at = timezone.now()
    validate(actor, exclude=["slug"], unique=False)
    _check_nib_unique(actor.nib)
    actor.save()
    _apply_kbli(actor, kbli)
    actor_refresh_derived(actor=actor)
    audit.record(by=by, action="registry.actor.created", target=actor, data={"status": status})
    flag_duplicates(actor=actor)
    return actor


@transaction.atomic
def actor_update(
    *, by: User | None, actor: Actor, data: Mapping[str, Any], kbli: KbliChoice | None = None, staff: bool = False
) -> Actor:
    """Change a profile's own fields (`staff` also the fostering ones) and, given, its KBLI codes."""
    if actor.status == Status.ARCHIVED:
        raise ServiceError(_("Profil yang diarsipkan tidak dapat diubah; pulihkan dulu."), code="archived")
    check_change_actor(by, actor)
    changed = model_update(actor, fields=ACTOR_FIELDS + (STAFF_ONLY_ACTOR_FIELDS if staff else ()), data=data)
    if "name" in changed:
        actor.slug = derived.slug_for(Actor, actor.name, exclude_pk=actor.pk)
    validate(actor, unique=False)
    _check_nib_unique(actor.nib, exclude_pk=actor.pk)
    actor.save()
    if kbli is not None:
        _apply_kbli(actor, kbli)
        changed.append("kbli")
    actor_refresh_derived(actor=actor)
    if "name" in changed:
        _refresh_product_search_text(actor)
    # Personal and identifying fields are named, never logged with their values.
    audit.record(by=by, action="registry.actor.updated", target=actor, data={"fields": sorted(changed)})
    if {"name", "nib", "kelurahan"} & set(changed):
        flag_duplicates(actor=actor)
    return actor


def _transition(actor: Actor, allowed_from: set[str], to: str) -> None:
    """Refuse, naming both statuses, when the profile's status is not one `to` may be reached from."""
    if actor.status not in allowed_from:
        raise ServiceError(
            _("Profil berstatus '%(current)s' tidak dapat diubah menjadi '%(target)s'.")
            % {"current": actor.get_status_display(), "target": Status(to).label},
            code="invalid_transition",
        )


@transaction.atomic
def actor_submit(*, by: User | None, actor: Actor) -> Actor:
    """The owner (or staff) asks for verification of a complete draft or rejected profile."""
    check_perm(by, "registry.submit_actor", actor, message=_("Anda tidak berhak mengajukan profil ini."))
    _transition(actor, {Status.DRAFT, Status.REJECTED}, Status.SUBMITTED)
    missing = derived.missing_for_submission(actor)
    if missing:
        raise ServiceError(
            _("Lengkapi dulu sebelum mengajukan: %(missing)s.") % {"missing": ", ".join(missing)},
            code="incomplete",
        )
    actor.status = Status.SUBMITTED
    actor.submitted_at = timezone.now()
    actor.status_reason = ""
    actor.save(update_fields=["status", "submitted_at", "status_reason", "updated_at"])
    audit.record(by=by, action="registry.actor.submitted", target=actor)
    emit("registry.actor.submitted", actor=actor.pk)
    emit("registry.actor.awaiting_verification", actor=actor.pk)
    return actor


def _check_verifier(by: User | None, actor: Actor) -> None:
    check_perm(
        by,
        "registry.verify_actor",
        actor,
        message=_("Hanya petugas perangkat daerah pengelola direktori yang dapat memverifikasi profil."),
    )


@transaction.atomic
def actor_verify(*, by: User | None, actor: Actor, note: str = "") -> Actor:
    _check_verifier(by, actor)
    _transition(actor, {Status.SUBMITTED}, Status.VERIFIED)
    actor.status = Status.VERIFIED
    actor.verified_at = timezone.now()
    actor.status_reason = note
    actor.save(update_fields=["status", "verified_at", "status_reason", "updated_at"])
    audit.record(by=by, action="registry.actor.verified", target=actor, data={"reason": note} if note else {})
    emit("registry.actor.verified", actor=actor.pk)
    return actor


@transaction.atomic
def actor_reject(*, by: User | None, actor: Actor, reason: str) -> Actor:
    _check_verifier(by, actor)
    if not reason.strip():
        raise ServiceError(
            _("Tuliskan alasan penolakan agar pemilik profil tahu apa yang harus diperbaiki."),
            field_errors={"reason": [_("Wajib diisi.")]},
        )
    _transition(actor, {Status.SUBMITTED}, Status.REJECTED)
    actor.status = Status.REJECTED
    actor.status_reason = reason.strip()
    actor.save(update_fields=["status", "status_reason", "updated_at"])
    audit.record(by=by, action="registry.actor.rejected", target=actor, data={"reason": reason.strip()})
    emit("registry.actor.rejected", actor=actor.pk, reason=reason.strip())
    return actor


def _check_archiver(by: User | None, actor: Actor) -> None:
    check_perm(
        by,
        "registry.archive_actor",
        actor,
        message=_("Hanya petugas perangkat daerah pengelola direktori yang dapat mengarsipkan atau memulihkan profil."),
    )


@transaction.atomic
def actor_archive(*, by: User | None, actor: Actor, reason: str) -> Actor:
    _check_archiver(by, actor)
    if not reason.strip():
        raise ServiceError(_("Tuliskan alasan pengarsipan."), field_errors={"reason": [_("Wajib diisi.")]})
    _transition(actor, {Status.DRAFT, Status.SUBMITTED, Status.VERIFIED, Status.REJECTED}, Status.ARCHIVED)
    previous = actor.status
    actor.status = Status.ARCHIVED
    actor.status_reason = reason.strip()
    actor.save(update_fields=["status", "status_reason", "updated_at"])
    audit.record(
        by=by, action="registry.actor.archived", target=actor, data={"reason": reason.strip(), "previous": previous}
    )
    return actor


def restored_status(actor: Actor) -> Status:
    """The status `actor_restore` gives an archived profile: verified once, verified again; else submitted."""
    return Status.SUBMITTED if actor.verified_at is None else Status.VERIFIED


@transaction.atomic
def actor_restore(*, by: User | None, actor: Actor, reason: str) -> Actor:
    """Bring an archived profile back to where it stood: verified if it was ever verified, otherwise
    awaiting verification (submitted), so staff look at it again before it is public. A profile merged
    into another stays archived."""
    _check_archiver(by, actor)
    target = restored_status(actor)
    _transition(actor, {Status.ARCHIVED}, target)
    if actor.merged_into_id:
        raise ServiceError(_("Profil ini sudah digabung ke profil lain dan tidak dapat dipulihkan."), code="merged")
    _check_nib_unique(actor.nib, exclude_pk=actor.pk)
    actor.status = target
    actor.status_reason = reason.strip()
    actor.save(update_fields=["status", "status_reason", "updated_at"])
    audit.record(by=by, action="registry.actor.restored", target=actor, data={"reason": reason.strip()})
    return actor


@transaction.atomic
def actor_override_subsectors(
    *, by: User | None, actor: Actor, subsectors: Iterable[Subsector] | None, reason: str
) -> Actor:
    """Staff set the subsectors by hand (with a reason), or pass None to go back to the KBLI mapping."""
    check_perm(by, "registry.override_subsectors", actor, message=_("Anda tidak berhak menetapkan subsektor."))
    if subsectors is not None and not reason.strip():
        raise ServiceError(_("Tuliskan alasan penetapan subsektor."), field_errors={"reason": [_("Wajib diisi.")]})
    if subsectors is None:
        actor.subsectors_overridden = False
        actor.subsectors_override_reason = ""
    else:
        actor.subsectors_overridden = True
        actor.subsectors_override_reason = reason.strip()
        actor.subsectors.set(list(subsectors))
    actor.save(update_fields=["subsectors_overridden", "subsectors_override_reason", "updated_at"])
    actor_refresh_derived(actor=actor)
    audit.record(
        by=by,
        action="registry.actor.subsectors_overridden"
        if subsectors is not None
        else "registry.actor.subsectors_derived",
        target=actor,
        data={"subsectors": [s.code for s in actor.subsectors.all()], "reason": reason.strip()},
    )
    return actor


@transaction.atomic
def actor_set_fostering(*, by: User | None, actor: Actor, office: Organisation | None, since: date | None) -> Actor:
    """Record which office fosters the actor (binaan) and since when; None ends the fostering."""
    check_perm(by, "registry.set_fostering", actor, message=_("Anda tidak berhak menetapkan pembina."))
    if office is not None and office.kind != OrganisationKind.OFFICE:
        raise ServiceError(
            _("Pembina harus perangkat daerah."), field_errors={"fostered_by": [_("Pilih perangkat daerah.")]}
        )
    actor.fostered_by = office
    actor.fostered_since = since if office is not None else None
    actor.save(update_fields=["fostered_by", "fostered_since", "updated_at"])
    audit.record(
        by=by,
        action="registry.actor.fostering_set",
        target=actor,
        data={"office": office.pk if office else None, "since": str(since) if since else None},
    )
    return actor


@transaction.atomic
def actor_merge(*, by: User | None, keep: Actor, absorb: Actor, reason: str) -> Actor:
    """Merge `absorb` into `keep`: products, figures, certifications, links, contacts, memberships and
    claims move over; `absorb` is archived with a pointer, so both histories stay readable."""
    for profile in (keep, absorb):
        check_perm(by, "registry.merge_actors", profile, message=_("Anda tidak berhak menggabungkan profil ini."))
    if keep.pk == absorb.pk:
        raise ServiceError(_("Pilih dua profil yang berbeda."))
    if absorb.merged_into_id or keep.merged_into_id:
        raise ServiceError(_("Salah satu profil sudah pernah digabung."))
    for related in ("products", "certifications", "links", "contacts", "claims"):
        getattr(absorb, related).update(actor=keep)
    for figure in absorb.yearly_figures.all():
        if not keep.yearly_figures.filter(year=figure.year).exists():
            figure.actor = keep
            figure.save(update_fields=["actor"])
    for membership in absorb.community_memberships.all():
        if not CommunityMember.objects.filter(community=membership.community, actor=keep).exists():
            membership.actor = keep
            membership.save(update_fields=["actor"])
    for hub in absorb.hubs.all():
        hub.residents.add(keep)
    keep.other_kbli.add(*absorb.other_kbli.all())
    if absorb.primary_kbli_id and absorb.primary_kbli_id != keep.primary_kbli_id:
        keep.other_kbli.add(absorb.primary_kbli_id)
    for field in ("nib", "npwp", "description", "address", "kelurahan_id", "owner_id", "fostered_by_id"):
        if not getattr(keep, field) and getattr(absorb, field):
            setattr(keep, field, getattr(absorb, field))
    nib = absorb.nib
    absorb.nib = ""
    absorb.status = Status.ARCHIVED
    absorb.status_reason = f"Digabung ke {keep.name}: {reason}"
    absorb.merged_into = keep
    absorb.save()
    if not keep.nib and nib:
        keep.nib = nib
    keep.save()
    flags_resolve_merged(actor=absorb)
    actor_refresh_derived(actor=keep)
    _refresh_product_search_text(keep)
    audit.record(by=by, action="registry.actor.merged", target=keep, data={"absorbed": absorb.pk, "reason": reason})
    audit.record(by=by, action="registry.actor.merged_into", target=absorb, data={"into": keep.pk, "reason": reason})
    return keep
