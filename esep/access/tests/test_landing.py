"""Each role lands on its own work after logging in."""

import pytest
from django.urls import reverse

from esep.access.landing import LANDINGS, landing_for
from esep.org.roles import Role
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

INBOX = "/kk/appeals/"


def log_in(client, user):
    user.set_password("right-password-1")
    user.save()
    response = client.post(
        reverse("login"), {"username": user.username, "password": "right-password-1"}
    )
    assert response.status_code == 302
    return client.get(response["Location"])


@pytest.mark.parametrize(
    "role,lands_on",
    [
        ("reception_officer", f"{INBOX}?mine=on&status=open&sort=due_on"),
        ("branch_head", f"{INBOX}?attention=on&sort=due_on"),
        ("analyst", "/kk/figures/"),
        ("central_admin", "/kk/figures/"),
        ("auditor", "/kk/org/personal-data-access/"),
        ("deputy", "/kk/receptions/"),
        ("state_body_contact", "/kk/control/instructions/"),
    ],
)
def test_each_role_lands_on_its_own_work(client, tree, role, lands_on):
    response = log_in(client, user_with_role(role, tree.atyrau))
    assert response.status_code == 302 and response["Location"] == lands_on
    assert client.get(lands_on).status_code == 200


def test_the_officer_lands_on_their_open_appeals_due_soonest(client, tree):
    log_in(client, user_with_role("reception_officer", tree.atyrau))
    response = client.get(f"{INBOX}?mine=on&status=open&sort=due_on")
    form = response.context["form"]
    assert form.is_valid()
    assert (form.cleaned_data["mine"], form.cleaned_data["status"]) == (True, "open")


def test_a_next_page_asked_for_wins(client, tree):
    user = user_with_role("analyst", tree.atyrau)
    user.set_password("right-password-1")
    user.save()
    response = client.post(
        reverse("login") + "?next=/kk/org/people/",
        {"username": user.username, "password": "right-password-1", "next": "/kk/org/people/"},
    )
    assert response["Location"] == "/kk/org/people/"


def test_one_table_names_every_role_and_the_widest_role_wins(tree):
    assert set(LANDINGS) == set(Role.values)
    user = user_with_role("reception_officer", tree.atyrau)
    user.grants.create(role="branch_head", branch=tree.atyrau_city)
    assert landing_for(user).startswith(f"{INBOX}?attention=on")
