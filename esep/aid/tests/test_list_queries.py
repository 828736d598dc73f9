"""The aid campaigns' list and its export read as many queries for twelve campaigns as for
two (the demo holds two: too few for the site's list test to tell)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from esep.aid import actions
from esep.aid.models import Kind

pytestmark = pytest.mark.django_db


def read(client, name: str, *args: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name, args=args)).status_code == 200
    return len(queries)


def test_the_campaigns_list_and_export_read_as_many_queries_for_two_as_for_twelve(
    client, tree, officer
):
    client.force_login(officer)
    counts = {}
    for number in range(1, 13):
        actions.create_campaign(
            actor=officer,
            code=f"campaign-{number}",
            name_kk=f"Акция {number}",
            name_ru=f"Акция {number}",
            name_en=f"Campaign {number}",
            branch=tree.atyrau if number % 2 else tree.atyrau_city,
            starts_on=dt.date(2020, 4, 1),
            ends_on=dt.date(2020, 6, 30),
            kinds=[Kind.FOOD, Kind.MONEY],
        )
        if number in (2, 12):
            counts[number] = (
                read(client, "aid:campaigns"),
                read(client, "aid:campaign-export", "csv"),
            )
    assert counts[2] == counts[12]
    assert len(client.get(reverse("aid:campaigns")).context["page"].object_list) == 12
