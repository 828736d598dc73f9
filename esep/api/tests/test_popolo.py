"""The deputies in Popolo JSON: public, valid against the Popolo schemas kept in the repo
(every object against its class's schema, every id it refers to present), carrying names
only — never a deputy's IIN, birth date, sex, phone, e-mail or address —, one body on
request, names in the language asked for, and read in as many queries for many deputies as
for a few."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]
from referencing import Registry, Resource
from rest_framework.test import APIClient

from esep.api import popolo
from esep.deputies.models import Mandate, MandatePost, Position
from esep.deputies.tests.factories import build_deputies, mandate_for
from esep.org.models import Post
from esep.org.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/popolo.json"
SCHEMAS = Path(popolo.__file__).parent / "schemas" / "popolo"
CLASSES = {
    "persons": "person",
    "organizations": "organization",
    "memberships": "membership",
    "posts": "post",
    "areas": "area",
    "events": "event",
}


def _validator(name: str) -> Draft202012Validator:
    schemas = [json.loads(path.read_text()) for path in SCHEMAS.glob("*.json")]
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas
    )
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


@pytest.fixture
def council(tree):
    c = build_deputies(tree)
    chair = c.mandates[2]
    MandatePost.objects.create(
        mandate=chair, position=Position.CHAIR, started_on=c.convocation.started_on
    )
    MandatePost.objects.create(
        mandate=c.mandates[3],
        position=Position.COMMITTEE_CHAIR,
        committee_kk="Бюджет комиссиясы",
        committee_ru="Бюджетная комиссия",
        committee_en="Budget committee",
        started_on=dt.date(2021, 2, 1),
        ended_on=dt.date(2022, 2, 1),
    )
    MandatePost.objects.create(
        mandate=c.mandates[4],
        position=Position.MEMBER,
        committee_kk="Бюджет комиссиясы",
        committee_ru="Бюджетная комиссия",
        started_on=dt.date(2021, 2, 1),
    )
    # The faction's chair: a post of its own beside the member's post the mandate gave.
    faction = c.mandate.faction_post.body
    Post.objects.create(
        body=faction,
        person=c.mandate.person,
        position=Post.Position.CHAIR,
        started_on=dt.date(2021, 3, 1),
    )
    c.mandate.person.patronymic = "Серікұлы"
    c.mandate.person.save()
    Mandate.objects.filter(pk=c.rival.pk).update(
        kind=Mandate.Kind.DISTRICT,
        district="№ 4 Қостанай сайлау округі",
        ended_on=dt.date(2023, 6, 30),
        end_reason=Mandate.EndReason.RESIGNED,
    )
    return c


def _read(client=None, **query):
    answer = (client or APIClient()).get(URL, query)
    assert answer.status_code == 200, answer.content
    return answer, answer.json()


def test_anyone_reads_it_valid_against_the_popolo_schemas(council):
    _answer, document = _read()  # no token
    _validator("export").validate(document)
    for collection, name in CLASSES.items():
        validator = _validator(name)
        assert document[collection], collection
        for record in document[collection]:
            validator.validate(record)
        listed = [record["id"] for record in document[collection]]
        assert len(listed) == len(set(listed)), collection
    # Every id a record refers to is the id of a record of the document.
    ids = {key: {r["id"] for r in document[key]} for key in CLASSES}
    references = {
        "person_id": "persons",
        "organization_id": "organizations",
        "on_behalf_of_id": "organizations",
        "post_id": "posts",
        "area_id": "areas",
        "legislative_period_id": "events",
    }
    for collection in CLASSES:
        for record in document[collection]:
            for key, target in references.items():
                if key in record:
                    assert record[key] in ids[target], (collection, record)
            if "parent_id" in record:
                parent = "areas" if collection == "areas" else "organizations"
                assert record["parent_id"] in ids[parent], record


def test_bodies_convocations_mandates_posts_factions_and_areas(council):
    c = council
    _answer, document = _read()
    organizations = {o["id"]: o for o in document["organizations"]}
    body = organizations["body/kostanay-oblast"]
    assert body["classification"] == "legislature"
    assert body["area_id"] == "kato/390000000"
    assert {"name": "Костанайский областной маслихат", "note": "ru"} in body["other_names"]
    assert organizations["party/amanat"]["classification"] == "party"
    assert organizations["party/ak-zhol"]["classification"] == "party"
    [event] = [e for e in document["events"] if e["organization_id"] == "body/kostanay-oblast"]
    assert event == {
        "id": "convocation/kostanay-oblast/7",
        "name": event["name"],
        "classification": "legislative period",
        "organization_id": "body/kostanay-oblast",
        "start_date": "2021-01-15",
    }

    persons = {p["id"]: p for p in document["persons"]}
    assert len(persons) == 8  # six of the party and a rival in Kostanay, one in Atyrau
    deputy = persons[f"person/{c.mandate.person_id}"]
    assert deputy["family_name"] == c.mandate.person.surname
    assert deputy["given_name"] == c.mandate.person.given_name
    assert deputy["additional_name"] == deputy["patronymic_name"] == "Серікұлы"

    memberships = {m["id"]: m for m in document["memberships"]}
    mandate = memberships[f"mandate/{c.mandate.pk}"]
    assert mandate == {
        "id": f"mandate/{c.mandate.pk}",
        "label": mandate["label"],
        "role": "member",
        "person_id": f"person/{c.mandate.person_id}",
        "organization_id": "body/kostanay-oblast",
        "on_behalf_of_id": "party/amanat",
        "area_id": "kato/390000000",
        "legislative_period_id": "convocation/kostanay-oblast/7",
        "start_date": "2021-01-15",
    }
    rival = memberships[f"mandate/{c.rival.pk}"]
    assert rival["on_behalf_of_id"] == "party/ak-zhol"
    assert rival["end_date"] == "2023-06-30"
    assert "№ 4 Қостанай сайлау округі" in rival["label"]

    posts = {p["id"]: p for p in document["posts"]}
    assert posts["post/kostanay-oblast/chair"]["organization_id"] == "body/kostanay-oblast"
    assert posts["post/kostanay-oblast/secretary"]["role"] == "secretary"
    held = {m["post_id"]: m for m in document["memberships"] if "post_id" in m}
    assert held["post/kostanay-oblast/chair"]["person_id"] == f"person/{c.mandates[2].person_id}"
    assert held["post/kostanay-oblast/secretary"]["person_id"] == (
        f"person/{c.secretary.person_id}"
    )
    committee = "committee/kostanay-oblast/бюджет-комиссиясы"
    assert organizations[committee]["classification"] == "committee"
    assert organizations[committee]["parent_id"] == "body/kostanay-oblast"
    committee_chair = held[f"post/{committee.removeprefix('committee/')}/chair"]
    assert committee_chair["organization_id"] == committee
    assert committee_chair["end_date"] == "2022-02-01"
    [member] = [
        m
        for m in document["memberships"]
        if m["organization_id"] == committee and "post_id" not in m
    ]
    assert member["person_id"] == f"person/{c.mandates[4].person_id}"

    # The party's faction in each body: its six and Atyrau's one, never the rival; its chair.
    factions = [o for o in organizations.values() if o["classification"] == "faction"]
    assert {f["parent_id"] for f in factions} == {"body/kostanay-oblast", "body/atyrau-city"}
    in_factions = [m for m in document["memberships"] if m["id"].startswith("faction-post/")]
    assert len(in_factions) == 8  # 6 + 1 members, and the chair
    assert {m["on_behalf_of_id"] for m in in_factions} == {"party/amanat"}
    assert f"person/{c.rival.person_id}" not in {m["person_id"] for m in in_factions}
    roles = {m["role"] for m in in_factions if m["person_id"] == f"person/{c.mandate.person_id}"}
    assert roles == {"member", "chair"}

    areas = {a["id"]: a for a in document["areas"]}
    kostanay = areas["kato/390000000"]
    assert kostanay["identifiers"] == [{"scheme": "KATO", "identifier": "390000000"}]
    assert kostanay["parent_id"] == "kato/000000000"
    assert "parent_id" not in areas["kato/000000000"]
    assert areas["kato/231010000"]["parent_id"] == "kato/230000000"
    assert areas["kato/231010000"]["classification"] == "town"


def test_no_personal_data_reaches_it(council):
    answer, document = _read()
    text = answer.content.decode()
    people = [m.person for m in Mandate.objects.select_related("person")]
    assert len(people) == 8
    for person in people:
        assert person.iin and person.birth_date and person.phone and person.email
        for secret in (
            person.iin,
            person.birth_date.isoformat(),
            person.birth_date.strftime("%d.%m.%Y"),
            person.phone,
            person.phone[2:],
            person.email,
            person.address,
        ):
            assert secret not in text, secret
    for person in document["persons"]:
        assert set(person) <= {
            "id",
            "name",
            "family_name",
            "given_name",
            "additional_name",
            "patronymic_name",
            "sort_name",
            "links",  # the public profile page's address
        }
        assert [set(link) for link in person["links"]] == [{"url", "note"}]
    assert "female" not in text and "male" not in text


def test_one_body_on_request_and_a_missing_one_is_named(council):
    c = council
    _answer, document = _read(body="atyrau-city")
    assert [p["id"] for p in document["persons"]] == [f"person/{c.atyrau_mandate.person_id}"]
    assert {o["id"] for o in document["organizations"]} == {
        "body/atyrau-city",
        f"faction/{c.atyrau_mandate.faction_post.body_id}",
        "party/amanat",
    }
    assert {a["id"] for a in document["areas"]} == {
        "kato/000000000",
        "kato/230000000",
        "kato/231010000",
    }
    missing = APIClient(HTTP_ACCEPT_LANGUAGE="en").get(URL, {"body": "nowhere"})
    assert missing.status_code == 404
    assert set(missing.json()["error"]["fields"]) == {"body"}
    assert APIClient().get(URL, {"body": ""}).status_code == 400
    assert APIClient().get(f"{URL}?body=atyrau-city&body=kostanay-oblast").status_code == 400


def test_names_in_the_language_asked_for(council):
    _answer, document = _read(APIClient(HTTP_ACCEPT_LANGUAGE="ru"))
    names = {o["id"]: o["name"] for o in document["organizations"]}
    assert names["body/kostanay-oblast"] == "Костанайский областной маслихат"
    assert names["party/amanat"] == "Партия «AMANAT»"
    _answer, document = _read()  # Kazakh by default
    names = {o["id"]: o["name"] for o in document["organizations"]}
    assert names["body/kostanay-oblast"] == "Қостанай облыстық мәслихаты"


def _queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        _read()
    return len(queries)


def test_as_many_queries_for_many_deputies_as_for_a_few(council, django_assert_max_num_queries):
    few = _queries()
    for n in range(40):
        m = mandate_for(council.convocation, council.own if n % 2 else council.other)
        MandatePost.objects.create(
            mandate=m,
            position=Position.COMMITTEE_CHAIR if n % 3 else Position.MEMBER,
            committee_kk=f"Комиссия {n % 5}",
            started_on=dt.date(2021, 2, 1),
        )
    PersonFactory.create()  # not a deputy: not exported
    with django_assert_max_num_queries(few):
        _answer, document = _read()
    assert len(document["persons"]) == 48
    assert few <= 10


def test_the_schema_shows_it_public(council):
    paths = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    operation = paths["/api/v1/popolo.json"]["get"]
    assert "403" not in operation["responses"] and "404" in operation["responses"]
    assert [p["name"] for p in operation["parameters"]] == ["body"]


# ---------------------------------------------------------------- Popolo persons' profiles


def test_popolo_persons_link_to_their_public_profile(council):
    c = council
    answer = APIClient(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/popolo.json")
    assert answer.status_code == 200
    persons = {p["id"]: p for p in answer.json()["persons"]}
    person = persons[f"person/{c.mandate.person_id}"]
    profile = f"http://testserver/en/rating/deputies/{c.mandate.person_id}/"
    assert person["links"] == [{"url": profile, "note": "The deputy's public profile"}]
    validator = _validator("person")
    for record in persons.values():
        validator.validate(record)
        [link] = record["links"]
        assert link["url"].startswith("http://testserver/en/rating/deputies/")
    # The link leads to the page.
    assert APIClient().get(profile).status_code == 200
