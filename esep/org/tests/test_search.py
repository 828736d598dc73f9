"""People are found by name in any case, ё as е, Kazakh letters as themselves; the access
log's "who saw" and "whose data" searches alike."""

import pytest
from django.urls import reverse

from esep.org.models import Person
from esep.org.privacy import personal_data_for
from esep.org.tests.factories import MembershipFactory, PersonFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree):
    made = {
        name: MembershipFactory.create(
            branch=tree.atyrau, person=PersonFactory.create(surname=name, given_name=given)
        ).person
        for name, given in (("Ахметов", "Ерлан"), ("Сейітқалиева", "Әсел"), ("Семёнова", "Анна"))
    }
    MembershipFactory.create(
        branch=tree.atyrau, person=PersonFactory.create(surname="Ахметова", given_name="Гүлжан")
    )
    return made


def names(client, q):
    response = client.get(reverse("org:person-list"), {"q": q})
    assert response.status_code == 200
    return sorted(person.surname for person, _ in response.context["rows"])


@pytest.mark.parametrize("q", ["Ахметов", "ахметов", "АХМЕТОВ", "ахМЕТов"])
def test_people_are_found_by_surname_in_any_case(client, tree, people, q):
    client.force_login(user_with_role("analyst", tree.atyrau))
    assert names(client, q) == ["Ахметов", "Ахметова"]


def test_every_word_in_any_case_and_kazakh_letters_kept(client, tree, people):
    client.force_login(user_with_role("analyst", tree.atyrau))
    assert names(client, "ерлан ахметов") == ["Ахметов"]
    assert names(client, "СЕЙІТҚАЛИЕВА әсел") == ["Сейітқалиева"]
    assert names(client, "сейиткалиева") == []  # і and қ are not и and к
    assert names(client, "семенова") == names(client, "СЕМЁНОВА") == ["Семёнова"]


def test_the_register_query_itself_folds(tree, people):
    analyst = user_with_role("analyst", tree.atyrau)
    assert list(Person.objects.matching("ахметов ерлан", user=analyst)) == [people["Ахметов"]]


def test_the_access_log_finds_who_saw_and_whose_data_in_any_case(client, tree, people):
    officer = user_with_role("reception_officer", tree.atyrau, "Officer")
    officer.first_name, officer.last_name = "Гүлнар", "Жұмабаева"
    officer.save()
    personal_data_for(officer, [people["Ахметов"]], page="/en/org/people/")
    client.force_login(user_with_role("auditor", tree.atyrau))

    def whose(**filters):
        response = client.get(reverse("org:access-list"), filters)
        return [row.whose for row in response.context["rows"]]

    full = people["Ахметов"].full_name
    assert whose(who="гүлнар ЖҰМАБАЕВА") == [full]
    assert whose(who="officer") == [full]
    assert whose(q="АХМЕТОВ") == [full]
