"""What a model's table looks like to the database, for tests of state-only migrations."""

from __future__ import annotations

from typing import Any


def table_shape(model: Any) -> tuple[Any, ...]:
    """The table, each column with its type, nullability, uniqueness and index, and each constraint's
    columns: everything a migration would have to change in the database (attribute names excluded)."""
    meta = model._meta
    columns = sorted(
        (f.column, f.get_internal_type(), f.max_length, f.null, f.unique, f.db_index) for f in meta.local_fields
    )
    constraints = sorted(
        (c.name, tuple(meta.get_field(name).column for name in getattr(c, "fields", ()))) for c in meta.constraints
    )
    return meta.db_table, tuple(columns), tuple(constraints)
