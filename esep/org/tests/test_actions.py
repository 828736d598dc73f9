import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from esep.audit.log import events_for
from esep.org import actions
from esep.org.models import Membership, Post
from esep.org.tests.factories import BodyFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 3, 1)


def test_admission_records_history_and_an_event(tree):
    person = PersonFactory.create()
    m = actions.admit_member(
        actor=None, person=person, branch=tree.atyrau, on=DAY, card_number="X1"
    )
    assert [c.kind for c in m.changes.all()] == ["admitted"]
    assert [e.action for e in events_for(m)] == ["membership.admitted"]


def test_a_member_cannot_be_admitted_twice(tree):
    with pytest.raises(ValidationError):
        actions.admit_member(
            actor=None,
            person=tree.members["atyrau"],
            branch=tree.kostanay,
            on=DAY,
            card_number="X2",
        )


def test_transfer_moves_the_member_and_keeps_where_from(tree):
    m = tree.members["atyrau"].membership
    actions.transfer_member(
        actor=None, membership=m, to_branch=tree.kostanay, on=DAY, reason="moved"
    )
    m.refresh_from_db()
    assert m.branch == tree.kostanay
    last = m.changes.last()
    assert (last.kind, last.from_branch, last.to_branch) == (
        "transferred",
        tree.atyrau,
        tree.kostanay,
    )


def test_suspended_member_cannot_be_transferred(tree):
    m = tree.members["atyrau"].membership
    actions.change_membership_status(
        actor=None, membership=m, change="suspended", on=DAY, reason="r"
    )
    with pytest.raises(ValidationError) as exc:
        actions.transfer_member(actor=None, membership=m, to_branch=tree.kostanay, on=DAY)
    assert exc.value.code == "not_active"


@pytest.mark.parametrize(
    ("steps", "final"),
    [
        (["suspended", "reinstated"], "active"),
        (["suspended", "expelled"], "expelled"),
        (["left", "reinstated"], "active"),
        (["left"], "left"),
        # an exclusion annulled on review gives the membership back
        (["expelled", "reinstated"], "active"),
    ],
)
def test_allowed_status_changes(steps, final):
    m = MembershipFactory.create()
    for step in steps:
        actions.change_membership_status(actor=None, membership=m, change=step, on=DAY, reason="r")
    m.refresh_from_db()
    assert m.status == final
    assert [c.kind for c in m.changes.all()] == ["admitted", *steps]


@pytest.mark.parametrize(
    ("start", "change"),
    [("active", "reinstated"), ("expelled", "suspended"), ("left", "suspended")],
)
def test_forbidden_status_changes_are_refused_and_change_nothing(start, change):
    m = MembershipFactory.create(status=start)
    with pytest.raises(ValidationError) as exc:
        actions.change_membership_status(
            actor=None, membership=m, change=change, on=DAY, reason="r"
        )
    assert exc.value.code == "forbidden_transition"
    m.refresh_from_db()
    assert m.status == start
    assert m.changes.count() == 1


def test_a_status_change_needs_a_reason():
    m = MembershipFactory.create()
    with pytest.raises(ValidationError):
        actions.change_membership_status(
            actor=None, membership=m, change="expelled", on=DAY, reason=" "
        )
    assert Membership.objects.get(pk=m.pk).status == "active"


def test_a_body_never_has_more_people_than_seats():
    body = BodyFactory.create(seats=2)
    for _ in range(2):
        actions.appoint_to_body(
            actor=None, body=body, person=PersonFactory.create(), position="member", started_on=DAY
        )
    with pytest.raises(ValidationError) as exc:
        actions.appoint_to_body(
            actor=None, body=body, person=PersonFactory.create(), position="member", started_on=DAY
        )
    assert exc.value.code == "no_free_seat"


def test_a_body_has_one_chair_and_an_ended_term_frees_the_seat():
    body = BodyFactory.create(seats=3)
    chair = actions.appoint_to_body(
        actor=None, body=body, person=PersonFactory.create(), position="chair", started_on=DAY
    )
    with pytest.raises(ValidationError):
        actions.appoint_to_body(
            actor=None, body=body, person=PersonFactory.create(), position="chair", started_on=DAY
        )
    actions.end_post(actor=None, post=chair, on=DAY + dt.timedelta(days=10))
    later = DAY + dt.timedelta(days=11)
    actions.appoint_to_body(
        actor=None, body=body, person=PersonFactory.create(), position="chair", started_on=later
    )
    assert Post.objects.filter(body=body).current(later).filter(position="chair").count() == 1


def test_create_person_validates_and_keeps_personal_values_out_of_the_event_log():
    person = actions.create_person(
        actor=None, surname="Ким", given_name="Анна", phone="87015550000", iin=""
    )
    assert person.phone == "+77015550000"
    event = events_for(person).get()
    assert event.changes["phone"] == "•••"
    with pytest.raises(ValidationError):
        actions.create_person(actor=None, surname="Ким", given_name="Анна", iin="123")


def test_a_person_is_identified_by_iin_or_by_phone_and_name_else_recorded():
    known = PersonFactory.create(phone="+77015550001", surname="Омаров", given_name="Ерлан")

    def identified(**given):
        return actions.identify(actor=None, given=actions.given_person(**given))

    names = {"surname": "Омаров", "given_name": "Ерлан"}
    assert identified(iin=f" {known.iin} ", **names) == known
    assert identified(phone="8 701 555 00 01", surname=" омаров ", given_name="ЕРЛАН") == known
    other = identified(phone="8 701 555 00 01", surname="Омарова", given_name="Алия")
    assert other != known  # a phone alone is no identity
    new = identified(phone="8 701 555 00 02", surname="Ким", given_name="Анна")
    assert new != known and new.phone == "+77015550002"
    assert [e.action for e in events_for(new)] == ["person.created"]
    with pytest.raises(ValidationError):
        actions.given_person(surname="Омарова", phone="8 701 555 00 03")  # no given name
