"""Forms of acute social issues: the register's filter, registering an issue and the steps
of its page."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from esep.access.models import User
from esep.appeals.models import StateBody
from esep.control.common import (
    AppealNumbersField,
    ScopedForm,
    branch_field,
    category_field,
    textarea,
)
from esep.control.issues.models import Issue
from esep.receptions.forms import DATE, territory_field


class IssueForm(ScopedForm):
    title = forms.CharField(label=_("Title"), max_length=255)
    description = forms.CharField(label=_("Description"), widget=textarea(4), max_length=20000)
    category = category_field()
    branch = branch_field()
    territory = territory_field()
    source = forms.ChoiceField(label=_("Source"), choices=Issue.Source.choices)
    state_body = forms.ModelChoiceField(
        label=_("Responsible state body"),
        queryset=StateBody.objects.filter(is_active=True).order_by("code"),
        to_field_name="code",
        required=False,
    )
    appeals = AppealNumbersField()

    def __init__(self, *args, appeals=None, **kwargs):
        super().__init__(*args, **kwargs)
        if appeals is not None:
            cast(AppealNumbersField, self.fields["appeals"]).appeals = appeals


class LinkAppealsForm(forms.Form):
    appeals = AppealNumbersField(required=True)

    def __init__(self, *args, appeals, **kwargs):
        super().__init__(*args, **kwargs)
        cast(AppealNumbersField, self.fields["appeals"]).appeals = appeals


class StateBodyForm(forms.Form):
    state_body = forms.ModelChoiceField(
        label=_("Responsible state body"),
        queryset=StateBody.objects.filter(is_active=True).order_by("code"),
        to_field_name="code",
    )


class MeasureForm(forms.Form):
    text = forms.CharField(label=_("Measure"), widget=textarea(2), max_length=4000)
    responsible = forms.CharField(label=_("Who carries it out"), max_length=255)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)


class MeasureDoneForm(forms.Form):
    measure = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Done on"), widget=DATE)
    result = forms.CharField(label=_("Result"), widget=textarea(2), max_length=4000)


class IssueStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Issue.Status.choices)
    reason = forms.CharField(
        label=_("Why it was not resolved, or a note"),
        required=False,
        widget=textarea(2),
        max_length=4000,
    )

    def __init__(self, *args, statuses: list[str], **kwargs):
        """`statuses`: those the issue's lifecycle lets it be moved to now."""
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (value, label) for value, label in Issue.Status.choices if value in statuses
        ]


class IssueControlForm(forms.Form):
    controller = forms.ModelChoiceField(label=_("Controller"), queryset=User.objects.none())
    deadline = forms.DateField(label=_("Control deadline"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=textarea(2), max_length=4000)

    def __init__(self, *args, controllers, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["controller"]).queryset = controllers
