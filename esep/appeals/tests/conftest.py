"""The appeals tests' common place: the Atyrau region on its own clock, its branch and a topic."""

import pytest

from esep.appeals.tests.factories import CategoryFactory
from esep.org.models import Territory


@pytest.fixture
def place(tree):
    territory = Territory.objects.get(kato="230000000")
    territory.time_zone = "Asia/Atyrau"
    territory.save()
    return {"territory": territory, "branch": tree.atyrau, "category": CategoryFactory.create()}
