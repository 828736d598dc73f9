from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from esep.figures.periods import Period, check_day, check_year
from esep.figures.registry import BREAKDOWNS
from esep.lib.forms import DateInput

DATE = DateInput()


class DashboardForm(forms.Form):
    """Scope, period and breakdown of a dashboard; the scope among the branches the user
    may see and the territories."""

    scope = forms.ChoiceField(label=_("Branch or territory"))
    # Any year within the bounds (a year without appeals shows its zeros); the list offers
    # the years with the user's appeals.
    year = forms.IntegerField(
        label=_("Year"), required=False, validators=[check_year], widget=forms.Select
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE, validators=[check_day])
    end = forms.DateField(label=_("To"), required=False, widget=DATE, validators=[check_day])
    breakdown = forms.ChoiceField(
        label=_("Breakdown"), choices=list(BREAKDOWNS.items()), required=False
    )

    def __init__(self, *args, branches, territories, years, **kwargs):
        super().__init__(*args, **kwargs)
        scope = self.fields["scope"]
        assert isinstance(scope, forms.ChoiceField)
        scope.choices = [
            (str(_("Branches")), [(b.code, b.name) for b in branches]),
            (str(_("Territories")), [(t.kato, t.name) for t in territories]),
        ]
        year = self.fields["year"]
        assert isinstance(year.widget, forms.Select)
        year.widget.choices = [("", _("Dates below")), *[(y, str(y)) for y in years]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:  # a refused year or day: the field says why
            return data
        if data.get("year"):
            data["period"] = Period(dt.date(data["year"], 1, 1), dt.date(data["year"], 12, 31))
        elif data.get("start") and data.get("end"):
            if data["end"] < data["start"]:
                self.add_error("end", _("The period ends before it starts."))
            else:
                data["period"] = Period(data["start"], data["end"])
        else:
            raise forms.ValidationError(
                _("Choose a year, or give the first and the last day."), code="period"
            )
        data["breakdown"] = data.get("breakdown") or "channel"
        return data


class PublishForm(forms.Form):
    press_kk = forms.CharField(
        label=_("Press release in Kazakh"), widget=forms.Textarea(attrs={"rows": 10})
    )
    press_ru = forms.CharField(
        label=_("Press release in Russian"), widget=forms.Textarea(attrs={"rows": 10})
    )
