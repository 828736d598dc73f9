"""Each appeal's similar appeals, found once when it arrives (appeals/similarity.py) and read
by its page. A new table, empty: nothing to do to the appeals themselves. Appeals registered
before it are compared by `esep similar-appeals --since DATE`."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0011_inbox_at_scale'),
    ]

    operations = [
        migrations.CreateModel(
            name='SimilarAppeal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('score', models.FloatField()),
                ('computed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('appeal', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='similar', to='appeals.appeal')),
                ('other', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='appeals.appeal')),
            ],
            options={
                'indexes': [models.Index(models.F('appeal'), models.OrderBy(models.F('score'), descending=True), name='similar_appeal_best_idx')],
                'constraints': [models.UniqueConstraint(fields=('appeal', 'other'), name='one_similarity_per_pair')],
            },
        ),
    ]
