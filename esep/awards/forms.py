"""Forms of the awards: a ceremony, a nomination, and the steps of a nomination's page."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from esep.awards.models import Award, Ceremony
from esep.control.common import textarea
from esep.lib.forms import DateInput
from esep.org.forms import NamedPersonForm
from esep.org.models import Body, Branch

DATE = DateInput()


def _branch_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Branch"), queryset=Branch.objects.none(), to_field_name="code"
    )


class CeremonyForm(forms.Form):
    branch = _branch_field()
    title = forms.CharField(label=_("Title"), max_length=255)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=255)

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["branch"]).queryset = branches


class NominationForm(NamedPersonForm):
    field_order = ["branch", "award", *NamedPersonForm.PERSON_FIELDS]

    branch = _branch_field()
    award = forms.ModelChoiceField(
        label=_("Award"),
        queryset=Award.objects.filter(is_active=True).order_by("code"),
        to_field_name="code",
    )
    grounds = forms.CharField(label=_("Grounds"), widget=textarea(3), max_length=2000)
    grounds_ru = forms.CharField(
        label=_("Grounds in Russian, for the Russian certificate"),
        widget=textarea(3),
        max_length=2000,
        required=False,
    )
    ceremony = forms.ModelChoiceField(
        label=_("Ceremony"), queryset=Ceremony.objects.none(), required=False
    )
    consent_to_publish = forms.BooleanField(
        label=_("Consents to publication of the name"), required=False
    )
    consent_on = forms.DateField(label=_("Consent given on"), widget=DATE, required=False)

    def __init__(self, *args, branches, ceremonies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].help_text = _(
            "Needed to decline the name in Russian when no IIN is given."
        )
        cast(forms.ModelChoiceField, self.fields["branch"]).queryset = branches
        cast(forms.ModelChoiceField, self.fields["ceremony"]).queryset = ceremonies


class BodyField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Body) -> str:  # type: ignore[override]
        return f"{obj.get_kind_display()} — {obj.branch.name}"


def _body_field() -> BodyField:
    return BodyField(label=_("Granting body"), queryset=Body.objects.none())


class GrantForm(forms.Form):
    body = _body_field()
    decision_number = forms.CharField(label=_("Decision number"), max_length=40)
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE)
    certificate_number = forms.CharField(
        label=_("Certificate number"),
        max_length=40,
        required=False,
        help_text=_("Left empty: the award's next number of the year."),
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = bodies


class RefuseForm(forms.Form):
    body = _body_field()
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE)
    decision_number = forms.CharField(label=_("Decision number"), max_length=40, required=False)
    reason = forms.CharField(label=_("Reason for refusal"), widget=textarea(2), max_length=2000)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = bodies


class ConsentForm(forms.Form):
    given = forms.BooleanField(label=_("Consents to publication of the name"), required=False)
    on = forms.DateField(label=_("Date"), widget=DATE)


class CeremonyChoiceForm(forms.Form):
    ceremony = forms.ModelChoiceField(
        label=_("Ceremony"), queryset=Ceremony.objects.none(), required=False
    )

    def __init__(self, *args, ceremonies, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["ceremony"]).queryset = ceremonies
