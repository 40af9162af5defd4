from __future__ import annotations

from django.db.models import QuerySet

from .models import Membership, OfficeFunction, Organisation, OrganisationKind, User
from .predicates import FUNCTION_FIELDS, OFFICE_STAFF_ROLES


def organisation_list(*, kind: str | None = None, active_only: bool = True) -> QuerySet[Organisation]:
    qs = Organisation.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("name")


def organisations_of(*, user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user, is_active=True).order_by("name")


def office_staff_ids(*, function: str | None = None, organisation_id: int | None = None) -> list[int]:
    """Active staff (staff, head, admin) of the active offices holding `function` (an OfficeFunction
    value) or of one office: who hears of work waiting in that office's workflow."""
    qs = Membership.objects.filter(
        organisation__kind=OrganisationKind.OFFICE,
        organisation__is_active=True,
        user__is_active=True,
        role__in=OFFICE_STAFF_ROLES,
    )
    if function is not None:
        qs = qs.filter(**{FUNCTION_FIELDS[OfficeFunction(function)]: True})
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return sorted(set(qs.values_list("user_id", flat=True)))
