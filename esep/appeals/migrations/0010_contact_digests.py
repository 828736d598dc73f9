"""Each appeal's IIN and phone as given at intake get their keyed digests, so the inbox finds
an appeal by its applicant's IIN or phone: HMAC-SHA256 under settings.LOOKUP_HASH_KEY of
"contact_iin:<digits>" and "contact_phone:<+7…>", the values read back from their Fernet
tokens under settings.FIELD_ENCRYPTION_KEYS. Frozen here as the application computes them."""

import hashlib
import hmac

import esep.lib.crypto
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import migrations

BATCH = 2000


def fill_digests(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    table = quote("appeals_appeal")
    keys = list(settings.FIELD_ENCRYPTION_KEYS)
    fernet = MultiFernet([Fernet(k) for k in keys]) if keys else None
    key = str(settings.LOOKUP_HASH_KEY).encode()
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, contact_iin, contact_phone FROM {table}"
                " WHERE id > %s AND (contact_iin <> '' OR contact_phone <> '')"
                " ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            if fernet is None:
                raise RuntimeError("FIELD_ENCRYPTION_KEYS must be set to read personal data.")
            updates = []
            for pk, *tokens in rows:
                digests = []
                for purpose, token in zip(("contact_iin", "contact_phone"), tokens):
                    value = fernet.decrypt(token.encode()).decode() if token else ""
                    digests.append(
                        hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
                        if value
                        else None
                    )
                updates.append([*digests, pk])
            cursor.executemany(
                f"UPDATE {table} SET contact_iin_digest = %s, contact_phone_digest = %s"
                " WHERE id = %s",
                updates,
            )
            last = rows[-1][0]


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0009_applicant_news_consent'),
    ]

    operations = [
        migrations.AddField(
            model_name='appeal',
            name='contact_iin_digest',
            field=esep.lib.crypto.DigestField(db_index=True, source='contact_iin'),
        ),
        migrations.AddField(
            model_name='appeal',
            name='contact_phone_digest',
            field=esep.lib.crypto.DigestField(db_index=True, source='contact_phone'),
        ),
        migrations.RunPython(fill_digests, migrations.RunPython.noop, elidable=False),
    ]
