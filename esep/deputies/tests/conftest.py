"""Fixtures the deputies' tests share: the small world of factories.py."""

import pytest

from esep.deputies.tests.factories import build_deputies


@pytest.fixture
def council(tree):
    return build_deputies(tree)
