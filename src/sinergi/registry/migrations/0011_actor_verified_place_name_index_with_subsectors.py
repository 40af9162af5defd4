"""The directory's covering index (0009) also carries the actor's subsector ids (PostgreSQL), so that a
subsector filter — alone or with a kecamatan or kelurahan — is checked inside the index (issue 17).

0010 put the subsector ids on the actor row. With `registry_actor_verified_place_name` as 0009 built it,
(kelurahan_id, name, id) WHERE status = 'verified', PostgreSQL still read each candidate's table row to
check its subsectors: counting a Kriya + kecamatan search up to the directory's limit read 39,000 table
pages (443 ms of a 457 ms query at 1,000,000 actors, docs/performance.md). The same index with
`INCLUDE (subsector_ids)` answers it from the index alone (Index Only Scan, no heap fetch: 25–37 ms), and
"subsector alone" counts from it too. A GIN index on the array was measured and left out: the planner
combined it (211,472 entries for the common subsector) with the other indexes and was slower.

Same name, same key columns, so every reader of 0009's index keeps it; built under a temporary name
CONCURRENTLY (an installation keeps taking writes), then swapped in. SQLite has no such column: 0009's
index stays as it is there.
"""

from django.db import migrations

INDEX = "registry_actor_verified_place_name"
NEW = "registry_actor_verified_place_name_new"
WITH_SUBSECTORS = "registry_actor (kelurahan_id, name, id) INCLUDE (subsector_ids) WHERE status = 'verified'"
WITHOUT = "registry_actor (kelurahan_id, name, id) WHERE status = 'verified'"


def _swap(schema_editor, definition):
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NEW}")  # a build interrupted before
    schema_editor.execute(f"CREATE INDEX CONCURRENTLY {NEW} ON {definition}")
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    schema_editor.execute(f"ALTER INDEX {NEW} RENAME TO {INDEX}")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _swap(schema_editor, WITH_SUBSECTORS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _swap(schema_editor, WITHOUT)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("registry", "0010_actor_subsector_ids_array")]

    operations = [migrations.RunPython(forwards, backwards)]
