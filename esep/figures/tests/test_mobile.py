"""The mobile-reception figures cannot contradict one another: an appeal counts as from a
mobile reception only through the held mobile reception it was registered at, placed in the
period, branch and territory of that reception."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from esep.figures.compute import compute, parse_scope
from esep.figures.periods import Period
from esep.org.tests.factories import user_with_role
from esep.receptions import actions as reception_actions
from esep.receptions.tests.factories import plan

pytestmark = pytest.mark.django_db
UTC = dt.UTC
MOBILE = [
    "receptions.mobile_held",
    "receptions.mobile_people_received",
    "receptions.mobile_appeals",
    "receptions.mobile_appeals_resolved_positively",
    "receptions.mobile_resolved_positively_share",
]


def year(n):
    return Period(dt.date(n, 1, 1), dt.date(n, 12, 31))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2023, 2, 1, 6, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def kostanay_2020(world, tree):
    """In Kostanay in 2020 no mobile reception was held, yet appeals say "mobile reception":
    one imported with that channel alone, answered positively; one registered at a mobile
    reception planned and never recorded held; one at an office reception that was held."""
    officer, appeal = world["officer"], world["appeal"]
    deputy = tree.members["kostanay"]
    imported = appeal(
        tree.kostanay, dt.datetime(2020, 3, 3, 5, tzinfo=UTC), channel="mobile_reception"
    )
    from esep.appeals import actions

    actions.assign_appeal(actor=officer, appeal=imported, assignee=officer)
    actions.start_work(actor=officer, appeal=imported)
    actions.record_answer(
        actor=officer,
        appeal=imported,
        outcome="resolved_positively",
        answer="Жауап",
        answered_at=dt.datetime(2020, 3, 10, 6, tzinfo=UTC),
    )
    planned = plan(tree.kostanay, [deputy], day=dt.date(2020, 6, 10), actor=officer)
    appeal(tree.kostanay, dt.datetime(2020, 6, 10, 6, tzinfo=UTC), reception=planned)
    office = plan(tree.kostanay, [deputy], day=dt.date(2020, 7, 8), kind="office", actor=officer)
    appeal(tree.kostanay, dt.datetime(2020, 7, 8, 6, tzinfo=UTC), reception=office)
    reception_actions.record_held(actor=officer, reception=office, people_received=3)
    return tree


def test_no_mobile_appeals_where_no_mobile_reception_was_held(kostanay_2020):
    scope = parse_scope("kostanay")
    values = compute(MOBILE, scope, year(2020))
    assert values["receptions.mobile_held"] == 0
    assert values["receptions.mobile_appeals"] == 0
    assert values["receptions.mobile_appeals_resolved_positively"] == 0
    assert values["receptions.mobile_resolved_positively_share"] is None  # shown as "—"
    for breakdown in ("month", "branch", "territory", "channel", "outcome"):
        grouped = compute(MOBILE, scope, year(2020), breakdown=breakdown)
        assert not any(grouped.get("receptions.mobile_appeals", {}).values()), breakdown
    # The appeals are there, counted by their channel as received.
    by_channel = compute(["appeals.received"], scope, year(2020), breakdown="channel")
    assert by_channel["appeals.received"]["mobile_reception"] == 2


def test_mobile_appeals_fall_in_the_period_of_their_reception(world, tree):
    """An appeal left at a mobile reception held on Friday 31 December 2021 after working
    hours is registered in 2022; it is an appeal from 2021's mobile reception, and 2022,
    with no mobile reception held, has none."""
    officer, deputy = world["officer"], tree.members["kostanay"]
    friday = plan(tree.kostanay, [deputy], day=dt.date(2021, 12, 31), actor=officer)
    late = world["appeal"](
        tree.kostanay, dt.datetime(2021, 12, 31, 14, tzinfo=UTC), reception=friday
    )
    reception_actions.record_held(actor=officer, reception=friday, people_received=4)
    assert late.registered_on.year == 2022
    scope = parse_scope("kostanay")
    assert compute(MOBILE, scope, year(2021))["receptions.mobile_appeals"] == 1
    assert compute(MOBILE, scope, year(2021))["receptions.mobile_held"] == 1
    next_year = compute(MOBILE, scope, year(2022))
    assert next_year["receptions.mobile_held"] == 0 == next_year["receptions.mobile_appeals"]


def test_the_drill_down_lists_the_appeals_it_counts(client, world, tree):
    client.force_login(user_with_role("analyst", tree.atyrau, "atyrau-analyst"))
    query = {"scope": "atyrau", "year": "2021"}
    page = client.get(reverse("figures:drill", args=["receptions.mobile_appeals"]), query)
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 2 == page.context["value"]
    assert page.context["source"] == "appeals"
    assert reverse("appeals:detail", args=[world["a"][4].pk]) in page.content.decode()
    parts = client.get(
        reverse("figures:drill", args=["receptions.mobile_resolved_positively_share"]), query
    )
    assert parts.context["value"] == 50.0


def test_the_figures_say_what_they_count():
    from django.utils import translation

    from esep.figures.registry import get

    for code in ("receptions.mobile_appeals", "receptions.mobile_appeals_resolved_positively"):
        with translation.override("en"):
            assert "mobile receptions held" in str(get(code).definition)
        assert get(code).rollup is None  # the reception is held after its appeals
