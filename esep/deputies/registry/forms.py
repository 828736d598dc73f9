"""Forms of the registry's staff pages: a representative body and its convocations, a
mandate, its posts and its end, a sitting with the attendance of every deputy in office that
day and the change of one mark, and the deputies' inquiries (with their answers),
initiatives and reports to voters. Fields are named as the actions name what they refuse."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from esep.appeals.models import StateBody
from esep.control.common import ScopedForm, branch_field, textarea
from esep.deputies.models import (
    Attendance,
    Convocation,
    Initiative,
    Level,
    Mandate,
    MandatePost,
    Party,
    Position,
    Sitting,
)
from esep.org.models import Person
from esep.programme.plans.forms import LabelledChoiceField
from esep.receptions.forms import DATE, territory_field


def convocation_label(convocation: Convocation) -> str:
    return _("%(body)s, convocation %(number)s") % {
        "body": convocation.body.name,
        "number": convocation.number,
    }


def mandate_label(mandate: Mandate) -> str:
    return f"{mandate.person.full_name} — {convocation_label(mandate.convocation)}"


def _choose(form: forms.Form, field: str, queryset: QuerySet) -> None:
    cast(forms.ModelChoiceField, form.fields[field]).queryset = queryset


# ---------------------------------------------------------------- bodies and convocations


class BodyForm(ScopedForm):
    branch = branch_field(_("Party branch that follows it"))
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    territory = territory_field()
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Latin letters, digits and hyphens: it is the page's address."),
    )
    name_kk = forms.CharField(label=_("Name in Kazakh"), max_length=255)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=255)
    name_en = forms.CharField(label=_("Name in English"), max_length=255, required=False)


class ConvocationForm(forms.Form):
    number = forms.IntegerField(label=_("Convocation"), min_value=1, max_value=100)
    elected_on = forms.DateField(label=_("Elected on"), widget=DATE)
    started_on = forms.DateField(label=_("Term start"), widget=DATE)
    ended_on = forms.DateField(label=_("Term end"), widget=DATE, required=False)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=1000)


# ---------------------------------------------------------------- mandates and posts


class MandateForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Deputy"), queryset=Person.objects.none())
    convocation = LabelledChoiceField(
        label=_("Representative body and convocation"),
        queryset=Convocation.objects.none(),
        label_of=convocation_label,
    )
    kind = forms.ChoiceField(label=_("Mandate"), choices=Mandate.Kind.choices)
    district = forms.CharField(
        label=_("Electoral district"),
        max_length=120,
        required=False,
        help_text=_("For a single-member district's mandate: its number and name."),
    )
    party = forms.ModelChoiceField(
        label=_("Party"),
        queryset=Party.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Self-nominated"),
    )
    started_on = forms.DateField(label=_("Mandate start"), widget=DATE)

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        convocations: QuerySet[Convocation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "person", people)
        _choose(self, "convocation", convocations)


class PostForm(forms.Form):
    position = forms.ChoiceField(label=_("Post"), choices=Position.choices)
    committee_kk = forms.CharField(
        label=_("Committee in Kazakh"),
        max_length=255,
        required=False,
        help_text=_("For a committee's chair or member: the committee's name."),
    )
    committee_ru = forms.CharField(label=_("Committee in Russian"), max_length=255, required=False)
    committee_en = forms.CharField(label=_("Committee in English"), max_length=255, required=False)
    started_on = forms.DateField(label=_("Term start"), widget=DATE)


class EndPostForm(forms.Form):
    post = forms.ModelChoiceField(label=_("Post"), queryset=MandatePost.objects.none())
    ended_on = forms.DateField(label=_("Term end"), widget=DATE)

    def __init__(self, *args: Any, posts: QuerySet[MandatePost], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "post", posts)


class EndMandateForm(forms.Form):
    ended_on = forms.DateField(label=_("Mandate end"), widget=DATE)
    reason = forms.ChoiceField(label=_("How it ended"), choices=Mandate.EndReason.choices)


# ---------------------------------------------------------------- sittings and attendance


class SittingForm(forms.Form):
    """A sitting, and a row for each deputy in office on its day: their mark and, for an
    absence, its reason. Every row must be marked: a row left unmarked is its field's
    error, and nothing is recorded."""

    number = forms.IntegerField(label=_("Session number"), min_value=1, max_value=10000)
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Sitting.Kind.choices, initial=Sitting.Kind.REGULAR
    )

    def __init__(self, *args: Any, deputies: list[Mandate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deputies = deputies
        for mandate in deputies:
            self.fields[f"mark_{mandate.pk}"] = forms.ChoiceField(
                label=_("Attendance of %(name)s") % {"name": mandate.person.full_name},
                choices=[("", "—"), *Attendance.Mark.choices],
            )
            self.fields[f"reason_{mandate.pk}"] = forms.CharField(
                label=_("Reason of absence of %(name)s") % {"name": mandate.person.full_name},
                max_length=255,
                required=False,
            )

    @property
    def rows(self) -> list[tuple[Mandate, forms.BoundField, forms.BoundField]]:
        """(deputy, their mark's field, their reason's field), for the page's table."""
        return [
            (mandate, self[f"mark_{mandate.pk}"], self[f"reason_{mandate.pk}"])
            for mandate in self.deputies
        ]


def sitting_of(deputies: list[Mandate], data: dict[str, Any]) -> dict[str, Any]:
    """A sitting form's cleaned data as `actions.record_sitting` takes it."""
    return {
        "number": data["number"],
        "held_on": data["held_on"],
        "kind": data["kind"],
        "marks": {
            mandate.pk: (data[f"mark_{mandate.pk}"], data[f"reason_{mandate.pk}"])
            for mandate in deputies
        },
    }


class AttendanceForm(forms.Form):
    mandate = LabelledChoiceField(
        label=_("Deputy"),
        queryset=Mandate.objects.none(),
        label_of=lambda mandate: mandate.person.full_name,
    )
    mark = forms.ChoiceField(label=_("Attendance"), choices=Attendance.Mark.choices)
    reason = forms.CharField(label=_("Reason of absence"), max_length=255, required=False)

    def __init__(self, *args: Any, mandates: QuerySet[Mandate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "mandate", mandates)


# ---------------------------------------------------------------- what deputies do


class DeputyWorkForm(forms.Form):
    """A record of a deputy's work: first, whose."""

    mandate = LabelledChoiceField(
        label=_("Deputy"), queryset=Mandate.objects.none(), label_of=mandate_label
    )

    def __init__(self, *args: Any, mandates: QuerySet[Mandate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "mandate", mandates)


class InquiryForm(DeputyWorkForm):
    state_body = forms.ModelChoiceField(
        label=_("State body"),
        queryset=StateBody.objects.filter(is_active=True).order_by("code"),
        to_field_name="code",
    )
    subject = forms.CharField(label=_("Subject"), max_length=500, widget=textarea(3))
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=20000, widget=textarea(5))
    answered_on = forms.DateField(label=_("Answered on"), widget=DATE)


class InitiativeForm(DeputyWorkForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Initiative.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=500, widget=textarea(2))
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DATE)


class VoterReportForm(DeputyWorkForm):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=255)
    people_attending = forms.IntegerField(
        label=_("People attending"), min_value=0, max_value=1_000_000
    )
