"""The demo's aid campaigns give the seeds' figures from their records: "Biz birgemiz" in the
Atyrau region, 15,108 families helped with 265,000,000 tenge over April–June 2020 (seed
001), counted by the figure registry; its partners' money covers it exactly; a few families
helped again with the reason recorded; and "Бақытты отбасы" in Almaty, about 3,000 mothers
(seed 002). A second run adds nothing."""

import datetime as dt

import pytest
from django.db.models import Count, Max, Min

from esep.aid.models import Campaign, Contribution, Delivery, Household
from esep.demo import aid as builder
from esep.demo.context import Demo
from esep.figures.compute import compute, parse_scope
from esep.figures.periods import Period

pytestmark = pytest.mark.django_db

YEAR_2020 = Period(dt.date(2020, 1, 1), dt.date(2020, 12, 31))
CODES = ["aid.families_helped", "aid.amount_tenge", "aid.deliveries"]


def test_atyrau_helped_15108_families_with_265_million_by_the_registry(demo):
    values = compute(CODES, parse_scope("atyrau"), YEAR_2020)
    assert values["aid.families_helped"] == 15_108
    assert values["aid.amount_tenge"] == 265_000_000
    campaign = Campaign.objects.get(code="biz-birgemiz-2020")
    assert values["aid.deliveries"] == campaign.deliveries.count() > 15_108
    # The districts helped too, the city most.
    by_branch = compute(CODES, parse_scope("atyrau"), YEAR_2020, breakdown="branch")
    helped = by_branch["aid.families_helped"]
    assert len([n for n in helped.values() if n]) >= 5
    assert sum(helped.values()) == 15_108


def test_atyrau_deliveries_run_over_april_to_june_food_parcels_most(demo):
    campaign = Campaign.objects.get(code="biz-birgemiz-2020")
    span = campaign.deliveries.aggregate(first=Min("delivered_on"), last=Max("delivered_on"))
    assert span["first"].month == 4 and span["last"].month == 6
    kinds = dict(campaign.deliveries.order_by().values_list("kind").annotate(n=Count("pk")))
    assert set(kinds) == {"food", "money", "medicines"}
    assert kinds["food"] > kinds["money"] > kinds["medicines"]
    months = {d.month for d in campaign.deliveries.values_list("delivered_on", flat=True)}
    assert months == {4, 5, 6}
    # Every household received something; the categories spread.
    assert not campaign.households.filter(deliveries__isnull=True).exists()
    categories = dict(
        campaign.households.order_by().values_list("category").annotate(n=Count("pk"))
    )
    assert len(categories) == 7
    assert max(categories.values()) < 0.4 * 15_108


def test_atyrau_money_balances_and_partners_cover_it(demo):
    campaign = Campaign.objects.get(code="biz-birgemiz-2020")
    assert campaign.received() == campaign.delivered() == 265_000_000
    assert campaign.balance() == 0
    kinds = set(
        Contribution.objects.filter(campaign=campaign).values_list("partner__kind", flat=True)
    )
    assert {"company", "foundation", "public_body"} <= kinds


def test_a_few_families_helped_again_with_the_reason_recorded(demo):
    campaign = Campaign.objects.get(code="biz-birgemiz-2020")
    again = campaign.households.exclude(repeat_reason="")
    assert 1 < again.count() < 10
    for household in again:
        earlier = campaign.households.filter(head=household.head, repeat_reason="").get()
        assert earlier.number < household.number
        assert household.deliveries.exists()


def test_almaty_helped_about_3000_mothers(demo):
    campaign = Campaign.objects.get(code="bakytty-otbasy-2019")
    households = Household.objects.filter(campaign=campaign)
    assert 2_900 <= households.count() <= 3_000
    assert set(households.values_list("category", flat=True)) == {
        "single_parent",
        "large_family",
    }
    # Mothers: every head a woman by her patronymic (…қызы, …вна).
    patronymics = set(households.values_list("head__patronymic", flat=True))
    assert all(p.endswith(("қызы", "вна")) for p in patronymics)
    period = Period(campaign.starts_on, campaign.ends_on)
    values = compute(CODES, parse_scope("almaty"), period)
    assert values["aid.families_helped"] == households.count()
    assert campaign.balance() > 0


def test_a_second_load_adds_no_aid(demo):
    before = (Household.objects.count(), Delivery.objects.count(), Contribution.objects.count())
    again = Demo(scale=1)
    builder.build(again)
    after = (Household.objects.count(), Delivery.objects.count(), Contribution.objects.count())
    assert after == before
    assert (again.aid_households, again.aid_deliveries) == (0, 0)
    assert "aid: households added" in demo
