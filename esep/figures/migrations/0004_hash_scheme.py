# A report's hash no longer depends on how precisely a database keeps its frozen time
# (scheme 2: UTC to the whole second). The reports already there keep scheme 1, the form
# their published hashes were computed in, so every hash once shown still verifies;
# nothing is re-hashed.

from django.db import migrations, models


def keep_the_first_scheme(apps, schema_editor):
    apps.get_model("figures", "PublishedReport").objects.update(hash_scheme=1)


class Migration(migrations.Migration):

    dependencies = [
        ("figures", "0003_appeal_month_facet"),
    ]

    operations = [
        migrations.AddField(
            model_name="publishedreport",
            name="hash_scheme",
            field=models.PositiveSmallIntegerField(default=2, verbose_name="hash scheme"),
        ),
        migrations.RunPython(keep_the_first_scheme, migrations.RunPython.noop),
    ]
