"""Each appeal keeps its applicant as given: names and contacts. Appeals registered before
this kept only a link to the person, so their copy is the person's record as it stands —
names copied in SQL, contacts re-encrypted (Fernet tokens under the first of
settings.FIELD_ENCRYPTION_KEYS, as org 0004 left them). Frozen here."""

import esep.lib.crypto
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import migrations, models

BATCH = 5000


def copy_applicants(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    appeal, person = quote("appeals_appeal"), quote("org_person")
    with connection.cursor() as cursor:
        for column, source in (
            ("applicant_surname", "surname"),
            ("applicant_given_name", "given_name"),
            ("applicant_patronymic", "patronymic"),
        ):
            cursor.execute(
                f"UPDATE {appeal} SET {quote(column)} = (SELECT p.{quote(source)} FROM {person} p"
                f" WHERE p.id = {appeal}.submitter_id) WHERE submitter_id IS NOT NULL"
            )
    keys = list(settings.FIELD_ENCRYPTION_KEYS)
    fernet = MultiFernet([Fernet(k) for k in keys]) if keys else None
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT a.id, p.iin, p.phone, p.email FROM {appeal} a JOIN {person} p"
                f" ON p.id = a.submitter_id WHERE a.id > %s ORDER BY a.id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            if fernet is None:
                raise RuntimeError("FIELD_ENCRYPTION_KEYS must be set to read personal data.")
            updates = [
                [
                    *(fernet.rotate(v.encode()).decode() if v else "" for v in values),
                    pk,
                ]
                for pk, *values in rows
            ]
            cursor.executemany(
                f"UPDATE {appeal} SET contact_iin = %s, contact_phone = %s, contact_email = %s"
                " WHERE id = %s",
                updates,
            )
            last = rows[-1][0]


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0007_open311_reading_indexes'),
        ('org', '0004_encrypt_personal_data'),
    ]

    operations = [
        migrations.AddField(
            model_name='appeal',
            name='applicant_given_name',
            field=models.CharField(blank=True, max_length=100, verbose_name="applicant's name"),
        ),
        migrations.AddField(
            model_name='appeal',
            name='applicant_patronymic',
            field=models.CharField(blank=True, max_length=100, verbose_name="applicant's patronymic"),
        ),
        migrations.AddField(
            model_name='appeal',
            name='applicant_surname',
            field=models.CharField(blank=True, max_length=100, verbose_name="applicant's surname"),
        ),
        migrations.AddField(
            model_name='appeal',
            name='contact_email',
            field=esep.lib.crypto.EncryptedEmailField(blank=True, max_length=254, verbose_name='e-mail given'),
        ),
        migrations.AddField(
            model_name='appeal',
            name='contact_iin',
            field=esep.lib.crypto.EncryptedTextField(blank=True, max_length=12, verbose_name='IIN given'),
        ),
        migrations.AddField(
            model_name='appeal',
            name='contact_phone',
            field=esep.lib.crypto.EncryptedTextField(blank=True, max_length=16, verbose_name='phone given'),
        ),
        migrations.RunPython(copy_applicants, migrations.RunPython.noop, elidable=False),
    ]
