"""The main menu leads to the elections for whoever reads the party's work, and only them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "shown"), [("analyst", True), ("deputy", True), ("monitor", False)]
)
def test_the_menu_shows_elections_to_readers_of_party_work(client, tree, role, shown):
    client.force_login(user_with_role(role, tree.kostanay))
    page = client.get(reverse("portal:home"))
    assert page.context["nav"]["elections"] is shown
    assert (reverse("elections:elections") in page.content.decode()) is shown
