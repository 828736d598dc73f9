"""Fixtures the outreach tests share: Atyrau's head (MANAGE_WORK over the region) and a
campaign of the Atyrau branch from 1 November 2020 to 10 January 2021 with a plan for
Atyrau city."""

import datetime as dt

import pytest

from esep.org.tests.factories import user_with_role
from esep.outreach import actions

START, END = dt.date(2020, 11, 1), dt.date(2021, 1, 10)


@pytest.fixture
def head(tree):
    return user_with_role("branch_head", tree.atyrau, "atyrau-head")


@pytest.fixture
def campaign(tree, head):
    return actions.open_campaign(
        actor=head,
        branch=tree.atyrau,
        code="atyrau-2021",
        kind="election",
        starts_on=START,
        ends_on=END,
        name_kk="2021 жылғы сайлау науқаны",
        name_ru="Избирательная кампания 2021 года",
        name_en="The 2021 election campaign",
    )


@pytest.fixture
def plan(campaign, head, tree):
    return actions.set_plan(
        actor=head,
        campaign=campaign,
        territory=tree.atyrau_city.territory,
        meetings=10,
        households=1000,
        people=2000,
    )
