"""The partial index of open appeals holds their status too, so a count of one open status
(in progress, say) is read from the index alone. The new index is built CONCURRENTLY on
PostgreSQL before the old one is dropped the same way (registration goes on meanwhile);
hence not atomic. SQLite builds and drops them plainly."""

from django.db import migrations, models

OPEN = models.Q(("status__in", ["registered", "assigned", "in_progress"]))
OLD = models.Index(
    condition=OPEN,
    fields=["registered_on", "due_on"],
    include=("branch", "territory"),
    name="appeal_open_registered_idx",
)
NEW = models.Index(
    condition=OPEN,
    fields=["registered_on", "due_on"],
    include=("branch", "territory", "status"),
    name="appeal_open_status_idx",
)


def options(schema_editor):
    return {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}


def swap(built, dropped):
    def run(apps, schema_editor):
        appeal = apps.get_model("appeals", "Appeal")
        schema_editor.add_index(appeal, built, **options(schema_editor))
        schema_editor.remove_index(appeal, dropped, **options(schema_editor))

    return run


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("appeals", "0013_assignee_open_first"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name="appeal", index=NEW),
                migrations.RemoveIndex(model_name="appeal", name=OLD.name),
            ],
            database_operations=[migrations.RunPython(swap(NEW, OLD), swap(OLD, NEW))],
        ),
    ]
