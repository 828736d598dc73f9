"""FixMyStreet's request updates: the public steps as its statuses, and the applicant's word
passed back by the client that submitted the appeal."""

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from esep.appeals import actions as appeals
from esep.appeals.models import Appeal, AppealEvent
from esep.appeals.tests.factories import StateBodyFactory
from esep.open311 import actions
from esep.open311.models import Client
from esep.open311.queries import FMS_STATUSES
from esep.open311.tests.helpers import errors, get, post, rows
from esep.org.models import Territory
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 20, 6, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def submit(world, **extra):
    return actions.submit_request(
        client=world.client,
        category=world.water,
        territory=Territory.objects.get(kato="231010000"),
        kind="complaint",
        text="Су жоқ",
        language="kk",
        phone="+7 701 444 55 66",
        surname="Жұмабаева",
        given_name="Айгерім",
        **extra,
    ).appeal


@pytest.fixture
def officer(world):
    return user_with_role("reception_officer", world.tree.atyrau, "atyrau-officer")


def in_progress(appeal, officer):
    appeals.assign_appeal(actor=officer, appeal=appeal, assignee=officer, note="Іші: ескерту")
    appeals.start_work(actor=officer, appeal=appeal)
    return appeal


def steps(body, fmt="json"):
    items = rows(body, "request_update") if fmt == "xml" else body
    return [(row["status"], row["external_status_code"]) for row in items]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_each_public_step_is_an_update_with_fixmystreets_status(client, world, officer, fmt):
    appeal = in_progress(submit(world), officer)
    handed = StateBodyFactory.create(name_en="Water utility")
    asked = StateBodyFactory.create()
    appeals.forward_to_state_body(
        actor=officer, appeal=appeal, state_body=asked, outgoing_reference="1", sent_on=NOW.date()
    )
    appeals.forward_to_state_body(
        actor=officer,
        appeal=appeal,
        state_body=handed,
        outgoing_reference="2",
        sent_on=NOW.date(),
        outside_competence=True,
        applicant_told_on=NOW.date(),
    )
    head = user_with_role("branch_head", world.tree.atyrau, "atyrau-head")
    appeals.extend_deadline(
        actor=head, appeal=appeal, new_due_on=appeal.due_on + dt.timedelta(days=7), reason="Тексеру"
    )
    appeals.take_under_control(actor=head, appeal=appeal, deadline=NOW.date(), reason="Ішкі")
    appeals.record_answer(actor=officer, appeal=appeal, outcome="refused", answer="Құпия жауап")
    appeals.close_appeal(actor=officer, appeal=appeal)
    response, body = get(client, "servicerequestupdates", fmt, locale="en")
    assert response.status_code == 200
    assert steps(body, fmt) == [
        ("OPEN", "registered"),
        ("ACTION_SCHEDULED", "assign"),
        ("IN_PROGRESS", "start"),
        ("INTERNAL_REFERRAL", "forwarded"),
        ("NOT_COUNCILS_RESPONSIBILITY", "forwarded:outside_competence"),
        ("INVESTIGATING", "extended"),
        ("NO_FURTHER_ACTION", "answer:refused"),
        ("CLOSED", "close"),
    ]  # taking it under party control is the party's own business: not an update
    items = rows(body, "request_update") if fmt == "xml" else body
    if fmt == "xml":
        assert body.tag == "service_request_updates"
    events = list(AppealEvent.objects.filter(appeal=appeal).exclude(action="taken_under_control"))
    for item, event in zip(items, events, strict=True):
        assert list(item) == [
            "update_id",
            "service_request_id",
            "status",
            "updated_datetime",
            "description",
            "media_url",
            "external_status_code",
        ]
        assert item["update_id"] == str(event.pk)
        assert item["service_request_id"] == appeal.number
        assert item["updated_datetime"] == "2026-03-20T11:00:00+05:00"
        assert item["media_url"] in ("", None)
    descriptions = [item["description"] for item in items]
    assert descriptions[0] == "The appeal was registered"
    assert descriptions[6] == "The answer was given: refused"
    text = response.content.decode()
    assert "Іші: ескерту" not in text and "Құпия жауап" not in text and "Тексеру" not in text


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        ("resolved_positively", "FIXED"),
        ("resolved_partially", "FIXED"),
        ("explained", "CLOSED"),
        ("refused", "NO_FURTHER_ACTION"),
        ("forwarded", "NOT_COUNCILS_RESPONSIBILITY"),
        ("left_without_consideration", "NO_FURTHER_ACTION"),
    ],
)
def test_an_answer_maps_by_its_outcome(client, world, officer, outcome, status):
    appeal = in_progress(submit(world), officer)
    appeals.record_answer(actor=officer, appeal=appeal, outcome=outcome, answer="Жауап")
    assert steps(get(client, "servicerequestupdates")[1])[-1] == (status, f"answer:{outcome}")
    assert FMS_STATUSES[f"answer:{outcome}"] == status


def test_updates_are_filtered_by_request_and_dates(client, world, officer):
    first = in_progress(submit(world), officer)
    second = submit(world)
    body = get(client, "servicerequestupdates", service_request_id=second.number)[1]
    assert steps(body) == [("OPEN", "registered")]
    body = get(
        client, "servicerequestupdates", service_request_id=f"{first.number},{second.number}"
    )[1]
    assert len(body) == 4
    later = {"start_date": "2026-03-21T00:00:00Z"}
    assert get(client, "servicerequestupdates", **later)[1] == []
    earlier = {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-03-19T00:00:00Z"}
    assert get(client, "servicerequestupdates", **earlier)[1] == []
    assert len(get(client, "servicerequestupdates", page_size=3)[1]) == 3
    assert len(get(client, "servicerequestupdates", page_size=3, page=2)[1]) == 1


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-06-01T00:00:00Z"},
        {"end_date": "soon"},
        {"page": "-1"},
        {"page_size": "1001"},
    ],
)
def test_bad_update_queries_are_400(client, world, params, fmt):
    response, body = get(client, "servicerequestupdates", fmt, **params)
    assert response.status_code == 400 and errors(body, fmt)[0][0] == 400


@pytest.fixture
def update(world):
    def make(appeal, **change):
        return {
            "api_key": world.key,
            "service_request_id": appeal.number,
            "update_id": "fms-77",
            "updated_datetime": "2026-03-20T10:00:00+05:00",
            "status": "OPEN",
            "description": "Жауап дұрыс емес, су әлі жоқ",
            "email": "aigerim.z@example.kz",
            "first_name": "Айгерім",
            "last_name": "Жұмабаева",
            **change,
        }

    return make


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open_on_an_answered_appeal_reopens_it_on_dispute(client, world, officer, update, fmt):
    appeal = in_progress(submit(world), officer)
    appeals.record_answer(actor=officer, appeal=appeal, outcome="explained", answer="Түсіндірілді")
    response, body = post(client, "servicerequestupdates", update(appeal), fmt)
    assert response.status_code == 200, body
    appeal.refresh_from_db()
    assert (appeal.status, appeal.disputed, appeal.outcome) == ("in_progress", True, "")
    reopen = AppealEvent.objects.get(appeal=appeal, action="reopen")
    assert reopen.note == "Жауап дұрыс емес, су әлі жоқ" and reopen.actor is None
    if fmt == "xml":
        assert body.tag == "service_request_updates"
        assert rows(body, "request_update") == [{"update_id": str(reopen.pk)}]
    else:
        assert body == [{"update_id": str(reopen.pk)}]


def test_other_words_are_noted_for_the_staff_without_a_change(client, world, officer, update):
    appeal = in_progress(submit(world), officer)
    version = Appeal.objects.get(pk=appeal.pk).version
    response, body = post(
        client, "servicerequestupdates", update(appeal, status="open", description="Тағы бір сурет")
    )
    assert response.status_code == 200
    event = AppealEvent.objects.get(pk=body[0]["update_id"])
    assert (event.action, event.note, event.actor) == ("client_update", "Тағы бір сурет", None)
    assert event.data == {"client": world.client.pk, "update_id": "fms-77", "status": "OPEN"}
    with translation.override("en"):
        assert str(event.label) == "the applicant wrote through an Open311 client"
    assert Appeal.objects.get(pk=appeal.pk).version == version
    # Names and e-mail of the update are not kept.
    assert "Жұмабаева" not in str(event.data) and "aigerim" not in str(event.data)
    # Nor published: the applicant's words are not a public step.
    assert (
        "Тағы бір сурет"
        not in client.get("/open311/v2/servicerequestupdates.json").content.decode()
    )
    closed = answered_and_closed(appeal, officer)
    post(client, "servicerequestupdates", update(closed, status="CLOSED", description="Рахмет"))
    assert Appeal.objects.get(pk=appeal.pk).status == "closed"


def answered_and_closed(appeal, officer):
    appeals.record_answer(actor=officer, appeal=appeal, outcome="resolved_positively", answer="Ок")
    appeals.close_appeal(actor=officer, appeal=appeal)
    return appeal


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_updates_need_the_key_that_submitted_the_appeal(client, world, officer, update, fmt):
    appeal = submit(world)
    brought = appeals.register_appeal(
        actor=None,
        channel="hotline",
        kind="complaint",
        category=world.water,
        territory=appeal.territory,
        branch=appeal.branch,
        submitter=None,
        text="Телефон арқылы",
        language="kk",
        received_at=NOW,
    )
    other = actions.create_client(actor=None, client=Client(name="other", branch=world.tree.atyrau))
    cases = [
        (update(appeal, api_key=""), 403),
        (update(appeal, api_key="wrong"), 403),
        (update(appeal, api_key=other), 403),
        (update(brought), 403),
        (update(appeal, service_request_id="ATYRAU-2026-99999"), 404),
        (update(appeal, service_request_id=""), 400),
        (update(appeal, status="REJECTED"), 400),
        (update(appeal, description=" "), 400),
        (update(appeal, description="ж" * 5001), 400),
    ]
    for data, status in cases:
        response, body = post(client, "servicerequestupdates", data, fmt)
        assert response.status_code == status, (data, body)
        assert errors(body, fmt)[0][0] == status
    assert not AppealEvent.objects.filter(action="client_update").exists()


def test_the_public_timeline_is_the_same_on_open311_and_the_tracking_page(client, world, officer):
    # One story for the citizen and for civic apps: the same steps, in the same words.
    appeal = in_progress(submit(world), officer)
    body = StateBodyFactory.create()
    forwarding = appeals.forward_to_state_body(
        actor=officer,
        appeal=appeal,
        state_body=body,
        outgoing_reference="7",
        sent_on=NOW.date(),
        outside_competence=True,
        applicant_told_on=NOW.date(),
    )
    appeals.record_body_answer(
        actor=officer, forwarding=forwarding, answer="Жөнделеді", answered_on=NOW.date()
    )
    appeal.refresh_from_db()
    appeals.record_answer(actor=officer, appeal=appeal, outcome="explained", answer="Жауап")
    appeals.reopen_on_dispute(actor=None, appeal=appeal, reason="Келіспеймін")
    _response, updates = get(client, "servicerequestupdates", "json", locale="en")
    with translation.override("en"):
        page = client.get(f"/en/track/{appeal.tracking_code}/")
    shown = [str(label) for _at, label in page.context["steps"]]
    assert shown == [row["description"] for row in updates]
    assert "The appeal was handed over to the competent state body" in shown
    assert "The state body gave its answer" in shown
    assert shown[-1] == "The appeal was reopened on the applicant's dispute"
