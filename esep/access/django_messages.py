"""Django's own messages that esep's account pages show (logging in, changing and resetting
a password, the password rules), marked here so that `makemessages` puts them into esep's
catalogs: Django's Kazakh catalog lacks them, so a Kazakh page showed them in English, and
esep's catalogs (LOCALE_PATHS) come before Django's. Each msgid is Django's exactly
(access/tests/test_django_messages.py checks it against Django's source)."""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    # django.contrib.auth.password_validation
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
    # django.contrib.auth.forms
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Email"),
]
# Lazy, so never translated here: ngettext_lazy is only how makemessages knows a plural.
PLURALS = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
]
