"""Forms of the rating's staff pages: a deputy's correction of their month, the decision on
it, the month a branch recomputes or publishes, and a new version of the methodology."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from esep.control.common import textarea
from esep.deputies import rating
from esep.deputies.models import Attendance, Component, Sitting

MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d"]


def month_label(month: dt.date) -> str:
    return month.strftime("%m.%Y")


def correctable() -> list[tuple[str, Any]]:
    """The components a deputy may correct, in the methodology's order."""
    return [(c.value, c.label) for c in Component if rating.COMPONENTS[c].correctable]


class SittingField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"№ {obj.number}, {obj.held_on:%d.%m.%Y}"


class CorrectionForm(forms.Form):
    """A count raised or lowered, or the mark one sitting should have had; an explanation
    and the evidence, always."""

    component = forms.ChoiceField(label=_("What is to be corrected"), choices=correctable)
    adjustment = forms.IntegerField(
        label=_("Count to add (or, with a minus, to subtract)"),
        required=False,
        min_value=-100,
        max_value=100,
        help_text=_("For a count: how many esep is missing, or, with a minus, too many."),
    )
    sitting = SittingField(
        label=_("Sitting"),
        queryset=Sitting.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("For session attendance: the sitting whose mark is wrong."),
    )
    mark = forms.ChoiceField(
        label=_("Attendance that should be marked"),
        choices=[("", "—"), *Attendance.Mark.choices],
        required=False,
    )
    explanation = forms.CharField(label=_("Explanation"), widget=textarea(3), max_length=4000)
    evidence = forms.FileField(label=_("Evidence"))

    def __init__(self, *args: Any, sittings: QuerySet[Sitting] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if sittings is not None:
            self.fields["sitting"].queryset = sittings  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("component") == Component.ATTENDANCE:
            if not data.get("sitting") and "sitting" not in self.errors:
                self.add_error("sitting", _("Choose the sitting whose mark is wrong."))
            if not data.get("mark") and "mark" not in self.errors:
                self.add_error("mark", _("Choose the mark the sitting should have."))
        elif (
            data.get("component") and not data.get("adjustment") and "adjustment" not in self.errors
        ):
            self.add_error(
                "adjustment", _("Give how many to add (or, with a minus, to subtract): 1 to 100.")
            )
        return data

    @staticmethod
    def correction(data: dict[str, Any]) -> dict[str, Any]:
        """The action's arguments."""
        attendance = data["component"] == Component.ATTENDANCE
        return {
            "component": data["component"],
            "adjustment": 0 if attendance else data["adjustment"],
            "sitting": data["sitting"] if attendance else None,
            "mark": data["mark"] if attendance else "",
            "explanation": data["explanation"],
            "evidence": data["evidence"],
        }


class ConfirmForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=textarea(2), max_length=4000, required=False)


class RefuseForm(forms.Form):
    note = forms.CharField(label=_("Why it is refused"), widget=textarea(2), max_length=4000)


class MonthForm(forms.Form):
    """The month a branch's step acts on, chosen among those its page lists."""

    month = forms.TypedChoiceField(label=_("Month"), coerce=dt.date.fromisoformat)

    def __init__(self, *args: Any, months: list[dt.date] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [  # type: ignore[attr-defined]
            (month.isoformat(), month_label(month)) for month in months or []
        ]


class MethodForm(forms.Form):
    """A new version of the methodology: the month it applies from, what changed, and the
    weight and standard of each component it counts (a component left blank is not
    counted)."""

    valid_from = forms.DateField(
        label=_("Applies from the month"), widget=MONTH, input_formats=MONTH_FORMATS
    )
    notes_kk = forms.CharField(
        label=_("What changed, in Kazakh"), widget=textarea(2), max_length=4000, required=False
    )
    notes_ru = forms.CharField(
        label=_("What changed, in Russian"), widget=textarea(2), max_length=4000, required=False
    )
    notes_en = forms.CharField(
        label=_("What changed, in English"), widget=textarea(2), max_length=4000, required=False
    )

    def __init__(
        self, *args: Any, initial_weights: dict[str, tuple[Any, Any]] | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        given = initial_weights or {}
        for component in Component:
            weight, standard = given.get(component.value, (None, None))
            self.fields[f"{component.value}_weight"] = forms.DecimalField(
                label=_("%(component)s: weight") % {"component": component.label},
                required=False,
                max_digits=5,
                decimal_places=2,
                initial=weight,
            )
            self.fields[f"{component.value}_standard"] = forms.DecimalField(
                label=_("%(component)s: standard") % {"component": component.label},
                required=False,
                max_digits=7,
                decimal_places=3,
                initial=standard,
            )

    def component_fields(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (str(c.label), self[f"{c.value}_weight"], self[f"{c.value}_standard"])
            for c in Component
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for component in Component:
            weight = data.get(f"{component.value}_weight")
            standard = data.get(f"{component.value}_standard")
            if (weight is None) != (standard is None):
                missing = "standard" if standard is None else "weight"
                self.add_error(
                    f"{component.value}_{missing}",
                    _("Give both the weight and the standard, or neither."),
                )
        return data

    @staticmethod
    def method(data: dict[str, Any]) -> dict[str, Any]:
        """The action's arguments."""
        valid_from = data["valid_from"]
        return {
            "valid_from": valid_from,
            "notes_kk": data["notes_kk"],
            "notes_ru": data["notes_ru"],
            "notes_en": data["notes_en"],
            "weights": {
                c.value: (data[f"{c.value}_weight"], data[f"{c.value}_standard"])
                for c in Component
                if data.get(f"{c.value}_weight") is not None
            },
        }
