"""Personal data encrypted at rest: each person's IIN, phone, e-mail, address and birth date
become Fernet tokens under the first of settings.FIELD_ENCRYPTION_KEYS, and the IIN and the
phone get their keyed digests (HMAC-SHA256 under settings.LOOKUP_HASH_KEY of "iin:<digits>",
"phone:<+7…>") for exact lookup. Frozen here as the application computed them on this day."""

import hashlib
import hmac

import esep.lib.crypto
from cryptography.fernet import Fernet
from django.conf import settings
from django.db import migrations

BATCH = 2000
ENCRYPTED = ("iin", "phone", "email", "address", "birth_date")


def encrypt_people(apps, schema_editor):
    connection = schema_editor.connection
    fernet = Fernet(settings.FIELD_ENCRYPTION_KEYS[0]) if settings.FIELD_ENCRYPTION_KEYS else None
    key = str(settings.LOOKUP_HASH_KEY).encode()
    table = connection.ops.quote_name("org_person")
    columns = ", ".join(connection.ops.quote_name(c) for c in ENCRYPTED)
    assignments = ", ".join(
        f"{connection.ops.quote_name(c)} = %s"
        for c in (*ENCRYPTED, "iin_digest", "phone_digest")
    )
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, {columns} FROM {table} WHERE id > %s ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            if fernet is None:
                raise RuntimeError("FIELD_ENCRYPTION_KEYS must be set to encrypt personal data.")
            updates = []
            for pk, *values in rows:
                plain = ["" if v is None else str(v) for v in values]
                sealed = [fernet.encrypt(v.encode()).decode() if v else v for v in plain]
                sealed[0] = sealed[0] or None  # no IIN stays NULL
                sealed[4] = sealed[4] or None  # no birth date stays NULL
                iin, phone = plain[0], plain[1]
                digests = [
                    hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
                    if value
                    else None
                    for purpose, value in (("iin", iin), ("phone", phone))
                ]
                updates.append([*sealed, *digests, pk])
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s", updates)
            last = rows[-1][0]


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0003_fill_territory_centres'),
    ]

    operations = [
        migrations.AddField(
            model_name='person',
            name='iin_digest',
            field=esep.lib.crypto.DigestField(source='iin', unique=True),
        ),
        migrations.AddField(
            model_name='person',
            name='phone_digest',
            field=esep.lib.crypto.DigestField(db_index=True, source='phone'),
        ),
        migrations.AlterField(
            model_name='person',
            name='address',
            field=esep.lib.crypto.EncryptedTextField(blank=True, max_length=255, verbose_name='address'),
        ),
        migrations.AlterField(
            model_name='person',
            name='birth_date',
            field=esep.lib.crypto.EncryptedDateField(blank=True, null=True, verbose_name='birth date'),
        ),
        migrations.AlterField(
            model_name='person',
            name='email',
            field=esep.lib.crypto.EncryptedEmailField(blank=True, max_length=254, verbose_name='e-mail'),
        ),
        migrations.AlterField(
            model_name='person',
            name='iin',
            field=esep.lib.crypto.EncryptedTextField(blank=True, max_length=12, null=True, verbose_name='IIN'),
        ),
        migrations.AlterField(
            model_name='person',
            name='phone',
            field=esep.lib.crypto.EncryptedTextField(blank=True, max_length=16, verbose_name='phone'),
        ),
        migrations.RunPython(encrypt_people, elidable=False),
    ]
