import datetime as dt
import hashlib

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from esep.access.models import ApiToken
from esep.access.tokens import issue_token, revoke_token, tokens_of
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def api(key: str) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_only_a_hash_of_the_token_is_stored(tree):
    user = user_with_role("analyst", tree.atyrau, "script-user")
    key = issue_token(user, name="nightly export")
    stored = ApiToken.objects.get(user=user)
    assert len(key) >= 43  # 32 random bytes
    assert stored.digest == hashlib.sha256(key.encode()).hexdigest()
    assert stored.prefix == key[:8] and stored.name == "nightly export"
    row = [str(value) for value in ApiToken.objects.filter(pk=stored.pk).values().get().values()]
    assert key not in row
    assert api(key).get("/api/v1/branches/").status_code == 200


def test_a_user_has_several_tokens_each_revoked_on_its_own(tree):
    user = user_with_role("analyst", tree.atyrau, "script-user")
    first, second = issue_token(user, name="one"), issue_token(user, name="two")
    assert tokens_of(user).count() == 2
    assert revoke_token(user, ApiToken.objects.get(name="one").pk) == 1
    assert api(first).get("/api/v1/branches/").status_code == 401
    assert api(second).get("/api/v1/branches/").status_code == 200
    token = tokens_of(user).first()
    assert token is not None and token.name == "two"


def test_an_expired_or_revoked_token_is_refused_in_the_apis_format(tree):
    user = user_with_role("analyst", tree.atyrau, "script-user")
    key = issue_token(user, days=30)
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        answer = api(key).get("/api/v1/branches/")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "authentication_failed"
    assert "expired" in answer.json()["error"]["message"]
    other = issue_token(user)
    revoke_token(user)
    answer = api(other).get("/api/v1/branches/")
    assert answer.status_code == 401 and "revoked" in answer.json()["error"]["message"]
    assert api("not-a-token-at-all").get("/api/v1/branches/").status_code == 401


def test_the_last_use_is_recorded(tree):
    user = user_with_role("analyst", tree.atyrau, "script-user")
    key = issue_token(user)
    assert ApiToken.objects.get().last_used_at is None
    api(key).get("/api/v1/branches/")
    assert ApiToken.objects.get().last_used_at is not None


def test_the_profile_makes_a_named_token_shown_once_and_revokes_it(client, tree):
    user = user_with_role("analyst", tree.atyrau, "script-user")
    other = user_with_role("analyst", tree.atyrau, "other-user")
    kept = issue_token(other)
    client.force_login(user)
    response = client.post(reverse("api-token"), {"name": "reports script", "days": "180"})
    assert response.status_code == 302
    token = ApiToken.objects.get(user=user)
    assert token.name == "reports script"
    assert (token.expires_at - timezone.now()).days in (179, 180)
    page = client.get(reverse("profile")).content.decode()
    key = page.split('<code class="token" translate="no">')[1].split("</code>")[0]
    assert hashlib.sha256(key.encode()).hexdigest() == token.digest
    again = client.get(reverse("profile")).content.decode()
    assert key not in again and "reports script" in again and token.prefix in again
    # Another user's token cannot be revoked from here.
    theirs = ApiToken.objects.get(user=other)
    client.post(reverse("api-token-revoke", args=[theirs.pk]))
    assert api(kept).get("/api/v1/branches/").status_code == 200
    client.post(reverse("api-token-revoke", args=[token.pk]))
    assert api(key).get("/api/v1/branches/").status_code == 401
    assert "reports script" not in client.get(reverse("profile")).content.decode()


def test_a_token_needs_a_name_and_a_lifetime_offered(client, tree):
    user = user_with_role("analyst", tree.atyrau, "script-user")
    client.force_login(user)
    assert client.post(reverse("api-token"), {"name": "", "days": "90"}).status_code == 400
    assert client.post(reverse("api-token"), {"name": "x", "days": "9999"}).status_code == 400
    assert not ApiToken.objects.exists()


def test_the_command_line_token_has_a_name_and_expiry(tree, capsys):
    user = user_with_role("analyst", tree.atyrau, "script-user")
    call_command("api-token", "script-user", name="backup", days=7)
    key = capsys.readouterr().out.strip().splitlines()[-1]
    token = ApiToken.objects.get(user=user)
    assert token.name == "backup" and (token.expires_at - timezone.now()).days in (6, 7)
    assert api(key).get("/api/v1/branches/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_earlier_clear_text_tokens_are_hashed_and_keep_working(tree):
    """The data migration: a key made by rest_framework.authtoken still works, expiring in
    90 days, and no clear key is left in the database."""
    user = user_with_role("analyst", tree.atyrau, "script-user")
    old_key = "0123456789abcdef0123456789abcdef01234567"
    executor = MigrationExecutor(connection)
    executor.migrate([("access", "0002_api_token")])
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, "
            "user_id bigint)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)", [old_key, timezone.now(), user.pk]
        )
    try:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([("access", "0003_hash_earlier_tokens")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM authtoken_token")
            assert cursor.fetchone() == (0,)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE authtoken_token")
    token = ApiToken.objects.get(user=user)
    assert token.digest == hashlib.sha256(old_key.encode()).hexdigest()
    assert (token.expires_at - timezone.now()).days in (89, 90)
    assert api(old_key).get("/api/v1/branches/").status_code == 200
