"""The portal's awards: per ceremony the awards granted, their counts, and the names of only
those who consented; nothing else about anyone, and never a name without consent."""

import pytest
from django.urls import reverse
from django.utils import translation

from esep.awards import actions
from esep.awards.tests.conftest import DECEMBER
from esep.org.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ceremony_held(tree, officer, catalogue, kostanay_bureau, ceremony):
    people = {}
    for award, surname, consent in [
        ("letter", "Зимовец", True),
        ("letter", "Ысқақов", False),
        ("letter", "Луценко", True),
        ("badge", "Құпиябаев", False),
        ("medal", "Жүсіпов", True),
    ]:
        person = PersonFactory.create(surname=surname, given_name="Аты", address="Құпия көше, 7")
        people[surname] = person
        nomination = actions.nominate(
            actor=officer,
            branch=tree.kostanay,
            award=catalogue[award],
            person=person,
            grounds="Жасырын негіздеме",
            ceremony=ceremony,
            consent_to_publish=consent,
            consent_on=DECEMBER if consent else None,
        )
        actions.grant(
            actor=officer,
            nomination=nomination,
            body=kostanay_bureau,
            decision_number="4",
            decided_on=DECEMBER,
        )
    # Nominated, and consenting, but not granted: not on the page.
    actions.nominate(
        actor=officer,
        branch=tree.kostanay,
        award=catalogue["honour"],
        surname="Күтуде",
        given_name="Аты",
        grounds="—",
        ceremony=ceremony,
        consent_to_publish=True,
        consent_on=DECEMBER,
    )
    return people


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_public_list_and_a_ceremony_name_only_who_consented(
    client, ceremony, ceremony_held, language
):
    with translation.override(language):
        listing = client.get(reverse("portal:awards"))
        page = client.get(reverse("portal:ceremony", args=[ceremony.pk]))
    assert listing.status_code == 200 and ceremony.title in listing.content.decode()
    assert page.status_code == 200
    body = page.content.decode()
    for shown in ("Зимовец Аты", "Луценко Аты", "Жүсіпов Аты"):
        assert shown in body
    for hidden in ("Ысқақов", "Құпиябаев", "Күтуде"):
        assert hidden not in body
    letters = next(g for g in page.context["awards"] if g.award.kind == "letter_of_gratitude")
    assert (letters.count, letters.more) == (3, 1)
    badges = next(g for g in page.context["awards"] if g.award.kind == "badge")
    assert (badges.count, badges.names) == (1, [])
    assert {g.award.kind for g in page.context["awards"]} == {
        "letter_of_gratitude",
        "badge",
        "medal",
    }


def test_nothing_but_the_names_reaches_the_page(client, ceremony, ceremony_held):
    body = client.get(reverse("portal:ceremony", args=[ceremony.pk])).content.decode()
    for person in ceremony_held.values():
        for value in (
            person.iin,
            person.phone,
            person.email,
            person.birth_date.strftime("%d.%m.%Y"),
        ):
            assert value not in body
    assert "Құпия көше" not in body and "Жасырын негіздеме" not in body
    assert "ALGHYS-HAT" not in body


def test_a_ceremony_with_nothing_granted_is_not_public(client, tree, officer, ceremony):
    assert client.get(reverse("portal:ceremony", args=[ceremony.pk])).status_code == 404
    assert ceremony.title not in client.get(reverse("portal:awards")).content.decode()


def test_withdrawn_consent_takes_the_name_off(client, officer, ceremony, ceremony_held):
    from esep.awards.models import Nomination

    nomination = Nomination.objects.get(person=ceremony_held["Зимовец"])
    actions.record_consent(actor=officer, nomination=nomination, given=False, on=DECEMBER)
    assert (
        "Зимовец" not in client.get(reverse("portal:ceremony", args=[ceremony.pk])).content.decode()
    )
