from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from esep.access.tokens import DEFAULT_DAYS, LIFETIMES


def lifetimes() -> list[tuple[int, str]]:
    """The lifetimes offered, labelled in the language of the request (so read per form)."""
    return [
        (days, ngettext("%(days)s day", "%(days)s days", days) % {"days": days})
        for days in LIFETIMES
    ]


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the script that uses it."),
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        choices=lifetimes,
        coerce=int,
        initial=DEFAULT_DAYS,
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class LoginForm(AuthenticationForm):
    """Django's login form with its refusal in esep's words: Django's own message puts the
    username field's label into an English sentence, and its Kazakh catalog has none."""

    error_messages = {
        "invalid_login": _("The username or the password is not right. Both are case-sensitive."),
        "inactive": _("This account is switched off."),
    }
