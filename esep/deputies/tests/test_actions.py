"""Recording bodies, mandates, posts, sittings and deputies' work: the faction follows the
mandates, the seats and terms hold, every deputy in office is marked at a sitting, and
outsiders are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from esep.appeals.tests.factories import StateBodyFactory
from esep.audit.models import Event
from esep.deputies import actions
from esep.deputies.models import Attendance, Level, Mandate
from esep.org.models import Body, Post
from esep.org.tests.factories import PersonFactory


def test_a_party_mandate_makes_a_faction_member_and_its_end_ends_it(council):
    person = PersonFactory.create()
    mandate = actions.add_mandate(
        actor=council.office,
        convocation=council.convocation,
        person=person,
        kind=Mandate.Kind.DISTRICT,
        district="№ 12 Қостанай",
        party=council.own,
        started_on=dt.date(2021, 2, 1),
    )
    post = mandate.faction_post
    assert post is not None
    assert (post.body.kind, post.body.branch, post.person, post.started_on) == (
        Body.Kind.MASLIKHAT_FACTION,
        council.tree.kostanay,
        person,
        dt.date(2021, 2, 1),
    )
    actions.end_mandate(
        actor=council.office, mandate=mandate, ended_on=dt.date(2021, 9, 30), reason="resigned"
    )
    assert Post.objects.get(pk=post.pk).ended_on == dt.date(2021, 9, 30)
    assert Event.objects.filter(action="deputies.mandate_ended").exists()
    # Another party's mandate gives no faction membership.
    other = actions.add_mandate(
        actor=council.office,
        convocation=council.convocation,
        person=PersonFactory.create(),
        kind=Mandate.Kind.PARTY_LIST,
        party=council.other,
        started_on=dt.date(2021, 2, 1),
    )
    assert other.faction_post is None


def test_the_mazhilis_faction_is_its_own_kind(council):
    mazhilis = actions.add_body(
        actor=council.central,
        branch=council.tree.central,
        code="mazhilis",
        level=Level.MAZHILIS,
        territory=council.tree.central.territory,
        name_kk="Мәжіліс",
        name_ru="Мажилис",
    )
    eighth = actions.add_convocation(
        actor=council.central,
        body=mazhilis,
        number=8,
        elected_on=dt.date(2021, 1, 10),
        started_on=dt.date(2021, 1, 15),
        seats=98,
    )
    mandate = actions.add_mandate(
        actor=council.central,
        convocation=eighth,
        person=PersonFactory.create(),
        kind=Mandate.Kind.PARTY_LIST,
        party=council.own,
        started_on=dt.date(2021, 1, 15),
    )
    assert mandate.faction_post is not None
    assert mandate.faction_post.body.kind == Body.Kind.MAZHILIS_FACTION


def test_mandates_keep_to_the_seats_and_the_term(council):
    small = actions.add_convocation(
        actor=council.office,
        body=council.body,
        number=8,
        elected_on=dt.date(2026, 3, 1),
        started_on=dt.date(2026, 3, 10),
        seats=1,
    )
    actions.add_mandate(
        actor=council.office,
        convocation=small,
        person=PersonFactory.create(),
        kind="party_list",
        party=council.own,
        started_on=dt.date(2026, 3, 10),
    )
    with pytest.raises(ValidationError) as full:
        actions.add_mandate(
            actor=council.office,
            convocation=small,
            person=PersonFactory.create(),
            kind="party_list",
            party=council.own,
            started_on=dt.date(2026, 3, 10),
        )
    assert full.value.code == "seats_taken"
    with pytest.raises(ValidationError) as early:
        actions.add_mandate(
            actor=council.office,
            convocation=council.convocation,
            person=PersonFactory.create(),
            kind="district",
            party=None,
            started_on=dt.date(2020, 12, 1),
        )
    assert set(early.value.error_dict) == {"started_on", "district"}
    with pytest.raises(ValidationError) as twice:
        actions.add_mandate(
            actor=council.office,
            convocation=council.convocation,
            person=council.mandate.person,
            kind="party_list",
            party=council.own,
            started_on=dt.date(2021, 2, 1),
        )
    assert twice.value.error_dict["person"][0].code == "duplicate"


def test_one_chair_and_one_secretary_at_a_time(council):
    with pytest.raises(ValidationError) as taken:
        actions.add_post(
            actor=council.office,
            mandate=council.mandates[2],
            position="secretary",
            started_on=dt.date(2021, 2, 1),
        )
    assert taken.value.error_dict["position"][0].code == "post_taken"
    with pytest.raises(ValidationError) as unnamed:
        actions.add_post(
            actor=council.office,
            mandate=council.mandates[2],
            position="committee_chair",
            started_on=dt.date(2021, 2, 1),
        )
    assert "committee_kk" in unnamed.value.error_dict


def marks(council, day, **special):
    return {
        m.pk: special.get(str(m.pk), ("present", ""))
        for m in council.convocation.mandates.in_office(day)
    }


def test_the_secretary_marks_every_deputy_in_office(council):
    day = dt.date(2021, 3, 4)
    everyone = marks(council, day)
    missing = dict(list(everyone.items())[1:])
    with pytest.raises(ValidationError) as partial:
        actions.record_sitting(
            actor=council.secretary_user,
            convocation=council.convocation,
            number=1,
            held_on=day,
            marks=missing,
        )
    assert partial.value.code == "marks"
    everyone[council.mandates[3].pk] = ("excused", "")
    with pytest.raises(ValidationError) as no_reason:
        actions.record_sitting(
            actor=council.secretary_user,
            convocation=council.convocation,
            number=1,
            held_on=day,
            marks=everyone,
        )
    assert no_reason.value.code == "reason_required"
    everyone[council.mandates[3].pk] = ("excused", "іссапар")
    sitting = actions.record_sitting(
        actor=council.secretary_user,
        convocation=council.convocation,
        number=1,
        held_on=day,
        marks=everyone,
    )
    assert sitting.attendance.count() == 7  # six of the party and the rival
    assert Attendance.objects.get(sitting=sitting, mandate=council.mandates[3]).reason == "іссапар"
    # An ordinary deputy is not the secretary.
    with pytest.raises(ValidationError) as refused:
        actions.record_sitting(
            actor=council.deputy,
            convocation=council.convocation,
            number=2,
            held_on=day,
            marks=everyone,
        )
    assert refused.value.code == "denied"


def test_work_is_recorded_only_on_days_in_office(council):
    with pytest.raises(ValidationError) as before:
        actions.record_inquiry(
            actor=council.office,
            mandate=council.mandate,
            state_body=StateBodyFactory.create(),
            subject="Жол",
            sent_on=dt.date(2021, 1, 2),
        )
    assert before.value.error_dict["sent_on"][0].code == "not_in_office"
    inquiry = actions.record_inquiry(
        actor=council.office,
        mandate=council.mandate,
        state_body=StateBodyFactory.create(),
        subject="Жол",
        sent_on=dt.date(2021, 2, 2),
    )
    with pytest.raises(ValidationError):
        actions.record_inquiry_answer(
            actor=council.office,
            inquiry=inquiry,
            answer="Жөнделеді",
            answered_on=dt.date(2021, 2, 1),
        )
    actions.record_inquiry_answer(
        actor=council.office, inquiry=inquiry, answer="Жөнделеді", answered_on=dt.date(2021, 3, 1)
    )


@pytest.mark.parametrize(
    "step",
    [
        lambda c, who: actions.add_convocation(
            actor=who,
            body=c.body,
            number=9,
            elected_on=dt.date(2031, 1, 1),
            started_on=dt.date(2031, 1, 5),
            seats=30,
        ),
        lambda c, who: actions.add_mandate(
            actor=who,
            convocation=c.convocation,
            person=PersonFactory.create(),
            kind="party_list",
            party=c.own,
            started_on=dt.date(2021, 2, 1),
        ),
        lambda c, who: actions.end_mandate(
            actor=who, mandate=c.mandate, ended_on=dt.date(2021, 5, 1), reason="resigned"
        ),
        lambda c, who: actions.record_initiative(
            actor=who,
            mandate=c.mandate,
            kind="amendment",
            title="Түзету",
            submitted_on=dt.date(2021, 3, 3),
        ),
        lambda c, who: actions.record_voter_report(
            actor=who,
            mandate=c.mandate,
            held_on=dt.date(2021, 3, 3),
            place="Мектеп",
            people_attending=40,
        ),
        lambda c, who: actions.publish_rating(
            actor=who, branch=c.tree.kostanay, month=dt.date(2021, 3, 1)
        ),
        lambda c, who: actions.add_method(
            actor=who, valid_from=dt.date(2031, 1, 1), weights={"receptions": (1, 2)}
        ),
    ],
)
def test_outsiders_and_deputies_are_refused(council, step):
    for who in (council.outsider, council.deputy):
        with pytest.raises(ValidationError) as refused:
            step(council, who)
        assert refused.value.code == "denied"


def test_only_the_central_office_sets_the_methodology(council):
    with pytest.raises(ValidationError) as refused:
        actions.add_method(
            actor=council.office, valid_from=dt.date(2031, 1, 1), weights={"receptions": (1, 2)}
        )
    assert refused.value.code == "denied"
    with pytest.raises(ValidationError) as mid_month:
        actions.add_method(
            actor=council.central, valid_from=dt.date(2031, 1, 5), weights={"receptions": (1, 2)}
        )
    assert "valid_from" in mid_month.value.error_dict
    with pytest.raises(ValidationError) as nought:
        actions.add_method(
            actor=council.central, valid_from=dt.date(2031, 1, 1), weights={"receptions": (0, 2)}
        )
    assert "receptions_weight" in nought.value.error_dict
    method = actions.add_method(
        actor=council.central,
        valid_from=dt.date(2031, 1, 1),
        weights={"receptions": ("1,5", "2")},
        notes_kk="Тек қабылдау",
    )
    assert method.version == 2
    assert method.weights.get().weight == 1.5
