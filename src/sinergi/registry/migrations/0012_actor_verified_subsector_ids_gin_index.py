"""A GIN index on the verified actors' subsector ids (PostgreSQL), so that a search with a word or a place
and a subsector reads only the table rows that match all of its filters (issue 17).

At 1,000,000 actors the slowest tenth of the directory's never-seen searches (docs/performance.md, "The
COLD mix at a million actors") were a word with a subsector and a kecamatan: PostgreSQL combined the
word's GIN bitmap with the kecamatan's and then read every candidate's table row to check its subsector
(`subsector_ids @> ARRAY[…]`, registry 0010): 30,000–105,000 table pages for a few hundred matches. With
this index the subsector is a third bitmap in the same BitmapAnd, and the table pages read are those of
the matches (e.g. 288 instead of 35,000). 0011 had measured a GIN on the array and left it out because
it made the planner slower; that was with lossy bitmaps (`work_mem` 4 MB), which the directory's query
no longer uses (`registry.selectors.directory`, `SINERGI_DIRECTORY_WORK_MEM`).

Partial, on `status = 'verified'` (the public directory's condition), built CONCURRENTLY (an
installation keeps taking writes; hence a non-atomic migration). Raw SQL like 0009–0011: the column is
not a model field. SQLite has no such column: nothing there.
"""

from django.db import migrations

INDEX = "registry_actor_verified_subsector_ids"
DEFINITION = "registry_actor USING gin (subsector_ids) WHERE status = 'verified'"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")  # a build interrupted before
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY {INDEX} ON {DEFINITION}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("registry", "0011_actor_verified_place_name_index_with_subsectors")]

    operations = [migrations.RunPython(forwards, backwards)]
