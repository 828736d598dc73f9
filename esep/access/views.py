from __future__ import annotations

from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from esep.access import twofactor
from esep.access.forms import CodeForm, LoginForm, NewTokenForm
from esep.access.landing import landing_for
from esep.access.middleware import before_second_factor
from esep.access.tokens import issue_token, revoke_token, tokens_of
from esep.lib.http import AuthedRequest
from esep.org.roles import Capability

# Mails asking for a new password, per address: enough for a forgetful user, not a mail cannon.
RESET_RATE = "5/h"


def _next(request: HttpRequest, fallback: str) -> str:
    """Where to go after a login step: the `next` asked for, if it is on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


def wrong_code() -> str:
    return _("The code is not right, or it is out of date. Try again.")


def _with_next(name: str, after: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': after})}" if after else reverse(name)


class Login(auth_views.LoginView):
    """The password, then (for who has or needs one) the second factor's page."""

    redirect_authenticated_user = True
    authentication_form = LoginForm

    def get_success_url(self) -> str:
        after = super().get_success_url()
        step = twofactor.second_step(self.request)
        return _with_next(step, after) if step else after


@login_required
def start(request: AuthedRequest) -> HttpResponse:
    """Where a login without a `next` leads (LOGIN_REDIRECT_URL): the page the user's role
    works on (`landing.LANDINGS`)."""
    return redirect(landing_for(request.user))


@login_required
def profile(request: AuthedRequest, token_form: NewTokenForm | None = None) -> HttpResponse:
    grants = list(
        request.user.grants.select_related("branch", "branch__territory").order_by(
            "branch__path", "role"
        )
    )
    rows = [(grant, request.user.can(Capability.VIEW_ORG, grant.branch.path)) for grant in grants]
    return render(
        request,
        "access/profile.html",
        {
            "rows": rows,
            "tokens": list(tokens_of(request.user)),
            "new_token": request.session.pop("new_api_token", None),
            "token_form": token_form or NewTokenForm(),
            "enrolled": twofactor.is_enrolled(request.user),
            "two_factor_required": twofactor.required_for(request.user),
        },
        status=400 if token_form else 200,
    )


@require_POST
@login_required
def api_token(request: AuthedRequest) -> HttpResponse:
    """Make a named REST API token with a lifetime; it is shown once, on the profile page."""
    form = NewTokenForm(request.POST)
    if not form.is_valid():
        return profile(request, token_form=form)
    request.session["new_api_token"] = issue_token(
        request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
    )
    return redirect(reverse("profile") + "#api-tokens")


@require_POST
@login_required
def api_token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    if revoke_token(request.user, token_id):
        messages.success(request, _("The token is revoked: calls made with it are refused."))
    return redirect(reverse("profile") + "#api-tokens")


@before_second_factor
@login_required
def two_factor_verify(request: AuthedRequest) -> HttpResponse:
    """The second step of login: a code from the authenticator app, or a recovery code."""
    after = _next(request, resolve_url(settings.LOGIN_REDIRECT_URL))
    step = twofactor.second_step(request)
    if step != "two-factor-verify":
        return redirect(_with_next(step, after) if step else after)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if twofactor.verify(request, user=request.user, code=form.cleaned_data["code"]):
            return redirect(after)
        form.add_error("code", wrong_code())
    return render(request, "access/two_factor_verify.html", {"form": form, "next": after})


@before_second_factor
@login_required
def two_factor_enrol(request: AuthedRequest) -> HttpResponse:
    """Enrol an authenticator app (or a new one): scan the code, then confirm with a code
    from the app. Someone who already has an app must pass it first."""
    after = _next(request, reverse("two-factor"))
    user = request.user
    if twofactor.is_enrolled(user) and not user.is_verified():  # type: ignore[attr-defined]
        return redirect(_with_next("two-factor-verify", after))
    device = twofactor.pending_device(user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = twofactor.confirm_enrolment(request, user=user, code=form.cleaned_data["code"])
        if codes is not None:
            request.session[twofactor.ENROLLED_KEY] = True
            request.session["new_recovery_codes"] = codes
            return redirect(_with_next("two-factor-codes", after))
        form.add_error("code", wrong_code())
    secret = b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=4, light="#fff", title=_("QR code for the authenticator app")
    )
    return render(
        request,
        "access/two_factor_enrol.html",
        {
            "form": form,
            "next": after,
            # segno's SVG: path data and the title above, which segno escapes.
            "qr": mark_safe(qr),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@login_required
def two_factor_codes(request: AuthedRequest) -> HttpResponse:
    """The recovery codes just made, shown this once."""
    codes = request.session.pop("new_recovery_codes", None)
    if not codes:
        return redirect("two-factor")
    return render(
        request,
        "access/two_factor_codes.html",
        {"codes": codes, "next": _next(request, reverse("two-factor"))},
    )


@login_required
def two_factor(request: AuthedRequest) -> HttpResponse:
    """The user's two-factor login: enrol again, new recovery codes, or turn it off (where
    their roles do not require it)."""
    user = request.user
    enrolled = twofactor.is_enrolled(user)
    required = twofactor.required_for(user)
    if request.method == "POST" and enrolled:
        if request.POST.get("action") == "codes":
            request.session["new_recovery_codes"] = twofactor.new_recovery_codes(user)
            return redirect("two-factor-codes")
        if request.POST.get("action") == "disable" and twofactor.disable(user=user):
            request.session[twofactor.ENROLLED_KEY] = False
            messages.success(request, _("Two-factor login is turned off."))
            return redirect("two-factor")
    return render(
        request,
        "access/two_factor.html",
        {
            "enrolled": enrolled,
            "required": required,
            "codes_left": twofactor.recovery_codes_left(user) if enrolled else 0,
        },
    )


class PasswordChange(SuccessMessageMixin, auth_views.PasswordChangeView):
    template_name = "access/password_change.html"
    success_url = reverse_lazy("profile")
    success_message = gettext_lazy("Your password is changed.")


@method_decorator(ratelimit(key="ip", rate=RESET_RATE, method="POST", block=False), name="dispatch")
class PasswordReset(auth_views.PasswordResetView):
    """Asking for a new password by e-mail. The answer is the same whether or not the address
    is known (no telling who has an account), and the mail is in the language of the page."""

    template_name = "access/password_reset.html"
    email_template_name = "access/password_reset_email.txt"
    subject_template_name = "access/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        if getattr(self.request, "limited", False):
            return redirect(self.get_success_url())
        return super().form_valid(form)
