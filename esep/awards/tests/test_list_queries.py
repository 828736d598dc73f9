"""The ceremonies' list and its export read as many queries for twelve ceremonies as for
two (the demo holds too few for the site's list test to tell)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from esep.awards import actions

pytestmark = pytest.mark.django_db


def read(client, name: str, *args: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name, args=args)).status_code == 200
    return len(queries)


def test_the_ceremonies_list_and_export_read_as_many_queries_for_two_as_for_twelve(
    client, tree, officer
):
    client.force_login(officer)
    counts = {}
    for number in range(1, 13):
        actions.hold_ceremony(
            actor=officer,
            branch=tree.kostanay if number % 2 else tree.rudny,
            held_on=dt.date(2021, 12, number),
            place="Қостанай",
            title=f"Марапаттау рәсімі {number}",
        )
        if number in (2, 12):
            counts[number] = (
                read(client, "awards:ceremonies"),
                read(client, "awards:ceremony-export", "csv"),
            )
    assert counts[2] == counts[12]
    assert len(client.get(reverse("awards:ceremonies")).context["page"].object_list) == 12
