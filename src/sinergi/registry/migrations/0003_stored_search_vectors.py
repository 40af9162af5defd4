"""Stored search vectors (PostgreSQL only).

0002 indexed the expression `to_tsvector('simple', search_text)`. A GIN index on an expression cannot
answer a prefix query (`'bat':*`) or a rank by itself: PostgreSQL recomputed the vector of every candidate
row to recheck it and again for `ts_rank`, which was most of the cost of a directory search that no one
had made before (66 ms → 21 ms for a word plus a kecamatan over 100,000 actors, measured with EXPLAIN
ANALYZE). Each table now stores the vector in a generated column, `search_vector`, kept up to date by
PostgreSQL itself on every insert and update of `search_text`, with the GIN index on that column.

The subsector filter (`EXISTS … WHERE subsector_id = %s AND actor_id = a.id`) gets an index that starts
with the subsector and covers the actor (on every database): the automatic many-to-many indexes start
with the actor, so PostgreSQL scanned all of the unique (actor, subsector) index instead.

The column is not a model field (SQLite, the embedded database, has no tsvector; there search falls back
to a word filter): registry/search.py and the directory query in registry/selectors.py name it directly.
"""

from django.db import migrations

TABLES = ("registry_actor", "registry_community", "registry_creativehub", "registry_product")
VECTOR = "to_tsvector('simple'::regconfig, search_text)"


SUBSECTOR_INDEX = "registry_actor_subsectors_subsector_actor"


def forwards(apps, schema_editor):
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {SUBSECTOR_INDEX} ON registry_actor_subsectors (subsector_id, actor_id)"
    )
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {table}_search_vector ON {table} USING gin (search_vector)")
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_fts")


def backwards(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {SUBSECTOR_INDEX}")
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {table}_search_fts ON {table} USING gin ({VECTOR})")
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_vector")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_search_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
