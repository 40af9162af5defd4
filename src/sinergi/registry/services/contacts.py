"""What hangs off an actor's profile: yearly figures, links, certifications and contact persons (personal
data, UU 27/2022: collected with a purpose and basis, every full view logged, erased on request)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.errors import ServiceError
from sinergi.core.writes import model_update, validate

from ..files import validate_document
from ..models import (
    Actor,
    ActorLink,
    ActorYearlyFigure,
    Certification,
    CertificationKind,
    ContactPerson,
    LegalBasis,
    Product,
    Status,
)
from .actors import actor_refresh_derived, check_change_actor

CONTACT_FIELDS = ("full_name", "position", "nik", "phone", "email", "home_address", "legal_basis", "purpose")

CERTIFICATION_FIELDS = ("kind", "name", "number", "issued_on", "valid_until")


@transaction.atomic
def actor_set_figure(
    *, by: User | None, actor: Actor, year: int, capital: Decimal | None, sales: Decimal | None
) -> ActorYearlyFigure:
    """Set one year's capital and sales (the size class follows from the latest year)."""
    check_change_actor(by, actor)
    figure, _created = ActorYearlyFigure.objects.get_or_create(actor=actor, year=year)
    figure.capital = capital
    figure.sales = sales
    validate(figure, unique=False)
    figure.save()
    actor_refresh_derived(actor=actor)
    audit.record(
        by=by, action="registry.actor.figure_set", target=actor, data={"year": year, "size_class": actor.size_class}
    )
    return figure


@transaction.atomic
def actor_add_link(*, by: User | None, actor: Actor, kind: str, url: str) -> ActorLink:
    check_change_actor(by, actor)
    link = ActorLink(actor=actor, kind=kind, url=url)
    validate(link, unique=False)
    link.save()
    audit.record(by=by, action="registry.actor.link_added", target=actor, data={"kind": kind})
    return link


@transaction.atomic
def actor_remove_link(*, by: User | None, link: ActorLink) -> None:
    actor = link.actor
    check_change_actor(by, actor)
    kind = link.kind
    link.delete()
    audit.record(by=by, action="registry.actor.link_removed", target=actor, data={"kind": kind})


@transaction.atomic
def certification_add(
    *,
    by: User | None,
    actor: Actor,
    data: Mapping[str, Any],
    document: Any | None = None,
    product: Product | None = None,
) -> Certification:
    """A certification (P-IRT, halal, HKI, SNI, BPOM, other) with an optional document (PDF/JPG/PNG ≤ 5 MB)."""
    if actor.status == Status.ARCHIVED:
        raise ServiceError(_("Profil yang diarsipkan tidak dapat diubah; pulihkan dulu."), code="archived")
    check_change_actor(by, actor)
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
    validate(certification, exclude=["document"], unique=False)
    if document is not None:
        validate_document(document)
        certification.document.save(document.name, document, save=False)
    certification.save()
    audit.record(
        by=by,
        action="registry.certification.added",
        target=actor,
        data={"kind": certification.kind, "certification": certification.pk, "document": bool(certification.document)},
    )
    return certification


@transaction.atomic
def certification_remove(*, by: User | None, certification: Certification) -> None:
    """Remove a certification and its stored document (the audit trail keeps that it existed)."""
    actor = certification.actor
    check_change_actor(by, actor)
    data = {"kind": certification.kind, "certification": certification.pk}
    document = certification.document
    name = document.name if document else ""
    certification.delete()
    if name:
        storage = document.storage
        transaction.on_commit(lambda: storage.delete(name))
    audit.record(by=by, action="registry.certification.removed", target=actor, data=data)


@transaction.atomic
def contact_save(
    *, by: User | None, actor: Actor, data: Mapping[str, Any], contact: ContactPerson | None = None
) -> ContactPerson:
    """Create or change a contact person. Consent is recorded when the basis is consent."""
    check_change_actor(by, actor)
    contact = contact or ContactPerson(actor=actor)
    changed = model_update(contact, fields=CONTACT_FIELDS, data=data)
    if contact.legal_basis == LegalBasis.CONSENT and contact.consent_at is None:
        if not data.get("consent"):
            raise ServiceError(
                _("Narahubung harus menyetujui pemrosesan data pribadinya."),
                field_errors={"consent": [_("Wajib dicentang.")]},
            )
        contact.consent_at = timezone.now()
    validate(contact, unique=False)
    contact.save()
    audit.record(by=by, action="registry.contact.saved", target=actor, data={"fields": changed})
    return contact


@transaction.atomic
def contact_delete(*, by: User | None, contact: ContactPerson, reason: str) -> None:
    """Erasure on request (UU 27/2022): the personal data goes; the audit trail keeps only that it went."""
    actor = contact.actor
    check_change_actor(by, actor)
    contact.delete()
    audit.record(by=by, action="registry.contact.erased", target=actor, data={"reason": reason})


def personal_data_viewed(*, by: User, actor: Actor, purpose: str) -> None:
    """Every full view of personal data is logged (who, whose, why)."""
    check_perm(by, "registry.view_personal_data", actor, message=_("Anda tidak berhak melihat data pribadi ini."))
    audit.record(by=by, action="registry.contact.viewed", target=actor, data={"purpose": purpose})
