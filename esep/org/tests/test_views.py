"""Every page of the organisation, as each kind of visitor sees it: anonymous, another
branch, a role without the right, and the right role."""

import pytest
from django.urls import reverse

from esep.audit.models import PersonalDataAccess
from esep.org.models import Membership
from esep.org.tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"org:{name}", args=args)


def login(client, role, branch):
    user = user_with_role(role, branch)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "page",
    [
        ("branch-list",),
        ("branch-detail", "atyrau"),
        ("body-detail", None),
        ("person-list",),
        ("person-detail", None),
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, tree, page):
    name, arg = page[0], page[1:] and page[1]
    args = {"body-detail": [tree.bureau.pk], "person-detail": [tree.members["atyrau"].pk]}.get(
        name, [arg] if arg else []
    )
    response = client.get(url(name, *args))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_branch_list_shows_only_the_users_subtree(client, tree):
    login(client, "branch_head", tree.atyrau)
    response = client.get(url("branch-list"))
    codes = [item.node.code for item in response.context["tree"]]
    assert codes == ["atyrau"]
    assert [c.node.code for c in response.context["tree"][0].children] == ["atyrau-city"]
    assert b"kostanay" not in response.content


def test_central_admin_sees_the_whole_tree(client, tree):
    login(client, "central_admin", tree.central)
    response = client.get(url("branch-list"))
    assert [item.node.code for item in response.context["tree"]] == ["central"]
    assert {c.node.code for c in response.context["tree"][0].children} == {"atyrau", "kostanay"}


def test_officer_of_another_branch_gets_404_for_a_branch(client, tree):
    login(client, "reception_officer", tree.kostanay)
    assert client.get(url("branch-detail", "atyrau")).status_code == 404
    assert client.get(url("branch-detail", "kostanay-rudny")).status_code == 200


def test_branch_page_shows_bodies_and_sub_branches(client, tree):
    login(client, "deputy", tree.atyrau)
    response = client.get(url("branch-detail", "atyrau"))
    assert response.status_code == 200
    assert [b.kind for b in response.context["bodies"]] == ["bureau"]
    assert [c.code for c in response.context["children"]] == ["atyrau-city"]
    assert response.context["subtree_members"] == 2
    # A deputy may see who sits in bodies, but not the register of people.
    assert not response.context["can_view_people"]


def test_body_page_lists_current_members_and_vacancies(client, tree):
    login(client, "analyst", tree.atyrau)
    response = client.get(url("body-detail", tree.bureau.pk))
    assert [p.person for p in response.context["current"]] == [tree.members["atyrau"]]
    assert response.context["vacant"] == 2


def test_body_of_another_branch_is_404(client, tree):
    login(client, "branch_head", tree.kostanay)
    assert client.get(url("body-detail", tree.bureau.pk)).status_code == 404


def test_people_list_is_scoped_and_bounded_in_queries(client, tree, django_assert_max_num_queries):
    login(client, "reception_officer", tree.atyrau)
    for _ in range(30):
        Membership.objects.create(
            person=PersonFactory.create(),
            branch=tree.atyrau_city,
            admitted_on="2020-01-01",
            card_number=str(PersonFactory.build().iin),
        )
    with django_assert_max_num_queries(12):
        response = client.get(url("person-list"))
    people = {person for person, _pd in response.context["rows"]}
    assert tree.members["atyrau"] in people and tree.members["atyrau-city"] in people
    assert tree.members["kostanay"] not in people
    assert response.context["page"].paginator.count == 32


def test_people_list_filters_by_name_branch_and_status(client, tree):
    login(client, "central_admin", tree.central)
    target = tree.members["kostanay-rudny"]
    response = client.get(url("person-list"), {"q": target.surname[:3], "branch": "kostanay-rudny"})
    assert [p for p, _ in response.context["rows"]] == [target]
    response = client.get(url("person-list"), {"status": "expelled"})
    assert response.context["rows"] == []


def test_htmx_request_gets_only_the_rows(client, tree):
    login(client, "central_admin", tree.central)
    response = client.get(url("person-list"), headers={"HX-Request": "true"})
    assert b"<html" not in response.content
    assert b"<table" in response.content


@pytest.mark.parametrize("role", ["deputy", "state_body_contact"])
def test_roles_without_the_people_register_are_refused(client, tree, role):
    login(client, role, tree.atyrau)
    assert client.get(url("person-list")).status_code == 403
    assert client.get(url("person-detail", tree.members["atyrau"].pk)).status_code == 403


def test_person_of_another_branch_is_404(client, tree):
    login(client, "branch_head", tree.kostanay)
    assert client.get(url("person-detail", tree.members["atyrau"].pk)).status_code == 404


def test_iin_search_needs_the_right_to_personal_data(client, tree):
    target = tree.members["atyrau"]
    login(client, "analyst", tree.atyrau)
    assert client.get(url("person-list"), {"q": target.iin}).context["rows"] == []
    client.logout()
    login(client, "reception_officer", tree.atyrau)
    assert [p for p, _ in client.get(url("person-list"), {"q": target.iin}).context["rows"]] == [
        target
    ]


def test_analyst_sees_personal_data_masked_and_nothing_is_logged(client, tree):
    target = tree.members["atyrau"]
    login(client, "analyst", tree.atyrau)
    response = client.get(url("person-detail", target.pk))
    content = response.content.decode()
    assert target.iin not in content and target.iin[-2:] in content
    assert target.email not in content
    assert not response.context["pd"].revealed
    assert not PersonalDataAccess.objects.exists()


def test_officer_sees_personal_data_and_the_view_is_logged(client, tree):
    target = tree.members["atyrau"]
    user = login(client, "reception_officer", tree.atyrau)
    response = client.get(url("person-detail", target.pk))
    assert target.iin in response.content.decode()
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.person, access.page) == (
        user,
        target,
        url("person-detail", target.pk),
    )
    assert set(access.fields) == {"iin", "phone", "email", "address", "birth_date"}


def test_list_page_logs_every_person_whose_data_it_shows(client, tree):
    login(client, "auditor", tree.kostanay)
    client.get(url("person-list"))
    logged = set(PersonalDataAccess.objects.values_list("person_id", flat=True))
    assert logged == {tree.members["kostanay"].pk, tree.members["kostanay-rudny"].pk}


def test_branch_head_suspends_a_member_with_a_reason(client, tree):
    target = tree.members["atyrau-city"]
    login(client, "branch_head", tree.atyrau)
    response = client.post(
        url("person-step", target.pk, "status"),
        {"change": "suspended", "on": "2024-05-01", "reason": "Этика"},
    )
    assert response.status_code == 302
    assert Membership.objects.get(person=target).status == "suspended"


def test_a_refused_decision_shows_the_error_and_changes_nothing(client, tree):
    target = tree.members["atyrau-city"]
    login(client, "branch_head", tree.atyrau)
    response = client.post(
        url("person-step", target.pk, "status"),
        {"change": "reinstated", "on": "2024-05-01", "reason": "x"},
    )
    assert response.status_code == 400
    assert response.context["status_form"].non_field_errors()
    assert Membership.objects.get(person=target).status == "active"


def test_transfer_is_limited_to_branches_the_head_manages(client, tree):
    target = tree.members["atyrau-city"]
    login(client, "branch_head", tree.atyrau)
    response = client.post(
        url("person-step", target.pk, "transfer"), {"to_branch": "kostanay", "on": "2024-05-01"}
    )
    assert response.status_code == 400
    assert Membership.objects.get(person=target).branch == tree.atyrau_city
    response = client.post(
        url("person-step", target.pk, "transfer"), {"to_branch": "atyrau", "on": "2024-05-01"}
    )
    assert response.status_code == 302
    assert Membership.objects.get(person=target).branch == tree.atyrau
    # Only the refused attempt showed the person's page (and personal data); the transfer
    # that went through redirected without showing any.
    assert PersonalDataAccess.objects.filter(person=target).count() == 1


@pytest.mark.parametrize("role", ["reception_officer", "analyst", "auditor"])
def test_roles_that_do_not_manage_membership_cannot_change_it(client, tree, role):
    target = tree.members["atyrau-city"]
    login(client, role, tree.atyrau)
    response = client.post(
        url("person-step", target.pk, "status"),
        {"change": "expelled", "on": "2024-05-01", "reason": "x"},
    )
    assert response.status_code == 403
    assert Membership.objects.get(person=target).status == "active"


def test_head_of_another_branch_cannot_change_membership(client, tree):
    target = tree.members["atyrau-city"]
    login(client, "branch_head", tree.kostanay)
    response = client.post(
        url("person-step", target.pk, "status"),
        {"change": "expelled", "on": "2024-05-01", "reason": "x"},
    )
    assert response.status_code == 404


def test_territories_are_public(client, tree):
    response = client.get(url("territory-list"))
    assert response.status_code == 200
    assert b"230000000" in response.content


def test_a_transfer_is_not_offered_for_a_membership_that_is_not_active(client, tree):
    # The person's page offers its decisions as every record page does: one the membership
    # does not allow now is refused as any step not offered, and changes nothing.
    target = tree.members["atyrau-city"]
    login(client, "branch_head", tree.atyrau)
    client.post(
        url("person-step", target.pk, "status"),
        {"change": "suspended", "on": "2024-05-01", "reason": "Этика"},
    )
    page = client.get(url("person-detail", target.pk))
    assert [step.name for step in page.context["steps"]] == ["status"]
    response = client.post(
        url("person-step", target.pk, "transfer"), {"to_branch": "atyrau", "on": "2024-05-02"}
    )
    assert response.status_code == 403
    assert Membership.objects.get(person=target).branch == tree.atyrau_city
