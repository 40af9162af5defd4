"""Who sees what (the registry office's scope) and the text filter, shared by every registry read."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from sinergi.accounts.models import User
from sinergi.accounts.predicates import registry_areas
from sinergi.accounts.predicates import staff as is_staff_predicate

from .. import search
from ..models import Actor

ActorSubsector = Actor.subsectors.through

# The person a read is for (a page's `request.user`); None where nobody in particular asks.
Viewer = User | AnonymousUser


def is_staff_user(user: Viewer | None) -> bool:
    return bool(user is not None and is_staff_predicate(user))


def in_registry_scope(qs: QuerySet[Any], *, user: Viewer | None, place: str = "kelurahan") -> QuerySet[Any]:
    """Narrow `qs` to what the person's registry office administers: in a province installation the
    staff of a kab/kota-scoped office see, queue and export only records located in their kab/kota
    (`place` is the path to the record's area). The same scope as the named permissions
    (`accounts.predicates.registry_areas`); people who work for no registry office are not narrowed."""
    areas = registry_areas(user)
    if not areas:  # None: the whole installation; empty: no registry office, reads as any office's staff
        return qs
    inside = Q()
    for code in sorted(areas):
        inside |= Q(**{f"{place}__code__startswith": f"{code}."})
    return qs.filter(inside)


def text_filter(qs: QuerySet[Any], q: str) -> QuerySet[Any]:
    """Every word must appear in the record's search text (full-text search on PostgreSQL)."""
    return search.text_filter(qs, q)
