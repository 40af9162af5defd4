"""Predicates about who a user is, composed into named permissions by each app's rules.py.

Memberships are read once per request and cached on the user object.

Office powers are scoped to an office (issue 10 §3): the registry's workflow belongs to offices that
administer the registry (`Organisation.administers_registry`), the statistics workflow to offices that
produce the statistics (`Organisation.produces_statistics`), an event or program to the office that
organises it. `staff_of`, `head_of` and `analyst_of` build the predicate for an office function;
`organiser_staff` and `organiser_head` for an object with an organiser. A head of one office has no
power in another office's workflow.
"""

from __future__ import annotations

from typing import Any, TypeVar

import rules
from django.db.models import Model, QuerySet

from sinergi.wilayah.selectors import covers

from .models import Membership, OfficeFunction, Organisation, OrganisationKind, Role, User
from .typing import AnyUser

M = TypeVar("M", bound=Model)

OFFICE_STAFF_ROLES = frozenset({Role.ADMIN, Role.HEAD, Role.STAFF})
OFFICE_HEAD_ROLES = frozenset({Role.ADMIN, Role.HEAD})
ANALYST_ROLES = frozenset({Role.ANALYST, Role.HEAD, Role.ADMIN})
FUNCTION_FIELDS = {
    OfficeFunction.REGISTRY: "organisation__administers_registry",
    OfficeFunction.STATISTICS: "organisation__produces_statistics",
}


def memberships_of(user: AnyUser) -> list[tuple[int, str, str]]:
    """(organisation id, organisation kind, role) for each membership of `user`, cached on it."""
    if not isinstance(user, User):  # a visitor belongs to nothing
        return []
    cached: list[tuple[int, str, str]] | None = getattr(user, "_sinergi_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, organisation__is_active=True).values_list(
                "organisation_id", "organisation__kind", "role"
            )
        )
        user._sinergi_memberships = cached
    return cached


def office_functions_of(user: AnyUser) -> dict[int, frozenset[str]]:
    """Organisation id → the office functions it holds, for each office `user` belongs to (cached)."""
    if not isinstance(user, User):
        return {}
    cached: dict[int, frozenset[str]] | None = getattr(user, "_sinergi_office_functions", None)
    if cached is None:
        rows = Membership.objects.filter(
            user=user, organisation__is_active=True, organisation__kind=OrganisationKind.OFFICE
        ).values_list("organisation_id", *FUNCTION_FIELDS.values())
        cached = {
            row[0]: frozenset(str(f) for f, on in zip(FUNCTION_FIELDS, row[1:], strict=True) if on) for row in rows
        }
        user._sinergi_office_functions = cached
    return cached


def office_areas_of(user: AnyUser) -> dict[int, str]:
    """Organisation id → the Kemendagri code of the kab/kota the office works for ("" = the whole
    installation), for each office `user` belongs to (cached on the user)."""
    if not isinstance(user, User):
        return {}
    cached: dict[int, str] | None = getattr(user, "_sinergi_office_areas", None)
    if cached is None:
        rows = Membership.objects.filter(
            user=user, organisation__is_active=True, organisation__kind=OrganisationKind.OFFICE
        ).values_list("organisation_id", "organisation__area__code")
        cached = {org_id: kode or "" for org_id, kode in rows}
        user._sinergi_office_areas = cached
    return cached


def place_code_of(obj: Any) -> str:
    """The Kemendagri code of where `obj` is located ("" when it has no place), followed through
    `.actor` for what hangs off an actor (a claim, a duplicate flag, a product)."""
    seen = 0
    while obj is not None and seen < 3:
        code = getattr(obj, "place_code", None)
        if code is not None:
            return str(code)
        obj = getattr(obj, "actor", None)
        seen += 1
    return ""


def registry_areas(user: AnyUser | None) -> frozenset[str] | None:
    """The kab/kota codes a person's registry work covers: None for the whole installation (a superuser,
    or staff of a registry office with no area), else the areas of their registry offices (empty when
    they work for no registry office, or for nobody: `user` None)."""
    if user is None:
        return frozenset()
    if getattr(user, "is_superuser", False):
        return None
    functions = office_functions_of(user)
    areas = office_areas_of(user)
    codes = {
        areas.get(org_id, "")
        for org_id, _, role in memberships_of(user)
        if role in OFFICE_STAFF_ROLES and OfficeFunction.REGISTRY in functions.get(org_id, frozenset())
    }
    return None if "" in codes else frozenset(codes)


def roles_in_function(user: AnyUser, function: str) -> set[str]:
    """The roles `user` holds in offices that hold `function` (an OfficeFunction value)."""
    functions = office_functions_of(user)
    return {role for org_id, _, role in memberships_of(user) if function in functions.get(org_id, frozenset())}


def roles_in_organisation(user: AnyUser, organisation_id: int | None) -> set[str]:
    """The roles `user` holds in one office (none for a non-office organisation)."""
    if organisation_id is None:
        return set()
    return {
        role
        for org_id, kind, role in memberships_of(user)
        if org_id == organisation_id and kind == OrganisationKind.OFFICE
    }


def _function_predicate(function: str, roles: frozenset[str], label: str) -> Any:
    @rules.predicate(name=f"{label}_of_{function}")
    def predicate(user: AnyUser) -> bool:
        return bool(roles_in_function(user, function) & roles)

    return predicate


def _located_predicate(function: str, roles: frozenset[str], label: str) -> Any:
    @rules.predicate(name=f"{label}_of_{function}_for_place")
    def predicate(user: AnyUser, obj: Any) -> bool:
        if obj is None:
            # No object: "may this person do this work somewhere" (lists, queues, the create form);
            # every object then touched is checked against its own place.
            return bool(roles_in_function(user, function) & roles)
        place = place_code_of(obj)
        functions = office_functions_of(user)
        areas = office_areas_of(user)
        return any(
            role in roles and function in functions.get(org_id, frozenset()) and covers(areas.get(org_id, ""), place)
            for org_id, _, role in memberships_of(user)
        )

    return predicate


def staff_of(function: str) -> Any:
    """Administrator, head or staff of an office that holds `function`."""
    return _function_predicate(function, OFFICE_STAFF_ROLES, "staff")


def head_of(function: str) -> Any:
    """Administrator or head of an office that holds `function`."""
    return _function_predicate(function, OFFICE_HEAD_ROLES, "head")


def analyst_of(function: str) -> Any:
    """Analyst, head or administrator of an office that holds `function`."""
    return _function_predicate(function, ANALYST_ROLES, "analyst")


def organiser_id_of(obj: Any) -> int | None:
    """The organising office of an event or program, or of what hangs off one (a session, a booth
    application, a participant, an application): followed through `.event` / `.program`."""
    seen = 0
    while obj is not None and seen < 4:
        organiser_id = getattr(obj, "organiser_id", None)
        if organiser_id is not None:
            return int(organiser_id)
        obj = getattr(obj, "event", None) or getattr(obj, "program", None)
        seen += 1
    return None


def _organiser_predicate(roles: frozenset[str], label: str) -> Any:
    @rules.predicate(name=f"organiser_{label}")
    def predicate(user: AnyUser, obj: Any) -> bool:
        if obj is None:
            # No object: "may this person act for some event or program" (lists, the create form);
            # every object the person then touches is checked against its own organiser.
            return bool(office_roles(user) & roles)
        return bool(roles_in_organisation(user, organiser_id_of(obj)) & roles)

    return predicate


def offices_acted_for(user: AnyUser) -> Any:
    """The offices `user` may organise an event or program for: those where they are staff (every
    active office for a superuser). The organiser field of the create forms offers only these."""
    qs = Organisation.objects.filter(kind=OrganisationKind.OFFICE, is_active=True)
    if getattr(user, "is_superuser", False):
        return qs
    ids = [
        org_id
        for org_id, kind, role in memberships_of(user)
        if kind == OrganisationKind.OFFICE and role in OFFICE_STAFF_ROLES
    ]
    return qs.filter(pk__in=ids)


def organised_by(queryset: QuerySet[M], user: AnyUser) -> QuerySet[M]:
    """The rows of `queryset` (events, programs: anything with an `organiser` office) that `user` is staff
    of the organiser of, every row for a superuser: the objects `organiser_staff` holds for, as a query."""
    if getattr(user, "is_superuser", False):
        return queryset
    return queryset.filter(organiser__in=offices_acted_for(user))


organiser_staff = _organiser_predicate(OFFICE_STAFF_ROLES, "staff")
organiser_head = _organiser_predicate(OFFICE_HEAD_ROLES, "head")


def office_roles(user: AnyUser) -> set[str]:
    return {role for _, kind, role in memberships_of(user) if kind == OrganisationKind.OFFICE}


@rules.predicate
def is_superuser(user: AnyUser) -> bool:
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def is_office_staff(user: AnyUser) -> bool:
    """Works for a city office as administrator, head of division or staff."""
    return bool(office_roles(user) & OFFICE_STAFF_ROLES)


@rules.predicate
def is_office_head(user: AnyUser) -> bool:
    return bool(office_roles(user) & {Role.ADMIN, Role.HEAD})


@rules.predicate
def is_office_admin(user: AnyUser) -> bool:
    return Role.ADMIN in office_roles(user)


@rules.predicate
def is_analyst(user: AnyUser) -> bool:
    return bool(office_roles(user) & {Role.ANALYST, Role.HEAD, Role.ADMIN})


@rules.predicate
def is_office_member(user: AnyUser) -> bool:
    return bool(office_roles(user))


def forget_memberships(user: AnyUser) -> None:
    for attr in ("_sinergi_memberships", "_sinergi_office_functions", "_sinergi_office_areas"):
        if hasattr(user, attr):
            delattr(user, attr)


# Office staff of any office: reads that are not another office's workflow (unverified records in
# lists, drafts of collaboration). Powers in a workflow use the scoped predicates below.
staff = is_superuser | is_office_staff
# The registry's powers reach objects in the office's area (every object for an office with no area).
registry_staff = is_superuser | _located_predicate(OfficeFunction.REGISTRY, OFFICE_STAFF_ROLES, "staff")
registry_head = is_superuser | _located_predicate(OfficeFunction.REGISTRY, OFFICE_HEAD_ROLES, "head")
statistics_analyst = is_superuser | analyst_of(OfficeFunction.STATISTICS)
statistics_head = is_superuser | head_of(OfficeFunction.STATISTICS)
