"""What organisations bring: endorsements (pentahelix) and pledges with their status."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import HELIX_OF_KIND, Organisation, OrganisationKind, User
from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.errors import Conflict, NotAllowed, ServiceError
from sinergi.core.writes import validate
from sinergi.notifications.services import emit

from ..models import (
    Endorsement,
    Initiative,
    Pledge,
    PledgeKind,
    PledgeStatus,
)
from ._common import _acts_for, _engagement_open, _user


@transaction.atomic
def endorsement_add(
    *, by: User, initiative: Initiative, organisation: Organisation, statement: str = ""
) -> Endorsement:
    if not _acts_for(by, organisation):
        raise NotAllowed(_("Anda tidak dapat bertindak atas nama organisasi ini."))
    _engagement_open(initiative)
    check_perm(
        by,
        "collaboration.endorse_initiative",
        initiative,
        message=_("Anda tidak dapat menyatakan dukungan organisasi untuk inisiatif ini."),
    )
    endorsement = Endorsement(
        initiative=initiative,
        organisation=organisation,
        helix=str(HELIX_OF_KIND[OrganisationKind(organisation.kind)]),
        statement=statement.strip(),
        by=_user(by),
    )
    validate(endorsement, unique=False)
    try:
        with transaction.atomic():
            endorsement.save()
    except IntegrityError as exc:
        raise Conflict(_("Organisasi ini sudah mendukung inisiatif ini."), code="duplicate") from exc
    audit.record(
        by=by,
        action="collaboration.endorsement.added",
        target=initiative,
        data={"organisation": organisation, "helix": endorsement.helix},
    )
    return endorsement


@transaction.atomic
def pledge_offer(
    *,
    by: User,
    initiative: Initiative,
    organisation: Organisation,
    kind: str,
    description: str,
    amount: Decimal | None = None,
) -> Pledge:
    if not _acts_for(by, organisation):
        raise NotAllowed(_("Anda tidak dapat bertindak atas nama organisasi ini."))
    _engagement_open(initiative)
    check_perm(
        by,
        "collaboration.pledge_initiative",
        initiative,
        message=_("Anda tidak dapat menawarkan sumbangan untuk inisiatif ini."),
    )
    if kind not in PledgeKind.values:
        raise ServiceError(
            _("Jenis sumbangan tidak dikenal."), field_errors={"kind": [_("Pilih jenis yang tersedia.")]}
        )
    pledge = Pledge(
        initiative=initiative,
        organisation=organisation,
        kind=kind,
        description=description.strip(),
        amount=amount,
        helix=str(HELIX_OF_KIND[OrganisationKind(organisation.kind)]),
        offered_by=_user(by),
    )
    validate(pledge, unique=False)
    pledge.save()
    audit.record(
        by=by,
        action="collaboration.pledge.offered",
        target=initiative,
        data={"organisation": organisation, "kind": kind, "helix": pledge.helix},
    )
    emit("collaboration.pledge", initiative=initiative.pk, pledge=pledge.pk)
    return pledge


def _pledge_move(*, by: User, pledge: Pledge, to: str, allowed_from: str, stamp: str) -> Pledge:
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if locked.status != allowed_from:
        raise Conflict(
            _("Status sumbangan sekarang %(status)s.") % {"status": locked.get_status_display()}, code="wrong_status"
        )
    check_perm(
        by,
        "collaboration.manage_pledge",
        locked.initiative,
        message=_("Hanya pengusul atau petugas yang dapat mengubah status sumbangan."),
    )
    locked.status = to
    setattr(locked, stamp, timezone.now())
    locked.save(update_fields=["status", stamp])
    audit.record(
        by=by,
        action=f"collaboration.pledge.{to}",
        target=locked.initiative,
        data={"pledge": locked.pk, "organisation": locked.organisation_id},
    )
    pledge.refresh_from_db()
    return locked


@transaction.atomic
def pledge_confirm(*, by: User, pledge: Pledge) -> Pledge:
    return _pledge_move(
        by=by, pledge=pledge, to=PledgeStatus.CONFIRMED, allowed_from=PledgeStatus.OFFERED, stamp="confirmed_at"
    )


@transaction.atomic
def pledge_deliver(*, by: User, pledge: Pledge) -> Pledge:
    return _pledge_move(
        by=by, pledge=pledge, to=PledgeStatus.DELIVERED, allowed_from=PledgeStatus.CONFIRMED, stamp="delivered_at"
    )
