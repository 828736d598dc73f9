"""The REST API tokens of before (rest_framework.authtoken: one per user, kept in clear text)
become hashed tokens: each key keeps working, as a token named "earlier token" that expires
90 days after this migration, and the clear keys are deleted. Frozen: its own hashing, plain
SQL for a table whose app is no longer installed."""

import datetime as dt
import hashlib

from django.db import migrations

LIFETIME = dt.timedelta(days=90)


def hash_earlier_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("access", "ApiToken")
    now = dt.datetime.now(dt.UTC)
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id FROM authtoken_token")
        rows = cursor.fetchall()
    ApiToken.objects.bulk_create(
        ApiToken(
            user_id=user_id,
            name="earlier token",
            prefix=key[:8],
            digest=hashlib.sha256(key.encode()).hexdigest(),
            expires_at=now + LIFETIME,
        )
        for key, user_id in rows
    )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM authtoken_token")


class Migration(migrations.Migration):
    dependencies = [("access", "0002_api_token")]

    operations = [migrations.RunPython(hash_earlier_tokens, migrations.RunPython.noop)]
