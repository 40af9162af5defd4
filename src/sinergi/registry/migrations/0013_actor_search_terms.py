"""One GIN index answers a word search with its subsector and place (PostgreSQL), and the last word's
prefix is looked up in a table of the actors' words instead of collected from the index (issue 17).

At 1,000,000 actors a never-seen directory search spent most of its time building bitmaps: one per
index for the word (`search_vector`, 0003), the subsector (0012) and the place (the kelurahan btree),
then ANDed. A common word's bitmap holds every row that has it (`'kriya':*`: 237,875 rows, 62–70 ms)
however few rows the search returns (29). Within one GIN index PostgreSQL does better: it walks the
rarest term's entries and skips through the others' (GIN "fast scan"), so `kriya & Film & Cimanggis`
costs about the rarest term's entries, not the commonest's (docs/performance.md, "One index for a
search"). So:

- `registry_actor_terms(search_vector, subsector_ids, kelurahan_id)`: the stored text vector plus a
  term for each subsector (`~s<id>`) and the kelurahan (`~k<id>`). The text parser never makes a word
  with `~`, so no word of a name can match these terms. Immutable (the row's own columns only), in
  plpgsql (the fastest of the forms measured where a row is checked outside the index: 1.3 µs).
- A GIN index on it over every actor (the staff's searches use it too). It replaces the actors'
  `search_vector` index (0003): every word search of actors goes through `actor_list`, which now asks
  this one (`registry.selectors.scope.search_condition`).
- `registry_actor_searchword`: every word of every actor's vector, kept by statement-level triggers
  on `registry_actor` (after INSERT, COPY included, and after UPDATE: one INSERT … ON CONFLICT DO
  NOTHING per statement, in word order so that two writers cannot deadlock). Words are never removed:
  a word no actor has any more matches nothing. A data step fills it for existing actors.
- `registry_actor_prefix_query(prefix)`: the last word of a search as the words that start with it,
  `'batik' | 'batu'`, when there are 1 to 32 of them; otherwise (or for a prefix that is not plain
  lower-case letters and digits) the prefix itself, `'ba':*`. A prefix term makes GIN collect every
  row of every word that starts with it before any other term is looked at; exact words are skipped
  through like any other term. Both forms match the same rows. STABLE: evaluated once a statement (and
  by the planner when it estimates).

SQLite has none of these: the word, subsector and place filters stay separate there (same rows).
Indexes built CONCURRENTLY (an installation keeps taking writes), hence a non-atomic migration.
"""

from django.db import migrations

TERMS = "registry_actor_terms"
PREFIX_QUERY = "registry_actor_prefix_query"
WORDS = "registry_actor_searchword"
ADD_WORDS = "registry_actor_searchword_add"
INDEX = "registry_actor_terms"
OLD_INDEX = "registry_actor_search_vector"



def _quoted(column: str) -> str:
    """SQL for `column` as a quoted tsquery term: in quotes, a quote or backslash doubled."""
    return f"'''' || replace(replace({column}, chr(92), chr(92) || chr(92)), chr(39), chr(39) || chr(39)) || ''''"


SCHEMA = [
    f"""
    CREATE OR REPLACE FUNCTION {TERMS}(vector tsvector, subsectors bigint[], kelurahan bigint) RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    DECLARE
        terms text[] := '{{}}';
        subsector bigint;
    BEGIN
        IF kelurahan IS NOT NULL THEN
            terms := terms || ('~k' || kelurahan);
        END IF;
        FOREACH subsector IN ARRAY coalesce(subsectors, '{{}}') LOOP
            terms := terms || ('~s' || subsector);
        END LOOP;
        RETURN vector || array_to_tsvector(terms);
    END
    $$
    """,
    f"CREATE TABLE IF NOT EXISTS {WORDS} (word text COLLATE \"C\" PRIMARY KEY)",
    f"""
    CREATE OR REPLACE FUNCTION {ADD_WORDS}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO {WORDS} (word)
        SELECT DISTINCT w FROM written, unnest(tsvector_to_array(written.search_vector)) w ORDER BY w
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS registry_actor_searchword_inserted ON registry_actor",
    f"""
    CREATE TRIGGER registry_actor_searchword_inserted AFTER INSERT ON registry_actor
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION {ADD_WORDS}()
    """,
    "DROP TRIGGER IF EXISTS registry_actor_searchword_updated ON registry_actor",
    f"""
    CREATE TRIGGER registry_actor_searchword_updated AFTER UPDATE ON registry_actor
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION {ADD_WORDS}()
    """,
    f"""
    INSERT INTO {WORDS} (word)
    SELECT DISTINCT w FROM registry_actor, unnest(tsvector_to_array(search_vector)) w ORDER BY w
    ON CONFLICT DO NOTHING
    """,
    # chr(1114111) is the last code point: in the "C" collation every word that starts with the prefix
    # sorts between the prefix and the prefix followed by it, so the lookup is one range of the key.
    f"""
    CREATE OR REPLACE FUNCTION {PREFIX_QUERY}(prefix text) RETURNS tsquery
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT CASE
            WHEN prefix ~ '^[a-z0-9]+$' AND count(*) BETWEEN 1 AND 32
            THEN string_agg({_quoted('word')}, ' | ')::tsquery
            ELSE to_tsquery('simple'::regconfig, {_quoted('prefix')} || ':*')
        END
        FROM (
            SELECT word FROM {WORDS}
            WHERE prefix ~ '^[a-z0-9]+$' AND word >= prefix AND word < prefix || chr(1114111)
            ORDER BY word LIMIT 33
        ) starting
    $$
    """,
]

UNDO_SCHEMA = [
    f"DROP FUNCTION IF EXISTS {PREFIX_QUERY}(text)",
    "DROP TRIGGER IF EXISTS registry_actor_searchword_inserted ON registry_actor",
    "DROP TRIGGER IF EXISTS registry_actor_searchword_updated ON registry_actor",
    f"DROP FUNCTION IF EXISTS {ADD_WORDS}()",
    f"DROP TABLE IF EXISTS {WORDS}",
    f"DROP FUNCTION IF EXISTS {TERMS}(tsvector, bigint[], bigint)",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in SCHEMA:
        schema_editor.execute(statement)
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")  # a build interrupted before
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY {INDEX} ON registry_actor"
        f" USING gin ({TERMS}(search_vector, subsector_ids, kelurahan_id))"
    )
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {OLD_INDEX}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {OLD_INDEX} ON registry_actor USING gin (search_vector)")
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    for statement in UNDO_SCHEMA:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("registry", "0012_actor_verified_subsector_ids_gin_index")]

    operations = [migrations.RunPython(forwards, backwards)]
