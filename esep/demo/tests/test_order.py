"""The demo picks people in a fixed order. Their IIN is stored encrypted, and ciphertexts sort
at random: ordered by it, the bodies' members and the monitors' logins changed from one load
to the next, and a receiver of citizens sometimes became a monitor login, left unseated."""

import pytest

from esep.demo.org import build_bodies
from esep.demo.programme import _candidates
from esep.org.models import Membership, Person, Post
from esep.org.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_monitors_candidates_come_in_the_order_they_were_recorded(tree):
    for _ in range(12):
        MembershipFactory(branch=tree.kostanay)
    people = list(Person.objects.filter(membership__branch__path__startswith=tree.kostanay.path))
    assert _candidates(tree.kostanay) == sorted(people, key=lambda p: p.pk)


def test_a_bodys_seats_go_to_the_members_in_the_order_they_were_recorded(tree):
    for _ in range(40):
        MembershipFactory(branch=tree.rudny)
    build_bodies([tree.rudny])
    members = Membership.objects.filter(branch=tree.rudny).order_by("pk")
    seated = Post.objects.filter(body__branch=tree.rudny, body__kind="political_council")
    first = [m.person_id for m in members[: seated.count()]]
    assert list(seated.order_by("pk").values_list("person_id", flat=True)) == first
