"""A published month of the rating is frozen by the database itself: a snapshot that belongs
to a publication can be neither changed nor removed, by any code path, raw SQL or admin slip;
a correction found later makes the next revision instead. Emptying the whole database on
purpose (`esep flush`) is the one exception, as for the programme's history: on SQLite the
DELETE trigger asks `esep_purging()`; PostgreSQL empties tables by TRUNCATE."""

from django.db import migrations

TABLE = "deputies_snapshot"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_published_no_update BEFORE UPDATE ON {TABLE} "
            f"WHEN OLD.publication_id IS NOT NULL "
            f"BEGIN SELECT RAISE(ABORT, 'a published rating snapshot is frozen'); END;"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_published_no_delete BEFORE DELETE ON {TABLE} "
            f"WHEN OLD.publication_id IS NOT NULL AND NOT esep_purging() "
            f"BEGIN SELECT RAISE(ABORT, 'a published rating snapshot is frozen'); END;"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE FUNCTION {TABLE}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF OLD.publication_id IS NOT NULL THEN "
            f"RAISE EXCEPTION 'a published rating snapshot is frozen'; END IF; "
            f"IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$;"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_published_frozen BEFORE UPDATE OR DELETE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse();"
        )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_published_no_update")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_published_no_delete")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_published_frozen ON {TABLE}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_refuse()")


class Migration(migrations.Migration):
    dependencies = [("deputies", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
