"""Outreach's figures from the registry: meetings held and people reached (the rounds'
people reached plus the meetings' attendance) for a period, a branch and a territory, with
their breakdowns and the drill-down — what a user outside the campaign's branch never sees."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from esep.figures.compute import compute, parse_scope, records
from esep.figures.periods import Period
from esep.figures.registry import get, registry
from esep.org.tests.factories import user_with_role
from esep.outreach import actions

pytestmark = pytest.mark.django_db

CAMPAIGN = Period(dt.date(2020, 11, 1), dt.date(2021, 1, 10))
CODES = ["outreach.meetings_held", "outreach.people_reached"]


@pytest.fixture
def done(campaign, head, tree):
    city, region = tree.atyrau_city.territory, tree.atyrau.territory
    speaker = tree.members["atyrau"]
    actions.record_meeting(
        actor=head,
        campaign=campaign,
        territory=city,
        held_on=dt.date(2020, 11, 30),
        place="Зал",
        people=40,
        speakers=[speaker],
    )
    actions.record_meeting(
        actor=head,
        campaign=campaign,
        territory=region,
        held_on=dt.date(2021, 1, 10),
        place="Ауыл клубы",
        people=25,
    )
    actions.record_round(
        actor=head,
        campaign=campaign,
        territory=city,
        held_on=dt.date(2020, 12, 1),
        households=100,
        people=230,
        volunteers=9,
    )
    actions.record_round(
        actor=head,
        campaign=campaign,
        territory=city,
        held_on=dt.date(2021, 1, 5),
        households=50,
        people=100,
        volunteers=4,
    )
    return speaker


def test_figures_count_meetings_and_add_rounds_people_to_meetings_attendance(done, tree):
    assert set(CODES) <= set(registry())
    with translation.override("en"):
        assert "meetings" in str(get("outreach.people_reached").definition)
    values = compute(CODES, parse_scope("atyrau"), CAMPAIGN)
    assert values == {"outreach.meetings_held": 2, "outreach.people_reached": 40 + 25 + 230 + 100}
    # December alone: one round.
    december = compute(
        CODES, parse_scope("atyrau"), Period(dt.date(2020, 12, 1), dt.date(2020, 12, 31))
    )
    assert december == {"outreach.meetings_held": 0, "outreach.people_reached": 230}
    # Placed by territory: the city's own, without the region's village meeting.
    city = compute(CODES, parse_scope(tree.atyrau_city.territory.kato), CAMPAIGN)
    assert city == {"outreach.meetings_held": 1, "outreach.people_reached": 40 + 230 + 100}
    # Placed by the campaign's branch: Kostanay has none of it.
    assert compute(CODES, parse_scope("kostanay"), CAMPAIGN) == dict.fromkeys(CODES, 0)


def test_breakdowns_by_type_month_and_territory(done, tree):
    scope = parse_scope("atyrau")
    by_kind = compute(CODES, scope, CAMPAIGN, breakdown="kind")
    assert by_kind["outreach.people_reached"] == {"meeting": 65, "round": 330}
    by_month = compute(["outreach.people_reached"], scope, CAMPAIGN, breakdown="month")
    assert by_month["outreach.people_reached"] == {"2020-11": 40, "2020-12": 230, "2021-01": 125}
    by_territory = compute(CODES, scope, CAMPAIGN, breakdown="territory")
    city_path = tree.atyrau_city.territory.path
    assert by_territory["outreach.meetings_held"][city_path] == 1
    assert sum(by_territory["outreach.people_reached"].values()) == 395


def test_the_drill_down_shows_the_activities_and_who_spoke_to_those_who_see_them(
    client, done, tree
):
    analyst = user_with_role("analyst", tree.atyrau)
    query = {"scope": "atyrau", "start": "2020-11-01", "end": "2021-01-10"}
    assert (
        records("outreach.people_reached", parse_scope("atyrau"), CAMPAIGN, user=analyst).count()
        == 4
    )
    client.force_login(analyst)
    page = client.get(reverse("figures:drill", args=["outreach.meetings_held"]), query)
    assert page.status_code == 200 and page.context["page"].paginator.count == 2
    html = page.content.decode()
    assert done.surname in html and "Ауыл клубы" not in html  # the campaign, not the place
    reached = client.get(
        reverse("figures:drill", args=["outreach.people_reached"]), {**query, "group": "kind:round"}
    )
    assert reached.context["page"].paginator.count == 2 and reached.context["value"] == 330
    # Kostanay's analyst counts none of it and lists nobody.
    other = user_with_role("analyst", tree.kostanay)
    assert compute(CODES, parse_scope("central"), CAMPAIGN, user=other) == dict.fromkeys(CODES, 0)
    client.force_login(other)
    page = client.get(reverse("figures:drill", args=["outreach.meetings_held"]), query)
    assert page.status_code == 400 and done.surname not in page.content.decode()


def test_the_drill_down_reads_the_speakers_of_a_page_at_once(client, campaign, done, head, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    query = {"scope": "atyrau", "start": "2020-11-01", "end": "2021-01-10"}
    url = reverse("figures:drill", args=["outreach.meetings_held"])
    client.force_login(head)
    with CaptureQueriesContext(connection) as two:
        assert client.get(url, query).status_code == 200
    for day in (2, 3, 4, 5):
        actions.record_meeting(
            actor=head,
            campaign=campaign,
            territory=tree.atyrau_city.territory,
            held_on=dt.date(2020, 12, day),
            place="Зал",
            people=10,
            speakers=[done],
        )
    with CaptureQueriesContext(connection) as six:
        page = client.get(url, query)
    assert page.context["page"].paginator.count == 6
    assert len(six) == len(two)
