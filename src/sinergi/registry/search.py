"""Text search over the registry's `search_text` columns.

PostgreSQL: full-text search with the 'simple' configuration (PostgreSQL has no Indonesian stemmer;
'simple' lower-cases and splits words, which suits names, places and product words). Every word must
match; the last word also matches as a prefix, so "bat" finds "batik" while someone is typing. Each
table stores `to_tsvector('simple'::regconfig, search_text)` in a generated column, `search_vector`, with
a GIN index (migration 0003_stored_search_vectors): matching and ranking read the stored vector instead of
recomputing it for every candidate row. Actors are the exception: their word searches ask one index that
also holds subsector and place terms, with the last word looked up in a table of their words (registry
0013, `selectors.scope.search_condition`); ranking still reads `search_vector`. The column is not a
model field (SQLite has no tsvector), so the expressions below name it beside the `search_text` field
they are given.

SQLite (local use and tests): every word must appear in the text, case-insensitively (`icontains`),
which is slower but gives the same results for whole words and prefixes.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, QuerySet, Value

MAX_WORDS = 8
# The stored vector of `search_text` (migration 0003_stored_search_vectors), on every registry table.
VECTOR_COLUMN = "search_vector"
_WORD = re.compile(r"\w+", re.UNICODE)


def words(q: str) -> list[str]:
    """The words of a query: letters and digits only (no tsquery operators), lower-case, at most eight."""
    return [w.lower() for w in _WORD.findall(q or "")][:MAX_WORDS]


def tsquery_text(q: str, *, prefix: bool = True) -> str:
    """`batik tul` → `'batik' & 'tul':*` (with prefix=False: `'batik' & 'tul'`); empty when the query has
    no words."""
    parts = words(q)
    if not parts:
        return ""
    quoted = [f"'{w}'" for w in parts]
    if prefix:
        quoted[-1] += ":*"
    return " & ".join(quoted)


def uses_fts() -> bool:
    return connection.vendor == "postgresql"


def vector_sql(column_sql: str) -> str:
    """The stored vector beside a compiled `search_text` column: `U0."search_text"` → `U0."search_vector"`."""
    suffix = '"search_text"'
    if not column_sql.endswith(suffix):
        raise ValueError(f"full-text search needs a search_text column, got {column_sql}")
    return column_sql[: -len(suffix)] + f'"{VECTOR_COLUMN}"'


class _Matches(Func):
    """`<stored vector> @@ to_tsquery('simple', query)` as a boolean expression."""

    output_field = BooleanField()
    arity = 2

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        column, query = self.source_expressions
        column_sql, column_params = compiler.compile(column)
        query_sql, query_params = compiler.compile(query)
        sql = f"{vector_sql(column_sql)} @@ to_tsquery('simple'::regconfig, {query_sql})"
        return sql, [*column_params, *query_params]


class _Rank(Func):
    """ts_rank of the same vector against the same query (for sorting by relevance)."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        column, query = self.source_expressions
        column_sql, column_params = compiler.compile(column)
        query_sql, query_params = compiler.compile(query)
        sql = rank_sql(vector_sql(column_sql), query_sql)
        return sql, [*column_params, *query_params]


def rank_sql(vector: str, query: str = "%s") -> str:
    """The rank of a stored vector (SQL) against a query text (SQL, a parameter by default): one
    definition for `with_rank` and for a rank computed later from a carried vector (the directory)."""
    return f"ts_rank({vector}, to_tsquery('simple'::regconfig, {query}))"


class StoredVector(Func):
    """The stored vector of a `search_text` field, as a column to carry (the directory ranks it later)."""

    arity = 1

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        (column,) = self.source_expressions
        column_sql, column_params = compiler.compile(column)
        return vector_sql(column_sql), list(column_params)


def text_filter(qs: QuerySet[Any], q: str, *, field: str = "search_text") -> QuerySet[Any]:
    """Records whose search text contains every word of `q` (the last one as a prefix)."""
    parts = words(q)
    if not parts:
        return qs
    if uses_fts():
        return qs.filter(_Matches(F(field), Value(tsquery_text(q))))
    for word in parts:
        qs = qs.filter(**{f"{field}__icontains": word})
    return qs


def with_rank(qs: QuerySet[Any], q: str, *, field: str = "search_text") -> QuerySet[Any]:
    """Annotate `rank` (higher is more relevant); 0 everywhere on SQLite, where order falls back to name."""
    ranked: QuerySet[Any]
    if uses_fts() and words(q):
        ranked = qs.annotate(rank=_Rank(F(field), Value(tsquery_text(q))))
    else:
        ranked = qs.annotate(rank=Value(0.0, output_field=FloatField()))
    return ranked
