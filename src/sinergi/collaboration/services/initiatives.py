"""Proposing and editing an initiative, and who hears its answer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import Organisation, OrganisationKind, User
from sinergi.classification.models import Subsector
from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.errors import Conflict, NotAllowed, ServiceError
from sinergi.core.writes import model_update, validate

from ..models import (
    INITIATIVE_FIELDS,
    Endorsement,
    Initiative,
    Phase,
    PhaseChange,
    Pledge,
    ProposerType,
    Support,
)
from ._common import _acts_for, _change_phase, _lock, _user
from .attachments import attach


def _budget(value: Any) -> Decimal | None:
    """An empty budget is no budget; anything else is a sum of rupiah."""
    return None if value in ("", None) else Decimal(value)


def _apply(initiative: Initiative, data: Mapping[str, Any]) -> list[str]:
    changed = model_update(initiative, fields=INITIATIVE_FIELDS, data=data, convert={"budget_estimate": _budget})
    if initiative.kecamatan_id and initiative.kecamatan.level != "kecamatan":  # type: ignore[union-attr]
        raise ServiceError(_("Pilih kecamatan."), field_errors={"kecamatan": [_("Bukan kecamatan.")]})
    return changed


@transaction.atomic
def initiative_create(
    *,
    by: User,
    data: Mapping[str, Any],
    proposer_organisation: Organisation | None = None,
    subsectors: Iterable[Subsector] = (),
    coauthors: Iterable[User] = (),
    is_demo: bool = False,
) -> Initiative:
    """A new draft, proposed by a person or on behalf of an organisation they act for."""
    if proposer_organisation is not None:
        if not _acts_for(by, proposer_organisation):
            raise NotAllowed(
                _("Anda tidak dapat mengusulkan atas nama organisasi ini."),
                field_errors={"proposer_organisation": [_("Anda bukan pengurus atau petugas organisasi ini.")]},
            )
        proposer_type = str(ProposerType(OrganisationKind(proposer_organisation.kind).value))
    else:
        proposer_type = ProposerType.PERSON
    check_perm(by, "collaboration.create_initiative", message=_("Anda tidak dapat mengusulkan inisiatif."))
    initiative = Initiative(
        author=by, proposer_type=proposer_type, proposer_organisation=proposer_organisation, is_demo=is_demo
    )
    _apply(initiative, data)
    validate(initiative, unique=False)
    initiative.save()
    initiative.subsectors.set(list(subsectors))
    initiative.coauthors.set([u for u in coauthors if u.pk != by.pk])
    PhaseChange.objects.create(initiative=initiative, from_phase="", to_phase=Phase.DRAFT, by=_user(by))
    audit.record(
        by=by, action="collaboration.initiative.created", target=initiative, data={"proposer_type": proposer_type}
    )
    return initiative


@transaction.atomic
def initiative_update(
    *,
    by: User,
    initiative: Initiative,
    data: Mapping[str, Any],
    subsectors: Iterable[Subsector] | None = None,
    coauthors: Iterable[User] | None = None,
) -> Initiative:
    locked = _lock(initiative)
    if locked.phase not in {Phase.DRAFT, Phase.SUBMITTED}:
        raise Conflict(_("Inisiatif hanya dapat diubah selama draf atau diajukan."), code="wrong_phase")
    check_perm(by, "collaboration.change_initiative", locked, message=_("Inisiatif ini tidak dapat Anda ubah."))
    changed = _apply(initiative, data)
    validate(initiative, unique=False)
    initiative.save()
    if subsectors is not None:
        initiative.subsectors.set(list(subsectors))
        changed.append("subsectors")
    if coauthors is not None:
        initiative.coauthors.set([u for u in coauthors if u.pk != initiative.author_id])
        changed.append("coauthors")
    audit.record(by=by, action="collaboration.initiative.updated", target=initiative, data={"fields": changed})
    return initiative


@transaction.atomic
def initiative_submit(*, by: User, initiative: Initiative) -> Initiative:
    validate(initiative, unique=False)
    _change_phase(
        by=by,
        initiative=initiative,
        to=Phase.SUBMITTED,
        allowed_from=[Phase.DRAFT],
        action="collaboration.initiative.submitted",
        perm="collaboration.submit_initiative",
        refused=_("Anda tidak dapat mengajukan inisiatif ini."),
    )
    Initiative.objects.filter(pk=initiative.pk).update(submitted_at=timezone.now())
    initiative.refresh_from_db()
    return initiative


@transaction.atomic
def initiative_propose(
    *,
    by: User,
    data: Mapping[str, Any],
    proposer_organisation: Organisation | None = None,
    subsectors: Iterable[Subsector] = (),
    coauthors: Iterable[User] = (),
    attachment: Any | None = None,
    submit: bool = False,
) -> Initiative:
    """Propose an initiative as one step: the draft, its first attachment and, if asked, its submission.

    What the proposal page and the API do; nothing is kept when any part fails.
    """
    check_perm(by, "collaboration.create_initiative", message=_("Anda tidak dapat mengusulkan inisiatif."))
    initiative = initiative_create(
        by=by, data=data, proposer_organisation=proposer_organisation, subsectors=subsectors, coauthors=coauthors
    )
    if attachment:
        attach(by=by, initiative=initiative, upload=attachment)
    if submit:
        initiative_submit(by=by, initiative=initiative)
    return initiative


@transaction.atomic
def initiative_revise(
    *,
    by: User,
    initiative: Initiative,
    data: Mapping[str, Any],
    subsectors: Iterable[Subsector] | None = None,
    coauthors: Iterable[User] | None = None,
    attachment: Any | None = None,
    submit: bool = False,
) -> Initiative:
    """Change a draft or submitted initiative as one step: its fields, an added attachment and, when it is
    still a draft and submission is asked for, its submission. Nothing is kept when any part fails."""
    check_perm(by, "collaboration.change_initiative", initiative, message=_("Inisiatif ini tidak dapat Anda ubah."))
    initiative_update(by=by, initiative=initiative, data=data, subsectors=subsectors, coauthors=coauthors)
    if attachment:
        attach(by=by, initiative=initiative, upload=attachment)
    if submit and initiative.phase == Phase.DRAFT:
        initiative_submit(by=by, initiative=initiative)
    return initiative


def answer_recipients(initiative: Initiative) -> list[User]:
    """Author, co-authors, supporters and endorsers (and those who pledged): all hear the answer."""
    ids = {initiative.author_id}
    ids |= set(initiative.coauthors.values_list("pk", flat=True))
    ids |= set(Support.objects.filter(initiative=initiative).values_list("user_id", flat=True))
    ids |= {uid for uid in Endorsement.objects.filter(initiative=initiative).values_list("by_id", flat=True) if uid}
    ids |= {uid for uid in Pledge.objects.filter(initiative=initiative).values_list("offered_by_id", flat=True) if uid}
    return list(User.objects.filter(pk__in=ids, is_active=True))
