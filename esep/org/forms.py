from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from esep.lib.forms import DateInput
from esep.org.actions import STATUS_CHANGES
from esep.org.models import Branch, MembershipChange


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
