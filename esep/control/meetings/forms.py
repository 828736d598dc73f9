"""Forms of meetings: the list's filter, recording a meeting, its minutes and agenda."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from esep.control.common import (
    AppealNumbersField,
    ScopedForm,
    branch_field,
    people_field,
    textarea,
)
from esep.control.issues.models import Issue
from esep.control.meetings.models import Meeting
from esep.receptions.forms import DATE


class MeetingForm(ScopedForm):
    branch = branch_field()
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    participants = people_field(_("Participants"), required=False)
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=textarea(5), max_length=50000
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=textarea(8), max_length=50000)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Question"), max_length=255)
    issue = forms.ModelChoiceField(
        label=_("Acute social issue"), queryset=Issue.objects.none(), required=False
    )
    appeal = AppealNumbersField(label=_("Appeal (registration number)"), widget=forms.TextInput)

    def __init__(self, *args, issues, appeals, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["issue"]).queryset = issues
        cast(AppealNumbersField, self.fields["appeal"]).appeals = appeals

    def clean_appeal(self):
        appeals = self.cleaned_data["appeal"]
        if len(appeals) > 1:
            raise forms.ValidationError(_("Give one appeal number."), code="many")
        return appeals[0] if appeals else None
