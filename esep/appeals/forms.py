from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.appeals.models import Category, Channel, Kind, Outcome
from esep.lib.forms import DateInput
from esep.lib.sheets import SpreadsheetForm
from esep.org.models import Branch, Territory, subtree_q
from esep.org.roles import Capability
from esep.receptions.models import Reception
from esep.receptions.models import Status as ReceptionStatus


class RegisterAppealForm(forms.Form):
    """An appeal brought in person: the citizen is found by IIN or phone, or created."""

    iin = forms.CharField(label=_("Citizen's IIN"), required=False, max_length=20)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    surname = forms.CharField(label=_("Surname"), required=False, max_length=100)
    given_name = forms.CharField(label=_("Name"), required=False, max_length=100)
    patronymic = forms.CharField(label=_("Patronymic"), required=False, max_length=100)
    anonymous = forms.BooleanField(label=_("Anonymous appeal"), required=False)
    reports_crime = forms.BooleanField(
        label=_("Reports a crime or a threat to security"), required=False
    )
    consent = forms.BooleanField(
        label=_("The citizen consents to the processing of personal data"), required=False
    )
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=Channel.choices, initial=Channel.RECEPTION_OFFICE
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), to_field_name="code"
    )
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=Branch.objects.none(), to_field_name="code"
    )
    territory = forms.ModelChoiceField(
        label=_("Territory"), queryset=Territory.objects.order_by("path"), to_field_name="kato"
    )
    text = forms.CharField(
        label=_("Text of the appeal"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    language = forms.ChoiceField(label=_("Language of the appeal"), choices=settings.LANGUAGES)
    # Registered at a reception: the appeal links to it and takes its channel.
    reception = forms.ModelChoiceField(
        queryset=Reception.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, branches, receptions=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["branch"]).queryset = branches
        if receptions is not None:
            cast(forms.ModelChoiceField, self.fields["reception"]).queryset = receptions

    @classmethod
    def for_user(cls, user, *args, **kwargs) -> RegisterAppealForm:
        """The form with the branches the user handles appeals of, and their receptions
        that still take appeals (the page and the API alike)."""

        handled = user.scope_paths(Capability.HANDLE_APPEALS)
        return cls(
            *args,
            branches=Branch.objects.filter(subtree_q(handled)).order_by("path"),
            receptions=Reception.objects.filter(subtree_q(handled, "branch__path")).exclude(
                status=ReceptionStatus.CANCELLED
            ),
            **kwargs,
        )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("anonymous"):
            return data
        if not (data.get("iin") or data.get("phone") or data.get("surname")):
            raise forms.ValidationError(
                _(
                    "Find the citizen by IIN or phone, or enter their name; "
                    "or mark the appeal anonymous."
                )
            )
        if not data.get("consent"):
            self.add_error(
                "consent", _("Personal data may be recorded only with the citizen's consent.")
            )
        return data


class TransitionForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AnswerForm(TransitionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    answer = forms.CharField(
        label=_("Answer given to the applicant"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
    )


class AssignForm(TransitionForm):
    assignee: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Assignee"), queryset=None)

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = assignees


class DatedForm(forms.Form):
    """A step's form dated on the clock of the appeal's territory (`today`, given by the
    page; the site's day without it): a day something was done (`done_days`) is never
    after today, a deadline set now (`deadline_days`) never before it. The action checks
    what holds whatever the day (never before the appeal's registration)."""

    done_days: tuple[str, ...] = ()
    deadline_days: tuple[str, ...] = ()

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = {"today": self.today.strftime("%d.%m.%Y")}
        for name in self.done_days:
            if (day := data.get(name)) is not None and day > self.today:
                self.add_error(name, _("The date cannot be later than today, %(today)s.") % today)
        for name in self.deadline_days:
            if (day := data.get(name)) is not None and day < self.today:
                self.add_error(
                    name, _("The deadline cannot be in the past (today is %(today)s).") % today
                )
        return data


class ForwardForm(DatedForm):
    state_body: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("State body"), queryset=None
    )
    outgoing_reference = forms.CharField(label=_("Outgoing reference"), max_length=60)
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput())
    outside_competence = forms.BooleanField(
        label=_("Outside the branch's competence"), required=False
    )
    applicant_told_on = forms.DateField(
        label=_("Applicant told on"),
        required=False,
        widget=DateInput(),
        help_text=_("When the appeal is handed over as outside the branch's competence."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    done_days = ("sent_on", "applicant_told_on")

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["state_body"]).queryset = bodies


class BodyAnswerForm(DatedForm):
    forwarding: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Forwarded letter"), queryset=None
    )
    answer = forms.CharField(
        label=_("The body's answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000
    )
    answered_on = forms.DateField(label=_("Answered on"), widget=DateInput())
    done_days = ("answered_on",)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["forwarding"]).queryset = choices


class NotifiedForm(DatedForm):
    extension: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Extension"), queryset=None)
    notified_on = forms.DateField(label=_("Applicant told on"), widget=DateInput())
    done_days = ("notified_on",)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["extension"]).queryset = choices


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class ReleaseForm(forms.Form):
    result = forms.CharField(
        label=_("Result of the control"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Applicant's rating (1 to 5)"),
        coerce=int,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
    )


class ExtendForm(forms.Form):
    new_due_on = forms.DateField(label=_("New deadline"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reasons for the decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ControlForm(DatedForm):
    deadline = forms.DateField(label=_("Control deadline"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    deadline_days = ("deadline",)


class ImportForm(SpreadsheetForm):
    """A spreadsheet of appeals, checked as every import's upload is (esep.lib.sheets)."""
