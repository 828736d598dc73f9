"""Forms of outreach: opening a campaign, a plan line, a meeting with voters (its speakers
found by a search, never a list of every member) and a door-to-door round. Fields are named
as the actions name what they refuse."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from esep.control.common import textarea
from esep.lib.forms import DateInput
from esep.org.models import Branch, Person, Territory
from esep.outreach.models import Campaign

DATE = DateInput()
# At most this many people a count may say: more than a city holds is a typing error.
MOST = 10_000_000


def count_field(label: Any, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=MOST, help_text=help_text)


def _choose(form: forms.Form, field: str, queryset: QuerySet) -> None:
    cast(forms.ModelChoiceField, form.fields[field]).queryset = queryset


class CampaignForm(forms.Form):
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=Branch.objects.none(), to_field_name="code"
    )
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Latin letters, digits and hyphens: it names the campaign in exports."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Campaign.Kind.choices)
    name_kk = forms.CharField(label=_("Name in Kazakh"), max_length=255)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=255)
    name_en = forms.CharField(label=_("Name in English"), max_length=255, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)

    def __init__(self, *args: Any, branches: QuerySet[Branch], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "branch", branches)


class _OfCampaign(forms.Form):
    """A record of one of the campaigns the user manages, in a territory under it."""

    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.none(), to_field_name="code"
    )
    territory = forms.ModelChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.none(),
        to_field_name="kato",
        help_text=_("A district or town of the campaign's branch."),
    )

    def __init__(
        self,
        *args: Any,
        campaigns: QuerySet[Campaign],
        territories: QuerySet[Territory],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "campaign", campaigns)
        _choose(self, "territory", territories)


class PlanForm(_OfCampaign):
    meetings = count_field(_("Meetings planned"))
    households = count_field(_("Households to visit"))
    people = count_field(_("People to reach"))


class PeoplePick(forms.SelectMultiple):
    """People found by typing a few letters of a name: the search box asks `suggest_url`
    (htmx) for matches, shown as check boxes named as the field; those ticked are sent with
    each search and stay ticked. Nothing lists every member at once."""

    template_name = "outreach/_people_pick.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.suggest_url = ""
        self.chosen: list[Person] = []

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget.update(
            suggest_url=self.suggest_url,
            chosen=self.chosen,
            describedby=widget["attrs"].get("aria-describedby", ""),
        )
        return context

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return f"{id_}-q" if id_ else id_


class PeoplePickField(forms.ModelMultipleChoiceField):
    widget = PeoplePick

    def clean(self, value: Any) -> Any:
        people = super().clean(value)
        cast(PeoplePick, self.widget).chosen = list(people)
        return people


class MeetingForm(_OfCampaign):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(
        label=_("Place"),
        max_length=255,
        help_text=_("A courtyard, a school hall, an enterprise: where the voters were met."),
    )
    people = count_field(_("People attending"))
    speakers = PeoplePickField(
        label=_("Who spoke"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Candidates, deputies, members: type a few letters of the name, then tick."),
    )
    topic = forms.CharField(label=_("Topic"), max_length=255, required=False)
    note = forms.CharField(label=_("Note"), max_length=4000, required=False, widget=textarea(3))

    def __init__(
        self, *args: Any, speakers: QuerySet[Person], suggest_url: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast(PeoplePickField, self.fields["speakers"])
        field.queryset = speakers
        cast(PeoplePick, field.widget).suggest_url = suggest_url


class RoundForm(_OfCampaign):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    households = count_field(_("Households visited"))
    people = count_field(
        _("People reached"), _("Voters spoken to at the doors: may be more than the households.")
    )
    volunteers = count_field(_("Volunteers"))
