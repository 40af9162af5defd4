"""Profile claims: a person asks to manage an existing profile; the registry office decides."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.errors import Conflict, ServiceError
from sinergi.notifications.services import emit

from ..models import Actor, ClaimStatus, ProfileClaim


@transaction.atomic
def claim_create(*, by: User, actor: Actor, message: str) -> ProfileClaim:
    """`by` asks to manage a verified profile, saying how they are related to the business."""
    if actor.owner_id == by.pk:
        raise ServiceError(_("Anda sudah mengelola profil ini."))
    check_perm(by, "registry.claim_actor", actor, message=_("Hanya profil terverifikasi yang dapat diklaim."))
    if not message.strip():
        raise ServiceError(
            _("Jelaskan hubungan Anda dengan usaha ini (misalnya NIB atau jabatan)."),
            field_errors={"message": [_("Wajib diisi.")]},
        )
    if ProfileClaim.objects.filter(actor=actor, user=by, status=ClaimStatus.PENDING).exists():
        raise Conflict(_("Klaim Anda untuk profil ini masih menunggu keputusan petugas."))
    claim = ProfileClaim.objects.create(actor=actor, user=by, message=message.strip())
    audit.record(by=by, action="registry.claim.created", target=actor, data={"claim": claim.pk})
    return claim


@transaction.atomic
def claim_decide(*, by: User | None, claim: ProfileClaim, approve: bool, reason: str = "") -> ProfileClaim:
    """Staff approve (the claimant becomes the profile's owner) or reject (with a reason) a pending claim."""
    check_perm(by, "registry.decide_claim", claim.actor, message=_("Anda tidak berhak memutuskan klaim ini."))
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
        by=by,
        action="registry.claim.approved" if approve else "registry.claim.rejected",
        target=claim.actor,
        data={"claim": claim.pk, "reason": reason.strip()},
    )
    emit("registry.claim.decided", claim=claim.pk, approved=approve)
    return claim
