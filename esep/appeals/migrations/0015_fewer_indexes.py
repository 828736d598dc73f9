"""Four indexes fewer for every write of an appeal (an import's COPY at 10 million: about
a fifth faster): the branch's and the territory's own indexes, which the composite indexes
leading with them serve, and the pattern-matching twins PostgreSQL kept beside the contact
digests' indexes (a digest is looked up whole). The digests' indexes stay, under names of
their own. PostgreSQL renames and drops (CONCURRENTLY) without rewriting anything; hence
not atomic. SQLite has no twins: it drops and builds the digests' indexes afresh."""

from django.db import migrations, models

import esep.lib.crypto

DIGESTS = {
    "contact_iin_digest": "appeal_contact_iin_idx",
    "contact_phone_digest": "appeal_contact_phone_idx",
}
PLAIN = {"branch": "appeal_branch_idx", "territory": "appeal_territory_idx"}


def indexes_on(schema_editor, table, column):
    """The names of the plain (not unique) indexes on `column` alone, and of their
    pattern-matching twins, as the database has them."""
    with schema_editor.connection.cursor() as cursor:
        found = schema_editor.connection.introspection.get_constraints(cursor, table)
    return [
        name
        for name, index in found.items()
        if index["index"]
        and not index["unique"]
        and not index["primary_key"]
        and index["columns"] == [column]
    ]


def drop(schema_editor, name):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX {concurrently}{schema_editor.quote_name(name)}")


def forwards(apps, schema_editor):
    appeal = apps.get_model("appeals", "Appeal")
    table = appeal._meta.db_table
    postgresql = schema_editor.connection.vendor == "postgresql"
    for field, kept in DIGESTS.items():
        for name in indexes_on(schema_editor, table, field):
            if postgresql and not name.endswith("_like"):
                quote = schema_editor.quote_name
                schema_editor.execute(f"ALTER INDEX {quote(name)} RENAME TO {quote(kept)}")
            else:
                drop(schema_editor, name)
        if not postgresql:
            schema_editor.add_index(appeal, models.Index(fields=[field], name=kept))
    for field in PLAIN:
        for name in indexes_on(schema_editor, table, f"{field}_id"):
            drop(schema_editor, name)


def backwards(apps, schema_editor):
    appeal = apps.get_model("appeals", "Appeal")
    options = {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}
    for field, name in PLAIN.items():
        schema_editor.add_index(appeal, models.Index(fields=[field], name=name), **options)
    for field, kept in DIGESTS.items():
        # The index as it was, under another name (and without its twin, never used).
        restored = models.Index(fields=[field], name=f"appeal_{field}")
        schema_editor.add_index(appeal, restored, **options)
        drop(schema_editor, kept)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("appeals", "0014_open_status_index"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="appeal",
                    name="branch",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.PROTECT,
                        related_name="appeals",
                        to="org.branch",
                        verbose_name="branch",
                    ),
                ),
                migrations.AlterField(
                    model_name="appeal",
                    name="territory",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.PROTECT,
                        related_name="+",
                        to="org.territory",
                        verbose_name="territory",
                    ),
                ),
                migrations.AlterField(
                    model_name="appeal",
                    name="contact_iin_digest",
                    field=esep.lib.crypto.DigestField(source="contact_iin"),
                ),
                migrations.AlterField(
                    model_name="appeal",
                    name="contact_phone_digest",
                    field=esep.lib.crypto.DigestField(source="contact_phone"),
                ),
                *(
                    migrations.AddIndex(
                        model_name="appeal", index=models.Index(fields=[field], name=name)
                    )
                    for field, name in DIGESTS.items()
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        ),
    ]
