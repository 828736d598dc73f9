"""Figures of some topics only: a scope narrowed to categories (each with those below it),
as the public promise tracker counts the appeals of a promise's topics in its territory.
The world is conftest.py's: in Atyrau in 2021 five appeals on roads and one on water."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from esep.appeals.models import Category
from esep.appeals.tests.factories import CategoryFactory
from esep.figures.compute import Scope, compute, parse_scope, records
from esep.figures.periods import Period
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db
UTC = dt.UTC
YEAR = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2022, 2, 1, 6, 0, tzinfo=UTC), tick=False):
        yield


def topic(code):
    return Category.objects.get(code=code)


def test_a_scope_of_topics_counts_only_their_appeals_and_those_below_them(world, tree):
    water = topic("water")
    wells = CategoryFactory.create(parent=water, code="wells")
    world["appeal"](tree.atyrau_city, dt.datetime(2021, 8, 2, 5, tzinfo=UTC), category=wells)
    atyrau = parse_scope("atyrau")
    assert compute(["appeals.received"], atyrau, YEAR)["appeals.received"] == 7
    only_water = Scope(atyrau.node, (water,))
    assert compute(["appeals.received"], only_water, YEAR)["appeals.received"] == 2
    both = Scope(atyrau.node, (water, topic("roads")))
    assert compute(["appeals.received"], both, YEAR)["appeals.received"] == 7
    # The country as a territory, roads only: Kostanay's appeal on roads counts too.
    country = parse_scope("000000000")
    roads = Scope(country.node, (topic("roads"),))
    assert compute(["appeals.received"], roads, YEAR)["appeals.received"] == 6
    assert records("appeals.received", only_water, YEAR, user=None).count() == 2


def test_topics_read_the_category_counters_and_agree_with_the_appeals(world, tree):
    scope = Scope(parse_scope("230000000").node, (topic("roads"),))
    for breakdown in (None, "month"):
        with CaptureQueriesContext(connection) as queries:
            fast = compute(["appeals.received"], scope, YEAR, breakdown=breakdown)
        assert any("figures_appealmonthfacet" in q["sql"] for q in queries.captured_queries)
        slow = compute(["appeals.received"], scope, YEAR, breakdown=breakdown, use_rollup=False)
        assert fast == slow, breakdown
    by_month = compute(["appeals.received"], scope, YEAR, breakdown="month")["appeals.received"]
    assert by_month == {"2021-01": 3, "2021-03": 1, "2021-12": 1}
    # A part of a month is read from the appeals.
    march = Period(dt.date(2021, 3, 10), dt.date(2021, 3, 25))
    assert compute(["appeals.received"], scope, march)["appeals.received"] == 1


def test_figures_of_records_without_a_topic_refuse_to_be_narrowed_to_one(world):
    scope = Scope(parse_scope("atyrau").node, (topic("roads"),))
    with pytest.raises(ValueError):
        compute(["receptions.held"], scope, YEAR)


def test_the_drill_down_lists_the_appeals_of_the_topics_asked(client, world, tree):
    client.force_login(user_with_role("analyst", tree.atyrau, "atyrau-analyst"))
    query = {"scope": "atyrau", "start": "2021-01-01", "end": "2021-12-31", "topic": "water"}
    drill = client.get(reverse("figures:drill", args=["appeals.received"]), query)
    assert drill.status_code == 200
    assert drill.context["page"].paginator.count == 1 == drill.context["value"]
    assert world["a"][1] in drill.context["page"].object_list
    share = client.get(reverse("figures:drill", args=["appeals.resolved_positively_share"]), query)
    assert all("topic=water" in url for _part, url in share.context["parts"])
    refused = client.get(reverse("figures:drill", args=["receptions.held"]), query)
    assert refused.status_code == 404
