from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from esep.lib.forms import DateInput
from esep.org.actions import STATUS_CHANGES
from esep.org.models import Branch, MembershipChange, Person


class MembershipStatusForm(forms.Form):
    change = forms.ChoiceField(
        label=_("Decision"),
        choices=[(k, MembershipChange.Kind(k).label) for k in STATUS_CHANGES],
    )
    on = forms.DateField(label=_("Date"), initial=dt.date.today, widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class TransferForm(forms.Form):
    to_branch = forms.ModelChoiceField(
        label=_("To branch"), queryset=Branch.objects.none(), to_field_name="code"
    )
    on = forms.DateField(label=_("Date"), initial=dt.date.today, widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["to_branch"]).queryset = branches


class NamedPersonForm(forms.Form):
    """Who a form names: found by IIN when recorded (their names must be those given: an
    IIN is never a way to learn someone's name), or recorded from the names —
    `actions.named_person` takes these fields (`PERSON_FIELDS`)."""

    PERSON_FIELDS = ("iin", "surname", "given_name", "patronymic", "sex")

    iin = forms.CharField(
        label=_("IIN"),
        max_length=20,
        required=False,
        help_text=_("Finds the person if they are recorded; their names must match."),
    )
    surname = forms.CharField(label=_("Surname"), max_length=100)
    given_name = forms.CharField(label=_("Name"), max_length=100)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=[("", _("as the IIN says")), *Person.Sex.choices],
        required=False,
    )
