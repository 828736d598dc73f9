"""The aid lists' filters, for their pages, exports and the REST API: campaigns by branch
and year; a campaign's households by campaign, branch, category, territory, whether they
received anything yet, and a search by household number or by the head's exact IIN (found
by its digest, for a role that may see personal data; the IIN is never shown)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from esep.aid.models import Campaign, Category, Delivery, Household, Kind
from esep.lib.crypto import digest
from esep.lib.iin import InvalidIIN, parse_iin
from esep.org.filters import BranchScopedFilterSet, territory_filter
from esep.org.roles import Capability


def visible_campaigns(request: Any) -> QuerySet[Campaign]:
    if request is None:
        return Campaign.objects.none()
    return Campaign.objects.visible_to(request.user).order_by("-starts_on", "code")


class CampaignFilterSet(BranchScopedFilterSet):
    field_order = ["branch", "year"]

    year = django_filters.NumberFilter(
        label=_("Year"),
        field_name="starts_on",
        lookup_expr="year",
        min_value=1990,
        max_value=2100,
    )

    def arrange(self, campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
        return campaigns.order_by("-starts_on", "code")


def searched_iin(text: str) -> str:
    """`text` as an IIN (spaces ignored) if it is one, else ""."""
    digits = "".join(text.split())
    if len(digits) != 12 or not digits.isdigit():
        return ""
    try:
        return parse_iin(digits).value
    except InvalidIIN:
        return ""


class HouseholdFilterSet(BranchScopedFilterSet):
    field_order = ["q", "campaign", "branch", "category", "territory", "delivered"]

    q = django_filters.CharFilter(
        label=_("Household's number or head's IIN"), max_length=30, method="search"
    )
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"),
        queryset=visible_campaigns,
        to_field_name="code",
        empty_label=_("Any"),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, empty_label=_("Any")
    )
    territory = territory_filter()
    delivered = django_filters.ChoiceFilter(
        label=_("Received aid"),
        choices=[("yes", _("yes, at least once")), ("no", _("not yet"))],
        empty_label=_("Any"),
        method="received",
    )

    def search(self, households: QuerySet[Household], name: str, text: str) -> QuerySet:
        text = text.strip().lstrip("№").strip()
        if iin := searched_iin(text):
            # Finding a family by its head's IIN is use of personal data.
            if not self.request.user.can(Capability.VIEW_PERSONAL_DATA):
                return households.none()
            return households.filter(head__iin_digest=digest("iin", iin))
        if text.isdigit() and len(text) < 10:
            return households.filter(number=int(text))
        return households.none()

    def received(self, households: QuerySet[Household], name: str, value: str) -> QuerySet:
        given = Exists(Delivery.objects.filter(household=OuterRef("pk")))
        return households.filter(given if value == "yes" else ~given)

    def arrange(self, households: QuerySet[Household]) -> QuerySet[Household]:
        return households.annotate(
            delivery_count=Count("deliveries"), delivered_amount=Sum("deliveries__amount")
        ).order_by("campaign__starts_on", "campaign_id", "number")


class DeliveryFilterSet(django_filters.FilterSet):
    """The deliveries the REST API lists: by campaign, kind and day."""

    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), queryset=visible_campaigns, to_field_name="code"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind of aid"), choices=Kind.choices)
    delivered_from = django_filters.DateFilter(
        label=_("Delivered from"), field_name="delivered_on", lookup_expr="gte"
    )
    delivered_to = django_filters.DateFilter(
        label=_("Delivered to"), field_name="delivered_on", lookup_expr="lte"
    )


class ContributionFilterSet(django_filters.FilterSet):
    """The contributions the REST API lists: by campaign."""

    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), queryset=visible_campaigns, to_field_name="code"
    )
