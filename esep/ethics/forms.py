"""Forms of ethics cases: opening one (the member found by their party card number, never
picked from a list of every member) and the steps of its page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from esep.appeals.models import Appeal
from esep.control.common import textarea
from esep.control.posts.models import Visit
from esep.ethics.models import Case, Review, Sanction
from esep.lib.forms import DateInput
from esep.org.models import Body, Branch, Membership

DATE = DateInput()


class CaseForm(forms.Form):
    card_number = forms.CharField(
        label=_("Member's party card number"),
        max_length=20,
        help_text=_("Find the member by name above, then give their card number here."),
    )
    branch = forms.ModelChoiceField(
        label=_("Branch handling the case"), queryset=Branch.objects.none(), to_field_name="code"
    )
    source = forms.ChoiceField(label=_("Source"), choices=Case.Source.choices)
    appeal = forms.CharField(label=_("Appeal (registration number)"), max_length=40, required=False)
    visit = forms.ModelChoiceField(
        label=_("Control-post visit"), queryset=Visit.objects.none(), required=False
    )
    media_note = forms.CharField(
        label=_("Media report (outlet, date, link)"),
        widget=textarea(2),
        max_length=4000,
        required=False,
    )
    raised_by = forms.ModelChoiceField(
        label=_("Raised by the body"), queryset=Body.objects.none(), required=False
    )
    grounds = forms.CharField(
        label=_("What the member is said to have done"), widget=textarea(4), max_length=20000
    )
    articles = forms.CharField(label=_("Articles of the ethics code"), max_length=100)
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE)

    def __init__(
        self,
        *args: Any,
        branches: Any = None,
        members: Any = None,
        appeals: Any = None,
        visits: Any = None,
        bodies: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = members if members is not None else Membership.objects.none()
        self.appeals = appeals if appeals is not None else Appeal.objects.none()
        if branches is not None:
            self.fields["branch"].queryset = branches  # type: ignore[attr-defined]
        if visits is not None:
            self.fields["visit"].queryset = visits  # type: ignore[attr-defined]
        if bodies is not None:
            self.fields["raised_by"].queryset = bodies  # type: ignore[attr-defined]

    def clean_card_number(self) -> Membership:
        number = self.cleaned_data["card_number"].strip()
        member = self.members.filter(card_number=number).select_related("branch").first()
        if member is None:
            raise forms.ValidationError(
                _("No member with this card number is in your scope."), code="unknown"
            )
        return member

    def clean_appeal(self) -> Appeal | None:
        number = self.cleaned_data["appeal"].strip().upper()
        if not number:
            return None
        appeal = self.appeals.filter(number=number).first()
        if appeal is None:
            raise forms.ValidationError(
                _("No appeal with this number is in your scope."), code="unknown"
            )
        return appeal

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "card_number" in data:
            data["member"] = data.pop("card_number")
        return data


class NoticeForm(forms.Form):
    notified_on = forms.DateField(label=_("Notified on"), widget=DATE)
    channel = forms.ChoiceField(label=_("How"), choices=Case.Channel.choices)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Member's answer"), widget=textarea(4), max_length=20000)
    answered_on = forms.DateField(label=_("Answered on"), widget=DATE)


class OwnAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), widget=textarea(6), max_length=20000)


class NoAnswerForm(forms.Form):
    on = forms.DateField(label=_("Recorded on"), widget=DATE)


class DecisionForm(forms.Form):
    sitting_on = forms.DateField(label=_("Sitting on"), widget=DATE)
    decision = forms.ChoiceField(label=_("Decision"), choices=Case.Decision.choices)
    number = forms.CharField(label=_("Decision number"), max_length=40)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    reasoning = forms.CharField(label=_("Reasoning"), widget=textarea(4), max_length=20000)
    kind = forms.ChoiceField(
        label=_("Sanction"),
        choices=[("", "—"), *Sanction.Kind.choices],
        required=False,
    )
    starts_on = forms.DateField(
        label=_("Sanction starts on"),
        widget=DATE,
        required=False,
        help_text=_("Empty: the day of the decision."),
    )
    ends_on = forms.DateField(
        label=_("Sanction ends on"),
        widget=DATE,
        required=False,
        help_text=_(
            "Required for a suspension; empty for a warning or a reprimand: one year; none "
            "for an exclusion."
        ),
    )


class ReviewFilingForm(forms.Form):
    filed_on = forms.DateField(label=_("Appeal filed on"), widget=DATE)
    grounds = forms.CharField(
        label=_("Grounds of the appeal"), widget=textarea(4), max_length=20000
    )


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Review.Decision.choices)
    new_kind = forms.ChoiceField(
        label=_("Lighter sanction"),
        choices=[("", "—"), *Sanction.Kind.choices],
        required=False,
    )
    ends_on = forms.DateField(
        label=_("Lighter sanction ends on"),
        widget=DATE,
        required=False,
    )
    number = forms.CharField(label=_("Decision number"), max_length=40)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    reasoning = forms.CharField(label=_("Reasoning"), widget=textarea(4), max_length=20000)
