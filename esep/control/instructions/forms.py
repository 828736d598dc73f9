"""Forms of instructions: giving one, the list's filter, the executor's report and the
issuer's decision on it."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from esep.appeals.models import StateBody
from esep.control.common import ScopedForm, branch_field, textarea
from esep.control.issues.models import Issue
from esep.control.meetings.models import AgendaItem
from esep.org.models import Person
from esep.receptions.forms import DATE


class InstructionForm(ScopedForm):
    text = forms.CharField(label=_("Instruction"), widget=textarea(3), max_length=20000)
    branch = branch_field(_("Issuing branch"))
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )
    issue = forms.ModelChoiceField(
        label=_("Acute social issue"), queryset=Issue.objects.none(), required=False
    )
    executor_branch = branch_field(_("Executing branch"), required=False)
    executor_person = forms.ModelChoiceField(
        label=_("Executor (a person)"), queryset=Person.objects.none(), required=False
    )
    executor_state_body = forms.ModelChoiceField(
        label=_("Executor (a state body)"),
        queryset=StateBody.objects.filter(is_active=True).order_by("code"),
        to_field_name="code",
        required=False,
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    given_by = forms.ModelChoiceField(
        label=_("Given by (if not you)"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("The chair of the meeting or the deputy who gave the instruction."),
    )

    def __init__(self, *args, issues, items=None, executor_branches=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["issue"]).queryset = issues
        if items is None:
            del self.fields["agenda_item"]
        else:
            cast(forms.ModelChoiceField, self.fields["agenda_item"]).queryset = items
        if executor_branches is not None:
            cast(
                forms.ModelChoiceField, self.fields["executor_branch"]
            ).queryset = executor_branches

    def clean(self):
        data = super().clean() or {}
        if not (
            data.get("executor_branch")
            or data.get("executor_person")
            or data.get("executor_state_body")
        ):
            raise forms.ValidationError(
                _("Name the executor: a branch, a person or a state body."), code="executor"
            )
        return data


class ReportForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=textarea(4), max_length=20000)
    file = forms.FileField(
        label=_("A file (PDF, image, office document; up to 10 MB)"), required=False
    )


class DecideReportForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept the report")), ("return", _("Return for rework"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=textarea(2), max_length=4000
    )
