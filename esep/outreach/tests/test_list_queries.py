"""The outreach lists and their exports read the same number of queries whatever the
number of rows they show (the demo holds one campaign and eight plan lines: too few for the
site's list test to tell), and the campaign's page as many for two meetings as for twelve."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from esep.org.tests.factories import TerritoryFactory, user_with_role
from esep.outreach import actions

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> tuple[int, int | None]:
    with CaptureQueriesContext(connection) as read:
        response = client.get(url)
    assert response.status_code == 200
    context = response.context
    shown = len(context["page"].object_list) if context and "page" in context else None
    return len(read), shown


def test_every_list_and_export_reads_as_many_queries_for_two_rows_as_for_twelve(client, tree, head):
    client.force_login(user_with_role("central_admin", tree.central, "admin"))
    counted = ["campaigns", "plans", "meetings", "rounds"]
    few: dict[str, tuple[int, int | None]] = {}
    for number in range(1, 13):
        campaign = actions.open_campaign(
            actor=head,
            branch=tree.atyrau,
            code=f"c-{number}",
            kind="meetings",
            starts_on=dt.date(2020, 11, 1),
            ends_on=dt.date(2021, 1, 10),
            name_kk=f"Науқан {number}",
            name_ru=f"Кампания {number}",
        )
        territory = TerritoryFactory.create(parent=tree.atyrau.territory, level="district")
        actions.set_plan(
            actor=head, campaign=campaign, territory=territory, meetings=2, households=10, people=20
        )
        speakers = [tree.members["atyrau"], tree.members["atyrau-city"]]
        actions.record_meeting(
            actor=head,
            campaign=campaign,
            territory=territory,
            held_on=dt.date(2020, 12, number),
            place="Зал",
            people=10,
            speakers=speakers,
        )
        actions.record_round(
            actor=head,
            campaign=campaign,
            territory=territory,
            held_on=dt.date(2020, 12, number),
            households=4,
            people=9,
            volunteers=2,
        )
        if number == 2:
            for name in counted:
                few[name] = queries(client, reverse(f"outreach:{name}"))
                few[f"{name}-export"] = queries(
                    client, reverse(f"outreach:{name[:-1]}-export", args=["csv"])
                )
    for name in counted:
        many = queries(client, reverse(f"outreach:{name}"))
        assert (few[name][1], many[1]) == (2, 12), name
        assert many[0] == few[name][0], name
        exported = queries(client, reverse(f"outreach:{name[:-1]}-export", args=["csv"]))
        assert exported[0] == few[f"{name}-export"][0], name


def test_a_campaigns_page_reads_as_many_queries_for_two_meetings_as_for_twelve(
    client, tree, head, campaign, plan
):
    client.force_login(head)
    url = reverse("outreach:campaign", args=[campaign.pk])
    for number in range(1, 13):
        actions.record_meeting(
            actor=head,
            campaign=campaign,
            territory=plan.territory,
            held_on=dt.date(2020, 12, number),
            place="Зал",
            people=10,
            speakers=[tree.members["atyrau"]],
        )
        if number == 2:
            few = queries(client, url)
    assert queries(client, url)[0] == few[0]
