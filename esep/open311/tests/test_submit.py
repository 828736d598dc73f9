"""POST requests: a client submits an appeal with its key, for a place within its branch."""

import pytest
from django.core.cache import cache

from esep.appeals.models import Appeal, AppealEvent
from esep.open311 import actions, views
from esep.open311.models import Client, Submission
from esep.open311.tests.helpers import errors, post
from esep.org.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world):
    return {
        "api_key": world.key,
        "service_code": "utilities-water",
        "address_id": "231010000",
        "description": "Үйде үш күн су жоқ.",
        "first_name": "Айгерім",
        "last_name": "Жұмабаева",
        "phone": "+7 701 444 55 66",
        "email": "aigerim.z@example.kz",
        "attribute[kind]": "statement",
    }


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_client_submits_an_appeal_and_gets_its_number_and_token(client, world, report, fmt):
    response, body = post(client, "requests", report, fmt)
    assert response.status_code == 200, response.content
    appeal = Appeal.objects.get()
    submission = Submission.objects.get()
    if fmt == "xml":
        assert body.tag == "service_requests"
        (item,) = body
        assert item.tag == "request"
        row = {c.tag: c.text or "" for c in item}
        assert row["account_id"] == ""
    else:
        (row,) = body
        assert row["account_id"] is None
    assert row["service_request_id"] == appeal.number
    assert row["token"] == submission.token and len(submission.token) >= 20
    assert appeal.number in row["service_notice"]
    assert appeal.due_on.strftime("%d.%m.%Y") in row["service_notice"]
    assert f"/open311/v2/requests/{appeal.number}.{fmt}" in row["service_notice"]
    assert (appeal.channel, appeal.kind, appeal.branch, appeal.territory.kato) == (
        "open311",
        "statement",
        world.tree.atyrau_city,
        "231010000",
    )
    assert appeal.category == world.water and appeal.language == "kk"
    assert appeal.submitter is not None
    assert appeal.submitter.surname == "Жұмабаева"
    assert appeal.submitter.given_name == "Айгерім"
    assert appeal.submitter.phone == "+77014445566"
    assert appeal.submitter.email == "aigerim.z@example.kz"
    assert not appeal.is_anonymous and appeal.is_considered
    assert submission.client == world.client and appeal.open311_submission == submission
    assert AppealEvent.objects.get(appeal=appeal).actor is None
    assert Client.objects.get().last_used_at is not None


def test_the_same_phone_and_name_find_the_same_person_and_keep_their_record(client, world, report):
    person = world.tree.members["atyrau"]
    report = {
        **report,
        "phone": person.phone,
        "email": "other@example.kz",
        "last_name": person.surname,
        "first_name": person.given_name,
    }
    post(client, "requests", report)
    appeal = Appeal.objects.get()
    assert appeal.submitter == person
    assert appeal.contact_email == "other@example.kz"  # the appeal keeps what was given
    person.refresh_from_db()
    assert person.email != "other@example.kz"  # the person's own record is not rewritten


def test_someone_elses_phone_with_another_name_is_another_person(client, world, report):
    person = world.tree.members["atyrau"]
    post(client, "requests", {**report, "phone": person.phone, "last_name": "Басқа"})
    appeal = Appeal.objects.get()
    assert appeal.submitter != person and appeal.applicant_surname == "Басқа"


def test_without_a_phone_the_appeal_is_anonymous_and_said_so(client, world, report):
    data = {**report, "phone": "", "first_name": "", "last_name": ""}
    body = post(client, "requests", {**data, "locale": "en"})[1]
    appeal = Appeal.objects.get()
    assert appeal.is_anonymous and appeal.submitter is None and not appeal.is_considered
    assert "anonymous" in body[0]["service_notice"]
    assert all(p.email != "aigerim.z@example.kz" for p in Person.objects.all())
    post(client, "requests", {**data, "attribute[reports_crime]": "true"})
    assert Appeal.objects.get(reports_crime=True).is_considered


def test_the_kind_defaults_to_a_complaint_and_the_language_is_the_requests(client, world, report):
    data = {**report, "attribute[kind]": "", "locale": "ru"}
    post(client, "requests", data)
    appeal = Appeal.objects.get()
    assert (appeal.kind, appeal.language) == ("complaint", "ru")


@pytest.mark.parametrize(
    ("place", "kato"),
    [
        ({"lat": "47.0945", "long": "51.9238"}, "231010000"),  # a street in Atyrau
        ({"address_string": "atyrau"}, "231010000"),
        ({"address_string": "Абай көшесі 5, Атырау қаласы"}, "231010000"),
        ({"address_string": "АТЫРАУ ОБЛЫСЫ"}, "230000000"),
        ({"attribute[territory]": "230000000"}, "230000000"),
    ],
)
def test_the_place_comes_from_a_point_an_address_or_the_territory_attribute(
    client, world, report, place, kato
):
    data = {**report, "address_id": "", **place}
    response, body = post(client, "requests", data)
    assert response.status_code == 200, body
    assert Appeal.objects.get().territory.kato == kato


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"service_code": ""}, "service_code"),
        ({"service_code": "no-such"}, "no-such"),
        ({"description": "   "}, "description"),
        ({"description": "ы" * 5001}, "5000"),
        ({"attribute[kind]": "petition"}, "petition"),
        ({"attribute[reports_crime]": "maybe"}, "reports_crime"),
        ({"address_id": ""}, "lat"),
        ({"address_id": "123456789"}, "123456789"),
        ({"address_id": "000000000"}, "000000000"),
        ({"address_id": "", "address_string": "Нарния"}, "Нарния"),
        ({"address_id": "", "address_string": "қаласы"}, "Several"),
        ({"address_id": "", "lat": "north", "long": "51.9"}, "lat"),
        ({"address_id": "", "lat": "47.1"}, "lat"),
        ({"address_id": "", "lat": "95", "long": "51.9"}, "lat"),
        ({"address_id": "", "lat": "55.7558", "long": "37.6173"}, "150 km"),  # Moscow
        ({"phone": "+7 495 123 45 67"}, "phone:"),  # a Moscow number
        ({"last_name": ""}, "last_name:"),
        ({"email": "not-an-address"}, "email:"),
    ],
)
def test_bad_submissions_are_400_and_nothing_is_saved(client, world, report, change, words, fmt):
    response, body = post(client, "requests", {**report, **change, "locale": "en"}, fmt)
    assert response.status_code == 400
    found = errors(body, fmt)
    assert all(code == 400 for code, _ in found)
    assert any(words in description for _, description in found), found
    assert not Appeal.objects.exists() and not Submission.objects.exists()
    assert not Person.objects.filter(surname="Жұмабаева").exists()


def test_an_invalid_phone_is_refused_in_the_users_language(client, world, report):
    data = {**report, "phone": "12345"}
    response, body = post(client, "requests", data, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert body == [
        {
            "code": 400,
            "description": "phone: Введите казахстанский номер телефона, например +7 701 123 45 67.",
        }
    ]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("key", ["", "not-a-key", "inactive"])
def test_a_missing_wrong_or_inactive_key_is_403(client, world, report, key, fmt):
    if key == "inactive":
        Client.objects.update(is_active=False)
        key = world.key
    response, body = post(client, "requests", {**report, "api_key": key, "locale": "en"}, fmt)
    assert response.status_code == 403
    assert errors(body, fmt) == [(403, "Invalid api_key")]
    assert not Appeal.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_place_outside_the_keys_branch_is_403(client, world, report, fmt):
    # Rudny is served by the Kostanay tree; the key is the Atyrau branch's.
    response, body = post(client, "requests", {**report, "address_id": "392410000"}, fmt)
    assert response.status_code == 403
    ((code, description),) = errors(body, fmt)
    assert code == 403
    assert world.tree.rudny.name in description and world.tree.atyrau.name in description
    assert not Appeal.objects.exists()


def test_a_key_for_the_whole_party_submits_anywhere(client, world, report):
    key = actions.create_client(
        actor=None, client=Client(name="national", branch=world.tree.central)
    )
    response, _ = post(client, "requests", {**report, "api_key": key, "address_id": "392410000"})
    assert response.status_code == 200
    assert Appeal.objects.get().branch == world.tree.rudny


def test_the_whole_submission_is_atomic(client, world, report, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("esep.open311.actions.Submission.objects.create", broken)
    client.raise_request_exception = False
    response = client.post("/open311/v2/requests.json", report)
    assert response.status_code == 500
    assert not Appeal.objects.exists() and not Person.objects.filter(surname="Жұмабаева").exists()


def test_posts_are_limited_per_key(client, world, report, monkeypatch):
    monkeypatch.setattr(views, "POST_RATE", "2/h")
    cache.clear()
    assert post(client, "requests", report)[0].status_code == 200
    assert post(client, "requests", report)[0].status_code == 200
    response, body = post(client, "requests", report)
    assert response.status_code == 429 and errors(body)[0][0] == 429
    # Another key has its own allowance.
    other = actions.create_client(actor=None, client=Client(name="other", branch=world.tree.atyrau))
    assert post(client, "requests", {**report, "api_key": other})[0].status_code == 200
