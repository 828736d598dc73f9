"""The lists of conferences and primaries read the same number of queries whatever the
number of rows they show (the demo holds too few of them for the site's list test to
tell)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from esep.assemblies.models import Campaign, Conference
from esep.deputies.tests.factories import build_deputies
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def queries(client, name: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as read:
        response = client.get(reverse(name))
    assert response.status_code == 200
    return len(read), len(response.context["page"].object_list)


def test_the_conferences_list_reads_as_many_queries_for_two_rows_as_for_twelve(client, tree):
    client.force_login(user_with_role("central_admin", tree.central, "admin"))
    for number, branch in enumerate([tree.atyrau, tree.kostanay] * 6, start=1):
        Conference.objects.create(
            code=f"{branch.code}-{number}",
            branch=branch,
            number=number,
            kind=Conference.Kind.REPORT_ELECTION,
            held_on=dt.date(2022, 1, number),
            hall="Зал",
            name_kk=f"{number}-конференция",
            name_ru=f"{number}-я конференция",
        )
        if number == 2:
            few = queries(client, "assemblies:conferences")
    many = queries(client, "assemblies:conferences")
    assert (few[1], many[1]) == (2, 12)
    assert many[0] == few[0]


def test_the_primaries_list_reads_as_many_queries_for_two_rows_as_for_twelve(client, tree):
    council = build_deputies(tree)
    client.force_login(user_with_role("central_admin", tree.central, "admin"))
    for number in range(1, 13):
        Campaign.objects.create(
            code=f"primaries-{number}",
            branch=tree.kostanay,
            body=council.body,
            nominations_close_on=dt.date(2020, 9, 1),
            vote_on=dt.date(2020, 9, number),
            places=30,
            name_kk=f"Праймериз {number}",
            name_ru=f"Праймериз {number}",
        )
        if number == 2:
            few = queries(client, "assemblies:campaigns")
    many = queries(client, "assemblies:campaigns")
    assert (few[1], many[1]) == (2, 12)
    assert many[0] == few[0]
