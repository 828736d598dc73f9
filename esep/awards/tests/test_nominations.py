"""Nominations through their actions: the person found by IIN or recorded, the level and
granting-body rules, one award per person, the decision, its certificate number, consent."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from esep.audit.models import Event
from esep.awards import actions
from esep.awards.models import Nomination
from esep.awards.tests.conftest import DECEMBER
from esep.lib.iin import make_iin
from esep.org.models import Body, Person
from esep.org.tests.factories import BodyFactory, PersonFactory

pytestmark = pytest.mark.django_db


def codes(exc):
    return {e.code for errors in exc.value.error_dict.values() for e in errors}


def test_a_nomination_records_a_person_given_by_names_and_sex(nomination):
    person = nomination.person
    assert (person.surname, person.given_name, person.sex) == ("Зимовец", "Елена", "female")
    assert nomination.status == Nomination.Status.NOMINATED
    assert Event.objects.filter(action="awards.nominated", object_id=str(nomination.pk)).exists()


def test_a_nomination_by_iin_finds_the_recorded_person(tree, officer, catalogue):
    person = PersonFactory.create(surname="Жүсіпов", given_name="Бек")
    made = actions.nominate(
        actor=officer,
        branch=tree.kostanay,
        award=catalogue["medal"],
        iin=person.iin,
        surname="ЖҮСІПОВ",
        given_name="бек",
        grounds="Облыстың әлеуметтік дамуына қосқан үлесі үшін",
    )
    assert made.person == person
    assert Person.objects.filter(surname="Жүсіпов").count() == 1


def test_an_iin_never_tells_whose_it_is(tree, officer, catalogue):
    person = PersonFactory.create(surname="Омаров", given_name="Ерлан")
    with pytest.raises(ValidationError) as refused:
        actions.nominate(
            actor=officer,
            branch=tree.kostanay,
            award=catalogue["badge"],
            iin=person.iin,
            surname="Басқа",
            given_name="Адам",
            grounds="—",
        )
    assert codes(refused) == {"iin_other_name"}
    assert not Nomination.objects.exists()


def test_a_new_person_with_an_iin_takes_the_sex_it_gives(tree, officer, catalogue):
    iin = make_iin(dt.date(1975, 3, 4), "female", serial=77)
    made = actions.nominate(
        actor=officer,
        branch=tree.kostanay,
        award=catalogue["letter"],
        iin=iin,
        surname="Луценко",
        given_name="Алла",
        grounds="Ардагер",
    )
    assert made.person.sex == "female" and made.person.iin == iin


def test_one_person_gets_the_same_award_once(tree, officer, catalogue, kostanay_bureau, nomination):
    with pytest.raises(ValidationError) as pending:
        actions.nominate(
            actor=officer,
            branch=tree.kostanay,
            award=catalogue["letter"],
            person=nomination.person,
            grounds="Тағы да",
        )
    assert pending.value.code == "duplicate"
    actions.grant(
        actor=officer,
        nomination=nomination,
        body=kostanay_bureau,
        decision_number="12",
        decided_on=DECEMBER,
    )
    with pytest.raises(ValidationError) as held:
        actions.nominate(
            actor=officer,
            branch=tree.rudny,
            award=catalogue["letter"],
            person=nomination.person,
            grounds="Тағы да",
        )
    assert held.value.code == "duplicate"
    assert "Зимовец Елена" in held.value.messages[0]
    # Another award is another matter.
    actions.nominate(
        actor=officer,
        branch=tree.kostanay,
        award=catalogue["badge"],
        person=nomination.person,
        grounds="Белсенді қызметі үшін",
    )


def test_the_database_refuses_a_second_award_too(catalogue, nomination, tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.create(
            person=nomination.person, award=catalogue["letter"], branch=tree.rudny, grounds="x"
        )


def test_a_person_refused_may_be_nominated_again(tree, officer, kostanay_bureau, nomination):
    actions.refuse(
        actor=officer,
        nomination=nomination,
        body=kostanay_bureau,
        decided_on=DECEMBER,
        reason="Құжаттар толық емес",
    )
    again = actions.nominate(
        actor=officer,
        branch=tree.kostanay,
        award=nomination.award,
        person=nomination.person,
        grounds="Қайта ұсынылды",
    )
    assert again.pk != nomination.pk


def test_an_award_is_granted_only_where_a_branch_of_its_level_stands_above(
    tree, officer, catalogue
):
    # The district-level award has no district branch above Kostanay's regional branch.
    catalogue["badge"].level = "district"
    catalogue["badge"].save()
    with pytest.raises(ValidationError) as refused:
        actions.nominate(
            actor=officer,
            branch=tree.kostanay,
            award=catalogue["badge"],
            surname="Ким",
            given_name="Анна",
            grounds="—",
        )
    assert codes(refused) == {"level"}


def test_the_granting_body_is_the_bureau_or_council_of_the_awards_level(
    tree, officer, catalogue, kostanay_bureau
):
    nomination = actions.nominate(
        actor=officer,
        branch=tree.rudny,
        award=catalogue["badge"],
        surname="Ким",
        given_name="Анна",
        grounds="—",
    )
    audit = BodyFactory.create(branch=tree.kostanay, kind=Body.Kind.AUDIT_COMMISSION)
    rudny_council = BodyFactory.create(branch=tree.rudny, kind=Body.Kind.POLITICAL_COUNCIL)
    for body in (audit, rudny_council, tree.bureau):  # tree.bureau is Atyrau's
        with pytest.raises(ValidationError) as refused:
            actions.grant(
                actor=officer,
                nomination=nomination,
                body=body,
                decision_number="1",
                decided_on=DECEMBER,
            )
        assert codes(refused) == {"granting_body"}
    granted = actions.grant(
        actor=officer,
        nomination=nomination,
        body=kostanay_bureau,
        decision_number="1",
        decided_on=DECEMBER,
    )
    assert granted.status == Nomination.Status.GRANTED


def test_a_grant_numbers_the_certificate_and_a_number_is_given_once(
    tree, officer, catalogue, kostanay_bureau, nomination
):
    granted = actions.grant(
        actor=officer,
        nomination=nomination,
        body=kostanay_bureau,
        decision_number="15-к",
        decided_on=DECEMBER,
    )
    assert granted.certificate_number == "ALGHYS-HAT-2021-0001"
    assert granted.decision_number == "15-к" and granted.decided_on == DECEMBER
    other = actions.nominate(
        actor=officer,
        branch=tree.kostanay,
        award=catalogue["letter"],
        surname="Ысқақов",
        given_name="Балғабай",
        grounds="Мұғалім",
    )
    with pytest.raises(ValidationError) as taken:
        actions.grant(
            actor=officer,
            nomination=other,
            body=kostanay_bureau,
            decision_number="15-к",
            decided_on=DECEMBER,
            certificate_number="ALGHYS-HAT-2021-0001",
        )
    assert codes(taken) == {"certificate_taken"}
    other.refresh_from_db()
    assert other.status == Nomination.Status.NOMINATED
    second = actions.grant(
        actor=officer,
        nomination=other,
        body=kostanay_bureau,
        decision_number="15-к",
        decided_on=DECEMBER,
    )
    assert second.certificate_number == "ALGHYS-HAT-2021-0002"


def test_a_decided_nomination_is_not_decided_again(officer, kostanay_bureau, nomination):
    actions.grant(
        actor=officer,
        nomination=nomination,
        body=kostanay_bureau,
        decision_number="3",
        decided_on=DECEMBER,
    )
    with pytest.raises(ValidationError) as refused:
        actions.refuse(
            actor=officer,
            nomination=nomination,
            body=kostanay_bureau,
            decided_on=DECEMBER,
            reason="—",
        )
    assert refused.value.code == "decided"
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.GRANTED


def test_consent_is_recorded_with_its_date(officer, nomination):
    actions.record_consent(actor=officer, nomination=nomination, given=True, on=DECEMBER)
    nomination.refresh_from_db()
    assert nomination.consent_to_publish and nomination.consent_on == DECEMBER
    actions.record_consent(
        actor=officer, nomination=nomination, given=False, on=DECEMBER + dt.timedelta(days=3)
    )
    nomination.refresh_from_db()
    assert not nomination.consent_to_publish
    assert Event.objects.filter(action="awards.consent").count() == 2


def test_consent_needs_its_date(tree, officer, catalogue):
    with pytest.raises(ValidationError) as refused:
        actions.nominate(
            actor=officer,
            branch=tree.kostanay,
            award=catalogue["badge"],
            surname="Ким",
            given_name="Анна",
            grounds="—",
            consent_to_publish=True,
        )
    assert codes(refused) == {"consent_date"}


def test_a_ceremony_of_another_branch_is_refused(tree, officer, nomination):
    atyrau = actions.hold_ceremony(
        actor=officer, branch=tree.atyrau, held_on=DECEMBER, place="Атырау", title="Рәсім"
    )
    with pytest.raises(ValidationError) as refused:
        actions.set_ceremony(actor=officer, nomination=nomination, ceremony=atyrau)
    assert codes(refused) == {"ceremony_branch"}
