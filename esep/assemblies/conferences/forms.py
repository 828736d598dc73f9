"""Forms of a conference's staff pages: convening it, its quotas, its roll of delegates (the
person found by surname or party card number, never chosen from a list of every member), its
agenda, the steps that move it on, and its minutes. Fields are named as the actions name what
they refuse, so an action's refusal lands on its field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from esep.assemblies.models import Conference, Delegate, Item, Quorum, Quota
from esep.control.common import ScopedForm, branch_field, textarea
from esep.org.models import Branch, Person
from esep.programme.plans.forms import LabelledChoiceField
from esep.receptions.forms import DATE

# How many members a search on the roll's picker offers at most.
FOUND_AT_MOST = 20


def _choose(form: forms.Form, field: str, queryset: QuerySet) -> None:
    cast(forms.ModelChoiceField, form.fields[field]).queryset = queryset


# ---------------------------------------------------------------- convening


class ConveneForm(ScopedForm):
    branch = branch_field(_("Branch that convenes it"))
    number = forms.IntegerField(
        label=_("Number"),
        min_value=1,
        max_value=1000,
        help_text=_("The conference's number in the branch's history: 33 for the XXXIII."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Conference.Kind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    hall = forms.CharField(label=_("Hall"), max_length=255)
    online = forms.BooleanField(
        label=_("Delegates may take part online"), required=False, initial=True
    )
    quorum = forms.ChoiceField(label=_("Quorum"), choices=Quorum.choices)
    members_per_delegate = forms.IntegerField(
        label=_("Members per delegate"),
        min_value=1,
        max_value=100000,
        initial=100,
        help_text=_("A sub-branch sends one delegate for this many active members."),
    )
    minimum_quota = forms.IntegerField(
        label=_("Delegates at least"),
        min_value=0,
        max_value=1000,
        initial=1,
        help_text=_("Each sub-branch sends at least this many delegates."),
    )
    name_kk = forms.CharField(label=_("Name in Kazakh"), max_length=255)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=255)
    name_en = forms.CharField(label=_("Name in English"), max_length=255, required=False)


# ---------------------------------------------------------------- quotas


def quota_label(quota: Quota) -> str:
    return f"{quota.branch.name}: {quota.seats}"


class SetQuotaForm(forms.Form):
    quota = LabelledChoiceField(
        label=_("Sub-branch"), queryset=Quota.objects.none(), label_of=quota_label
    )
    seats = forms.IntegerField(label=_("Delegates"), min_value=0, max_value=10000)

    def __init__(self, *args: Any, quotas: QuerySet[Quota], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "quota", quotas)


# ---------------------------------------------------------------- the roll


def member_label(person: Person) -> str:
    membership = getattr(person, "membership", None)
    if membership is None:
        return person.full_name
    return _("%(name)s — %(branch)s, party card № %(card)s") % {
        "name": person.full_name,
        "branch": membership.branch.name,
        "card": membership.card_number,
    }


class MemberField(LabelledChoiceField):
    """A member chosen among those a search found: the form accepts any member of
    `people`, but offers only the few found, so the page never lists thousands."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Person.objects.none(), label_of=member_label, **kwargs)

    def offer(self, found: Iterable[Person]) -> None:
        self.widget.choices = [("", self.empty_label or "")] + [
            (person.pk, member_label(person)) for person in found
        ]


class AddDelegateForm(forms.Form):
    person = MemberField(
        label=_("Member"),
        empty_label=_("Find the member above first"),
        help_text=_("Search by surname or by party card number, then choose."),
    )
    branch = forms.ModelChoiceField(
        label=_("Elected by"), queryset=Branch.objects.none(), to_field_name="code"
    )
    elected_on = forms.DateField(label=_("Elected on"), widget=DATE)
    protocol = forms.CharField(label=_("Meeting's protocol"), max_length=100, required=False)

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        found: Iterable[Person],
        branches: QuerySet[Branch],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "person", people)
        _choose(self, "branch", branches)
        offered = list(found)
        # A form shown again after a refusal keeps the member it was sent with.
        chosen = str(self.data.get(self.add_prefix("person"), "")) if self.is_bound else ""
        if chosen.isdigit() and all(p.pk != int(chosen) for p in offered):
            offered += list(people.filter(pk=int(chosen)).select_related("membership__branch"))
        cast(MemberField, self.fields["person"]).offer(offered)


def delegate_label(delegate: Delegate) -> str:
    return f"{delegate.person.full_name} — {delegate.branch.name}"


class RemoveDelegateForm(forms.Form):
    delegate = LabelledChoiceField(
        label=_("Delegate"), queryset=Delegate.objects.none(), label_of=delegate_label
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=textarea(2))

    def __init__(self, *args: Any, delegates: QuerySet[Delegate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "delegate", delegates)


# ---------------------------------------------------------------- the agenda and its stages


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Item.Kind.choices)
    name_kk = forms.CharField(label=_("Name in Kazakh"), max_length=255)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=255)
    name_en = forms.CharField(label=_("Name in English"), max_length=255, required=False)
    speaker = forms.CharField(label=_("Speaker"), max_length=255, required=False)


class ConfirmForm(forms.Form):
    """A step with nothing to fill in: counting the quotas, freezing the roll, opening or
    closing the conference, drafting or signing the minutes."""


# ---------------------------------------------------------------- minutes


class MinutesForm(forms.Form):
    text_kk = forms.CharField(label=_("Text in Kazakh"), widget=textarea(24))
    text_ru = forms.CharField(label=_("Text in Russian"), widget=textarea(24))
