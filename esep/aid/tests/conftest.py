"""Fixtures the aid tests share: Atyrau's officer and a campaign of the Atyrau branch with
money received, a household helped by the Atyrau city branch, and a way to make IINs."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from esep.aid import actions
from esep.aid.models import Campaign, Category, Household, Kind
from esep.lib.iin import make_iin
from esep.org.tests.factories import user_with_role

_serials = itertools.count(1)


def new_iin(year: int = 1975) -> str:
    """A valid IIN no other test person has."""
    serial = next(_serials)
    return make_iin(dt.date(year, 1, 1) + dt.timedelta(days=serial % 300), "male", serial * 7)


@pytest.fixture
def officer(tree):
    return user_with_role("reception_officer", tree.atyrau, "atyrau-officer")


@pytest.fixture
def campaign(tree, officer) -> Campaign:
    campaign = actions.create_campaign(
        actor=officer,
        code="biz-birgemiz-2020",
        name_kk="Біз біргеміз",
        name_ru="Біз біргеміз",
        name_en="We are together",
        branch=tree.atyrau,
        starts_on=dt.date(2020, 4, 1),
        ends_on=dt.date(2020, 6, 30),
        kinds=[Kind.FOOD, Kind.MONEY],
    )
    partner = actions.add_partner(actor=officer, name="ТОО «Атырау Мұнай»", kind="company")
    actions.record_contribution(
        actor=officer,
        campaign=campaign,
        partner=partner,
        received_on=dt.date(2020, 4, 2),
        amount=1_000_000,
    )
    return campaign


def register(officer, campaign, tree, **fields) -> Household:
    values = {
        "actor": officer,
        "campaign": campaign,
        "branch": tree.atyrau_city,
        "territory": tree.atyrau_city.territory,
        "iin": new_iin(),
        "surname": "Омарова",
        "given_name": "Гүлнар",
        "address": f"Абай көшесі, {next(_serials)} үй",
        "members": 5,
        "category": Category.LARGE_FAMILY,
    }
    return actions.register_household(**(values | fields))


@pytest.fixture
def household(officer, campaign, tree) -> Household:
    return register(officer, campaign, tree, address="ул. Абая, д. 5, кв. 3")
