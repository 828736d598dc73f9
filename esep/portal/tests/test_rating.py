"""One rating per appeal, which the applicant may change and sees; an anonymous appeal,
registered but not considered, offers no rating; and the tracking page's days are those of
the appeal's territory."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from esep.appeals import actions
from esep.appeals.models import AppealEvent
from esep.appeals.tests.factories import CategoryFactory, register
from esep.org.models import Territory
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db
UTC = dt.UTC


@pytest.fixture
def place(tree):
    territory = Territory.objects.get(kato="230000000")
    territory.time_zone = "Asia/Atyrau"
    territory.save()
    return {"territory": territory, "branch": tree.atyrau, "category": CategoryFactory.create()}


def answered(place, tree, submitter=True):
    officer = user_with_role("reception_officer", tree.atyrau)
    appeal = register(
        place,
        dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC),
        tree.members["atyrau"] if submitter else None,
    )
    actions.assign_appeal(actor=officer, appeal=appeal, assignee=officer)
    actions.start_work(actor=officer, appeal=appeal)
    actions.record_answer(
        actor=officer, appeal=appeal, outcome="resolved_positively", answer="Жөнделді"
    )
    return appeal


def rate(client, appeal, rating):
    return client.post(f"/en/track/{appeal.tracking_code}/rate/", {"rating": rating}, follow=True)


def rated_events(appeal):
    return list(AppealEvent.objects.filter(appeal=appeal, action="rated").values_list("data"))


def test_rating_again_is_one_rating_and_a_change_says_from_what_to_what(client, place, tree):
    appeal = answered(place, tree)
    rate(client, appeal, "4")
    again = rate(client, appeal, "4")
    assert rated_events(appeal) == [({"rating": 4},)]
    assert "Your rating is already 4." in again.content.decode()
    changed = rate(client, appeal, "2")
    assert rated_events(appeal) == [({"rating": 4},), ({"rating": 2, "from": 4},)]
    assert "Your rating is changed from 4 to 2." in changed.content.decode()
    appeal.refresh_from_db()
    assert appeal.rating == 2


def test_the_tracking_page_shows_the_current_rating(client, place, tree):
    appeal = answered(place, tree)
    page = client.get(f"/en/track/{appeal.tracking_code}/").content.decode()
    assert "Your rating of the answer" not in page
    rate(client, appeal, "3")
    page = client.get(f"/en/track/{appeal.tracking_code}/").content.decode()
    assert "Your rating of the answer</dt><dd>3 of 5</dd>" in page
    assert "Change the rating" in page


def test_staff_see_the_rating_and_its_change_on_the_timeline(client, place, tree):
    appeal = answered(place, tree)
    rate(client, appeal, "5")
    rate(client, appeal, "1")
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    page = client.get(f"/en/appeals/{appeal.pk}/").content.decode()
    assert "Applicant's rating</dt><dd>1 of 5</dd>" in page
    timeline = page.split('id="timeline-title"', 1)[1]
    assert "5 of 5" in timeline and "changed from 5 to 1" in timeline


def test_an_anonymous_appeal_offers_no_rating_nor_deadline(client, place, tree):
    appeal = answered(place, tree, submitter=False)
    assert not appeal.is_considered
    page = client.get(f"/en/track/{appeal.tracking_code}/").content.decode()
    assert "registered, not subject to consideration" in page
    assert reverse("portal:rate", args=[appeal.tracking_code]) not in page
    assert "Answer due by" not in page
    assert rate(client, appeal, "5").status_code == 400
    assert rated_events(appeal) == []
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    staff = client.get(f"/en/appeals/{appeal.pk}/")
    assert "rate" not in [name for name, _label, _form in staff.context["step_forms"]]


def test_the_tracking_page_gives_the_day_of_the_territory(client, place, tree):
    # 20:00 UTC on 19 March is 01:00 on the 20th in Atyrau: the step happened on the 20th.
    with time_machine.travel(dt.datetime(2021, 3, 22, 20, 0, tzinfo=UTC), tick=False):
        appeal = register(
            place, dt.datetime(2021, 3, 22, 20, 0, tzinfo=UTC), tree.members["atyrau"]
        )
    page = client.get(f"/en/track/{appeal.tracking_code}/").content.decode()
    steps = page.split('id="steps-title"', 1)[1]
    assert '<time datetime="2021-03-23T01:00:00+05:00">23.03.2021</time>' in steps
    assert "22.03.2021" not in steps
