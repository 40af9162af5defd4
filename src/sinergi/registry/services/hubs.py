"""Creative hubs (ruang kreatif) and the actors active in them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.errors import ServiceError
from sinergi.core.writes import model_update, validate

from .. import derived
from ..models import Actor, CreativeHub, Status

HUB_FIELDS = (
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


def _check_hub_staff(by: User | None, hub: CreativeHub | None) -> None:
    check_perm(by, "registry.change_hub", hub, message=_("Hanya petugas direktori yang dapat mengubah ruang kreatif."))


@transaction.atomic
def hub_save(
    *,
    by: User | None,
    data: Mapping[str, Any],
    hub: CreativeHub | None = None,
    residents: Iterable[Actor] | None = None,
    is_demo: bool = False,
) -> CreativeHub:
    """Record a creative hub, or change one; `residents` (given) replaces the actors active in it."""
    _check_hub_staff(by, hub)
    created = hub is None
    hub = hub or CreativeHub(is_demo=is_demo)
    model_update(hub, fields=HUB_FIELDS, data=data)
    if created or not hub.slug:
        hub.slug = derived.slug_for(CreativeHub, hub.name)
    validate(hub, exclude=["slug"], unique=False)
    hub.search_text = derived.hub_search_text(
        name=hub.name, description=hub.description, facilities=hub.facilities, operator_name=hub.operator_name
    )
    hub.save()
    if residents is not None:
        hub.residents.set(list(residents))
    audit.record(by=by, action="registry.hub.created" if created else "registry.hub.updated", target=hub)
    return hub


@transaction.atomic
def hub_resident_add(*, by: User | None, hub: CreativeHub, actor: Actor) -> None:
    _check_hub_staff(by, hub)
    if actor.status == Status.ARCHIVED:
        raise ServiceError(
            _("Profil yang diarsipkan tidak dapat ditambahkan."), field_errors={"actor": [_("Diarsipkan.")]}
        )
    hub.residents.add(actor)
    audit.record(by=by, action="registry.hub.resident_added", target=hub, data={"actor": actor.pk})


@transaction.atomic
def hub_resident_remove(*, by: User | None, hub: CreativeHub, actor: Actor) -> None:
    _check_hub_staff(by, hub)
    hub.residents.remove(actor)
    audit.record(by=by, action="registry.hub.resident_removed", target=hub, data={"actor": actor.pk})
