"""Who sees what (the registry office's scope) and the text filter, shared by every registry read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import BooleanField, Exists, Expression, OuterRef, Q, QuerySet

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


class _InSubsector(Expression):
    """`<actor>.subsector_ids @> ARRAY[id]` for the query's own actor table alias (PostgreSQL): the
    column is not a model field (registry migration 0010), so this expression names it with the alias
    the query gives the actor table, and follows relabelling when the query becomes a subquery."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, subsector_id: int, alias: str | None = None) -> None:
        super().__init__(output_field=BooleanField())
        self.subsector_id = subsector_id
        self.alias = alias

    def resolve_expression(self, query: Any = None, *args: Any, **kwargs: Any) -> _InSubsector:
        if query is None or query.model is not Actor:
            raise TypeError("the subsector condition filters an actor query")
        return _InSubsector(self.subsector_id, query.get_initial_alias())

    def relabeled_clone(self, change_map: Mapping[str, str]) -> _InSubsector:
        if self.alias is None:
            return self
        return _InSubsector(self.subsector_id, change_map.get(self.alias, self.alias))

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[int, ...]]:
        if self.alias is None:
            raise TypeError("the subsector condition was not resolved against an actor query")
        return f"{compiler.quote_name_unless_alias(self.alias)}.subsector_ids @> ARRAY[%s]::bigint[]", (
            self.subsector_id,
        )


def subsector_condition(subsector_id: int) -> Expression | Exists:
    """A filter for actors in subsector `subsector_id`. PostgreSQL: the actor row's own `subsector_ids`
    array (registry migration 0010, kept in step with `registry_actor_subsectors` by triggers), checked
    where the row is read and answerable from its GIN index; no join of every actor of the subsector.
    Elsewhere (SQLite, no arrays): EXISTS over the many-to-many table. Both select the same actors."""
    if connection.vendor == "postgresql":
        return _InSubsector(subsector_id)
    return Exists(ActorSubsector.objects.filter(actor_id=OuterRef("pk"), subsector_id=subsector_id))
