from django.db import migrations


def fill(apps, schema_editor):
    from esep.org.territories import fill_missing_centres

    fill_missing_centres(apps.get_model("org", "Territory"))


class Migration(migrations.Migration):
    """Territories loaded before their centres were shipped get them from the data file."""

    dependencies = [("org", "0002_territory_centre")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
