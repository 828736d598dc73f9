import pytest
from django.core import mail
from django.urls import reverse

from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(tree):
    user = user_with_role("reception_officer", tree.atyrau, "officer")
    user.set_password("right-password-1")
    user.email = "officer@example.kz"
    user.save()
    return user


def test_login_takes_the_user_to_the_branches(client, officer):
    response = client.post(
        reverse("login"), {"username": "officer", "password": "right-password-1"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("org:branch-list")


def test_wrong_password_shows_an_error_in_the_users_language(client, officer):
    response = client.post("/ru/accounts/login/", {"username": "officer", "password": "wrong"})
    assert response.status_code == 200
    assert "правильные" in response.content.decode()


def test_repeated_failures_lock_the_account_and_tell_its_owner(client, settings, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "officer", "password": "right-password-1"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The notice is sent by a background task (run in-process in tests).
    assert [m.to for m in mail.outbox] == [["officer@example.kz"]]
    assert "officer" in mail.outbox[0].body


def test_lockout_is_per_account_not_per_office(client, settings, officer, tree):
    other = user_with_role("reception_officer", tree.atyrau, "colleague")
    other.set_password("colleague-pass-1")
    other.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "colleague", "password": "colleague-pass-1"}
    )
    assert response.status_code == 302


def test_production_hashes_passwords_with_argon2():
    import esep.settings

    assert esep.settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
