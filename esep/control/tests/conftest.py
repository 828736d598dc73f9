"""Fixtures the tests of party control share: the frozen day, Atyrau's officer and head, an
acute issue of theirs, and a state-body contact who executes instructions."""

import datetime as dt

import pytest
import time_machine

from esep.appeals.tests.factories import CategoryFactory
from esep.control.issues.actions import register_issue
from esep.control.issues.models import Issue
from esep.control.tests.factories import TODAY
from esep.org.tests.factories import PersonFactory, user_with_role


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(6, 0), tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def officer(tree):
    return user_with_role("reception_officer", tree.atyrau, "atyrau-officer")


@pytest.fixture
def head(tree):
    user = user_with_role("branch_head", tree.atyrau, "atyrau-head")
    user.email = "head@example.kz"
    user.save()
    return user


@pytest.fixture
def issue(tree, officer):
    return register_issue(
        actor=officer,
        title="Ақсай ауылында ауыз су жоқ",
        description="Үш айдан бері су құбыры жөнделмеген.",
        category=CategoryFactory.create(),
        territory=tree.atyrau.territory,
        branch=tree.atyrau,
        source=Issue.Source.CIVIC_COMMITTEE,
    )


@pytest.fixture
def executor(tree):
    """A state-body contact: no role in the party's pages, only their own instructions."""
    person = PersonFactory.create(surname="Әкімдіков")
    user = user_with_role("state_body_contact", tree.atyrau, "akimat-contact")
    user.person = person
    user.save()
    return user
