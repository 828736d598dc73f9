import datetime as dt
from datetime import UTC

import pytest
from django.urls import reverse

from esep.appeals.models import Appeal
from esep.appeals.similarity import similar_appeals
from esep.appeals.tests.factories import register
from esep.org.tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db
AT = dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC)


@pytest.fixture
def appeals(place):
    texts = [
        "Ақсай ауылында үш аптадан бері ауыз су жоқ, көмектесіңіздер.",
        "Ақсай ауылында ауыз су жоқ, үш апта болды.",
        "В посёлке Аксай третью неделю нет питьевой воды.",
        "В посёлке Аксай нет питьевой воды уже три недели!",
        "Мектеп жанындағы жолды жөндеу керек.",
    ]
    return [register(place, AT, PersonFactory.create(), text=text) for text in texts]


def test_the_same_problem_is_found_in_the_same_language(appeals):
    kk = similar_appeals(appeals[0], Appeal.objects.all())
    assert kk[0][0] == appeals[1]
    ru = similar_appeals(appeals[2], Appeal.objects.all())
    assert ru[0][0] == appeals[3]
    assert appeals[4] not in [a for a, _ in kk + ru]


def test_the_same_persons_appeals_are_not_suggested(place, appeals):
    again = register(place, AT, appeals[0].submitter, text=appeals[0].text)
    assert again not in [a for a, _ in similar_appeals(appeals[0], Appeal.objects.all())]


def test_suggestions_respect_the_users_scope(place, appeals, tree):
    elsewhere = register(
        {**place, "branch": tree.kostanay}, AT, PersonFactory.create(), text=appeals[0].text
    )
    visible = Appeal.objects.visible_to(user_with_role("analyst", tree.atyrau))
    assert elsewhere not in [a for a, _ in similar_appeals(appeals[0], visible)]


def test_officer_links_similar_appeals_from_the_page(client, appeals, tree):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    page = client.get(reverse("appeals:detail", args=[appeals[2].pk]))
    assert appeals[3] in [a for a, _ in page.context["similar"]]
    client.post(
        reverse("appeals:link", args=[appeals[2].pk]),
        {"appeals": [appeals[3].pk], "title": "Аксай су"},
    )
    group = Appeal.objects.get(pk=appeals[2].pk).group
    assert group is not None
    assert group.title == "Аксай су" and set(group.appeals.all()) == {appeals[2], appeals[3]}
