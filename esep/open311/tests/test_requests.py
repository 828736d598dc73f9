"""GET requests, one request and tokens: every appeal's public progress, filtered and paged,
in both formats."""

import datetime as dt

import pytest
import time_machine

from esep.appeals import actions as appeals
from esep.appeals.tests.factories import StateBodyFactory
from esep.open311 import actions
from esep.open311.tests.helpers import a_while_later, errors, get, rows
from esep.org.models import Territory
from esep.org.tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 20, 6, 0, tzinfo=dt.UTC)
FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def brought(world, *, days_ago, category=None, territory="231010000", text="Жарық жоқ"):
    """An appeal brought to the Atyrau city branch's reception `days_ago` days ago."""
    return appeals.register_appeal(
        actor=None,
        channel="reception_office",
        kind="complaint",
        category=category or world.water,
        territory=Territory.objects.get(kato=territory),
        branch=world.tree.atyrau_city,
        submitter=world.tree.members["atyrau-city"],
        text=text,
        language="kk",
        received_at=NOW - dt.timedelta(days=days_ago),
    )


def submitted(world, text="Подъезде лампа сгорела", **extra):
    return actions.submit_request(
        client=world.client,
        category=world.roads,
        territory=Territory.objects.get(kato="231010000"),
        kind="complaint",
        text=text,
        language="ru",
        **extra,
    )


def answered(appeal, outcome="resolved_positively", close=False):
    officer = user_with_role("reception_officer", appeal.branch, f"officer-{appeal.pk}")
    appeals.assign_appeal(actor=officer, appeal=appeal, assignee=officer)
    appeals.start_work(actor=officer, appeal=appeal)
    appeals.record_answer(actor=officer, appeal=appeal, outcome=outcome, answer="Жөнделді")
    if close:
        appeals.close_appeal(actor=officer, appeal=appeal)
    return appeal


@pytest.fixture
def listed(world):
    old = brought(world, days_ago=120, text="Ескі өтініш")
    recent = brought(world, days_ago=10, text="ЖСН 900101300123, тел. +7 701 111 22 33")
    done = answered(brought(world, days_ago=5, category=world.roads), close=True)
    online = submitted(world).appeal
    return {"old": old, "recent": recent, "done": done, "online": online}


def numbers(body, fmt="json"):
    items = rows(body, "request") if fmt == "xml" else body
    return [row["service_request_id"] for row in items]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_last_90_days_are_listed_newest_first_with_every_field(client, listed, fmt):
    response, body = get(client, "requests", fmt)
    assert response.status_code == 200
    assert numbers(body, fmt) == [
        listed[k].number for k in ("online", "done", "recent")
    ]  # the 120-day-old one is outside the default window
    if fmt == "xml":
        assert body.tag == "service_requests"
        assert [[c.tag for c in element] for element in body] == [FIELDS] * 3
    else:
        assert [list(row) for row in body] == [FIELDS] * 3


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_request_shows_its_public_progress(client, listed, world, fmt):
    appeal = listed["done"]
    response, body = get(client, f"requests/{appeal.number}", fmt, locale="en")
    assert response.status_code == 200
    (row,) = rows(body, "request") if fmt == "xml" else body
    assert row["service_request_id"] == appeal.number
    assert row["status"] == "closed"
    assert row["status_notes"] == "resolved positively"
    assert (row["service_name"], row["service_code"]) == ("Roads", "roads")
    assert row["description"] == ""  # brought to a reception: never published
    assert row["agency_responsible"] == world.tree.atyrau_city.name_en
    assert row["requested_datetime"] == "2026-03-15T11:00:00+05:00"  # Atyrau time
    assert row["updated_datetime"] == "2026-03-20T11:00:00+05:00"  # closed now
    assert row["expected_datetime"] == f"{appeal.due_on:%Y-%m-%d}T23:59:59+05:00"
    assert (row["address"], row["address_id"]) == ("Atyrau", "231010000")
    assert row["zipcode"] in ("", None) and row["media_url"] in ("", None)
    assert float(row["lat"]) == 47.1167 and float(row["long"]) == 51.8833
    assert row["service_notice"] in ("", None)


def test_an_open_request_says_when_it_is_due(client, listed):
    appeal = listed["recent"]
    (row,) = get(client, f"requests/{appeal.number}", locale="en")[1]
    assert (row["status"], row["status_notes"]) == ("open", "")
    assert row["service_notice"] == f"To be answered by {appeal.due_on:%d.%m.%Y}."


def test_only_open311_texts_are_published_and_with_personal_data_struck_out(client, world):
    online = submitted(
        world,
        text="Мен, Жұмабаева Айгерім, ЖСН 900101300123, тел. 8 (701) 444-55-66, a@b.kz: жарық жоқ",
        phone="+7 701 444 55 66",
        surname="Жұмабаева",
        given_name="Айгерім",
    ).appeal
    (row,) = get(client, f"requests/{online.number}")[1]
    assert row["description"] == "Мен, [NAME] [NAME], ЖСН [IIN], тел. [PHONE], [EMAIL]: жарық жоқ"


def test_personal_data_is_struck_out_in_the_forms_people_write_it(client, world):
    text = (
        "Іргебаевқа жауап жоқ. Иргебаеву Аскару ответили 15.03.2021 по обращению "
        "ATYRAU-2021-00042, сумма 150 000 тенге. ИИН 590211 369491 (или 5902 1136 9491), "
        "тел. 705 902 85 49, дом 8 7122 27 45 67, почта irgebaev(at)mail.kz, "
        "irgebaev [at] mail dot kz. Иргебаевым подано в 2021 году."
    )
    online = submitted(
        world, text=text, phone="+7 705 902 85 49", surname="Іргебаев", given_name="Асқар"
    ).appeal
    (row,) = get(client, f"requests/{online.number}")[1]
    assert row["description"] == (
        "[NAME] жауап жоқ. [NAME] [NAME] ответили 15.03.2021 по обращению "
        "ATYRAU-2021-00042, сумма 150 000 тенге. ИИН [IIN] (или [IIN]), "
        "тел. [PHONE], дом [PHONE], почта [EMAIL], "
        "[EMAIL]. [NAME] подано в 2021 году."
    )


def test_the_names_on_the_applicants_record_are_struck_out_too(client, world):
    PersonFactory.create(
        surname="Іргебаев", given_name="Асқар", patronymic="Серікұлы", phone="+77059028549"
    )
    text = "Іргебаев Асқар Серікұлының өтінішіне 2021 жылдан бері жауап жоқ"
    online = submitted(
        world, text=text, phone="+7 705 902 85 49", surname="Іргебаев", given_name="Асқар"
    ).appeal
    assert online.submitter.patronymic == "Серікұлы"  # found by phone and names
    (row,) = get(client, f"requests/{online.number}")[1]
    assert row["description"] == "[NAME] [NAME] [NAME] өтінішіне 2021 жылдан бері жауап жоқ"


def test_a_forwarded_appeal_names_the_state_body(client, listed):
    appeal = listed["recent"]
    officer = user_with_role("reception_officer", appeal.branch, "fwd-officer")
    appeals.assign_appeal(actor=officer, appeal=appeal, assignee=officer)
    appeals.start_work(actor=officer, appeal=appeal)
    body = StateBodyFactory.create(name_kk="Атырау қаласының әкімдігі", name_en="Akimat of Atyrau")
    appeals.forward_to_state_body(
        actor=officer, appeal=appeal, state_body=body, outgoing_reference="7", sent_on=NOW.date()
    )
    (row,) = get(client, f"requests/{appeal.number}")[1]
    assert row["agency_responsible"] == "Атырау қаласының әкімдігі"


def test_a_territory_without_a_centre_takes_the_one_above(client, listed):
    Territory.objects.filter(kato="231010000").update(latitude=None, longitude=None)
    Territory.objects.filter(kato="230000000").update(latitude="47.2", longitude="51.9")
    (row,) = get(client, f"requests/{listed['recent'].number}")[1]
    assert (row["lat"], row["long"]) == (47.2, 51.9)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "open"}, ["online", "recent"]),
        ({"status": "closed"}, ["done"]),
        ({"status": "open,closed"}, ["online", "done", "recent"]),
        ({"service_code": "roads"}, ["online", "done"]),
        ({"service_code": "utilities"}, ["recent"]),  # its subtopics too
        ({"service_code": "utilities-water,roads", "status": "open"}, ["online", "recent"]),
        ({"start_date": "2026-03-12T00:00:00+05:00"}, ["online", "done"]),
        ({"end_date": "2026-03-12T00:00:00Z"}, ["recent"]),
        ({"start_date": "2025-11-01T00:00:00Z", "end_date": "2025-12-01T00:00:00Z"}, ["old"]),
        ({"start_date": "2025-11-01", "end_date": "2026-01-29"}, ["old"]),
        ({"start_date": "2026-03-10T11:00:00 05:00"}, ["online", "done", "recent"]),
        # The ids override every other filter.
        ({"service_request_id": "old,done", "status": "open"}, ["done", "old"]),
    ],
)
def test_filters(client, listed, params, expected):
    if "service_request_id" in params:
        params = {
            **params,
            "service_request_id": ",".join(
                listed[k].number for k in params["service_request_id"].split(",")
            ),
        }
    response, body = get(client, "requests", **params)
    assert response.status_code == 200, body
    assert numbers(body) == [listed[k].number for k in expected]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"start_date": "yesterday"}, "start_date"),
        ({"end_date": "2026-13-01T00:00:00Z"}, "end_date"),
        ({"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-04-02T00:00:00Z"}, "90"),
        ({"start_date": "2026-03-01T00:00:00Z", "end_date": "2026-02-01T00:00:00Z"}, "before"),
        ({"status": "pending"}, "status"),
        ({"service_code": "no-such"}, "no-such"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"page": "99999999999999999999"}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "201"}, "200"),
    ],
)
def test_bad_queries_are_400(client, listed, params, words, fmt):
    response, body = get(client, "requests", fmt, locale="en", **params)
    assert response.status_code == 400
    ((code, description),) = errors(body, fmt)
    assert code == 400 and words in description


def test_exactly_90_days_is_allowed(client, listed):
    params = {"start_date": "2025-12-20T06:00:00Z", "end_date": "2026-03-20T06:00:00Z"}
    assert get(client, "requests", **params)[0].status_code == 200


def test_pages(client, listed):
    everything = numbers(get(client, "requests")[1])
    assert len(everything) == 3
    assert numbers(get(client, "requests", page_size=2)[1]) == everything[:2]
    assert numbers(get(client, "requests", page_size=2, page=2)[1]) == everything[2:]
    assert numbers(get(client, "requests", page_size=2, page=3)[1]) == []
    assert numbers(get(client, "requests", page_size=1, page=3)[1]) == everything[2:]
    assert numbers(get(client, "requests", page_size=200)[1]) == everything


def test_the_list_takes_a_bounded_number_of_queries(
    client, world, listed, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        get(client, "requests")
    for days in range(1, 15):
        answered(brought(world, days_ago=days))
    a_while_later()
    with django_assert_max_num_queries(4):
        body = get(client, "requests")[1]
    assert len(body) == 17


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_request_is_404(client, world, fmt):
    response, body = get(client, "requests/ATYRAU-2026-99999", fmt)
    assert response.status_code == 404
    assert errors(body, fmt)[0][0] == 404


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_token_gives_the_request_id(client, world, fmt):
    submission = submitted(world)
    response, body = get(client, f"tokens/{submission.token}", fmt)
    assert response.status_code == 200
    expected = {"service_request_id": submission.appeal.number, "token": submission.token}
    assert (rows(body, "request") if fmt == "xml" else body) == [expected]
    response, body = get(client, "tokens/no-such-token", fmt)
    assert response.status_code == 404 and errors(body, fmt)[0][0] == 404


@pytest.mark.parametrize(
    "query",
    [
        {"start_date": "9999-12-31T00:00:00Z"},
        {"end_date": "0001-01-01T00:00:00Z"},
    ],
)
def test_a_window_at_the_edge_of_the_calendar_is_answered(client, query):
    response = client.get("/open311/v2/requests.json", query)
    assert response.status_code == 200 and response.json() == []


def test_a_read_is_kept_a_while_for_everyone_who_asks_it_in_the_same_language(
    client, world, listed, django_assert_num_queries
):
    """The public lists are read from the cache for OPEN311_CACHE_SECONDS, as Cache-Control
    tells a proxy; by address and language, so a Russian reader never gets the Kazakh
    answer; a POST goes through."""
    first, body = get(client, "requests")
    assert "max-age=60" in first["Cache-Control"]
    assert "Accept-Language" in first["Vary"]
    brought(world, days_ago=1)
    with django_assert_num_queries(0):
        kept = get(client, "requests")[1]
    assert kept == body
    russian = client.get("/open311/v2/requests.json", HTTP_ACCEPT_LANGUAGE="ru")
    assert russian["Content-Language"] == "ru"
    assert first["Content-Language"] != "ru"
    a_while_later()
    assert len(get(client, "requests")[1]) == len(body) + 1
