"""What the aid pages read: the lists' columns (one definition for a page and its export),
the campaigns' money and counts, summed in the database.

No column holds an IIN, a phone or an address: a list and an export name a family by its
campaign and number, its head by name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from esep.aid.models import Campaign, Category, Contribution, Delivery, Household, Kind
from esep.lib.tables import Column


def _sum_of(model: Any, field: str = "amount") -> Any:
    rows = (
        model.objects.filter(campaign=OuterRef("pk"))
        .order_by()
        .values("campaign")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_money(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """Each campaign with its households' count, the money received and the deliveries'
    value (one query, whatever the number of campaigns)."""
    households = (
        Household.objects.filter(campaign=OuterRef("pk"))
        .order_by()
        .values("campaign")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return campaigns.annotate(
        household_count=Coalesce(Subquery(households, output_field=IntegerField()), Value(0)),
        received_sum=_sum_of(Contribution),
        delivered_sum=_sum_of(Delivery),
    ).annotate(balance_sum=F("received_sum") - F("delivered_sum"))


CAMPAIGN_COLUMNS = [
    Column(_("Code"), lambda c: c.code),
    Column(_("Campaign"), lambda c: c.name),
    Column(_("Branch"), lambda c: c.branch.name),
    Column(_("Starts on"), lambda c: c.starts_on),
    Column(_("Ends on"), lambda c: c.ends_on),
    Column(_("Kinds of aid"), lambda c: ", ".join(c.kinds_display())),
    Column(_("Households"), lambda c: c.household_count),
    Column(_("Received, tenge"), lambda c: c.received_sum),
    Column(_("Delivered, tenge"), lambda c: c.delivered_sum),
    Column(_("Balance, tenge"), lambda c: c.balance_sum),
]

HOUSEHOLD_COLUMNS = [
    Column(_("Campaign"), lambda h: h.campaign.code),
    Column(_("Number"), lambda h: h.number),
    Column(_("Head of the family"), lambda h: h.head.full_name),
    Column(_("Members"), lambda h: h.members),
    Column(_("Category"), lambda h: h.get_category_display()),
    Column(_("Territory"), lambda h: h.territory.name),
    Column(_("KATO code"), lambda h: h.territory.kato),
    Column(_("Branch"), lambda h: h.branch.name),
    Column(_("Helped again because"), lambda h: h.repeat_reason),
    Column(_("Deliveries"), lambda h: h.delivery_count),
    Column(_("Delivered, tenge"), lambda h: h.delivered_amount or 0),
    Column(_("Registered on"), lambda h: h.registered_on),
]


@dataclass(frozen=True)
class Tally:
    code: str
    label: str
    count: int
    amount: int = 0


def by_category(campaign: Campaign) -> list[Tally]:
    counts = dict(
        campaign.households.order_by()
        .values("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    return [Tally(c.value, str(c.label), counts.get(c.value, 0)) for c in Category]


def by_kind(campaign: Campaign) -> list[Tally]:
    """The deliveries of each kind the campaign gives (or gave): how many, and their value."""
    found = {
        row["kind"]: row
        for row in campaign.deliveries.order_by()
        .values("kind")
        .annotate(n=Count("pk"), total=Sum("amount"))
    }
    return [
        Tally(k.value, str(k.label), found[k.value]["n"], found[k.value]["total"] or 0)
        if k.value in found
        else Tally(k.value, str(k.label), 0, 0)
        for k in Kind
        if k.value in campaign.kinds or k.value in found
    ]


def partners(campaign: Campaign) -> list[dict[str, Any]]:
    """The campaign's partners with what each gave, the most generous first."""
    return list(
        campaign.contributions.order_by()
        .values("partner__name", "partner__kind")
        .annotate(total=Sum("amount"), n=Count("pk"))
        .order_by("-total", "partner__name")
    )


def families_helped(campaign: Campaign) -> int:
    return campaign.deliveries.order_by().values("household").distinct().count()
