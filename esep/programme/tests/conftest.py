"""Fixtures the programme's tests share: the small programme world of factories.py."""

import pytest

from esep.programme.tests.factories import build_programme


@pytest.fixture
def world(tree):
    return build_programme(tree)
