"""Two-factor login for staff, with django-otp: a TOTP device (an authenticator app) and ten
single-use recovery codes (a static device). Required, when the ESEP_REQUIRE_2FA setting is on,
of every user whose roles show personal data; anyone may enrol."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from esep.access.models import User
from esep.audit.log import record_event
from esep.org.roles import Capability

RECOVERY_CODES = 10
APP_DEVICE = "authenticator"
RECOVERY_DEVICE = "recovery"


def required_for(user: User) -> bool:
    """Must this user pass a second factor to use staff pages?"""
    return bool(settings.ESEP_REQUIRE_2FA) and user.can(Capability.VIEW_PERSONAL_DATA)


def app_device(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def is_enrolled(user: User) -> bool:
    return app_device(user) is not None


def pending_device(user: User) -> TOTPDevice:
    """The device being enrolled: its secret is shown until a code from it confirms it."""
    device = app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)
    return device


@transaction.atomic
def confirm_enrolment(request: HttpRequest, *, user: User, code: str) -> list[str] | None:
    """Confirm the pending device with a code from the app. On success the earlier devices
    go, the session counts as verified, and the new recovery codes are returned (to be shown
    once); None if the code is wrong."""
    device = app_device(user, confirmed=False)
    if device is None or not device.verify_token(code.strip()):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save()
    codes = new_recovery_codes(user, log=False)
    otp_login(request, device)
    record_event(actor=user, action="access.two_factor_enrolled", obj=user)
    return codes


@transaction.atomic
def new_recovery_codes(user: User, *, log: bool = True) -> list[str]:
    """Replace the user's recovery codes with ten new ones."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    if log:
        record_event(actor=user, action="access.recovery_codes_renewed", obj=user)
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def verify(request: HttpRequest, *, user: User, code: str) -> bool:
    """The second step of login: a code from the app or one recovery code (spent on use).
    Each device slows down guesses after failures (django-otp's throttling)."""
    code = "".join(code.split()).lower()
    # An app's code is six digits, a recovery code eight letters and digits: each is tried on
    # its own device only, so that a wrong guess slows down only that one.
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    for device in model.objects.filter(user=user, confirmed=True):
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            otp_login(request, verified)
            if isinstance(verified, StaticDevice):
                record_event(actor=user, action="access.recovery_code_used", obj=user)
            return True
    return False


@transaction.atomic
def disable(*, user: User, actor: User | None = None) -> bool:
    """Remove the user's app and recovery codes: by the user, only where their roles do not
    require them; by an administrator (`actor`), for a user who lost both and enrols again.
    Whether it was done."""
    if actor is None and required_for(user):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record_event(actor=actor or user, action="access.two_factor_disabled", obj=user)
    return True


# Set at login (signals.py) and at enrolment: this session's user has a second factor to pass.
ENROLLED_KEY = "esep_two_factor"


def second_step(request: HttpRequest) -> str | None:
    """The URL name of the page a signed-in but unverified user must pass next: entering a
    code, or enrolling when it is required and they have no app yet. None if neither."""
    user = request.user
    if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
        return None
    if is_enrolled(user):  # type: ignore[arg-type]
        return "two-factor-verify"
    if required_for(user):  # type: ignore[arg-type]
        return "two-factor-enrol"
    return None


def gated(request: HttpRequest) -> bool:
    """Must this request's user still pass a second factor before staff pages? Cheap: asks
    only the session and the user's grants, read once per request anyway."""
    user = request.user
    if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
        return False
    return bool(request.session.get(ENROLLED_KEY)) or required_for(user)  # type: ignore[arg-type]
