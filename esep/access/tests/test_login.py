import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from esep.access.forms import LoginForm
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_login_takes_the_user_to_their_work(client, officer):
    response = client.post(
        reverse("login"), {"username": "officer", "password": "right-password-1"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("start")
    assert client.get(reverse("start"))["Location"].startswith(reverse("appeals:inbox"))


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_wrong_password_shows_an_error_in_the_users_language(client, officer, language):
    response = client.post(
        f"/{language}/accounts/login/", {"username": "officer", "password": "wrong"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(language):
        expected = str(LoginForm.error_messages["invalid_login"])
    assert escape(expected) in html
    # Not Django's sentence, English in Kazakh with the field's Kazakh label put in it.
    assert "Please enter a correct" not in html


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


def make_users(tree, count):
    users = []
    for i in range(count):
        user = user_with_role("analyst", tree.atyrau, f"staff{i}")
        user.set_password(f"right-password-{i}")
        user.save()
        users.append(user)
    return users


def test_guessing_across_many_accounts_from_one_address_is_locked(client, tree, officer):
    """32 guesses over 8 accounts (4 each, under the account's limit) from one address."""
    users = make_users(tree, 8)
    for _ in range(4):
        for user in users:
            client.post(reverse("login"), {"username": user.username, "password": "guess"})
    response = client.post(
        reverse("login"), {"username": "officer", "password": "right-password-1"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert (
        "network address"
        in client.post(
            "/en/accounts/login/", {"username": "officer", "password": "right-password-1"}
        ).content.decode()
    )
    # Nobody is told their account is under attack: it is the address that is locked.
    assert mail.outbox == []


def test_a_stranger_elsewhere_cannot_lock_an_account_out_of_its_office(client, settings, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        client.post(
            reverse("login"),
            {"username": "officer", "password": "wrong"},
            REMOTE_ADDR="203.0.113.9",
        )
    at_office = client.post(
        reverse("login"),
        {"username": "officer", "password": "right-password-1"},
        REMOTE_ADDR="10.0.0.5",
    )
    assert at_office.status_code == 302
    # From the stranger's address the account stays locked.
    client.logout()
    there = client.post(
        reverse("login"),
        {"username": "officer", "password": "right-password-1"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert there.status_code == 429


def test_the_lockout_page_says_what_is_locked_in_the_users_language(client, settings, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/ru/accounts/login/", {"username": "officer", "password": "wrong"})
    page = client.post("/ru/accounts/login/", {"username": "officer", "password": "wrong"})
    assert page.status_code == 429
    assert page.context["minutes"] == 30 and not page.context["by_address"]
    assert '<html lang="ru">' in page.content.decode()
    english = client.post("/en/accounts/login/", {"username": "officer", "password": "wrong"})
    assert "for this account" in english.content.decode()
    assert "30 minutes" in english.content.decode()


def test_an_administrator_unlocks_an_account(client, settings, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    call_command("axes_reset_username", "officer")
    response = client.post(
        reverse("login"), {"username": "officer", "password": "right-password-1"}
    )
    assert response.status_code == 302


def test_the_address_comes_from_the_proxys_header_when_configured(rf, settings):
    from esep.access.lockout import client_address

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert client_address(request) == "127.0.0.1"
    settings.ESEP_CLIENT_IP_HEADER = "X-Forwarded-For"
    assert client_address(request) == "198.51.100.7"
