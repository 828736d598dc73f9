"""The demo's ethics cases give seed 001's figure from their records: 24 members of the
Atyrau region sanctioned in 2019–2020, counted by the figure registry, with every source, a
review upheld and one annulled (left out), cases with no breach, suspensions lifted and
exclusions standing — each membership as its sanction left it."""

import datetime as dt

import pytest

from esep.ethics.models import Case, Review, Sanction
from esep.figures.compute import compute, parse_scope
from esep.figures.periods import Period
from esep.org.models import Body

pytestmark = pytest.mark.django_db

TWO_YEARS = Period(dt.date(2019, 1, 1), dt.date(2020, 12, 31))


def test_atyrau_sanctioned_24_members_in_two_years_by_the_registry(demo):
    codes = ["ethics.cases_opened", "ethics.members_sanctioned", "ethics.sanctions_by_kind"]
    values = compute(codes, parse_scope("atyrau"), TWO_YEARS)
    assert values["ethics.members_sanctioned"] == 24
    assert values["ethics.cases_opened"] == 31
    by_kind = compute(codes, parse_scope("atyrau"), TWO_YEARS, breakdown="kind")
    assert by_kind["ethics.sanctions_by_kind"] == {
        "warning": 9,
        "reprimand": 6,
        "severe_reprimand": 4,
        "suspension": 3,
        "exclusion": 2,
    }


def test_atyrau_cases_come_from_every_source_with_reviews_and_no_breach(demo):
    cases = Case.objects.filter(number__startswith="ETH-ATYRAU")
    assert set(Case.objects.values_list("source", flat=True)) == set(Case.Source.values)
    assert Case.objects.filter(decision="no_breach").count() == 6
    assert set(Review.objects.values_list("decision", flat=True)) == {"upheld", "annulled"}
    assert cases.exists()
    commission = Body.objects.get(branch__code="atyrau", kind="ethics_commission")
    assert commission.posts.count() == 5


def test_sanctions_left_the_memberships_as_they_say(demo):
    for sanction in Sanction.objects.select_related("case__member"):
        status = sanction.case.member.status
        if sanction.kind == "exclusion" and sanction.state == "in_force":
            assert status == "expelled"
        elif sanction.kind == "suspension":
            assert sanction.state == "expired" and status == "active"
        else:
            assert status == "active"
    assert Sanction.objects.filter(state="annulled").count() == 1
