"""Full-text search indexes (PostgreSQL only).

GIN indexes on `to_tsvector('simple'::regconfig, search_text)` for actors, communities, hubs and
products. registry/search.py builds its WHERE clause with exactly this expression so the planner uses
them. Other databases (SQLite for local use) get nothing: search falls back to a word filter there.
"""

from django.db import migrations

TABLES = ("registry_actor", "registry_community", "registry_creativehub", "registry_product")


def _index_name(table: str) -> str:
    return f"{table}_search_fts"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_index_name(table)} ON {table} "
            "USING gin (to_tsvector('simple'::regconfig, search_text))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_index_name(table)}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
