import pytest

from esep.access.models import User, outermost
from esep.org.models import Branch, Person
from esep.org.roles import CAPABILITIES, Capability, Role
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_outermost_drops_nested_paths():
    assert outermost(["00010002", "0001", "00020001", "0001"]) == ["0001", "00020001"]


def test_a_grant_covers_the_whole_subtree(tree):
    user = user_with_role("analyst", tree.atyrau)
    assert set(Branch.objects.visible_to(user).values_list("code", flat=True)) == {
        "atyrau",
        "atyrau-city",
    }


def test_grants_in_two_branches_add_up(tree):
    user = user_with_role("analyst", tree.atyrau_city, "two")
    user_with_role("analyst", tree.rudny, "two")
    user = User.objects.get(pk=user.pk)
    assert set(Branch.objects.visible_to(user).values_list("code", flat=True)) == {
        "atyrau-city",
        "kostanay-rudny",
    }


def test_people_are_visible_through_membership_or_a_post(tree):
    outsider_chair = tree.members["kostanay"]
    tree.bureau.posts.create(person=outsider_chair, position="member", started_on="2021-02-20")
    user = user_with_role("reception_officer", tree.atyrau)
    visible = set(Person.objects.visible_to(user))
    assert visible == {tree.members["atyrau"], tree.members["atyrau-city"], outsider_chair}


def test_an_inactive_user_sees_nothing(tree):
    user = user_with_role("central_admin", tree.central)
    assert Branch.objects.visible_to(user).count() == 5
    user.is_active = False
    assert Branch.objects.visible_to(user).count() == 0


def test_superuser_without_grants_sees_everything(tree):
    user = User.objects.create_superuser("root", password="x")
    assert Branch.objects.visible_to(user).count() == 5


def test_only_the_roles_meant_to_see_personal_data_can():
    allowed = {role for role, caps in CAPABILITIES.items() if Capability.VIEW_PERSONAL_DATA in caps}
    assert allowed == {Role.CENTRAL_ADMIN, Role.BRANCH_HEAD, Role.RECEPTION_OFFICER, Role.AUDITOR}
    assert CAPABILITIES[Role.STATE_BODY_CONTACT] == frozenset()
