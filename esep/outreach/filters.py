"""The outreach lists' filters, for their pages, exports and the REST API: campaigns by
branch, kind and year; plan lines, meetings and rounds by campaign, branch, territory (its
subtree) and month."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from esep.org.filters import BranchScopedFilterSet, territory_filter
from esep.outreach.models import Campaign, OutreachCampaignQuerySet

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


def campaigns_of(request: Any) -> OutreachCampaignQuerySet:
    return Campaign.objects.visible_to(request.user).order_by("-starts_on", "code")


class CampaignFilterSet(BranchScopedFilterSet):
    field_order = ["branch", "kind", "year"]

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Campaign.Kind.choices, empty_label=_("Any")
    )
    year = django_filters.NumberFilter(
        label=_("Year"), method="in_year", min_value=2000, max_value=2100
    )

    def in_year(self, campaigns: QuerySet, name: str, year: Any) -> QuerySet:
        """Campaigns running on any day of the year."""
        year = int(year)
        return campaigns.filter(starts_on__year__lte=year, ends_on__year__gte=year)

    def arrange(self, campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
        return campaigns.order_by("-starts_on", "code")


@extend_schema_field({"type": "string", "pattern": MONTH_PATTERN, "example": "2020-12"})
class MonthFilter(django_filters.CharFilter):
    """A month as YYYY-MM: the records dated on one of its days."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Month"))
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault(
            "validators",
            [RegexValidator(MONTH_PATTERN, _("Give a month as YYYY-MM."), code="invalid")],
        )
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "month"}))
        super().__init__(**kwargs)

    def filter(self, records: QuerySet, value: Any) -> QuerySet:
        if not value:
            return records
        year, month = (int(part) for part in value.split("-"))
        start = dt.date(year, month, 1)
        end = (start + dt.timedelta(days=32)).replace(day=1)
        return records.filter(held_on__gte=start, held_on__lt=end)


class _OfCampaigns(BranchScopedFilterSet):
    """Records of campaigns: by the campaign, its branch (subtree), the record's territory
    (subtree)."""

    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"),
        queryset=campaigns_of,
        to_field_name="code",
        empty_label=_("Any"),
        field_name="campaign",
    )
    territory = territory_filter()

    def in_subtree(self, records: QuerySet, name: str, node: Any) -> QuerySet:
        if name == "branch":  # the campaign's branch
            return records.filter(campaign__branch__path__startswith=node.path)
        return super().in_subtree(records, name, node)


class PlanFilterSet(_OfCampaigns):
    field_order = ["campaign", "branch", "territory"]

    def arrange(self, plans: QuerySet) -> QuerySet:
        return plans.order_by("campaign__code", "territory__path")


class MeetingFilterSet(_OfCampaigns):
    field_order = ["campaign", "branch", "territory", "month"]
    month = MonthFilter()

    def arrange(self, meetings: QuerySet) -> QuerySet:
        return meetings.order_by("-held_on", "-pk")


class RoundFilterSet(MeetingFilterSet):
    pass
