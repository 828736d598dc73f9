import pytest
from rest_framework.test import APIClient

from esep.access.tokens import issue_token
from esep.appeals.models import Category
from esep.appeals.tests.factories import CategoryFactory, StateBodyFactory
from esep.control.tests.factories import one_of_each
from esep.org.tests.factories import user_with_role


def client_for(user, language="en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user)}")
    return client


@pytest.fixture
def api(tree):
    """Staff of the Atyrau region, and an outsider: Kostanay's head."""
    CategoryFactory.create(code="roads")
    StateBodyFactory.create(code="atyrau-akimat", territory=tree.atyrau.territory)
    people = {
        "head": user_with_role("branch_head", tree.atyrau, "atyrau-head"),
        "officer": user_with_role("reception_officer", tree.atyrau, "atyrau-officer"),
        "analyst": user_with_role("analyst", tree.atyrau, "atyrau-analyst"),
        "outsider": user_with_role("branch_head", tree.kostanay, "kostanay-head"),
        "contact": user_with_role("state_body_contact", tree.atyrau, "akimat-contact"),
    }
    return {name: client_for(user) for name, user in people.items()} | {"users": people}


@pytest.fixture
def work(tree, api):
    """One record of each kind of party work in Atyrau, by the API's resource names."""
    made = one_of_each(
        branch=tree.atyrau,
        head=api["users"]["head"],
        deputy=tree.members["atyrau"],
        category=Category.objects.get(code="roads"),
    )
    return {
        "reception": made["reception"],
        "control-post": made["post"],
        "issue": made["issue"],
        "instruction": made["instruction"],
    }


NEW_APPEAL = {
    "kind": "complaint",
    "channel": "letter",
    "category": "roads",
    "branch": "atyrau-city",
    "territory": "231010000",
    "text": "Көшеде жарық жоқ",
    "language": "kk",
    "surname": "Сейітова",
    "given_name": "Айжан",
    "phone": "+7 701 555 11 22",
    "consent": True,
}
