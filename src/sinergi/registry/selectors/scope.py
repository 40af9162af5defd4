"""Who sees what (the registry office's scope) and the text filter, shared by every registry read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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

# Registry 0013's SQL functions: an actor row's search terms, and a search's last word as a query.
TERMS = "registry_actor_terms"
PREFIX_QUERY = "registry_actor_prefix_query"

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


class _OnActorRow(Expression):
    """A condition on the actor row's PostgreSQL-only columns (`subsector_ids`, registry 0010;
    `search_vector`, 0003), which are not model fields: `template` names the row as `{actor}`, and this
    expression fills in the alias the query gives the actor table, following relabelling when the query
    becomes a subquery."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, template: str, params: tuple[Any, ...], alias: str | None = None) -> None:
        super().__init__(output_field=BooleanField())
        self.template = template
        self.params = params
        self.alias = alias

    def resolve_expression(self, query: Any = None, *args: Any, **kwargs: Any) -> _OnActorRow:
        if query is None or query.model is not Actor:
            raise TypeError("this condition filters an actor query")
        return _OnActorRow(self.template, self.params, query.get_initial_alias())

    def relabeled_clone(self, change_map: Mapping[str, str]) -> _OnActorRow:
        if self.alias is None:
            return self
        return _OnActorRow(self.template, self.params, change_map.get(self.alias, self.alias))

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        if self.alias is None:
            raise TypeError("the condition was not resolved against an actor query")
        return self.template.format(actor=compiler.quote_name_unless_alias(self.alias)), self.params


def subsector_condition(subsector_id: int) -> Expression | Exists:
    """A filter for actors in subsector `subsector_id`. PostgreSQL: the actor row's own `subsector_ids`
    array (registry migration 0010, kept in step with `registry_actor_subsectors` by triggers), checked
    where the row is read and answerable from its GIN index; no join of every actor of the subsector.
    Elsewhere (SQLite, no arrays): EXISTS over the many-to-many table. Both select the same actors."""
    if connection.vendor == "postgresql":
        return _OnActorRow("{actor}.subsector_ids @> ARRAY[%s]::bigint[]", (subsector_id,))
    return Exists(ActorSubsector.objects.filter(actor_id=OuterRef("pk"), subsector_id=subsector_id))


# At most this many kelurahan become place terms of a word search (a kecamatan has a handful; a whole
# kab/kota of a province installation may have hundreds, which stay a separate `kelurahan_id IN …`).
PLACE_TERMS = 64


@dataclass(frozen=True)
class SearchTerms:
    """A word search with its subsector and place as one condition (`search_condition`); `subsector` and
    `place` say which of those filters it holds (the others stay filters of their own)."""

    condition: Expression
    subsector: bool
    place: bool


def search_condition(q: str, *, subsector: int | None = None, kelurahan: Sequence[int] = ()) -> SearchTerms | None:
    """Every word of `q` (the last one also as a prefix), the subsector and one of the kelurahan, as one
    condition answered by one GIN index (PostgreSQL, registry 0013): `registry_actor_terms(…) @@ query`,
    where the row's terms are its text's words plus `~s<subsector id>` and `~k<kelurahan id>`, and the
    last word is the words of `registry_actor_searchword` that start with it (`registry_actor_prefix_query`).
    The same rows as the separate filters (`search.text_filter`, `subsector_condition`, `kelurahan_id IN`):
    within one index PostgreSQL skips through a common term's entries instead of collecting them all.
    None without a word or off PostgreSQL (the separate filters apply)."""
    words = search.words(q)
    if not words or not search.uses_fts():
        return None
    parts = [f"{PREFIX_QUERY}(%s)"]
    params: list[Any] = [words[-1]]
    if len(words) > 1:
        parts.insert(0, "to_tsquery('simple'::regconfig, %s)")
        params.insert(0, search.tsquery_text(" ".join(words[:-1]), prefix=False))
    terms: list[str] = []
    if subsector is not None:
        terms.append(f"'~s{int(subsector)}'")
    place = 0 < len(kelurahan) <= PLACE_TERMS
    if place:
        terms.append("(" + " | ".join(f"'~k{int(pk)}'" for pk in kelurahan) + ")")
    if terms:
        parts.append("%s::tsquery")
        params.append(" & ".join(terms))
    template = (
        f"{TERMS}({{actor}}.search_vector, {{actor}}.subsector_ids, {{actor}}.kelurahan_id) @@ ({' && '.join(parts)})"
    )
    return SearchTerms(_OnActorRow(template, tuple(params)), subsector=subsector is not None, place=place)
