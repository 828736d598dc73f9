import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from esep.access.tokens import issue_token, revoke_token, token_of
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_a_new_token_replaces_the_old_and_revoking_leaves_none(tree):
    user = user_with_role("analyst", tree.atyrau, "script-user")
    assert token_of(user) is None
    first = issue_token(user)
    second = issue_token(user)
    assert first != second
    assert list(Token.objects.filter(user=user).values_list("key", flat=True)) == [second]
    token = token_of(user)
    assert token is not None
    assert token.key == second
    revoke_token(user)
    assert token_of(user) is None


def test_the_profile_page_makes_and_revokes_the_users_own_token(client, tree):
    user = user_with_role("analyst", tree.atyrau, "script-user")
    other = user_with_role("analyst", tree.atyrau, "other-user")
    kept = issue_token(other)
    client.force_login(user)
    client.post(reverse("api-token"))
    assert token_of(user) is not None
    client.post(reverse("api-token"), {"revoke": "1"})
    assert token_of(user) is None
    token = token_of(other)
    assert token is not None
    assert token.key == kept
