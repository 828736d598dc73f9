"""Fixtures the ethics tests share: a frozen day, Atyrau's head and the central office, the
member facing a case, Atyrau's ethics commission and the central bureau that reviews."""

import datetime as dt

import pytest
import time_machine

from esep.ethics import actions
from esep.org.models import Body
from esep.org.tests.factories import BodyFactory, user_with_role

TODAY = dt.date(2020, 3, 2)  # a Monday


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(6, 0), tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def bodies(tree):
    return {
        "commission": BodyFactory.create(
            branch=tree.atyrau, kind=Body.Kind.ETHICS_COMMISSION, seats=5
        ),
        "central": BodyFactory.create(branch=tree.central, kind=Body.Kind.BUREAU, seats=9),
    }


@pytest.fixture
def head(tree):
    return user_with_role("branch_head", tree.atyrau, "atyrau-head")


@pytest.fixture
def central(tree):
    return user_with_role("central_admin", tree.central, "central-admin")


@pytest.fixture
def member(tree):
    """The member of Atyrau city facing the case."""
    return tree.members["atyrau-city"].membership


@pytest.fixture
def case(tree, head, member, bodies, frozen):
    return actions.open_case(
        actor=head,
        member=member,
        branch=tree.atyrau,
        source="media",
        media_note="«Атырау жастары», 12.02.2020",
        grounds="Әлеуметтік желіде азаматтарды қорлады.",
        articles="5.2",
        opened_on=TODAY,
    )


def decided(case, actor, kind, *, on=TODAY, starts_on=None, ends_on=None):
    """The case taken through notice and (no) answer to the body's sanction."""
    actions.notify_member(actor=actor, case=case, notified_on=on, channel="letter")
    actions.record_answer(actor=actor, case=case, answer="Кешірім сұраймын.", answered_on=on)
    return actions.decide_case(
        actor=actor,
        case=case,
        sitting_on=on,
        decision="sanction",
        number="7",
        decided_on=on,
        reasoning="Бұзушылық дәлелденді.",
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
    )


@pytest.fixture
def decide():
    return decided
