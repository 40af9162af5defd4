"""Writes for the registry. Keyword-only, typed, atomic, validated, and each writes one audit entry.

Pages, bulk import and the API all call these; permissions are checked by the caller with the named
rules in rules.py (one way to do a thing), and the lifecycle rules are enforced here.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.accounts.models import Organisation, OrganisationKind, Role
from sinergi.accounts.services import membership_set, organisation_create
from sinergi.classification.models import KbliCode, Subsector
from sinergi.classification.selectors import subsectors_for_kbli
from sinergi.core import audit
from sinergi.core.errors import Conflict, NotAllowed, ServiceError, from_validation_error
from sinergi.notifications.services import emit

from . import sizing
from .mail import community_invitation_email
from .models import (
    Actor,
    ActorLink,
    ActorYearlyFigure,
    Certification,
    CertificationKind,
    ClaimStatus,
    Community,
    CommunityActivity,
    CommunityMember,
    CommunityRole,
    ContactPerson,
    CreativeHub,
    DuplicateFlag,
    DuplicateReason,
    JoinedVia,
    MembershipStatus,
    Product,
    ProductPhoto,
    ProfileClaim,
    Status,
)

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
SIMILAR_NAME_RATIO = 0.88
MAX_PHOTOS_PER_PRODUCT = 12


# ---------------------------------------------------------------- helpers


def unique_slug(model: type[Any], text: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(text)[:200] or "profil"
    candidate, n = base, 1
    qs = model.objects.all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _full_clean(instance: Any, *, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ServiceError(
            _("Data belum benar; periksa isian yang ditandai."), field_errors=from_validation_error(exc)
        ) from exc


def normalise_name(name: str) -> str:
    """Lower-case, no accents, no legal-form words or punctuation: for duplicate detection."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\b(pt|cv|ud|tbk|koperasi|toko|usaha|the)\b", " ", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _search_text(actor: Actor) -> str:
    parts = [actor.name, actor.description, actor.address]
    if actor.kelurahan_id:
        parts += [actor.kelurahan.nama, actor.kelurahan.parent.nama]  # type: ignore[union-attr]
    if actor.primary_kbli_id:
        parts.append(actor.primary_kbli.judul)  # type: ignore[union-attr]
    parts += [s.name_id for s in actor.subsectors.all()]
    parts += list(actor.products.filter(is_archived=False).values_list("name", flat=True))
    return " ".join(p for p in parts if p)


def actor_refresh_derived(*, actor: Actor) -> Actor:
    """Recompute what is derived, never typed: subsectors (from KBLI), size class, search text."""
    if not actor.subsectors_overridden:
        codes = []
        if actor.primary_kbli_id:
            codes.append(actor.primary_kbli.kode)  # type: ignore[union-attr]
        codes += list(actor.other_kbli.values_list("kode", flat=True))
        actor.subsectors.set(subsectors_for_kbli(codes))
    latest = actor.yearly_figures.order_by("-year").first()
    actor.size_class = sizing.size_class(capital=latest.capital, sales=latest.sales) if latest is not None else ""
    actor.search_text = _search_text(actor)
    actor.save(update_fields=["size_class", "search_text", "updated_at"])
    return actor


# ---------------------------------------------------------------- actors


@dataclass(frozen=True)
class KbliChoice:
    primary: KbliCode | None
    others: list[KbliCode]


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


@transaction.atomic
def actor_create(
    *,
    by: Any | None,
    data: Mapping[str, Any],
    kbli: KbliChoice | None = None,
    owner: Any | None = None,
    status: str = Status.DRAFT,
    is_demo: bool = False,
    staff: bool = False,
) -> Actor:
    """A new profile. People start a draft of their own; staff may record verified profiles directly."""
    actor = Actor(**{k: v for k, v in data.items() if k in ACTOR_FIELDS or (staff and k in STAFF_ONLY_ACTOR_FIELDS)})
    actor.owner = owner
    actor.status = status
    actor.is_demo = is_demo
    actor.slug = unique_slug(Actor, actor.name)
    if status == Status.VERIFIED:
        actor.verified_at = timezone.now()
    _full_clean(actor, exclude=["slug"])
    _check_nib_unique(actor.nib)
    actor.save()
    _apply_kbli(actor, kbli)
    actor_refresh_derived(actor=actor)
    audit.record(actor=by, action="registry.actor.created", target=actor, data={"status": status})
    flag_duplicates(actor=actor)
    return actor


@transaction.atomic
def actor_update(
    *, by: Any | None, actor: Actor, data: Mapping[str, Any], kbli: KbliChoice | None = None, staff: bool = False
) -> Actor:
    if actor.status == Status.ARCHIVED:
        raise ServiceError(_("Profil yang diarsipkan tidak dapat diubah; pulihkan dulu."), code="archived")
    allowed = set(ACTOR_FIELDS) | (set(STAFF_ONLY_ACTOR_FIELDS) if staff else set())
    changed = []
    for key, value in data.items():
        if key in allowed and getattr(actor, key) != value:
            setattr(actor, key, value)
            changed.append(key)
    if "name" in changed:
        actor.slug = unique_slug(Actor, actor.name, exclude_pk=actor.pk)
    _full_clean(actor)
    _check_nib_unique(actor.nib, exclude_pk=actor.pk)
    actor.save()
    if kbli is not None:
        _apply_kbli(actor, kbli)
        changed.append("kbli")
    actor_refresh_derived(actor=actor)
    # Personal and identifying fields are named, never logged with their values.
    audit.record(actor=by, action="registry.actor.updated", target=actor, data={"fields": sorted(changed)})
    if {"name", "nib", "kelurahan"} & set(changed):
        flag_duplicates(actor=actor)
    return actor


def _transition(actor: Actor, allowed_from: set[str], to: str) -> None:
    if actor.status not in allowed_from:
        raise ServiceError(
            _("Profil berstatus '%(current)s' tidak dapat diubah menjadi '%(target)s'.")
            % {"current": actor.get_status_display(), "target": Status(to).label},
            code="invalid_transition",
        )


@transaction.atomic
def actor_submit(*, by: Any | None, actor: Actor) -> Actor:
    _transition(actor, {Status.DRAFT, Status.REJECTED}, Status.SUBMITTED)
    missing = [
        label
        for label, ok in (
            (_("nama"), bool(actor.name)),
            (_("kelurahan"), bool(actor.kelurahan_id)),
            (_("KBLI utama"), bool(actor.primary_kbli_id)),
            (_("deskripsi"), bool(actor.description.strip())),
        )
        if not ok
    ]
    if missing:
        raise ServiceError(
            _("Lengkapi dulu sebelum mengajukan: %(missing)s.") % {"missing": ", ".join(missing)},
            code="incomplete",
        )
    actor.status = Status.SUBMITTED
    actor.submitted_at = timezone.now()
    actor.status_reason = ""
    actor.save(update_fields=["status", "submitted_at", "status_reason", "updated_at"])
    audit.record(actor=by, action="registry.actor.submitted", target=actor)
    emit("registry.actor.submitted", actor=actor.pk)
    emit("registry.actor.awaiting_verification", actor=actor.pk)
    return actor


@transaction.atomic
def actor_verify(*, by: Any | None, actor: Actor, note: str = "") -> Actor:
    _transition(actor, {Status.SUBMITTED}, Status.VERIFIED)
    actor.status = Status.VERIFIED
    actor.verified_at = timezone.now()
    actor.status_reason = note
    actor.save(update_fields=["status", "verified_at", "status_reason", "updated_at"])
    audit.record(actor=by, action="registry.actor.verified", target=actor, data={"reason": note} if note else {})
    emit("registry.actor.verified", actor=actor.pk)
    return actor


@transaction.atomic
def actor_reject(*, by: Any | None, actor: Actor, reason: str) -> Actor:
    if not reason.strip():
        raise ServiceError(
            _("Tuliskan alasan penolakan agar pemilik profil tahu apa yang harus diperbaiki."),
            field_errors={"reason": [_("Wajib diisi.")]},
        )
    _transition(actor, {Status.SUBMITTED}, Status.REJECTED)
    actor.status = Status.REJECTED
    actor.status_reason = reason.strip()
    actor.save(update_fields=["status", "status_reason", "updated_at"])
    audit.record(actor=by, action="registry.actor.rejected", target=actor, data={"reason": reason.strip()})
    emit("registry.actor.rejected", actor=actor.pk, reason=reason.strip())
    return actor


@transaction.atomic
def actor_archive(*, by: Any | None, actor: Actor, reason: str) -> Actor:
    if not reason.strip():
        raise ServiceError(_("Tuliskan alasan pengarsipan."), field_errors={"reason": [_("Wajib diisi.")]})
    _transition(actor, {Status.DRAFT, Status.SUBMITTED, Status.VERIFIED, Status.REJECTED}, Status.ARCHIVED)
    previous = actor.status
    actor.status = Status.ARCHIVED
    actor.status_reason = reason.strip()
    actor.save(update_fields=["status", "status_reason", "updated_at"])
    audit.record(
        actor=by, action="registry.actor.archived", target=actor, data={"reason": reason.strip(), "previous": previous}
    )
    return actor


@transaction.atomic
def actor_restore(*, by: Any | None, actor: Actor, reason: str) -> Actor:
    _transition(actor, {Status.ARCHIVED}, Status.DRAFT)
    if actor.merged_into_id:
        raise ServiceError(_("Profil ini sudah digabung ke profil lain dan tidak dapat dipulihkan."), code="merged")
    _check_nib_unique(actor.nib, exclude_pk=actor.pk)
    actor.status = Status.SUBMITTED if actor.verified_at is None else Status.VERIFIED
    actor.status_reason = reason.strip()
    actor.save(update_fields=["status", "status_reason", "updated_at"])
    audit.record(actor=by, action="registry.actor.restored", target=actor, data={"reason": reason.strip()})
    return actor


@transaction.atomic
def actor_override_subsectors(
    *, by: Any | None, actor: Actor, subsectors: Iterable[Subsector] | None, reason: str
) -> Actor:
    """Staff set the subsectors by hand (with a reason), or pass None to go back to the KBLI mapping."""
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
        actor=by,
        action="registry.actor.subsectors_overridden"
        if subsectors is not None
        else "registry.actor.subsectors_derived",
        target=actor,
        data={"subsectors": [s.code for s in actor.subsectors.all()], "reason": reason.strip()},
    )
    return actor


@transaction.atomic
def actor_set_figure(
    *, by: Any | None, actor: Actor, year: int, capital: Decimal | None, sales: Decimal | None
) -> ActorYearlyFigure:
    figure, _created = ActorYearlyFigure.objects.get_or_create(actor=actor, year=year)
    figure.capital = capital
    figure.sales = sales
    _full_clean(figure)
    figure.save()
    actor_refresh_derived(actor=actor)
    audit.record(
        actor=by, action="registry.actor.figure_set", target=actor, data={"year": year, "size_class": actor.size_class}
    )
    return figure


@transaction.atomic
def actor_set_fostering(*, by: Any | None, actor: Actor, office: Organisation | None, since: Any | None) -> Actor:
    if office is not None and office.kind != OrganisationKind.OFFICE:
        raise ServiceError(
            _("Pembina harus perangkat daerah."), field_errors={"fostered_by": [_("Pilih perangkat daerah.")]}
        )
    actor.fostered_by = office
    actor.fostered_since = since if office is not None else None
    actor.save(update_fields=["fostered_by", "fostered_since", "updated_at"])
    audit.record(
        actor=by,
        action="registry.actor.fostering_set",
        target=actor,
        data={"office": office.pk if office else None, "since": str(since) if since else None},
    )
    return actor


@transaction.atomic
def actor_add_link(*, by: Any | None, actor: Actor, kind: str, url: str) -> ActorLink:
    link = ActorLink(actor=actor, kind=kind, url=url)
    _full_clean(link)
    link.save()
    audit.record(actor=by, action="registry.actor.link_added", target=actor, data={"kind": kind})
    return link


@transaction.atomic
def contact_save(
    *, by: Any | None, actor: Actor, data: Mapping[str, Any], contact: ContactPerson | None = None
) -> ContactPerson:
    """Create or change a contact person. Consent is recorded when the basis is consent."""
    contact = contact or ContactPerson(actor=actor)
    fields = ("full_name", "position", "nik", "phone", "email", "home_address", "legal_basis", "purpose")
    changed = [f for f in fields if f in data and getattr(contact, f) != data[f]]
    for field in changed:
        setattr(contact, field, data[field])
    if contact.legal_basis == "consent" and contact.consent_at is None:
        if not data.get("consent"):
            raise ServiceError(
                _("Narahubung harus menyetujui pemrosesan data pribadinya."),
                field_errors={"consent": [_("Wajib dicentang.")]},
            )
        contact.consent_at = timezone.now()
    _full_clean(contact)
    contact.save()
    audit.record(actor=by, action="registry.contact.saved", target=actor, data={"fields": changed})
    return contact


@transaction.atomic
def contact_delete(*, by: Any | None, contact: ContactPerson, reason: str) -> None:
    """Erasure on request (UU 27/2022): the personal data goes; the audit trail keeps only that it went."""
    actor = contact.actor
    contact.delete()
    audit.record(actor=by, action="registry.contact.erased", target=actor, data={"reason": reason})


def personal_data_viewed(*, by: Any, actor: Actor, purpose: str) -> None:
    """Every full view of personal data is logged (who, whose, why)."""
    audit.record(actor=by, action="registry.contact.viewed", target=actor, data={"purpose": purpose})


# ---------------------------------------------------------------- duplicates, merge, claims


def find_duplicates(*, actor: Actor) -> list[tuple[Actor, str, float]]:
    """Other live profiles with the same NIB, or a similar name in the same kelurahan."""
    found: list[tuple[Actor, str, float]] = []
    live = Actor.objects.exclude(pk=actor.pk).exclude(status=Status.ARCHIVED)
    if actor.nib:
        found += [(other, DuplicateReason.SAME_NIB, 1.0) for other in live.filter(nib=actor.nib)]
    if actor.kelurahan_id:
        mine = normalise_name(actor.name)
        for other in live.filter(kelurahan_id=actor.kelurahan_id).only("id", "name", "slug"):
            ratio = difflib.SequenceMatcher(None, mine, normalise_name(other.name)).ratio()
            if ratio >= SIMILAR_NAME_RATIO and not any(o.pk == other.pk for o, _, _ in found):
                found.append((other, DuplicateReason.SIMILAR_NAME, round(ratio, 3)))
    return found


def flag_duplicates(*, actor: Actor) -> list[DuplicateFlag]:
    flags = []
    for other, reason, score in find_duplicates(actor=actor):
        first, second = sorted((actor, other), key=lambda a: a.pk)
        flag, created = DuplicateFlag.objects.get_or_create(
            actor=first, other=second, defaults={"reason": reason, "score": score}
        )
        if created:
            flags.append(flag)
    return flags


@transaction.atomic
def duplicate_dismiss(*, by: Any | None, flag: DuplicateFlag, reason: str) -> DuplicateFlag:
    flag.resolved = True
    flag.resolution = "dismissed"
    flag.save(update_fields=["resolved", "resolution", "updated_at"])
    audit.record(
        actor=by,
        action="registry.duplicate.dismissed",
        target=flag.actor,
        data={"other": flag.other_id, "reason": reason},
    )
    return flag


@transaction.atomic
def actor_merge(*, by: Any | None, keep: Actor, absorb: Actor, reason: str) -> Actor:
    """Merge `absorb` into `keep`: products, figures, certifications, links, contacts, memberships and
    claims move over; `absorb` is archived with a pointer, so both histories stay readable."""
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
    DuplicateFlag.objects.filter(Q(actor=absorb) | Q(other=absorb), resolved=False).update(
        resolved=True, resolution="merged"
    )
    actor_refresh_derived(actor=keep)
    audit.record(actor=by, action="registry.actor.merged", target=keep, data={"absorbed": absorb.pk, "reason": reason})
    audit.record(actor=by, action="registry.actor.merged_into", target=absorb, data={"into": keep.pk, "reason": reason})
    return keep


@transaction.atomic
def claim_create(*, by: Any, actor: Actor, message: str) -> ProfileClaim:
    if actor.owner_id == by.pk:
        raise ServiceError(_("Anda sudah mengelola profil ini."))
    if not message.strip():
        raise ServiceError(
            _("Jelaskan hubungan Anda dengan usaha ini (misalnya NIB atau jabatan)."),
            field_errors={"message": [_("Wajib diisi.")]},
        )
    if ProfileClaim.objects.filter(actor=actor, user=by, status=ClaimStatus.PENDING).exists():
        raise Conflict(_("Klaim Anda untuk profil ini masih menunggu keputusan petugas."))
    claim = ProfileClaim.objects.create(actor=actor, user=by, message=message.strip())
    audit.record(actor=by, action="registry.claim.created", target=actor, data={"claim": claim.pk})
    return claim


@transaction.atomic
def claim_decide(*, by: Any, claim: ProfileClaim, approve: bool, reason: str = "") -> ProfileClaim:
    if claim.status != ClaimStatus.PENDING:
        raise ServiceError(_("Klaim ini sudah diputuskan."))
    if not approve and not reason.strip():
        raise ServiceError(_("Tuliskan alasan penolakan klaim."), field_errors={"reason": [_("Wajib diisi.")]})
    claim.status = ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED
    claim.decided_by = by
    claim.decision_reason = reason.strip()
    claim.save()
    if approve:
        claim.actor.owner = claim.user
        claim.actor.save(update_fields=["owner", "updated_at"])
    audit.record(
        actor=by,
        action="registry.claim.approved" if approve else "registry.claim.rejected",
        target=claim.actor,
        data={"claim": claim.pk, "reason": reason.strip()},
    )
    emit("registry.claim.decided", claim=claim.pk, approved=approve)
    return claim


# ---------------------------------------------------------------- communities


@transaction.atomic
def community_create(
    *, by: Any | None, data: Mapping[str, Any], focus_subsectors: Iterable[Subsector] = (), is_demo: bool = False
) -> Community:
    organisation = organisation_create(actor=by, name=data["name"], kind=OrganisationKind.COMMUNITY)
    community = Community(
        organisation=organisation,
        is_demo=is_demo,
        **{
            k: v
            for k, v in data.items()
            if k
            in (
                "name",
                "description",
                "base_kecamatan",
                "fostered_by",
                "fostered_since",
                "founded_year",
                "source_note",
                "status",
            )
        },
    )
    community.slug = unique_slug(Community, community.name)
    _full_clean(community, exclude=["slug", "organisation"])
    community.save()
    community.focus_subsectors.set(list(focus_subsectors))
    community.search_text = " ".join([community.name, community.description, *(s.name_id for s in focus_subsectors)])
    community.save(update_fields=["search_text"])
    audit.record(actor=by, action="registry.community.created", target=community)
    return community


@transaction.atomic
def community_update(
    *,
    by: Any | None,
    community: Community,
    data: Mapping[str, Any],
    focus_subsectors: Iterable[Subsector] | None = None,
) -> Community:
    editable = ("name", "description", "base_kecamatan", "founded_year", "fostered_by", "fostered_since")
    changed = [k for k in editable if k in data and getattr(community, k) != data[k]]
    for key in changed:
        setattr(community, key, data[key])
    _full_clean(community)
    if focus_subsectors is not None:
        community.focus_subsectors.set(list(focus_subsectors))
        changed.append("focus_subsectors")
    community.search_text = " ".join(
        [community.name, community.description, *(s.name_id for s in community.focus_subsectors.all())]
    )
    community.save()
    audit.record(actor=by, action="registry.community.updated", target=community, data={"fields": changed})
    return community


@transaction.atomic
def community_set_leader(*, by: Any | None, community: Community, user: Any) -> None:
    """Give a user the leader role in the community's organisation (they then manage its members)."""
    membership_set(actor=by, user=user, organisation=community.organisation, role=Role.LEADER)
    audit.record(actor=by, action="registry.community.leader_set", target=community, data={"user": user.pk})


def _sole_chair(community: Community, actor: Actor) -> bool:
    """Whether this actor is the community's only Ketua (a community always keeps one)."""
    return _sole_chair_member(community, CommunityMember.objects.filter(community=community, actor=actor).first())


def _sole_chair_member(community: Community, member: CommunityMember | None) -> bool:
    """Whether this member is the community's only Ketua (invitations do not count: not yet members)."""
    if member is None:
        return False
    chairs = CommunityMember.objects.filter(
        community=community, role=CommunityRole.CHAIR, status=MembershipStatus.ACCEPTED
    )
    return list(chairs.values_list("pk", flat=True)) == [member.pk]


def _who(member: CommunityMember) -> dict[str, Any]:
    """The audit data naming a member: the business, or the person (by account id, never e-mail)."""
    return {"actor": member.actor_id} if member.actor_id is not None else {"user": member.user_id}


def _already(member: CommunityMember) -> str:
    """Why a business or person cannot be added or invited again, in the form's words."""
    if member.actor_id is not None:
        if member.status == MembershipStatus.INVITED:
            return _("Usaha ini sudah diundang dan menunggu persetujuan pemiliknya.")
        return _("Pelaku usaha ini sudah menjadi anggota komunitas.")
    if member.status == MembershipStatus.INVITED:
        return _("Orang ini sudah diundang dan belum menjawab.")
    return _("Orang ini sudah menjadi anggota komunitas.")


def _lock(community: Community) -> None:
    """One change of a community's members at a time (chairs, invitations)."""
    Community.objects.select_for_update().filter(pk=community.pk).first()


@transaction.atomic
def community_member_set(
    *, by: Any | None, community: Community, actor: Actor, role: str, joined_on: Any | None = None
) -> CommunityMember:
    """Add a business to the community, or change an accepted business member's role.

    A business with an owner account joins only by its owner's consent: it is invited
    (`community_invite`) and is not a member until the owner accepts, unless the owner is the one adding
    it. A business nobody has claimed is added directly and marked as added by the leader
    (`JoinedVia.LEADER`); once claimed, its owner may leave (`community_member_leave`)."""
    if actor.status == Status.ARCHIVED:
        raise ServiceError(_("Profil yang diarsipkan tidak dapat menjadi anggota."))
    _lock(community)
    existing = CommunityMember.objects.filter(community=community, actor=actor).first()
    if existing is None:
        if actor.owner_id is not None and actor.owner_id != getattr(by, "pk", None):
            return community_invite(by=by, community=community, role=role, actor=actor)
        member = CommunityMember(
            community=community,
            actor=actor,
            role=role,
            joined_on=joined_on,
            status=MembershipStatus.ACCEPTED,
            joined_via=JoinedVia.OWNER if actor.owner_id is not None else JoinedVia.LEADER,
            invited_by=by if getattr(by, "is_authenticated", False) else None,
        )
        _full_clean(member, exclude=["invited_by"])
        member.save()
        audit.record(
            actor=by,
            action="registry.community.member_added",
            target=community,
            data={"actor": actor.pk, "role": role, "joined_via": member.joined_via},
        )
        return member
    if existing.status == MembershipStatus.INVITED:
        message = _already(existing)
        raise Conflict(message, field_errors={"actor": [message]})
    if role != CommunityRole.CHAIR and _sole_chair_member(community, existing):
        message = _("%(name)s adalah satu-satunya Ketua. Jadikan anggota lain Ketua dulu.") % {"name": actor.name}
        raise Conflict(message, field_errors={"role": [message]})
    existing.role = role
    if joined_on is not None:
        existing.joined_on = joined_on
    _full_clean(existing)
    existing.save(update_fields=["role", "joined_on", "updated_at"])
    audit.record(
        actor=by, action="registry.community.member_changed", target=community, data={"actor": actor.pk, "role": role}
    )
    return existing


@transaction.atomic
def community_member_remove(
    *, by: Any | None, community: Community, actor: Actor, successor: Actor | None = None
) -> None:
    """Remove a member. The only Ketua leaves only by naming a successor, who becomes Ketua."""
    _lock(community)
    if _sole_chair(community, actor):
        if successor is None:
            message = _("%(name)s adalah satu-satunya Ketua. Pilih Ketua pengganti sebelum mengeluarkannya.") % {
                "name": actor.name
            }
            raise Conflict(message, field_errors={"successor": [message]})
        heir = (
            CommunityMember.objects.filter(community=community, actor=successor, status=MembershipStatus.ACCEPTED)
            .exclude(actor=actor)
            .first()
        )
        if heir is None:
            message = _("Ketua pengganti harus anggota lain komunitas ini.")
            raise ServiceError(message, field_errors={"successor": [message]})
        heir.role = CommunityRole.CHAIR
        heir.save(update_fields=["role", "updated_at"])
        audit.record(
            actor=by,
            action="registry.community.member_changed",
            target=community,
            data={"actor": successor.pk, "role": CommunityRole.CHAIR},
        )
    deleted, _objects = CommunityMember.objects.filter(
        community=community, actor=actor, status=MembershipStatus.ACCEPTED
    ).delete()
    if deleted:
        audit.record(actor=by, action="registry.community.member_removed", target=community, data={"actor": actor.pk})


@transaction.atomic
def community_invite(
    *, by: Any | None, community: Community, role: str, user: Any | None = None, actor: Actor | None = None
) -> CommunityMember:
    """Invite a person (`user`, no business needed) or a business with an owner account (`actor`): a
    member only once that person or owner accepts on their dashboard. The one place an invitation is made:
    it is checked, saved, audited and e-mailed (in the recipient's language) here."""
    if (user is None) == (actor is None):
        raise ValueError("Invite exactly one: a person (user) or a business (actor).")
    field = "email" if user is not None else "actor"
    recipient = user if user is not None else actor.owner  # type: ignore[union-attr]
    if actor is not None and actor.status == Status.ARCHIVED:
        message = _("Profil yang diarsipkan tidak dapat menjadi anggota.")
        raise ServiceError(message, field_errors={field: [message]})
    if recipient is None:
        message = _("Usaha ini belum diklaim pemiliknya; tambahkan langsung sebagai anggota.")
        raise ServiceError(message, field_errors={field: [message]})
    if not recipient.is_active:
        message = (
            _("Akun ini tidak aktif dan tidak dapat diundang.")
            if user is not None
            else _("Akun pemilik usaha ini tidak aktif; undangan tidak dapat dikirim.")
        )
        raise ServiceError(message, field_errors={field: [message]})
    _lock(community)
    existing = CommunityMember.objects.filter(
        community=community, **({"user": user} if user is not None else {"actor": actor})
    ).first()
    if existing is not None:
        message = _already(existing)
        raise Conflict(message, field_errors={field: [message]})
    member = CommunityMember(
        community=community,
        user=user,
        actor=actor,
        role=role,
        status=MembershipStatus.INVITED,
        joined_via=JoinedVia.INVITATION,
        invited_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _full_clean(member, exclude=["invited_by"])
    member.save()
    audit.record(
        actor=by,
        action="registry.community.person_invited" if user is not None else "registry.community.business_invited",
        target=community,
        data={**_who(member), "role": role},
    )
    community_invitation_email(member=member, recipient=recipient).send()  # queued in this transaction
    emit("registry.community.invited", member=member.pk)  # the bell and WhatsApp; the e-mail is the above
    return member


def _open_invitation(member: CommunityMember) -> CommunityMember:
    locked = CommunityMember.objects.select_for_update().filter(pk=member.pk).first()
    if locked is None or locked.status != MembershipStatus.INVITED:
        raise Conflict(_("Undangan ini sudah tidak berlaku (dijawab atau ditarik)."))
    return locked


@transaction.atomic
def community_invitation_respond(*, by: Any, member: CommunityMember, accept: bool) -> CommunityMember | None:
    """The invited person, or the invited business's owner, accepts (a member from today) or declines
    (the invitation goes). Consent is theirs alone, so this is checked here as well as by the callers."""
    member = _open_invitation(member)
    if not by.has_perm("registry.respond_community_invitation", member):
        raise NotAllowed(_("Hanya orang yang diundang (atau pemilik usaha yang diundang) yang dapat menjawabnya."))
    community = member.community
    if accept:
        member.status = MembershipStatus.ACCEPTED
        member.joined_on = timezone.localdate()
        member.save(update_fields=["status", "joined_on", "updated_at"])
        audit.record(
            actor=by,
            action="registry.community.invitation_accepted",
            target=community,
            data={**_who(member), "role": member.role},
        )
        return member
    member.delete()
    audit.record(actor=by, action="registry.community.invitation_declined", target=community, data=_who(member))
    return None


@transaction.atomic
def community_invitation_withdraw(*, by: Any | None, community: Community, member: CommunityMember) -> None:
    """The leader withdraws an open invitation (of a person or a business) before it is answered."""
    if member.community_id != community.pk:
        raise ServiceError(_("Undangan ini bukan untuk komunitas ini."))
    _lock(community)
    member = _open_invitation(member)
    member.delete()
    audit.record(actor=by, action="registry.community.invitation_withdrawn", target=community, data=_who(member))


@transaction.atomic
def community_person_remove(*, by: Any | None, community: Community, member: CommunityMember) -> None:
    """Withdraw a person's open invitation, or remove a person member (never the only Ketua)."""
    if member.community_id != community.pk or member.user_id is None:
        raise ServiceError(_("Bukan anggota perorangan komunitas ini."))
    if member.status == MembershipStatus.INVITED:
        community_invitation_withdraw(by=by, community=community, member=member)
        return
    _lock(community)
    if _sole_chair_member(community, member):
        message = _("%(name)s adalah satu-satunya Ketua. Jadikan anggota lain Ketua dulu.") % {"name": member.name}
        raise Conflict(message)
    member.delete()
    audit.record(actor=by, action="registry.community.member_removed", target=community, data=_who(member))


@transaction.atomic
def community_member_leave(*, by: Any, member: CommunityMember) -> None:
    """A member leaves by their own choice: the person, or the owner of a member business (also one the
    leader added before it was claimed). The only Ketua stays until the leader names another."""
    community = member.community
    _lock(community)
    locked = CommunityMember.objects.select_for_update().filter(pk=member.pk).first()
    if locked is None or locked.status != MembershipStatus.ACCEPTED:
        raise Conflict(_("Sudah bukan anggota komunitas ini."))
    if not by.has_perm("registry.leave_community", locked):
        raise NotAllowed(_("Hanya anggota itu sendiri (atau pemilik usahanya) yang dapat keluar dari komunitas."))
    if _sole_chair_member(community, locked):
        raise Conflict(
            _("%(name)s adalah satu-satunya Ketua %(community)s. Minta pengurus menetapkan Ketua lain dulu.")
            % {"name": locked.name, "community": community.name}
        )
    locked.delete()
    audit.record(actor=by, action="registry.community.member_left", target=community, data=_who(locked))


@transaction.atomic
def community_log_activity(
    *, by: Any | None, community: Community, date: Any, title: str, description: str = ""
) -> CommunityActivity:
    activity = CommunityActivity(
        community=community,
        date=date,
        title=title,
        description=description,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _full_clean(activity, exclude=["created_by"])
    activity.save()
    audit.record(actor=by, action="registry.community.activity_logged", target=community, data={"title": title})
    return activity


# ---------------------------------------------------------------- hubs and products


@transaction.atomic
def hub_save(
    *,
    by: Any | None,
    data: Mapping[str, Any],
    hub: CreativeHub | None = None,
    residents: Iterable[Actor] | None = None,
    is_demo: bool = False,
) -> CreativeHub:
    created = hub is None
    hub = hub or CreativeHub(is_demo=is_demo)
    editable = (
        "name",
        "description",
        "operator",
        "operator_name",
        "address",
        "kelurahan",
        "latitude",
        "longitude",
        "facilities",
        "capacity",
        "programmes",
    )
    for key in editable:
        if key in data:
            setattr(hub, key, data[key])
    if created or not hub.slug:
        hub.slug = unique_slug(CreativeHub, hub.name)
    _full_clean(hub, exclude=["slug"])
    hub.search_text = " ".join([hub.name, hub.description, hub.facilities, hub.operator_name])
    hub.save()
    if residents is not None:
        hub.residents.set(list(residents))
    audit.record(actor=by, action="registry.hub.created" if created else "registry.hub.updated", target=hub)
    return hub


@transaction.atomic
def product_save(
    *, by: Any | None, actor: Actor, data: Mapping[str, Any], product: Product | None = None, is_demo: bool = False
) -> Product:
    created = product is None
    product = product or Product(actor=actor, is_demo=is_demo)
    editable = (
        "name",
        "subsector",
        "description",
        "price_min",
        "price_max",
        "platform",
        "store_url",
        "users_count",
        "awards",
    )
    for key in editable:
        if key in data:
            setattr(product, key, data[key])
    if product.price_min is not None and product.price_max is not None and product.price_min > product.price_max:
        raise ServiceError(
            _("Harga terendah lebih besar dari harga tertinggi."),
            field_errors={"price_min": [_("Harus ≤ harga tertinggi.")]},
        )
    if created:
        product.slug = unique_slug(Product, f"{actor.name} {product.name}")
    _full_clean(product, exclude=["slug"])
    product.search_text = " ".join([product.name, product.description, actor.name])
    product.save()
    actor_refresh_derived(actor=actor)
    audit.record(actor=by, action="registry.product.created" if created else "registry.product.updated", target=product)
    return product


@transaction.atomic
def product_set_flagship(*, by: Any | None, product: Product, flagship: bool, reason: str) -> Product:
    if not reason.strip():
        raise ServiceError(
            _("Tuliskan alasan penetapan atau pencabutan produk unggulan."),
            field_errors={"reason": [_("Wajib diisi.")]},
        )
    product.is_flagship = flagship
    product.flagship_reason = reason.strip()
    product.save(update_fields=["is_flagship", "flagship_reason", "updated_at"])
    audit.record(
        actor=by,
        action="registry.product.flagship_set" if flagship else "registry.product.flagship_unset",
        target=product,
        data={"reason": reason.strip()},
    )
    return product


@transaction.atomic
def product_archive(*, by: Any | None, product: Product, reason: str) -> Product:
    product.is_archived = True
    product.save(update_fields=["is_archived", "updated_at"])
    actor_refresh_derived(actor=product.actor)
    audit.record(actor=by, action="registry.product.archived", target=product, data={"reason": reason})
    return product


# ---------------------------------------------------------------- workspace additions: certifications,
# links, photos, hub residents, communities with a leader. Uploads are checked in files.py.

CERTIFICATION_FIELDS = ("kind", "name", "number", "issued_on", "valid_until")


@transaction.atomic
def certification_add(
    *,
    by: Any | None,
    actor: Actor,
    data: Mapping[str, Any],
    document: Any | None = None,
    product: Product | None = None,
) -> Certification:
    """A certification (P-IRT, halal, HKI, SNI, BPOM, other) with an optional document (PDF/JPG/PNG ≤ 5 MB)."""
    from .files import validate_document

    if actor.status == Status.ARCHIVED:
        raise ServiceError(_("Profil yang diarsipkan tidak dapat diubah; pulihkan dulu."), code="archived")
    if product is not None and product.actor_id != actor.pk:
        raise ServiceError(
            _("Produk bukan milik profil ini."), field_errors={"product": [_("Pilih produk profil ini.")]}
        )
    certification = Certification(
        actor=actor, product=product, **{k: v for k, v in data.items() if k in CERTIFICATION_FIELDS}
    )
    certification.number = (certification.number or "").strip()
    if certification.issued_on and certification.valid_until and certification.valid_until < certification.issued_on:
        raise ServiceError(
            _("Tanggal berlaku sampai lebih awal dari tanggal terbit."),
            field_errors={"valid_until": [_("Harus sesudah tanggal terbit.")]},
        )
    if certification.kind == CertificationKind.OTHER and not certification.name.strip():
        raise ServiceError(
            _("Sebutkan nama sertifikat untuk jenis lainnya."), field_errors={"name": [_("Wajib diisi.")]}
        )
    _full_clean(certification, exclude=["document"])
    if document is not None:
        validate_document(document)
        certification.document.save(document.name, document, save=False)
    certification.save()
    audit.record(
        actor=by,
        action="registry.certification.added",
        target=actor,
        data={"kind": certification.kind, "certification": certification.pk, "document": bool(certification.document)},
    )
    return certification


@transaction.atomic
def certification_remove(*, by: Any | None, certification: Certification) -> None:
    """Remove a certification and its stored document (the audit trail keeps that it existed)."""
    actor = certification.actor
    data = {"kind": certification.kind, "certification": certification.pk}
    document = certification.document
    name = document.name if document else ""
    certification.delete()
    if name:
        storage = document.storage
        transaction.on_commit(lambda: storage.delete(name))
    audit.record(actor=by, action="registry.certification.removed", target=actor, data=data)


@transaction.atomic
def actor_remove_link(*, by: Any | None, link: ActorLink) -> None:
    actor = link.actor
    kind = link.kind
    link.delete()
    audit.record(actor=by, action="registry.actor.link_removed", target=actor, data={"kind": kind})


@transaction.atomic
def product_photo_add(*, by: Any | None, product: Product, upload: Any, alt_text: str = "") -> ProductPhoto:
    """Add a photo: decoded and re-encoded by Pillow (no EXIF), at most 1600 px, with a 400 px thumbnail."""
    from .files import process_photo

    if product.photos.count() >= MAX_PHOTOS_PER_PRODUCT:
        raise ServiceError(
            ngettext(
                "Paling banyak %(count)d foto per produk.",
                "Paling banyak %(count)d foto per produk.",
                MAX_PHOTOS_PER_PRODUCT,
            )
            % {"count": MAX_PHOTOS_PER_PRODUCT},
            field_errors={"image": [_("Hapus foto lain dulu.")]},
        )
    processed = process_photo(upload)
    photo = ProductPhoto(product=product, alt_text=alt_text.strip()[:200], position=(product.photos.count()))
    photo.image.save(processed.image.name or "foto.jpg", processed.image, save=False)
    photo.thumbnail.save(processed.thumbnail.name or "foto-400.jpg", processed.thumbnail, save=False)
    photo.save()
    audit.record(
        actor=by,
        action="registry.product.photo_added",
        target=product,
        data={"photo": photo.pk, "width": processed.width, "height": processed.height},
    )
    return photo


@transaction.atomic
def product_photo_remove(*, by: Any | None, photo: ProductPhoto) -> None:
    product = photo.product
    names = [f.name for f in (photo.image, photo.thumbnail) if f and f.name]
    storage = photo.image.storage
    pk = photo.pk
    photo.delete()

    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    audit.record(actor=by, action="registry.product.photo_removed", target=product, data={"photo": pk})


@transaction.atomic
def hub_resident_add(*, by: Any | None, hub: CreativeHub, actor: Actor) -> None:
    if actor.status == Status.ARCHIVED:
        raise ServiceError(
            _("Profil yang diarsipkan tidak dapat ditambahkan."), field_errors={"actor": [_("Diarsipkan.")]}
        )
    hub.residents.add(actor)
    audit.record(actor=by, action="registry.hub.resident_added", target=hub, data={"actor": actor.pk})


@transaction.atomic
def hub_resident_remove(*, by: Any | None, hub: CreativeHub, actor: Actor) -> None:
    hub.residents.remove(actor)
    audit.record(actor=by, action="registry.hub.resident_removed", target=hub, data={"actor": actor.pk})


@transaction.atomic
def community_create_with_leader(
    *, by: Any | None, data: Mapping[str, Any], focus_subsectors: Iterable[Subsector] = (), leader: Any | None = None
) -> Community:
    """Staff record a community and, optionally, name the user who leads it (all or nothing)."""
    community = community_create(by=by, data=data, focus_subsectors=focus_subsectors)
    if leader is not None:
        community_set_leader(by=by, community=community, user=leader)
    return community


@transaction.atomic
def community_leader_remove(*, by: Any | None, community: Community, user: Any) -> None:
    from sinergi.accounts.models import Membership
    from sinergi.accounts.predicates import forget_memberships

    deleted, _objects = Membership.objects.filter(
        user=user, organisation=community.organisation, role__in=[Role.LEADER, Role.ADMIN]
    ).delete()
    forget_memberships(user)
    if deleted:
        audit.record(actor=by, action="registry.community.leader_removed", target=community, data={"user": user.pk})
