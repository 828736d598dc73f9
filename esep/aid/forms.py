"""Forms of the aid pages: a campaign, a household, a delivery, a partner's contribution.
Fields are named as the actions name what they refuse, so an action's refusal lands on its
field. A household is found by its campaign and number, never picked from a list of every
family; a territory is given by its KATO code."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from esep.aid.models import Campaign, Category, Delivery, Kind, Partner
from esep.control.common import ScopedForm, branch_field, textarea
from esep.org.models import Branch, Person, Territory
from esep.receptions.forms import DATE


def campaign_field(label: Any = None) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label or _("Campaign"),
        queryset=Campaign.objects.none(),
        to_field_name="code",
    )


class KatoField(forms.CharField):
    """A territory by its nine-digit KATO code."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Territory (KATO code)"))
        kwargs.setdefault("max_length", 9)
        kwargs.setdefault(
            "help_text", _("The nine digits of the settlement or district, e.g. 231010000.")
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Territory | None:
        code = super().clean(value)
        if not code:
            return None
        found = Territory.objects.filter(kato=code.strip()).first()
        if found is None:
            raise forms.ValidationError(_("No territory has this KATO code."), code="kato")
        return found


class CampaignForm(ScopedForm):
    branch = branch_field(_("Branch running it"))
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Latin letters, digits and dashes, e.g. biz-birgemiz-2020."),
    )
    name_kk = forms.CharField(label=_("Name in Kazakh"), max_length=255)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=255)
    name_en = forms.CharField(label=_("Name in English"), max_length=255, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of aid"), choices=Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    branches = forms.ModelMultipleChoiceField(
        label=_("Branches taking part"),
        queryset=Branch.objects.none(),
        to_field_name="code",
        required=False,
        help_text=_("None chosen: every branch under the running one takes part."),
    )


class HouseholdForm(ScopedForm):
    campaign = campaign_field()
    branch = branch_field(_("Branch helping the family"))
    iin = forms.CharField(label=_("Head's IIN"), max_length=20)
    surname = forms.CharField(label=_("Surname"), max_length=100)
    given_name = forms.CharField(label=_("Name"), max_length=100)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=255)
    territory = KatoField()
    members = forms.IntegerField(label=_("Members"), min_value=1, max_value=30)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    repeat_reason = forms.CharField(
        label=_("Reason to help again"),
        max_length=500,
        required=False,
        widget=textarea(2),
        help_text=_(
            "Only for a family the campaign already helps (the same head or address) and "
            "means to help again."
        ),
    )

    def __init__(self, *args: Any, campaigns: QuerySet[Campaign], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["campaign"]).queryset = campaigns


class DeliveryForm(forms.Form):
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind of aid"), choices=Kind.choices)
    amount = forms.IntegerField(
        label=_("Value, tenge"),
        min_value=0,
        max_value=10**12,
        help_text=_("The money given, or what the food, medicines or services were worth."),
    )
    volunteer = forms.ModelChoiceField(
        label=_("Volunteer"), queryset=Person.objects.none(), required=False
    )
    delivered_by = forms.CharField(
        label=_("Delivered by (name)"),
        max_length=255,
        required=False,
        help_text=_("Whoever delivered it, when not a volunteer of the list."),
    )
    confirmation = forms.ChoiceField(label=_("Confirmation"), choices=Delivery.Confirmation.choices)
    reference = forms.CharField(
        label=_("Confirmation's reference"),
        max_length=100,
        required=False,
        help_text=_("The signed sheet's, photo's or SMS's number."),
    )

    def __init__(
        self,
        *args: Any,
        kinds: list[str] | None = None,
        volunteers: QuerySet[Person] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if kinds is not None:
            cast(forms.ChoiceField, self.fields["kind"]).choices = [
                (k.value, k.label) for k in Kind if k.value in kinds
            ]
        if volunteers is not None:
            cast(forms.ModelChoiceField, self.fields["volunteer"]).queryset = volunteers


class NewDeliveryForm(DeliveryForm):
    """A delivery recorded from its own page: the household by its campaign and number."""

    campaign = campaign_field()
    household = forms.IntegerField(label=_("Household's number"), min_value=1)
    field_order = ["campaign", "household"]

    def __init__(self, *args: Any, campaigns: QuerySet[Campaign], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["campaign"]).queryset = campaigns


class ContributionForm(forms.Form):
    partner = forms.CharField(
        label=_("Partner"),
        max_length=255,
        help_text=_("The donor's name; a partner recorded before is found by it."),
    )
    partner_kind = forms.ChoiceField(label=_("Partner's kind"), choices=Partner.Kind.choices)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    amount = forms.IntegerField(label=_("Amount, tenge"), min_value=1, max_value=10**12)
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=textarea(2))


class NewContributionForm(ContributionForm):
    campaign = campaign_field()
    field_order = ["campaign"]

    def __init__(self, *args: Any, campaigns: QuerySet[Campaign], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["campaign"]).queryset = campaigns
