"""The citizen's forms: an appeal submitted online, a tracking code, a rating, a dispute."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from esep.appeals.models import Category, Kind
from esep.appeals.notify import sms_enabled
from esep.org.models import Territory

MAX_TEXT = 5000


class SubmitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of appeal"), choices=Kind.choices[:4])
    category = forms.ModelChoiceField(
        label=_("Topic"), queryset=Category.objects.filter(depth=1), to_field_name="code"
    )
    territory = forms.ModelChoiceField(
        label=_("Where"),
        queryset=Territory.objects.exclude(level="country").order_by("path"),
        to_field_name="kato",
        help_text=_("The city or district the appeal is about."),
    )
    text = forms.CharField(
        label=_("What happened, and what you ask for"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
        help_text=_("Up to 5,000 characters."),
    )
    attachment = forms.FileField(
        label=_("A document or photo (PDF, JPEG, PNG, office document; up to 10 MB)"),
        required=False,
    )
    anonymous = forms.BooleanField(label=_("Submit anonymously"), required=False)
    reports_crime = forms.BooleanField(
        label=_("It reports a crime or a threat to security"), required=False
    )
    surname = forms.CharField(label=_("Surname"), max_length=100, required=False)
    given_name = forms.CharField(label=_("Name"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, help_text=_("For example +7 701 555 11 22")
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        help_text=_("Optional. We write to it only if you ask for news below."),
    )
    consent = forms.BooleanField(
        label=_(
            "I consent to the processing of my personal data for the consideration of this "
            "appeal (Law of the Republic of Kazakhstan on Personal Data and their Protection)"
        ),
        required=False,
    )
    notify_by_email = forms.BooleanField(
        label=_(
            "Send me the receipt and news of each step of this appeal by e-mail, until I stop "
            "them (a link in each message)"
        ),
        required=False,
    )
    # Offered only where an SMS provider is configured (settings.ESEP_SMS_SENDER).
    notify_by_sms = forms.BooleanField(
        label=_("Send me news of each step of this appeal by SMS to the phone above"),
        required=False,
    )
    # A field kept off the screen and out of the tab order: only robots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not sms_enabled():
            del self.fields["notify_by_sms"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        wants_news = data.get("notify_by_email") or data.get("notify_by_sms")
        if data.get("anonymous"):
            if data.get("email") or wants_news:
                self.add_error(
                    "email",
                    _(
                        "An anonymous appeal keeps no contacts and gets no news: leave the "
                        "e-mail and the news empty, or give your name and phone."
                    ),
                )
            return data
        if data.get("notify_by_email") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Give the e-mail to send the news to."))
        if not data.get("surname"):
            self.add_error("surname", _("Write your surname, or submit anonymously."))
        if not data.get("given_name"):
            self.add_error("given_name", _("Write your name, or submit anonymously."))
        if not data.get("phone"):
            self.add_error("phone", _("Give a phone number we can reach you on."))
        if not data.get("consent"):
            self.add_error(
                "consent", _("Without your consent we cannot record your personal data.")
            )
        return data


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        help_text=_("The 10 letters and digits on your receipt."),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).upper()


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How do you rate the answer?"),
        coerce=int,
        choices=[(5, _("5 — excellent")), (4, "4"), (3, "3"), (2, "2"), (1, _("1 — very poor"))],
        widget=forms.RadioSelect,
    )


class DisputeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you disagree with the answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
