import datetime as dt
import io
from datetime import UTC

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from esep.appeals import similarity
from esep.appeals.models import Appeal, SimilarAppeal
from esep.appeals.similarity import similar_appeals, suggest
from esep.appeals.tests.factories import register
from esep.org.models import Territory
from esep.org.tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db
AT = dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC)
TEXTS = [
    "Ақсай ауылында үш аптадан бері ауыз су жоқ, көмектесіңіздер.",
    "Ақсай ауылында ауыз су жоқ, үш апта болды.",
    "В посёлке Аксай третью неделю нет питьевой воды.",
    "В посёлке Аксай нет питьевой воды уже три недели!",
    "Мектеп жанындағы жолды жөндеу керек.",
]


@pytest.fixture
def appeals(place, django_capture_on_commit_callbacks):
    # Registered as the site registers them: each one's suggestions found once it commits.
    with django_capture_on_commit_callbacks(execute=True):
        return [register(place, AT, PersonFactory.create(), text=text) for text in TEXTS]


def stored(appeal):
    return list(
        SimilarAppeal.objects.filter(appeal=appeal)
        .order_by("-score")
        .values_list("other", flat=True)
    )


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


def test_registration_stores_the_suggestions_both_ways(appeals):
    # The newest one found the older like it, and became a suggestion on the older's page.
    assert stored(appeals[1]) == [appeals[0].pk]
    assert stored(appeals[0]) == [appeals[1].pk]
    assert stored(appeals[3]) == [appeals[2].pk] and stored(appeals[2]) == [appeals[3].pk]
    assert stored(appeals[4]) == []
    score = SimilarAppeal.objects.get(appeal=appeals[0], other=appeals[1]).score
    assert score == pytest.approx(similar_appeals(appeals[1], Appeal.objects.all())[0][1])
    assert score >= similarity.THRESHOLD


def test_nothing_is_stored_before_the_registration_commits(place):
    register(place, AT, PersonFactory.create(), text=TEXTS[0])
    register(place, AT, PersonFactory.create(), text=TEXTS[1])
    assert not SimilarAppeal.objects.exists()


def test_the_page_computes_nothing(client, appeals, tree, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the page computed similarity")

    monkeypatch.setattr(similarity, "similar_appeals", refuse)
    monkeypatch.setattr(similarity, "TfidfVectorizer", refuse)
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    page = client.get(reverse("appeals:detail", args=[appeals[0].pk]))
    assert page.status_code == 200
    assert page.context["similar"] == [(appeals[1], round(stored_score(appeals[0]) * 100))]


def stored_score(appeal):
    return SimilarAppeal.objects.filter(appeal=appeal).order_by("-score")[0].score


def test_an_appeal_not_compared_yet_shows_none(client, place, tree):
    older = register(place, AT, PersonFactory.create(), text=TEXTS[0])
    register(place, AT, PersonFactory.create(), text=TEXTS[1])
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    page = client.get(reverse("appeals:detail", args=[older.pk]))
    assert page.context["similar"] == []


def test_the_page_offers_only_what_the_user_may_see(
    client, place, tree, django_capture_on_commit_callbacks
):
    # Two offices took the same problem of one place: the region's and the city's branch.
    with django_capture_on_commit_callbacks(execute=True):
        region = register(place, AT, PersonFactory.create(), text=TEXTS[0])
        city = register(
            {**place, "branch": tree.atyrau_city}, AT, PersonFactory.create(), text=TEXTS[1]
        )
    assert stored(region) == [city.pk] and stored(city) == [region.pk]
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    page = client.get(reverse("appeals:detail", args=[region.pk]))
    assert [a for a, _ in page.context["similar"]] == [city]
    client.force_login(user_with_role("reception_officer", tree.atyrau_city))
    page = client.get(reverse("appeals:detail", args=[city.pk]))
    assert page.context["similar"] == []
    assert region.number not in page.content.decode()


def test_appeals_about_another_place_are_not_compared(
    place, tree, django_capture_on_commit_callbacks
):
    town = Territory.objects.get(kato="231010000")
    with django_capture_on_commit_callbacks(execute=True):
        here = register(place, AT, PersonFactory.create(), text=TEXTS[0])
        there = register({**place, "territory": town}, AT, PersonFactory.create(), text=TEXTS[0])
    assert stored(here) == [] and stored(there) == []


def test_the_nearest_in_time_are_compared(place, monkeypatch):
    monkeypatch.setattr(similarity, "MAX_CANDIDATES", 2)
    appeal = register(place, AT, PersonFactory.create(), text=TEXTS[0])
    days = {}
    for offset in (-100, -3, 2, 90):
        received = AT + dt.timedelta(days=offset)
        days[offset] = register(place, received, PersonFactory.create(), text=TEXTS[1])
    pool = similarity.candidates(appeal, Appeal.objects.all())
    assert set(pool) == {days[-3], days[2]}


def test_an_appeal_beyond_half_a_year_is_not_compared(place):
    appeal = register(place, AT, PersonFactory.create(), text=TEXTS[0])
    register(place, AT - dt.timedelta(days=200), PersonFactory.create(), text=TEXTS[1])
    assert similarity.candidates(appeal, Appeal.objects.all()) == []


def test_a_newcomer_joins_an_older_appeals_list_only_among_its_best(place, monkeypatch):
    monkeypatch.setattr(similarity, "KEPT", 1)
    first = register(place, AT, PersonFactory.create(), text=TEXTS[0])
    close = register(place, AT, PersonFactory.create(), text=TEXTS[0] + " Су жоқ.")
    suggest(close)
    assert stored(first) == [close.pk]
    weaker = register(place, AT, PersonFactory.create(), text=TEXTS[1])
    suggest(weaker)
    # `weaker` is most like `first` or `close`; each of those keeps its one best.
    assert stored(weaker) and len(stored(first)) == 1 and len(stored(close)) == 1
    assert stored(first) == [close.pk]


def test_suggestions_are_computed_again_not_added_twice(appeals):
    suggest(appeals[0])
    suggest(appeals[0])
    assert stored(appeals[0]) == [appeals[1].pk]
    assert SimilarAppeal.objects.filter(other=appeals[0]).count() == 1


def test_the_command_computes_appeals_registered_before(place):
    old = [
        register(place, AT - dt.timedelta(days=40), PersonFactory.create(), text=TEXTS[2]),
        register(place, AT, PersonFactory.create(), text=TEXTS[3]),
        register(place, AT + dt.timedelta(days=1), PersonFactory.create(), text=TEXTS[0]),
        register(place, AT + dt.timedelta(days=1), PersonFactory.create(), text=TEXTS[1]),
    ]
    assert not SimilarAppeal.objects.exists()
    out = io.StringIO()
    call_command("similar-appeals", "--since", "2021-03-01", "--batch", "1", stdout=out)
    # Those since the day are compared with all within half a year, before it too.
    assert stored(old[0]) == [old[1].pk] and stored(old[1]) == [old[0].pk]
    assert stored(old[2]) == [old[3].pk] and stored(old[3]) == [old[2].pk]
    assert "done: 3 appeals since 2021-03-01" in out.getvalue()


def test_the_command_leaves_appeals_before_the_day(place):
    register(place, AT - dt.timedelta(days=40), PersonFactory.create(), text=TEXTS[2])
    register(place, AT - dt.timedelta(days=39), PersonFactory.create(), text=TEXTS[3])
    call_command("similar-appeals", "--since", "2021-03-01", stdout=io.StringIO())
    assert not SimilarAppeal.objects.exists()


@time_machine.travel(dt.datetime(2021, 5, 1, 6, 0, tzinfo=UTC), tick=False)
def test_a_batch_written_at_once_is_compared_in_one_task(place, django_capture_on_commit_callbacks):
    people = [PersonFactory.create() for _ in range(4)]
    batch = [
        register(place, AT, people[0], text=TEXTS[0]),
        register(place, AT, people[1], text=TEXTS[1]),
        # History: registered long before half a year ago, not compared.
        register(place, AT - dt.timedelta(days=300), people[2], text=TEXTS[0]),
        register(place, AT - dt.timedelta(days=300), people[3], text=TEXTS[1]),
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        similarity.queue_batch_suggestions([a.pk for a in batch])
    assert len(callbacks) == 1
    assert stored(batch[0]) == [batch[1].pk] and stored(batch[1]) == [batch[0].pk]
    assert stored(batch[2]) == [] and stored(batch[3]) == []
