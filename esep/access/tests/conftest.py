"""The access tests' common place: an officer with a password and an e-mail address."""

import pytest

from esep.org.tests.factories import user_with_role


@pytest.fixture
def officer(tree):
    user = user_with_role("reception_officer", tree.atyrau, "officer")
    user.set_password("right-password-1")
    user.email = "officer@example.kz"
    user.save()
    return user
