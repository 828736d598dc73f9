"""The demo's outreach gives seed 000's figures from its records: Almaty's 2021 election
campaign with more than 400 meetings and about 300,000 people reached, read from the figure
registry; a plan per district with some districts behind it; speakers from the party's
candidates and deputies in Almaty; and a second run adds nothing."""

import datetime as dt

import pytest

from esep.assemblies.models import Candidate
from esep.demo.context import Demo
from esep.demo.outreach import build
from esep.deputies.models import Mandate
from esep.figures.compute import compute, parse_scope
from esep.figures.periods import Period
from esep.org.models import Person
from esep.outreach.models import Activity, Campaign, Meeting
from esep.outreach.queries import plan_against_fact

pytestmark = pytest.mark.django_db

CAMPAIGN = Period(dt.date(2020, 11, 1), dt.date(2021, 1, 10))
CODES = ["outreach.meetings_held", "outreach.people_reached"]


def test_almaty_held_400_plus_meetings_and_reached_about_300000(demo):
    values = compute(CODES, parse_scope("almaty"), CAMPAIGN)
    assert values["outreach.meetings_held"] >= 400
    assert 296_000 <= values["outreach.people_reached"] <= 304_000
    # The same read by the city's territory (its districts below it).
    assert compute(CODES, parse_scope("750000000"), CAMPAIGN) == values
    by_district = compute(CODES, parse_scope("750000000"), CAMPAIGN, breakdown="territory")
    assert len(by_district["outreach.meetings_held"]) == 8


def test_the_plan_has_every_district_and_some_are_behind(demo):
    campaign = Campaign.objects.get(code="almaty-2021-elections")
    assert campaign.branch.code == "almaty"
    progress = plan_against_fact(campaign, dt.date(2021, 1, 10))
    assert len(progress.lines) == 8 and progress.expected == 100.0
    behind = [line for line in progress.lines if line.behind]
    assert 0 < len(behind) < 8
    assert (
        progress.total.people
        == compute(["outreach.people_reached"], parse_scope("almaty"), CAMPAIGN)[
            "outreach.people_reached"
        ]
    )


def test_speakers_are_the_partys_people_in_almaty(demo):
    meetings = Meeting.objects.filter(campaign__code="almaty-2021-elections")
    assert not meetings.filter(speakers__isnull=True).exists()
    # Each who spoke is one of the party's deputies of the city maslikhat or a candidate
    # registered in the city's primaries.
    deputies = (
        Mandate.objects.of_own_party()
        .filter(convocation__body__code="almaty-maslikhat")
        .values("person")
    )
    candidates = Candidate.objects.filter(
        campaign__branch__code="almaty", state=Candidate.State.REGISTERED
    ).values("person")
    spoke = Person.objects.filter(outreach_meetings__in=meetings).distinct()
    assert spoke.count() > 1
    assert not spoke.exclude(pk__in=deputies).exclude(pk__in=candidates).exists()


def test_a_second_run_adds_nothing(demo):
    before = Activity.objects.count()
    again = Demo(scale=1)
    build(again)
    assert (Activity.objects.count(), again.outreach_meetings) == (before, 0)
