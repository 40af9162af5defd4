"""The actor's subsector ids on its own row (PostgreSQL only), so the directory's subsector filter is an
index condition instead of a join (issue 17).

The directory filtered by subsector with `EXISTS (SELECT … FROM registry_actor_subsectors WHERE
subsector_id = %s AND actor_id = a.id)`: at 1,000,000 actors the most common subsector has 211,472
actors, and every subsector search joined those ids with the other filters before it could sort and cut
out a page (docs/performance.md). `registry_actor.subsector_ids` (bigint[], sorted) holds the same ids
as the actor's rows in `registry_actor_subsectors`; the filter is `subsector_ids @> ARRAY[%s]`, which
PostgreSQL can check on the row it already reads (or in an index) while it walks the list in name order.

Kept in step by PostgreSQL itself: statement-level triggers on `registry_actor_subsectors` (after
INSERT and after DELETE, with transition tables: one UPDATE per statement, so a bulk COPY of subsector
rows costs one statement, not one per row) recompute the array of every actor the statement touched.
Every writer — `actor_refresh_derived` (create, update, override, merge), the bulk import's COPY, the
admin, a shell — goes through that table, so none can leave the array behind. A data step fills the
array for existing actors.

Not a model field, like `search_vector` (0003): SQLite has no arrays and keeps the EXISTS filter (same
results); `registry.selectors.actors.actor_list` names the column on PostgreSQL.
"""

from django.db import migrations

FUNCTION = "registry_actor_subsector_ids_sync"
IDS_OF = "ARRAY(SELECT s.subsector_id FROM registry_actor_subsectors s WHERE s.actor_id = a.id ORDER BY 1)"

FORWARDS = [
    "ALTER TABLE registry_actor ADD COLUMN IF NOT EXISTS subsector_ids bigint[] NOT NULL DEFAULT '{}'",
    f"""
    CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE registry_actor a SET subsector_ids = {IDS_OF}
        WHERE a.id IN (SELECT DISTINCT actor_id FROM changed_rows);
        RETURN NULL;
    END
    $$
    """,
    f"""
    CREATE TRIGGER registry_actor_subsectors_inserted AFTER INSERT ON registry_actor_subsectors
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()
    """,
    f"""
    CREATE TRIGGER registry_actor_subsectors_deleted AFTER DELETE ON registry_actor_subsectors
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()
    """,
    # Existing actors: one pass (actors without a subsector keep the default, '{}').
    """
    UPDATE registry_actor a SET subsector_ids = s.ids
    FROM (
        SELECT actor_id, array_agg(subsector_id ORDER BY subsector_id) AS ids
        FROM registry_actor_subsectors GROUP BY actor_id
    ) s
    WHERE s.actor_id = a.id
    """,
]

BACKWARDS = [
    "DROP TRIGGER IF EXISTS registry_actor_subsectors_inserted ON registry_actor_subsectors",
    "DROP TRIGGER IF EXISTS registry_actor_subsectors_deleted ON registry_actor_subsectors",
    f"DROP FUNCTION IF EXISTS {FUNCTION}()",
    "ALTER TABLE registry_actor DROP COLUMN IF EXISTS subsector_ids",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARDS:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARDS:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("registry", "0009_actor_verified_place_name_index")]

    operations = [migrations.RunPython(forwards, backwards)]
