"""Registering an appeal tells the registering branch nothing about a person it did not type
itself (issue findings 1 and 2): the appeal keeps its applicant as given, and a phone alone
never makes someone else's identity."""

import datetime as dt
from datetime import UTC

import pytest
from django.urls import reverse

from esep.appeals import actions
from esep.appeals.models import Appeal
from esep.appeals.tests.factories import register
from esep.audit.models import PersonalDataAccess
from esep.org.models import Person
from esep.org.tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db


def registration(place, branch: str, **applicant: str) -> dict[str, str]:
    return {
        "consent": "on",
        "kind": "complaint",
        "channel": "reception_office",
        "category": place["category"].code,
        "branch": branch,
        "territory": "230000000",
        "text": "Аулада жарық жоқ",
        "language": "kk",
        **applicant,
    }


@pytest.fixture
def kostanay_member(tree):
    """A Kostanay member with a full record, whom no Atyrau user may read."""
    person = tree.members["kostanay"]
    person.address = "Тәуелсіздік көшесі, 7, 12 пәтер"
    person.save()
    return person


def test_registering_with_another_branchs_iin_reveals_nothing_of_that_person(
    client, place, tree, kostanay_member
):
    officer = user_with_role("reception_officer", tree.atyrau)
    client.force_login(officer)
    response = client.post(
        reverse("appeals:register"),
        registration(place, "atyrau", surname="Бекова", given_name="Дана", iin=kostanay_member.iin),
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert appeal.submitter == kostanay_member  # one person, for repeats and figures
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    # The page shows what the officer typed, and nothing of the record found.
    assert "Бекова Дана" in page
    for secret in (
        kostanay_member.surname,
        kostanay_member.phone_display,
        kostanay_member.email,
        kostanay_member.address,
        kostanay_member.birth_date.strftime("%d.%m.%Y"),
    ):
        assert secret not in page
    assert kostanay_member.iin in page  # typed by the officer, so theirs to see
    # The person's record itself stays out of reach, as through the API.
    assert client.get(reverse("org:person-detail", args=[kostanay_member.pk])).status_code == 404
    api = client.get(f"/api/v1/appeals/{appeal.pk}/").json()["applicant"]
    assert api["surname"] == "Бекова" and api["personal_data"]["phone"] == ""
    assert api["personal_data"]["email"] == ""


def test_registering_by_phone_reveals_neither_iin_nor_email(client, place, tree, kostanay_member):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    client.post(
        reverse("appeals:register"),
        registration(
            place,
            "atyrau",
            surname=kostanay_member.surname,
            given_name=kostanay_member.given_name,
            phone=kostanay_member.phone,
        ),
    )
    appeal = Appeal.objects.get()
    assert appeal.submitter == kostanay_member
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert kostanay_member.iin not in page and kostanay_member.email not in page
    assert kostanay_member.phone_display in page  # typed, so shown
    export = client.get(reverse("appeals:export", args=["csv"])).content.decode()
    assert kostanay_member.iin not in export and kostanay_member.email not in export


def test_the_appeals_branch_sees_the_contacts_given_and_the_showing_is_logged(client, place, tree):
    officer = user_with_role("reception_officer", tree.atyrau)
    client.force_login(officer)
    client.post(
        reverse("appeals:register"),
        registration(place, "atyrau", surname="Ким", given_name="Анна", phone="8 701 555 33 44"),
    )
    appeal = Appeal.objects.get()
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert "+7 701 555 3344" in page
    assert PersonalDataAccess.objects.filter(user=officer, person=appeal.submitter).exists()
    # An analyst of the branch sees the appeal, its contacts masked.
    client.force_login(user_with_role("analyst", tree.atyrau))
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert "555 3344" not in page and "Ким Анна" in page


def test_a_repeat_does_not_point_into_a_branch_the_user_cannot_read(client, place, tree):
    person = tree.members["kostanay"]
    first = register(
        {**place, "branch": tree.kostanay}, dt.datetime(2021, 3, 1, 5, tzinfo=UTC), person
    )
    head = user_with_role("branch_head", tree.kostanay)
    actions.assign_appeal(actor=head, appeal=first, assignee=head)
    actions.start_work(actor=head, appeal=first)
    actions.record_answer(
        actor=head, appeal=first, answer="Жауап", outcome="explained", answered_at=first.received_at
    )
    second = register(place, dt.datetime(2021, 4, 1, 5, tzinfo=UTC), person)
    assert second.repeat_of == first
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    page = client.get(reverse("appeals:detail", args=[second.pk])).content.decode()
    assert first.number not in page
    assert reverse("appeals:detail", args=[first.pk]) not in page


def brought(place, branch, **applicant):
    """An appeal sent from outside esep (as Open311 sends one), by this applicant."""
    return actions.register_brought(
        actor=None,
        anonymous=False,
        channel="open311",
        kind="complaint",
        category=place["category"],
        territory=place["territory"],
        branch=branch,
        text="Жол жөнделмеді",
        language="kk",
        **applicant,
    )


@pytest.mark.parametrize("surface", ["portal", "open311"])
def test_a_phone_with_another_name_is_another_person(surface, client, place, tree):
    """Someone else's phone with a different name never becomes that person's appeal."""
    owner = PersonFactory.create(surname="Іргебаев", given_name="Марат", phone="+77051234567")

    if surface == "portal":
        actions.submit_online(
            kind="complaint",
            category=place["category"],
            territory=place["territory"],
            text="Жол жөнделмеді",
            language="kk",
            anonymous=False,
            surname="Серікова",
            given_name="Гүлнар",
            phone="8 705 123 45 67",
        )
    else:
        brought(
            place, tree.atyrau, phone="+7 705 123-45-67", surname="Серікова", given_name="Гүлнар"
        )
    appeal = Appeal.objects.get()
    assert appeal.submitter is not None and appeal.submitter != owner
    assert appeal.submitter.surname == "Серікова" and appeal.applicant_name == "Серікова Гүлнар"
    # The same name (in another case and spacing) is the same person.
    again = brought(
        place, tree.atyrau, phone="87051234567", surname=" іргебаев ", given_name="МАРАТ"
    )
    assert again.submitter == owner
    assert Person.objects.with_phone("+77051234567").count() == 2


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("kk", "Дербес деректерді өңдеуге келісім"),
        ("ru", "Согласие на обработку персональных данных"),
        ("en", "Consent to the processing of personal data"),
    ],
)
def test_the_consent_text_is_shown_at_intake_in_each_language(client, tree, language, heading):
    """What the citizen consents to is written out where they give it: on the public form,
    and on the officer's registration form (read out or shown to the citizen)."""
    public = client.get(f"/{language}/submit/").content.decode()
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    staff = client.get(f"/{language}" + reverse("appeals:register")[3:]).content.decode()
    for page in (public, staff):
        assert heading in page
        assert 'id="consent-text"' in page
