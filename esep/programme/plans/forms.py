"""Forms of the programme's staff pages: loading a programme and its road maps, their
sections, promises, measures and indicators; assigning monitors; recording an observation;
proposing a change of status or verdict with its evidence, and deciding on it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from esep.appeals.models import Category, StateBody
from esep.control.common import ScopedForm, branch_field, people_field, textarea
from esep.org.models import Person
from esep.programme.models import (
    Aggregation,
    BrokenReason,
    Direction,
    Evidence,
    HistoryEntry,
    Indicator,
    Monitor,
    Observation,
    Programme,
    Promise,
    Section,
    Status,
    Verdict,
)
from esep.receptions.forms import DATE, territory_field


def number(label: StrOrPromise, required: bool = True) -> forms.DecimalField:
    """A value as the programme keeps them: sixteen digits before the point, four after."""
    return forms.DecimalField(label=label, required=required, max_digits=20, decimal_places=4)


class LabelledChoiceField(forms.ModelChoiceField):
    """A choice of records, each shown as `label(record)`."""

    def __init__(self, *args: Any, label_of: Any = str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_of = label_of

    def label_from_instance(self, obj: Any) -> str:
        return str(self.label_of(obj))


class TitledForm(ScopedForm):
    title_kk = forms.CharField(label=_("Title in Kazakh"), max_length=2000, widget=textarea(2))
    title_ru = forms.CharField(label=_("Title in Russian"), max_length=2000, widget=textarea(2))
    title_en = forms.CharField(
        label=_("Title in English"), max_length=2000, required=False, widget=textarea(2)
    )


def _choose(form: forms.Form, field: str, queryset: QuerySet) -> None:
    cast(forms.ModelChoiceField, form.fields[field]).queryset = queryset


# ---------------------------------------------------------------- the programme


class ProgrammeForm(TitledForm):
    field_order = ["code", "title_kk", "title_ru", "title_en", "election", "branch", "adopted_on"]

    code = forms.SlugField(label=_("Code"), max_length=40)
    election = forms.CharField(label=_("Election"), max_length=255)
    branch = branch_field(_("Branch that adopted it"))
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE)


class SectionForm(TitledForm):
    field_order = ["number", "title_kk", "title_ru", "title_en"]

    number = forms.IntegerField(label=_("Section number"), min_value=1, max_value=999)


class PromiseForm(forms.Form):
    section = forms.ModelChoiceField(label=_("Section"), queryset=Section.objects.none())
    code = forms.CharField(label=_("Code"), max_length=20)
    text_kk = forms.CharField(label=_("Text in Kazakh"), widget=textarea(3), max_length=4000)
    text_ru = forms.CharField(label=_("Text in Russian"), widget=textarea(3), max_length=4000)
    text_en = forms.CharField(
        label=_("Text in English"), widget=textarea(3), max_length=4000, required=False
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics (appeal categories)"),
        queryset=Category.objects.order_by("path"),
        to_field_name="code",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    territory = territory_field()
    due_on = forms.DateField(label=_("Due by"), widget=DATE)

    def __init__(self, *args: Any, sections: QuerySet[Section], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "section", sections)


# ---------------------------------------------------------------- road maps


class RoadMapForm(TitledForm):
    field_order = [
        "programme",
        "code",
        "title_kk",
        "title_ru",
        "title_en",
        "branch",
        "territory",
        "approved_on",
        "promises",
    ]

    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), to_field_name="code"
    )
    code = forms.SlugField(label=_("Code"), max_length=40)
    branch = branch_field()
    territory = territory_field()
    approved_on = forms.DateField(label=_("Approved on"), widget=DATE)
    promises = forms.ModelMultipleChoiceField(
        label=_("Promises it serves"),
        queryset=Promise.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(
        self,
        *args: Any,
        programmes: QuerySet[Programme],
        promises: QuerySet[Promise],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "programme", programmes)
        _choose(self, "promises", promises)


class MeasureForm(TitledForm):
    field_order = [
        "code",
        "title_kk",
        "title_ru",
        "title_en",
        "state_body",
        "deadline",
        "weight",
        "territory",
        "responsible",
        "promises",
    ]

    code = forms.CharField(label=_("Code"), max_length=20)
    state_body = forms.ModelChoiceField(
        label=_("Responsible state body"),
        queryset=StateBody.objects.filter(is_active=True).order_by("code"),
        to_field_name="code",
        required=False,
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    weight = forms.DecimalField(
        label=_("Weight in the road map"),
        max_digits=7,
        decimal_places=3,
        min_value=Decimal("0.001"),
        required=False,
        help_text=_("Leave empty for equal weights."),
    )
    territory = territory_field()
    responsible = people_field(_("Responsible people"), required=False)
    promises = forms.ModelMultipleChoiceField(
        label=_("Promises it serves"),
        queryset=Promise.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, promises: QuerySet[Promise], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "promises", promises)


class MilestonesField(forms.CharField):
    """Milestones typed one a line: an ISO date and the value due by it."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Milestones"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 4000)
        kwargs.setdefault(
            "help_text", _("One a line: the date (YYYY-MM-DD) and the value, e.g. 2022-12-31 75")
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[tuple[dt.date, Decimal]]:
        text = super().clean(value) or ""
        points = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                day, amount = line.replace(";", " ").replace("\t", " ").split(maxsplit=1)
                points.append((dt.date.fromisoformat(day), Decimal(amount.strip())))
            except (ValueError, InvalidOperation):
                raise ValidationError(
                    _("Line %(number)s is not a date and a value."),
                    params={"number": number},
                    code="invalid",
                ) from None
        return points


class IndicatorForm(TitledForm):
    field_order = [
        "code",
        "title_kk",
        "title_ru",
        "title_en",
        "unit",
        "direction",
        "band_low",
        "band_high",
        "baseline",
        "baseline_on",
        "target",
        "target_on",
        "aggregation",
        "milestones",
    ]

    code = forms.CharField(label=_("Code"), max_length=30)
    unit = forms.CharField(label=_("Unit"), max_length=40)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    band_low = number(_("Band from"), required=False)
    band_high = number(_("Band to"), required=False)
    baseline = number(_("Baseline"))
    baseline_on = forms.DateField(label=_("Baseline date"), widget=DATE)
    target = number(_("Target"))
    target_on = forms.DateField(label=_("Target date"), widget=DATE)
    aggregation = forms.ChoiceField(
        label=_("How regions add up"), choices=Aggregation.choices, initial=Aggregation.SUM
    )
    milestones = MilestonesField()


# ---------------------------------------------------------------- monitors


class MemberCardField(forms.CharField):
    """A party member by their party card number, among `members`: a branch's members may
    be counted in tens of thousands, too many to offer as a list."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Party card number"))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.members: QuerySet[Person] = Person.objects.none()

    def clean(self, value: Any) -> Person:
        number = (super().clean(value) or "").strip()
        person = self.members.filter(membership__card_number=number).first()
        if person is None:
            raise ValidationError(
                _("No active member of the road map's branch not yet following it has this card."),
                code="unknown",
            )
        return person


class AssignMonitorForm(forms.Form):
    # Named as the action names its refusals ("person").
    person = MemberCardField()
    since = forms.DateField(label=_("Assigned on"), widget=DATE)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(MemberCardField, self.fields["person"]).members = people


class EndMonitorForm(forms.Form):
    monitor = LabelledChoiceField(
        label=_("Monitor"),
        queryset=Monitor.objects.none(),
        label_of=lambda monitor: monitor.person.full_name,
    )
    until = forms.DateField(label=_("Assignment ended on"), widget=DATE)

    def __init__(self, *args: Any, monitors: QuerySet[Monitor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "monitor", monitors)


# ---------------------------------------------------------------- observations


class ObservationForm(forms.Form):
    indicator = LabelledChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.none(),
        label_of=lambda indicator: f"{indicator.code} — {indicator.title}",
    )
    territory = territory_field()
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)
    value = number(_("Value"))
    kind = forms.ChoiceField(
        label=_("Status of the value"),
        choices=Observation.Kind.choices,
        initial=Observation.Kind.ACTUAL,
    )
    source = forms.CharField(label=_("Source"), max_length=500)
    numerator = number(_("Numerator"), required=False)
    denominator = number(_("Denominator"), required=False)
    document = forms.FileField(label=_("Document (PDF, image or spreadsheet)"), required=False)

    def __init__(self, *args: Any, indicators: QuerySet[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "indicator", indicators)


# ---------------------------------------------------------------- changes


class ChangeForm(forms.Form):
    """A proposed change of status or verdict, with one piece of evidence. The evidence's
    fields are named as the action names them, so its refusals land beside them."""

    status = forms.ChoiceField(
        label=_("New progress status"),
        choices=[("", _("Unchanged")), *Status.choices],
        required=False,
    )
    verdict = forms.ChoiceField(
        label=_("New verdict"), choices=[("", _("Unchanged")), *Verdict.choices], required=False
    )
    broken_reason = forms.ChoiceField(
        label=_("Why broken"),
        choices=[("", "—"), *BrokenReason.choices],
        required=False,
        help_text=_("Only for the verdict broken."),
    )
    reason = forms.CharField(label=_("Reason"), widget=textarea(3), max_length=20000)
    corrects = LabelledChoiceField(
        label=_("Corrects the history entry"),
        queryset=HistoryEntry.objects.none(),
        required=False,
        empty_label=_("None: a new change"),
        label_of=lambda entry: (
            f"{entry.at:%d.%m.%Y}: "
            f"{entry.get_new_verdict_display() or entry.get_new_status_display()}"
        ),
    )
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=Evidence.Kind.choices)
    title = forms.CharField(label=_("Title of the evidence"), max_length=500)
    url = forms.URLField(label=_("Link"), max_length=1000, required=False, assume_scheme="https")
    document = forms.FileField(label=_("Or the document"), required=False)
    publisher = forms.CharField(label=_("Publisher"), max_length=255)
    published_on = forms.DateField(label=_("Published on"), widget=DATE)
    quote = forms.CharField(label=_("Quote"), widget=textarea(2), max_length=20000, required=False)

    def __init__(self, *args: Any, history: QuerySet[HistoryEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "corrects", history)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("url") and not data.get("document") and "url" not in self.errors:
            self.add_error("url", _("Give a link to the evidence or upload the document."))
        return data

    @staticmethod
    def change(data: dict[str, Any]) -> dict[str, Any]:
        """The action's arguments: the change, and its one piece of evidence."""
        return {
            "status": data["status"],
            "verdict": data["verdict"],
            "broken_reason": data["broken_reason"],
            "reason": data["reason"],
            "corrects": data["corrects"],
            "evidence": [
                {
                    "kind": data["kind"],
                    "title": data["title"],
                    "url": data["url"],
                    "document": data["document"] or None,
                    "publisher": data["publisher"],
                    "published_on": data["published_on"],
                    "quote": data["quote"],
                }
            ],
        }


class ApproveForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=textarea(2), max_length=4000, required=False)


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("Why it is returned"), widget=textarea(2), max_length=4000)
