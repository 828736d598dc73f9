import pytest


@pytest.fixture
def conf(tree):
    from esep.assemblies.tests.factories import build_conference

    return build_conference(tree)
