"""Two-factor login for staff whose roles show personal data (ESEP_REQUIRE_2FA on)."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from esep.access import twofactor
from esep.access.tokens import issue_token
from esep.org.tests.factories import user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_on")]

PASSWORD = "right-password-1"


@pytest.fixture
def two_factor_on():
    with override_settings(ESEP_REQUIRE_2FA=True):
        yield


def staff(tree, role="reception_officer", name="officer"):
    user = user_with_role(role, tree.atyrau, name)
    user.set_password(PASSWORD)
    user.save()
    return user


def code_of(device: TOTPDevice, *, ahead: int = 0) -> str:
    """The app's code now, or `ahead` steps on (a code is accepted once, one step either
    side of now: the next login in the same 30 seconds takes the next one)."""
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead)
    return f"{code:06d}"


def log_in(client, user, **extra):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, **extra)


def enrol(client, user) -> tuple[TOTPDevice, list[str]]:
    client.get(reverse("two-factor-enrol"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse("two-factor-enrol"), {"code": code_of(device)})
    codes = client.get(reverse("two-factor-codes")).context["codes"]
    device.refresh_from_db()
    return device, codes


def test_staff_who_see_personal_data_must_enrol_before_any_staff_page(client, tree):
    user = staff(tree)
    response = log_in(client, user)
    assert response["Location"].startswith(reverse("two-factor-enrol"))
    # Every staff page sends them back to the enrolment, through the login page.
    inbox = client.get(reverse("appeals:inbox"), follow=True)
    assert inbox.redirect_chain[-1][0].startswith(reverse("two-factor-enrol"))
    page = client.get(reverse("two-factor-enrol"))
    assert "<svg" in page.content.decode()  # the QR code, drawn inline
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.context["secret"].replace(" ", "") in page.content.decode().replace(" ", "")
    wrong = client.post(reverse("two-factor-enrol"), {"code": "000000"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.filter(confirmed=True).exists()
    # A wrong code makes the next wait a second (django-otp's throttle): no waiting here.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    done = client.post(reverse("two-factor-enrol"), {"code": code_of(device)})
    assert done.status_code == 302
    codes = client.get(done["Location"]).context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    # Shown once only.
    assert client.get(reverse("two-factor-codes")).status_code == 302
    assert client.get(reverse("appeals:inbox")).status_code == 200


def test_the_next_login_asks_for_a_code_after_the_password(client, tree):
    user = staff(tree)
    log_in(client, user)
    device, _codes = enrol(client, user)
    client.logout()
    response = log_in(client, user)
    assert response["Location"].startswith(reverse("two-factor-verify"))
    assert (
        client.get(reverse("appeals:inbox"), follow=True)
        .redirect_chain[-1][0]
        .startswith(reverse("two-factor-verify"))
    )
    wrong = client.post(reverse("two-factor-verify"), {"code": "123456"})
    assert wrong.context["form"].errors["code"]  # refused, in the page's language
    # A wrong code makes the next wait a second (django-otp's throttle): no waiting here.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    ok = client.post(
        reverse("two-factor-verify"),
        {"code": code_of(device, ahead=1), "next": reverse("appeals:inbox")},
    )
    assert ok.status_code == 302 and ok["Location"] == reverse("appeals:inbox")
    assert client.get(reverse("appeals:inbox")).status_code == 200


def test_a_recovery_code_works_once(client, tree):
    user = staff(tree)
    log_in(client, user)
    _device, codes = enrol(client, user)
    for attempt in range(2):
        client.logout()
        log_in(client, user)
        client.post(reverse("two-factor-verify"), {"code": codes[0].upper()})
        status = client.get(reverse("appeals:inbox")).status_code
        assert status == (200 if attempt == 0 else 302)
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_public_pages_and_the_api_with_a_token_are_not_affected(client, tree):
    user = staff(tree)
    log_in(client, user)
    assert client.get(reverse("portal:home")).status_code == 200
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user)}")
    assert api.get("/api/v1/appeals/").status_code == 200
    # But the session alone does not reach the API before the second factor.
    assert client.get("/api/v1/appeals/").status_code in (401, 403)


def test_roles_without_personal_data_are_not_asked(client, tree):
    user = staff(tree, role="analyst", name="analyst")
    response = log_in(client, user)
    assert response["Location"] == reverse("start")
    assert client.get(reverse("start"))["Location"] == reverse("figures:dashboard")
    assert client.get(reverse("figures:dashboard")).status_code == 200


def test_anyone_may_enrol_and_then_is_asked_for_the_code(client, tree, settings):
    settings.ESEP_REQUIRE_2FA = False
    user = staff(tree, role="analyst", name="analyst")
    log_in(client, user)
    enrol(client, user)
    client.logout()
    assert log_in(client, user)["Location"].startswith(reverse("two-factor-verify"))
    assert client.get(reverse("org:branch-list")).status_code == 302
    # and may turn it off again once past the code
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("two-factor-verify"), {"code": code_of(device, ahead=1)})
    assert "10" in client.get(reverse("two-factor")).content.decode()  # recovery codes left
    client.post(reverse("two-factor"), {"action": "disable"})
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_the_password_alone_cannot_replace_or_turn_off_the_app(client, tree):
    user = staff(tree)
    log_in(client, user)
    enrol(client, user)
    client.logout()
    log_in(client, user)
    assert client.get(reverse("two-factor-enrol"))["Location"].startswith(
        reverse("two-factor-verify")
    )
    client.post(reverse("two-factor"), {"action": "disable"})
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()


def test_where_the_roles_require_it_the_user_cannot_turn_it_off(client, tree):
    user = staff(tree)
    log_in(client, user)
    enrol(client, user)  # and so verified in this session
    client.post(reverse("two-factor"), {"action": "disable"})
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    # An administrator may, for a user who lost both the app and the codes.
    admin = user_with_role("central_admin", tree.central, "admin")
    assert twofactor.disable(user=user, actor=admin)
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_keys_and_codes_are_marked_as_not_to_be_translated(client, tree):
    # A random key is no text of any language: a browser's translator must leave it alone,
    # and a key that happened to spell "KB" was read as English left on a Kazakh page.
    user = staff(tree, role="analyst", name="analyst")
    log_in(client, user)
    page = client.get(reverse("two-factor-enrol")).content.decode()
    secret = page.split('<code class="token"', 1)[1]
    assert secret.startswith(' translate="no">')
