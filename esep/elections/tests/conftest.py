"""Fixtures the elections' tests share: the hand-counted world of factories.py."""

import pytest

from esep.elections.tests.factories import build_elections


@pytest.fixture
def world(tree):
    return build_elections(tree)
