"""The database itself refuses UPDATE on the append-only logs, so no code path, raw SQL
or admin slip can rewrite history. DELETE stays possible at the database level only for
retention jobs and test teardown; the ORM refuses it."""

from django.db import migrations

TABLES = ["audit_event", "audit_personaldataaccess"]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
            )
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE FUNCTION {table}_no_update() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN RAISE EXCEPTION '{table} is append-only'; END; $$;"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_no_update();"
            )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor in ("sqlite", "postgresql"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update" + (f" ON {table}" if vendor == "postgresql" else ""))
        if vendor == "postgresql":
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_no_update()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
