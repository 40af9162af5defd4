from django.db import migrations

TABLE = "core_ratecounter"


def _set(persistence: str):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(TABLE)} SET {persistence}")

    return run


class Migration(migrations.Migration):
    """Rate counters live only as long as their window (a minute, an hour): on PostgreSQL their table is
    UNLOGGED, so counting a request writes no WAL and its commit waits for no disk flush. A crash empties
    the table (every visitor starts a fresh window), which is what a counter of the last minute may lose;
    it is also not copied to a streaming replica, which never counts (core.ratelimit writes to the primary)."""

    dependencies = [("core", "0005_audit_entry_by")]

    operations = [migrations.RunPython(_set("UNLOGGED"), _set("LOGGED"), elidable=False)]
