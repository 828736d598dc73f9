"""What the dashboard offers and shows beside its figures: the years to choose from, and
each value's change on the previous period."""

import datetime as dt

import pytest
import time_machine

from esep.appeals import actions as appeal_actions
from esep.appeals.tests.factories import CategoryFactory
from esep.figures.periods import years_with_appeals
from esep.figures.table import Row, by_group
from esep.org.tests.factories import PersonFactory, user_with_role


@pytest.mark.django_db
def test_the_years_to_choose_run_from_the_users_first_appeal_to_this_year(tree):
    officer = user_with_role("reception_officer", tree.kostanay, "kostanay-officer")
    contact = user_with_role("state_body_contact", tree.kostanay, "akimat-contact")
    with time_machine.travel(dt.datetime(2022, 2, 1, 6, 0, tzinfo=dt.UTC), tick=False):
        assert years_with_appeals(officer) == ([2022], 2022)  # none yet: this year alone
        appeal_actions.register_appeal(
            actor=officer,
            channel="letter",
            kind="complaint",
            category=CategoryFactory.create(code="roads"),
            territory=tree.kostanay.territory,
            branch=tree.kostanay,
            submitter=PersonFactory.create(),
            text="Жол",
            language="kk",
            received_at=dt.datetime(2020, 5, 5, 5, tzinfo=dt.UTC),
        )
        assert years_with_appeals(officer) == ([2022, 2021, 2020], 2020)
        assert years_with_appeals(contact) == ([2022], 2022)  # sees no appeal at all


def test_a_change_on_the_previous_period_is_in_points_for_a_share():
    assert Row("x", "x", "x", "percent", value=57.5, previous=50.25).change == 7.2
    assert Row("x", "x", "x", "count", value=7, previous=9).change == -2
    assert Row("x", "x", "x", "count", value=7).change is None


def test_rows_by_group_keep_the_order_the_groups_came_in():
    found = [
        Row("a", "A", "", "count", value=1, group="k2", group_label="Two"),
        Row("a", "A", "", "count", value=2, group="k1", group_label="One"),
        Row("b", "B", "", "count", value=3, group="k2", group_label="Two"),
    ]
    assert by_group(found) == [("k2", "Two", {"a": 1, "b": 3}), ("k1", "One", {"a": 2})]
