"""The log and the ballots are append-only, kept so by the database itself: no code path, raw
SQL or admin slip changes or removes a log entry or a cast ballot (or its choices). Someone
who drops these triggers to tamper is still found by `esep verify-log`. Emptying the whole
database on purpose (`esep flush`) is the one exception, as elsewhere: on SQLite the DELETE
trigger asks `esep_purging()`; PostgreSQL empties tables by TRUNCATE."""

from django.db import migrations

TABLES = ("assemblies_logentry", "assemblies_ballot", "assemblies_ballot_choices")


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"WHEN NOT esep_purging() "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
            )
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE FUNCTION {table}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN RAISE EXCEPTION '{table} is append-only'; END; $$;"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse();"
            )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_refuse()")


class Migration(migrations.Migration):
    dependencies = [("assemblies", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
