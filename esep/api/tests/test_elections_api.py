"""The elections in the REST API: `POST seats/` (the law's seats for the votes given, open to
anyone, its refusals in the language asked for) and `elections/` (the certified ones to
anyone, the rest to staff in scope; the winners by public name only)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from esep.elections import actions, queries
from esep.elections.tests.factories import akim_race, build_elections, seven_on_the_list
from esep.org.models import Person

from .conftest import client_for

pytestmark = pytest.mark.django_db

SEATS = "/api/v1/seats/"
ELECTIONS = "/api/v1/elections/"

# 10 January 2021, 98 list seats, 7% (see esep/elections/tests/test_seats.py for the source).
MAZHILIS_2021: dict[str, Any] = {
    "mandates": 98,
    "threshold": "7",
    "tie": "earlier_registration",
    "base": None,
    "runner_up": False,
    "lists": [
        {"party": "Nur Otan", "votes": 5_148_074},
        {"party": "Ak Zhol", "votes": 792_828},
        {"party": "QHP", "votes": 659_019},
        {"party": "Auyl", "votes": 383_023},
        {"party": "Adal", "votes": 258_618},
    ],
}


def anonymous(language: str = "en") -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE=language)


def error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    return response.json()["error"]


# ---------------------------------------------------------------- the seats


def test_the_seats_of_2021_to_anyone():
    answer = anonymous().post(SEATS, MAZHILIS_2021, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json() == {
        "seats": {"Nur Otan": 76, "Ak Zhol": 12, "QHP": 10, "Auyl": 0, "Adal": 0},
        "passing": ["Nur Otan", "Ak Zhol", "QHP"],
        "quota": "67346.13",
        "base": 7_241_562,
        "by_remainder": ["QHP", "Ak Zhol"],
        "tied": [],
        "no_list_passed": False,
    }
    # The parties in the order given, as the call gave them.
    assert list(json.loads(answer.content)["seats"]) == [
        row["party"] for row in MAZHILIS_2021["lists"]
    ]


def test_the_options_have_their_defaults_and_reach_the_rule():
    lists = [{"party": "A", "votes": 50}, {"party": "B", "votes": 150}]
    plain = anonymous().post(SEATS, {"mandates": 2, "threshold": "0", "lists": lists}, "json")
    assert plain.json()["seats"] == {"A": 1, "B": 1}
    assert sorted(plain.json()["tied"]) == ["A", "B"]
    more = {"mandates": 2, "threshold": "0", "lists": lists, "tie": "more_votes"}
    assert anonymous().post(SEATS, more, format="json").json()["seats"] == {"A": 0, "B": 2}
    runner_up = {
        "mandates": 98,
        "threshold": "7",
        "runner_up": True,
        "lists": [{"party": "A", "votes": 1000}, {"party": "B", "votes": 10}],
    }
    assert anonymous().post(SEATS, runner_up, format="json").json()["seats"] == {
        "A": 96,
        "B": 2,
    }


def test_no_list_passing_has_no_quota():
    body = {
        "mandates": 10,
        "threshold": "50",
        "lists": [{"party": p, "votes": v} for p, v in (("A", 30), ("B", 30), ("C", 40))],
    }
    answer = anonymous().post(SEATS, body, format="json").json()
    assert answer["no_list_passed"] is True
    assert answer["quota"] is None
    assert answer["seats"] == {"A": 0, "B": 0, "C": 0}


@pytest.mark.parametrize(
    ("language", "word"),
    [("kk", "мән"), ("ru", "значение")],  # DRF's own "greater than or equal to 1", translated
)
def test_a_malformed_call_is_a_400_with_its_fields_in_the_language_asked_for(language, word):
    body = {**MAZHILIS_2021, "mandates": 0, "threshold": "101"}
    refused = error(anonymous(language).post(SEATS, body, format="json"), 400)
    assert refused["code"] == "invalid"
    assert set(refused["fields"]) == {"mandates", "threshold"}
    assert word in refused["fields"]["mandates"][0].lower()
    english = error(anonymous("en").post(SEATS, body, format="json"), 400)
    assert refused["message"] != english["message"]
    assert refused["fields"]["mandates"] != english["fields"]["mandates"]


@pytest.mark.parametrize(
    "wrong",
    [
        {"mandates": "98"},
        {"mandates": 98.0},
        {"mandates": True},
        {"threshold": 7},
        {"threshold": "7,5"},
        {"threshold": "-1"},
        {"tie": "coin"},
        {"runner_up": "yes"},
        {"base": "100"},
        {"lists": []},
        {"lists": [{"party": "A", "votes": -1}]},
        {"lists": [{"party": "A", "votes": "12"}]},
        {"lists": [{"party": " ", "votes": 12}]},
        {"lists": [{"party": 5, "votes": 12}]},
    ],
)
def test_a_value_the_schema_refuses_is_a_400_naming_its_field(wrong):
    refused = error(anonymous().post(SEATS, {**MAZHILIS_2021, **wrong}, format="json"), 400)
    assert list(refused["fields"]) == list(wrong)


def test_values_that_do_not_go_together_are_a_422():
    twice = {
        **MAZHILIS_2021,
        "lists": [{"party": "A", "votes": 10}, {"party": "A", "votes": 20}],
    }
    refused = error(anonymous().post(SEATS, twice, format="json"), 422)
    assert refused["fields"] == {"lists": ["A party is given twice."]}
    small_base = {**MAZHILIS_2021, "base": 1000}
    refused = error(anonymous().post(SEATS, small_base, format="json"), 422)
    assert list(refused["fields"]) == ["base"]


# ---------------------------------------------------------------- the elections


@pytest.fixture
def world(tree):
    """Kostanay's maslikhat election certified; a Kostanay rural akim's election open."""
    world = build_elections(tree)
    seven_on_the_list(world)
    actions.certify(actor=world.head, election=world.election)
    world.election.refresh_from_db()
    world.race = akim_race(
        world,
        world.districts[2],
        tree.kostanay,
        [(None, world.parties.own, 2000, 40), (None, None, 900, 52)],
    )
    return world


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [e["code"] for e in response.json()["results"]]


def test_anyone_sees_only_the_certified_elections(world):
    assert codes(anonymous().get(ELECTIONS)) == ["kostanay-oblast-2021"]
    race = f"{ELECTIONS}{world.race.election.code}/"
    assert error(anonymous().get(race), 404)["code"] == "not_found"


def test_staff_see_those_in_their_scope_and_the_certified_ones(world):
    head = client_for(world.head)  # Kostanay's head
    assert sorted(codes(head.get(ELECTIONS))) == ["akim-393100000", "kostanay-oblast-2021"]
    admin = client_for(world.admin)
    assert sorted(codes(admin.get(ELECTIONS))) == ["akim-393100000", "kostanay-oblast-2021"]
    race = f"{ELECTIONS}{world.race.election.code}/"
    assert head.get(race).json()["state"] == "open"
    assert head.get(race).json()["winners"] == []


def test_an_outsider_sees_the_certified_results_but_not_an_open_election_elsewhere(world):
    outsider = client_for(world.outsider)  # Atyrau's head
    assert codes(outsider.get(ELECTIONS)) == ["kostanay-oblast-2021"]
    race = f"{ELECTIONS}{world.race.election.code}/"
    assert error(outsider.get(race), 404)["code"] == "not_found"


def test_a_certified_election_s_totals_lists_and_winners(world):
    answer = anonymous().get(f"{ELECTIONS}kostanay-oblast-2021/")
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert data["campaign"] == "2021-01-10"
    assert (data["kind"], data["system"], data["state"]) == ("maslikhat", "party_list", "certified")
    assert (data["seats"], data["threshold"], data["tie"]) == (10, "7.00", "earlier_registration")
    assert data["totals"] == {
        "registered_voters": 1800,
        "took_part": 1100,
        "turnout": "61.11",
        "invalid": 30,
        "against_all": 0,
        "list_votes": 1070,
    }
    assert [(x["party"], x["votes"], x["share"], x["seats"]) for x in data["lists"]] == [
        ("amanat", 700, "65.42", 7),
        ("ak-zhol", 250, "23.36", 2),
        ("auyl", 120, "11.21", 1),
    ]
    assert data["lists"][0]["party_name"] == "AMANAT party"  # English asked for
    winners = data["winners"]
    assert len(winners) == 10
    assert [(w["party"], w["list_place"]) for w in winners[:8]] == [
        ("amanat", place) for place in range(1, 8)
    ] + [("ak-zhol", 1)]
    first = world.candidates["amanat"][0].person
    assert winners[0]["name"] == first.full_name
    assert set(winners[0]) == {"name", "party", "list_place", "constituency"}


def test_no_personal_data_of_a_candidate_is_served(world):
    head = client_for(world.head)
    seen = [
        head.get(ELECTIONS).content,
        head.get(f"{ELECTIONS}kostanay-oblast-2021/").content,
        head.get(f"{ELECTIONS}{world.race.election.code}/").content,
        anonymous().get(f"{ELECTIONS}kostanay-oblast-2021/").content,
    ]
    people = Person.objects.filter(
        pk__in=world.election.candidates.values("person")
    ) | Person.objects.filter(pk__in=world.race.election.candidates.values("person"))
    assert people.count() == 14
    for content in seen:
        text = content.decode()
        assert '"age"' not in text and "birth" not in text and "iin" not in text
        for person in people:
            assert person.iin not in text
            assert person.birth_date.isoformat() not in text
            assert person.birth_date.strftime("%d.%m.%Y") not in text
            assert person.phone not in text
            assert person.email not in text
            assert person.address not in text


def test_the_list_reads_a_few_queries_whatever_the_number_of_elections(
    world, django_assert_max_num_queries
):
    for n, district in enumerate(world.districts[:2]):
        akim_race(world, district, world.tree.atyrau, [(None, None, 100 + n, 30)])
    admin = client_for(world.admin)
    with django_assert_max_num_queries(20):
        assert len(codes(admin.get(ELECTIONS))) == 4


def test_the_totals_of_many_elections_are_each_one_s_totals(world):
    elections = [world.election, world.race.election]
    many = queries.totals_for(elections)
    for election in elections:
        assert many[election.pk] == queries.totals(election)
    assert queries.totals_for([]) == {}


def test_the_schema_offers_the_seats_and_the_elections():
    schema = SchemaGenerator().get_schema(public=True)
    validate_schema(schema)
    assert "post" in schema["paths"]["/api/v1/seats/"]
    assert "get" in schema["paths"]["/api/v1/elections/{code}/"]
    seats = schema["paths"]["/api/v1/seats/"]["post"]
    assert seats["security"][-1] == {}  # open to anyone, no token needed
    assert "422" in seats["responses"]


def test_the_index_lists_the_elections():
    index = anonymous().get("/api/v1/").json()
    assert index["resources"]["elections"].endswith("/api/v1/elections/")
