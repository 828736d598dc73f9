"""A choice of a branch (or territory, or category) offers the tree's highest levels and, once
a node is chosen, its ancestors, itself and its children: a national party's 3,000 branches
are not written into every list page, and any branch is still reached and accepted."""

import re

import pytest
from django.urls import reverse

from esep.org.tests.factories import BranchFactory, user_with_role

pytestmark = pytest.mark.django_db


def offered(content: str) -> set[str]:
    select = re.search(r'<select name="branch".*?</select>', content, re.S)
    assert select is not None
    return set(re.findall(r'<option value="([^"]*)"', select.group(0))) - {""}


@pytest.fixture
def deep(tree):
    """Under Atyrau's city branch (the third level) a primary branch, and one under it."""
    primary = BranchFactory.create(parent=tree.atyrau_city, code="primary-1", kind="primary")
    cell = BranchFactory.create(parent=primary, code="cell-1", kind="primary")
    return primary, cell


def test_the_highest_three_levels_are_offered(client, tree, deep):
    client.force_login(user_with_role("branch_head", tree.central))
    content = client.get(reverse("appeals:inbox")).content.decode()
    assert offered(content) == {"central", "atyrau", "atyrau-city", "kostanay", "kostanay-rudny"}


def test_a_chosen_branch_offers_its_children_and_deeper_ones_are_accepted(client, tree, deep):
    client.force_login(user_with_role("branch_head", tree.central))
    content = client.get(reverse("appeals:inbox"), {"branch": "atyrau-city"}).content.decode()
    assert "primary-1" in offered(content) and "cell-1" not in offered(content)
    deeper = client.get(reverse("appeals:inbox"), {"branch": "cell-1"})
    assert deeper.status_code == 200 and not deeper.context["form"].errors
    assert {"central", "atyrau", "atyrau-city", "primary-1", "cell-1"} <= offered(
        deeper.content.decode()
    )


def test_a_regions_officer_is_offered_from_the_region_down(client, tree, deep):
    client.force_login(user_with_role("branch_head", tree.atyrau))
    content = client.get(reverse("appeals:inbox")).content.decode()
    assert offered(content) == {"atyrau", "atyrau-city", "primary-1"}
