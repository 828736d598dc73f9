from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from esep.access.models import User
from esep.appeals.models import Appeal, Category, Kind, StateBody
from esep.control.models import AgendaItem, ControlPost, Instruction, Issue, Meeting, Visit
from esep.org.forms import BranchScopedForm
from esep.org.models import Branch, Person
from esep.receptions.forms import DATE, territory_field

ANY = ("", _("Any"))


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def category_field(required: bool = True, empty_label=None) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="code",
        required=required,
        empty_label=empty_label,
    )


def people_field(label, required: bool = True) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Person.objects.none(),
        required=required,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


class ScopedForm(forms.Form):
    """A form choosing among the branches, and people, the user acts for."""

    def __init__(self, *args, branches=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = {Branch: branches, Person: people}
        for field in self.fields.values():
            if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
                continue
            if (scoped := choices.get(field.queryset.model)) is not None:
                field.queryset = scoped


def _branch_field(label=None, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label or _("Branch"),
        queryset=Branch.objects.none(),
        to_field_name="code",
        required=required,
    )


# ---------------------------------------------------------------- posts


class PostFilterForm(BranchScopedForm):
    field_order = ["status", "object_kind", "branch", "territory"]
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[ANY, *ControlPost.Status.choices]
    )
    object_kind = forms.ChoiceField(
        label=_("Object"), required=False, choices=[ANY, *ControlPost.ObjectKind.choices]
    )
    territory = territory_field(required=False, empty_label=_("Any"))


class PostForm(ScopedForm):
    branch = _branch_field()
    territory = territory_field()
    object_kind = forms.ChoiceField(label=_("Object"), choices=ControlPost.ObjectKind.choices)
    object_name = forms.CharField(label=_("Name of the object"), max_length=255)
    address = forms.CharField(label=_("Address"), max_length=255)
    head = forms.ModelChoiceField(label=_("Heading deputy"), queryset=Person.objects.none())
    members = people_field(_("Members"), required=False)
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE)


class ClosePostForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(PhotosField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class VisitForm(ScopedForm):
    visited_on = forms.DateField(label=_("Visited on"), widget=DATE)
    visitors = people_field(_("Who visited"), required=False)
    findings = forms.CharField(label=_("What was found"), widget=_textarea(4), max_length=20000)
    situation = forms.TypedChoiceField(
        label=_("Rating of the situation"), choices=Visit.Situation.choices, coerce=int
    )
    photos = PhotosField(
        label=_("Photos (JPEG or PNG, up to 10 MB each)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png"}),
    )


class RaiseAppealForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices, initial=Kind.COMPLAINT)
    category = category_field()
    text = forms.CharField(
        label=_("Text of the appeal"), widget=_textarea(4), max_length=20000, required=False
    )


class RaiseIssueForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    category = category_field()


# ---------------------------------------------------------------- issues


class IssueFilterForm(BranchScopedForm):
    field_order = ["q", "status", "source", "category", "branch", "territory", "control"]
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[ANY, *Issue.Status.choices]
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[ANY, *Issue.Source.choices]
    )
    category = category_field(required=False, empty_label=_("Any"))
    territory = territory_field(required=False, empty_label=_("Any"))
    control = forms.ChoiceField(
        label=_("Party control"),
        required=False,
        choices=[
            ANY,
            ("under", _("Under party control")),
            ("overdue", _("Control deadline or plan overdue")),
        ],
    )


def parse_numbers(text: str) -> list[str]:
    return [
        n.strip().upper() for n in text.replace(";", ",").replace("\n", ",").split(",") if n.strip()
    ]


class AppealNumbersField(forms.CharField):
    """Appeal numbers separated by commas, each one the user may see."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Appeals (registration numbers, separated by commas)"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", _textarea(2))
        super().__init__(**kwargs)
        self.appeals = Appeal.objects.none()

    def clean(self, value):
        numbers = parse_numbers(super().clean(value) or "")
        found = list(self.appeals.filter(number__in=numbers))
        missing = sorted(set(numbers) - {a.number for a in found})
        if missing:
            raise forms.ValidationError(
                _("No appeal with these numbers is in your scope: %(numbers)s"),
                params={"numbers": ", ".join(missing)},
                code="unknown",
            )
        return found


class IssueForm(ScopedForm):
    title = forms.CharField(label=_("Title"), max_length=255)
    description = forms.CharField(label=_("Description"), widget=_textarea(4), max_length=20000)
    category = category_field()
    branch = _branch_field()
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
    text = forms.CharField(label=_("Measure"), widget=_textarea(2), max_length=4000)
    responsible = forms.CharField(label=_("Who carries it out"), max_length=255)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)


class MeasureDoneForm(forms.Form):
    measure = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Done on"), widget=DATE)
    result = forms.CharField(label=_("Result"), widget=_textarea(2), max_length=4000)


class IssueStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Issue.Status.choices)
    reason = forms.CharField(
        label=_("Why it was not resolved, or a note"),
        required=False,
        widget=_textarea(2),
        max_length=4000,
    )


class IssueControlForm(forms.Form):
    controller = forms.ModelChoiceField(label=_("Controller"), queryset=User.objects.none())
    deadline = forms.DateField(label=_("Control deadline"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=_textarea(2), max_length=4000)

    def __init__(self, *args, controllers, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["controller"]).queryset = controllers


# ---------------------------------------------------------------- meetings and instructions


class MeetingFilterForm(BranchScopedForm):
    field_order = ["kind", "branch", "date_from", "date_to"]
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[ANY, *Meeting.Kind.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)


class MeetingForm(ScopedForm):
    branch = _branch_field()
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    participants = people_field(_("Participants"), required=False)
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=_textarea(5), max_length=50000
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=_textarea(8), max_length=50000)


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


class InstructionForm(ScopedForm):
    text = forms.CharField(label=_("Instruction"), widget=_textarea(3), max_length=20000)
    branch = _branch_field(_("Issuing branch"))
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )
    issue = forms.ModelChoiceField(
        label=_("Acute social issue"), queryset=Issue.objects.none(), required=False
    )
    executor_branch = _branch_field(_("Executing branch"), required=False)
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


class InstructionFilterForm(BranchScopedForm):
    field_order = ["status", "mine", "branch"]
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[ANY, *Instruction.Status.choices, ("overdue", _("overdue"))],
    )
    mine = forms.BooleanField(label=_("Only those I execute"), required=False)


class ReportForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=_textarea(4), max_length=20000)
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
        label=_("Comment"), required=False, widget=_textarea(2), max_length=4000
    )
