"""The elections' pages read as many queries for a few rows as for many: the campaigns'
list (the demo holds two campaigns, too few for the site's list test to tell), and an
election's page however many candidates and protocol rows it shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from esep.elections import actions
from esep.elections.tests.factories import adult

pytestmark = pytest.mark.django_db


def read(client, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_the_campaigns_list_reads_as_many_queries_for_two_rows_as_for_twelve(world, client):
    client.force_login(world.head)
    few, page = read(client, reverse("elections:campaigns"))
    assert len(page.context["page"].object_list) == 2  # the world's two
    for day in range(1, 11):
        actions.add_campaign(
            actor=world.admin,
            code=f"by-election-{day}",
            held_on=dt.date(2022, 3, day),
            name_kk=f"Қайта сайлау {day}",
            name_ru=f"Довыборы {day}",
        )
    many, page = read(client, reverse("elections:campaigns"))
    assert len(page.context["page"].object_list) == 12
    assert many == few


def test_a_campaigns_page_reads_as_many_queries_for_one_election_as_for_four(world, client):
    client.force_login(world.admin)
    url = world.akims_campaign.get_absolute_url()
    actions.add_election(
        actor=world.admin,
        campaign=world.akims_campaign,
        code="akim-0",
        kind="akim",
        office="rural_district",
        territory=world.districts[0],
        branch=world.tree.atyrau,
        system="single_member",
        seats=1,
        law_version="2021",
        term_starts_on=dt.date(2021, 7, 28),
    )
    few, page = read(client, url)
    for n, district in enumerate(world.districts[1:], start=1):
        actions.add_election(
            actor=world.admin,
            campaign=world.akims_campaign,
            code=f"akim-{n}",
            kind="akim",
            office="rural_district",
            territory=district,
            branch=world.tree.central,
            system="single_member",
            seats=1,
            law_version="2021",
            term_starts_on=dt.date(2021, 7, 28),
        )
    many, page = read(client, url)
    assert len(page.context["elections"]) == 4
    assert many == few


def test_an_elections_page_reads_as_many_queries_for_more_candidates_and_rows(world, client):
    client.force_login(world.head)
    url = world.election.get_absolute_url()
    few, _page = read(client, url)
    for party_list, start in zip(world.lists, (5, 4, 3), strict=True):
        for place in range(start, start + 3):
            actions.register_candidate(
                actor=world.head,
                election=world.election,
                person=adult(),
                party_list=party_list,
                position=place,
                registered_on=dt.date(2020, 12, 1),
            )
    for station in ("3", "4", "5"):
        actions.record_tally(
            actor=world.head,
            election=world.election,
            station=station,
            registered_voters=100,
            took_part=50,
            lists={pl: 10 for pl in world.lists},
        )
    many, page = read(client, url)
    assert len(page.context["candidates"]) == 18 and len(page.context["tally_rows"]) == 5
    assert many == few
