"""Dates and times agree everywhere: the staff's timeline on the clock of the appeal's
territory (as Open311 gives it), why an appeal arriving after hours is registered the next
working day, and no step dated before the appeal's registration or a control deadline
already past — on the page, in the REST API and in the actions alike."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from esep.access.tokens import issue_token
from esep.appeals import actions
from esep.appeals.tests.factories import StateBodyFactory, register
from esep.open311.queries import w3c
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db
UTC = dt.UTC

# Friday 19 March 2021, 15:45 UTC: 20:45 in Atyrau (UTC+05:00), after working hours; the
# next working day after the Nauryz holidays is Thursday 25 March.
EVENING = dt.datetime(2021, 3, 19, 15, 45, tzinfo=UTC)


@pytest.fixture
def evening_appeal(place, tree):
    with time_machine.travel(EVENING, tick=False):
        return register(place, EVENING, tree.members["atyrau"])


def atyrau_today():
    """Today in Atyrau (the site's own clock is UTC)."""
    return dt.datetime.now(ZoneInfo("Asia/Atyrau")).date()


def page(client, user, appeal, language="en"):
    client.force_login(user)
    response = client.get(f"/{language}/appeals/{appeal.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def timeline(content):
    return content.split('id="timeline-title"', 1)[1]


def test_the_timeline_shows_the_territorys_time_as_open311_does(client, evening_appeal, tree):
    officer = user_with_role("reception_officer", tree.atyrau)
    content = timeline(page(client, officer, evening_appeal))
    event = evening_appeal.events.get(action="registered")
    stamp = w3c(event.at, "Asia/Atyrau")  # what Open311 says of the same moment
    assert stamp == "2021-03-19T20:45:00+05:00"
    assert f'<time datetime="{stamp}">19.03.2021 20:45' in content
    assert "(UTC+05:00)" in content
    assert "15:45" not in content


def test_the_zone_of_the_territory_is_read_not_assumed(client, place, tree):
    # Kostanay kept UTC+06:00 until 2024: the same UTC moment is 21:45 there.
    place["territory"].time_zone = "Asia/Qostanay"
    place["territory"].save()
    with time_machine.travel(EVENING, tick=False):
        appeal = register(place, EVENING, tree.members["atyrau"])
    content = timeline(page(client, user_with_role("reception_officer", tree.atyrau), appeal))
    assert "19.03.2021 21:45" in content and "(UTC+06:00)" in content


def test_an_after_hours_appeal_says_why_it_is_registered_next_working_day(
    client, evening_appeal, tree
):
    assert evening_appeal.registered_on == dt.date(2021, 3, 25)
    officer = user_with_role("reception_officer", tree.atyrau)
    explained = (
        "Received on 19.03.2021 at 20:45, after working hours (09:00–18:30): "
        "registered on the next working day, 25.03.2021."
    )
    content = page(client, officer, evening_appeal)
    assert explained in timeline(content)


def test_a_weekend_appeal_says_it_came_on_a_day_off(client, place, tree):
    saturday = dt.datetime(2021, 3, 27, 6, 0, tzinfo=UTC)  # 11:00 in Atyrau
    appeal = register(place, saturday, tree.members["atyrau"])
    assert appeal.registered_on == dt.date(2021, 3, 29)
    content = page(client, user_with_role("reception_officer", tree.atyrau), appeal)
    assert (
        "Received on 27.03.2021, a day off: registered on the next working day, 29.03.2021."
        in content
    )


def test_an_appeal_registered_the_day_it_came_explains_nothing(client, place, tree):
    appeal = register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), tree.members["atyrau"])
    content = page(client, user_with_role("reception_officer", tree.atyrau), appeal)
    assert "next working day" not in content


@pytest.fixture
def in_progress(place, tree):
    head = user_with_role("branch_head", tree.atyrau)
    appeal = register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), tree.members["atyrau"])
    actions.assign_appeal(actor=head, appeal=appeal, assignee=head)
    actions.start_work(actor=head, appeal=appeal)
    return appeal, head


def post_step(client, user, appeal, name, data):
    client.force_login(user)
    return client.post(f"/en/appeals/{appeal.pk}/{name}/", data)


def field_errors(response, field):
    """The errors the refused step's form shows beside `field`."""
    return [
        str(e)
        for _name, _label, form in response.context["step_forms"]
        for e in form.errors.get(field, [])
    ]


def test_a_forwarding_dated_before_registration_is_refused(client, in_progress):
    appeal, head = in_progress
    body = StateBodyFactory.create()
    response = post_step(
        client,
        head,
        appeal,
        "forward",
        {
            "state_body": body.pk,
            "outgoing_reference": "05-17/1",
            "sent_on": "2021-03-18",
            "version": appeal.version,
        },
    )
    assert response.status_code == 400
    errors = field_errors(response, "sent_on")
    assert errors == ["The date cannot be earlier than the appeal's registration on 19.03.2021."]
    assert not appeal.forwardings.exists()
    with pytest.raises(ValidationError) as refused:
        actions.forward_to_state_body(
            actor=head,
            appeal=appeal,
            state_body=body,
            outgoing_reference="1",
            sent_on=dt.date(2021, 3, 25),
            outside_competence=True,
            applicant_told_on=dt.date(2021, 3, 1),
        )
    assert set(refused.value.message_dict) == {"applicant_told_on"}


def test_a_forwarding_dated_after_today_is_refused(client, in_progress):
    appeal, head = in_progress
    tomorrow = (atyrau_today() + dt.timedelta(days=1)).isoformat()
    body = StateBodyFactory.create()
    data = {"state_body": body.pk, "outgoing_reference": "1", "sent_on": tomorrow}
    response = post_step(
        client,
        head,
        appeal,
        "forward",
        {**data, "version": appeal.version},
    )
    assert response.status_code == 400
    assert not appeal.forwardings.exists()


def test_a_body_answer_dated_before_the_letter_or_registration_is_refused(client, in_progress):
    appeal, head = in_progress
    forwarding = actions.forward_to_state_body(
        actor=head,
        appeal=appeal,
        state_body=StateBodyFactory.create(),
        outgoing_reference="1",
        sent_on=dt.date(2021, 3, 25),
    )
    response = post_step(
        client,
        head,
        appeal,
        "body-answer",
        {"forwarding": forwarding.pk, "answer": "Жөнделеді", "answered_on": "2021-03-10"},
    )
    assert response.status_code == 400
    errors = field_errors(response, "answered_on")
    assert errors == ["The date cannot be earlier than the appeal's registration on 19.03.2021."]
    response = post_step(
        client,
        head,
        appeal,
        "body-answer",
        {"forwarding": forwarding.pk, "answer": "Жөнделеді", "answered_on": "2021-03-22"},
    )
    errors = field_errors(response, "answered_on")
    assert errors == ["The body's answer cannot be dated before the letter was sent on 25.03.2021."]
    forwarding.refresh_from_db()
    assert forwarding.answered_on is None


def test_an_answer_dated_before_the_appeal_came_is_refused(in_progress):
    appeal, head = in_progress
    with pytest.raises(ValidationError):
        actions.record_answer(
            actor=head,
            appeal=appeal,
            outcome="resolved_positively",
            answer="Жөнделді",
            answered_at=dt.datetime(2021, 3, 1, 5, 0, tzinfo=UTC),
        )
    appeal.refresh_from_db()
    assert appeal.answered_at is None


def test_a_control_deadline_in_the_past_is_refused(client, in_progress):
    appeal, head = in_progress
    yesterday = (atyrau_today() - dt.timedelta(days=1)).isoformat()
    response = post_step(client, head, appeal, "control", {"deadline": yesterday, "reason": "x"})
    assert response.status_code == 400
    errors = field_errors(response, "deadline")
    assert len(errors) == 1 and errors[0].startswith("The deadline cannot be in the past")
    assert not appeal.controls.exists()
    today = atyrau_today().isoformat()
    response = post_step(client, head, appeal, "control", {"deadline": today, "reason": "x"})
    assert response.status_code == 302
    assert appeal.controls.get().deadline.isoformat() == today


def test_the_site_day_is_not_the_territorys_day(client, in_progress):
    # 21:00 UTC is 02:00 the next day in Atyrau: the deadline is checked on that day.
    appeal, head = in_progress
    with time_machine.travel(dt.datetime(2026, 11, 30, 21, 0, tzinfo=UTC), tick=False):
        assert atyrau_today() == dt.date(2026, 12, 1)
        response = post_step(
            client, head, appeal, "control", {"deadline": "2026-11-30", "reason": "x"}
        )
    assert response.status_code == 400
    assert not appeal.controls.exists()


def api_step(user, appeal, name, **body):
    http = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    http.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user)}")
    return http.post(f"/api/v1/appeals/{appeal.pk}/{name}/", body, format="json")


def test_the_api_refuses_the_same_dates(in_progress):
    appeal, head = in_progress
    forwarded = api_step(
        head,
        appeal,
        "forward",
        state_body=StateBodyFactory.create().code,
        outgoing_reference="1",
        sent_on="2021-03-01",
        version=appeal.version,
    )
    # The API's answer to values the record as it is now refuses: a 409 naming the field.
    assert forwarded.status_code == 409
    assert forwarded.json()["error"]["fields"]["sent_on"] == [
        "The date cannot be earlier than the appeal's registration on 19.03.2021."
    ]
    past = api_step(head, appeal, "control", deadline="2021-04-01", reason="x")
    assert past.status_code == 422  # a well-formed value the step's rules refuse
    assert past.json()["error"]["fields"]["deadline"][0].startswith(
        "The deadline cannot be in the past"
    )
    assert not appeal.forwardings.exists() and not appeal.controls.exists()
