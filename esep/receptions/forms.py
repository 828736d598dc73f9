from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from esep.lib.forms import DateInput
from esep.org.models import Branch, Person, Territory
from esep.receptions.actions import MAX_WEEKS
from esep.receptions.models import Kind, Place

DATE = DateInput()
TIME = forms.TimeInput(attrs={"type": "time"})


def territory_field(required: bool = True, empty_label=None) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.order_by("path"),
        required=required,
        to_field_name="kato",
        empty_label=empty_label,
    )


class PlanReceptionForm(forms.Form):
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=Branch.objects.none(), to_field_name="code"
    )
    territory = territory_field()
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    place_type = forms.ChoiceField(label=_("Place"), choices=Place.choices)
    address = forms.CharField(
        label=_("Address or link"),
        max_length=255,
        help_text=_("The market, station or enterprise and its address; a link if online."),
    )
    day = forms.DateField(label=_("Date"), widget=DATE)
    starts = forms.TimeField(label=_("Starts at"), widget=TIME)
    ends = forms.TimeField(label=_("Ends at"), widget=TIME)
    receivers = forms.ModelMultipleChoiceField(
        label=_("Receiving deputies and officials"),
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    repeat_weeks = forms.IntegerField(
        label=_("Weeks in a row"),
        min_value=1,
        max_value=MAX_WEEKS,
        initial=1,
        help_text=_("The same day and time for this many weeks: 4 plans a month."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def __init__(self, *args, branches, receivers, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["branch"]).queryset = branches
        cast(forms.ModelMultipleChoiceField, self.fields["receivers"]).queryset = receivers


class HeldForm(forms.Form):
    people_received = forms.IntegerField(label=_("People received"), min_value=0)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class ScheduleForm(forms.Form):
    territory = territory_field(required=False, empty_label=_("All of Kazakhstan"))
    when = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("upcoming", _("Upcoming")), ("past", _("Held"))],
    )


class ChangeReceptionForm(forms.Form):
    place_type = forms.ChoiceField(label=_("Place"), choices=Place.choices)
    address = forms.CharField(label=_("Address or link"), max_length=255)
    day = forms.DateField(label=_("Date"), widget=DATE)
    starts = forms.TimeField(label=_("Starts at"), widget=TIME)
    ends = forms.TimeField(label=_("Ends at"), widget=TIME)
    receivers = forms.ModelMultipleChoiceField(
        label=_("Receiving deputies and officials"),
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )

    def __init__(self, *args, receivers, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["receivers"]).queryset = receivers
