import datetime as dt

import pytest
from rest_framework.test import APIClient

from esep.api.tokens import issue_token
from esep.appeals.models import Category
from esep.appeals.tests.factories import CategoryFactory, StateBodyFactory
from esep.control import actions as control
from esep.org.tests.factories import user_with_role
from esep.receptions.tests.factories import plan


def client_for(user, language="en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user)}")
    return client


@pytest.fixture
def api(tree):
    """Staff of the Atyrau region, and an outsider: Kostanay's head."""
    CategoryFactory(code="roads")
    StateBodyFactory(code="atyrau-akimat", territory=tree.atyrau.territory)
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
    """One record of each kind of party work in Atyrau."""
    head = api["users"]["head"]
    deputy = tree.members["atyrau"]
    post = control.open_post(
        actor=head,
        branch=tree.atyrau,
        territory=tree.atyrau.territory,
        object_kind="hospital",
        object_name="Аурухана",
        address="Атырау",
        head=deputy,
        opened_on=dt.date(2026, 1, 10),
    )
    visit = control.record_visit(
        actor=head,
        post=post,
        visited_on=dt.date(2026, 2, 1),
        visitors=[deputy],
        findings="Лифт істемейді",
        situation=2,
    )
    issue = control.raise_issue(
        actor=head, visit=visit, title="Аурухана лифті", category=Category.objects.get()
    )
    instruction = control.issue_instruction(
        actor=head,
        branch=tree.atyrau,
        text="Тексеру",
        deadline=dt.date(2099, 1, 1),
        executor_branch=tree.atyrau,
    )
    reception = plan(tree.atyrau, [deputy], day=dt.date(2026, 2, 3))
    return {
        "reception": reception,
        "control-post": post,
        "issue": issue,
        "instruction": instruction,
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
