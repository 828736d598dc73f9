"""The elections' list filters, for their pages, their exports and the REST API: the
elections, the campaigns and the akims' terms."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from esep.elections.lifecycle import State
from esep.elections.models import Campaign, Election, Kind, Office, Tenure
from esep.lib.forms import DateInput
from esep.org.filters import BranchScopedFilterSet, branch_filter, territory_filter
from esep.org.models import Branch


def _year() -> django_filters.NumberFilter:
    return django_filters.NumberFilter(
        label=_("Year"), field_name="held_on", lookup_expr="year", min_value=1990, max_value=2100
    )


class ElectionFilterSet(BranchScopedFilterSet):
    field_order = ["q", "campaign", "kind", "state", "year", "branch", "territory"]

    q = django_filters.CharFilter(
        label=_("Code contains"), field_name="code", lookup_expr="icontains", max_length=80
    )
    campaign = django_filters.ModelChoiceFilter(
        label=_("Election campaign"),
        queryset=Campaign.objects.order_by("-held_on", "code"),
        to_field_name="code",
        empty_label=_("Any"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("What is elected"), choices=Kind.choices, empty_label=_("Any")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=State.choices, empty_label=_("Any")
    )
    year = _year()
    territory = territory_filter()

    def arrange(self, elections: QuerySet[Election]) -> QuerySet[Election]:
        return elections.order_by("-held_on", "kind", "code")


class CampaignFilterSet(BranchScopedFilterSet):
    field_order = ["q", "year", "branch"]

    q = django_filters.CharFilter(label=_("Code or name contains"), max_length=100, method="named")
    year = _year()
    # The campaigns in which the branch's subtree follows an election.
    branch = branch_filter(method="followed_by")

    def named(self, campaigns: QuerySet[Campaign], name: str, text: str) -> QuerySet[Campaign]:
        return campaigns.filter(
            Q(code__icontains=text)
            | Q(name_kk__icontains=text)
            | Q(name_ru__icontains=text)
            | Q(name_en__icontains=text)
        )

    def followed_by(
        self, campaigns: QuerySet[Campaign], name: str, branch: Branch
    ) -> QuerySet[Campaign]:
        held = Election.objects.filter(branch__path__startswith=branch.path).values("campaign_id")
        return campaigns.filter(pk__in=held)

    def arrange(self, campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
        return campaigns.order_by("-held_on", "code")


class TenureFilterSet(BranchScopedFilterSet):
    field_order = ["office", "territory", "held_on"]

    branch = None  # a term is of a territory, not of a branch
    office = django_filters.ChoiceFilter(
        label=_("Akim of"), choices=Office.choices, empty_label=_("Any")
    )
    territory = territory_filter()
    held_on = django_filters.DateFilter(
        label=_("Held on the day"), method="held", widget=DateInput()
    )

    def held(self, tenures: QuerySet[Tenure], name: str, day: dt.date) -> QuerySet[Tenure]:
        return tenures.held_on(day)  # type: ignore[attr-defined]

    def arrange(self, tenures: QuerySet[Tenure]) -> QuerySet[Tenure]:
        return tenures.order_by("territory__path", "-started_on", "pk")
