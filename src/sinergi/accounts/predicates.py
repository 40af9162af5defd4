"""Predicates about who a user is, composed into named permissions by each app's rules.py.

Memberships are read once per request and cached on the user object.
"""

from __future__ import annotations

from typing import Any

import rules

from .models import Membership, OrganisationKind, Role

OFFICE_STAFF_ROLES = frozenset({Role.ADMIN, Role.HEAD, Role.STAFF})


def memberships_of(user: Any) -> list[tuple[int, str, str]]:
    """(organisation id, organisation kind, role) for each membership of `user`, cached on it."""
    if not getattr(user, "is_authenticated", False):
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


def office_roles(user: Any) -> set[str]:
    return {role for _, kind, role in memberships_of(user) if kind == OrganisationKind.OFFICE}


@rules.predicate
def is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def is_office_staff(user: Any) -> bool:
    """Works for a city office as administrator, head of division or staff."""
    return bool(office_roles(user) & OFFICE_STAFF_ROLES)


@rules.predicate
def is_office_head(user: Any) -> bool:
    return bool(office_roles(user) & {Role.ADMIN, Role.HEAD})


@rules.predicate
def is_office_admin(user: Any) -> bool:
    return Role.ADMIN in office_roles(user)


@rules.predicate
def is_analyst(user: Any) -> bool:
    return bool(office_roles(user) & {Role.ANALYST, Role.HEAD, Role.ADMIN})


@rules.predicate
def is_office_member(user: Any) -> bool:
    return bool(office_roles(user))


def forget_memberships(user: Any) -> None:
    if hasattr(user, "_sinergi_memberships"):
        del user._sinergi_memberships


staff = is_superuser | is_office_staff
