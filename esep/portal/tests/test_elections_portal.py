"""The public results of elections, in kk, ru and en, without login: the certified elections
by campaign, a campaign's figures (withheld below 5 winners) and its winners, an election's
turnout, lists, seats, chart, contests and winners. An election still being counted is not
public (404). No candidate's IIN, birth date, age, phone or address anywhere — a public name
and a party only.

The world is esep.elections.tests.factories': the Kostanay maslikhat (10 seats: amanat 7,
ak-zhol 2, auyl 1; turnout 61.11%, amanat 65.42%) and rural akims of 25 July 2021 — six
races here (two more districts than the factories' four), five won by the party:

    d0 the appointed akim (party, 44)    d3 a self-nominated newcomer (40)
    d1 a woman new to office (party, 30) d4 a newcomer (party, 36)
    d2 d3's appointed akim (party, 50)   d5 a newcomer (party, 52)

districts won 5 of 6 (83.3%), new faces 3 of the party's 5 (60%), the corps renewed 5 of 6
(83.3%), average age 42, women and young 1 of 6 (16.7%)."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from esep.deputies.models import Party
from esep.elections import actions
from esep.elections.models import Candidate
from esep.elections.tests.factories import akim_race, build_elections
from esep.figures.registry import get
from esep.org.models import Branch, Person
from esep.org.tests.factories import PersonFactory, TerritoryFactory

pytestmark = pytest.mark.django_db
LANGUAGES = ("kk", "ru", "en")


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def world(tree):
    return build_elections(tree)


def _certify_maslikhat(world: SimpleNamespace) -> None:
    for place in (5, 6, 7):
        actions.register_candidate(
            actor=world.head,
            election=world.election,
            person=PersonFactory.create(),
            party_list=world.lists[0],
            position=place,
            registered_on=dt.date(2020, 12, 1),
            age=40,
        )
    actions.certify(actor=world.head, election=world.election)


def _akims(world: SimpleNamespace, count: int = 6) -> list[SimpleNamespace]:
    tree, own = world.tree, world.parties.own
    districts = world.districts + [
        TerritoryFactory.create(parent=parent.territory, kato=kato, level="rural_district")
        for parent, kato in ((tree.atyrau, "233300000"), (tree.kostanay, "393300000"))
    ]
    incumbents = [tenure.person for tenure in world.akims]
    woman = PersonFactory.create(sex="female")
    Plan = list[tuple[Person | None, Party | None, int, int | None]]
    plans: list[tuple[Branch, Plan]] = [
        (tree.atyrau, [(incumbents[0], own, 1700, 44), (None, None, 1200, 51)]),
        (tree.atyrau, [(woman, own, 1600, 30), (incumbents[1], None, 1300, 55)]),
        (tree.kostanay, [(incumbents[3], own, 2000, 50), (None, None, 900, 38)]),
        (tree.kostanay, [(None, None, 1500, 40), (None, own, 1400, 45)]),
        (tree.atyrau, [(None, own, 2100, 36), (None, None, 800, 41)]),
        (tree.kostanay, [(None, own, 1800, 52), (None, None, 1100, 47)]),
    ]
    races = []
    for district, (branch, votes) in zip(districts, plans[:count], strict=False):
        race = akim_race(world, district, branch, votes)
        actions.certify(actor=world.admin, election=race.election)
        races.append(race)
    return races


def _personal(people: list[Person]) -> list[str]:
    """What must never appear: each person's IIN, phone, e-mail and birth date as written."""
    out = []
    for person in people:
        out += [person.iin or "", person.phone, person.email]
        if person.birth_date:
            out += [f"{person.birth_date:%d.%m.%Y}", person.birth_date.isoformat()]
    return [text for text in out if text]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_shows_certified_elections_by_campaign(client, world, language):
    _certify_maslikhat(world)
    races = _akims(world, count=1)
    open_race = akim_race(world, world.districts[1], world.tree.atyrau, [(None, None, 10, 40)])
    response = client.get(url("portal:elections", language=language))
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(language):
        assert world.campaign.name in html and world.akims_campaign.name in html
        assert url("portal:election", world.election.code, language=language) in html
        assert url("portal:election", races[0].election.code, language=language) in html
        assert url("portal:campaign", world.campaign.code, language=language) in html
    assert open_race.election.code not in html


def test_with_nothing_certified_the_list_says_so(client, world):
    html = client.get(url("portal:elections")).content.decode()
    assert "No election's results are certified yet." in html
    assert world.campaign.name_en not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_election_page_shows_turnout_lists_seats_chart_and_winners(client, world, language):
    _certify_maslikhat(world)
    response = client.get(url("portal:election", world.election.code, language=language))
    assert response.status_code == 200
    html = response.content.decode()
    comma = "." if language == "en" else ","
    assert f"61{comma}11%" in html  # turnout: 1,100 of 1,800
    assert f"65{comma}42%" in html and f"23{comma}36%" in html and f"11{comma}21%" in html
    lists = re.search(r'<table class="figures" id="election-lists">.*?</table>', html, re.S)
    assert lists is not None
    seats = re.findall(r'<td class="num">(\d+)</td>\s*</tr>', lists.group(0))
    assert seats == ["7", "2", "1"]  # by votes: amanat, ak-zhol, auyl
    chart = url("portal:election-chart", world.election.code, language=language)
    assert f'<img src="{chart}"' in html
    winners = Candidate.objects.filter(election=world.election, elected=True)
    assert winners.count() == 10
    for winner in winners.select_related("person"):
        assert winner.person.full_name in html


def test_the_chart_is_a_static_svg_of_the_lists_shares(client, world):
    _certify_maslikhat(world)
    response = client.get(url("portal:election-chart", world.election.code))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert "<svg" in svg and "<script" not in svg
    assert "AMANAT party" in svg and "Ak Zhol" in svg


def test_an_akims_page_shows_the_contest_and_its_chart_of_votes(client, world):
    race = _akims(world, count=1)[0]
    html = client.get(url("portal:election", race.election.code)).content.decode()
    winner, loser = race.candidates
    assert winner.person.full_name in html and loser.person.full_name in html
    assert "AMANAT party" in html and "self-nominated" in html
    assert "58.62%" in html  # 1,700 of the 2,900 votes for the candidates
    svg = client.get(url("portal:election-chart", race.election.code)).content.decode()
    assert winner.person.full_name in svg


def test_an_election_still_being_counted_is_not_public(client, world):
    for name in ("portal:election", "portal:election-chart"):
        assert client.get(url(name, world.election.code)).status_code == 404
    assert client.get(url("portal:campaign", world.campaign.code)).status_code == 404
    assert client.get(url("portal:election", "no-such-election")).status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_campaign_shows_the_registrys_figures_for_its_elections(client, world, language):
    races = _akims(world)
    _certify_maslikhat(world)  # another campaign: not counted in the akims'
    response = client.get(url("portal:campaign", world.akims_campaign.code, language=language))
    assert response.status_code == 200
    html = response.content.decode()
    comma = "." if language == "en" else ","
    with translation.override(language):
        for code, value in (
            ("elections.districts_won_share", f"83{comma}3%"),
            ("elections.new_faces_share", "60%"),
            ("elections.corps_renewed_share", f"83{comma}3%"),
            ("elections.winners_average_age", "42"),
            ("elections.winners_women_share", f"16{comma}7%"),
            ("elections.winners_young_share", f"16{comma}7%"),
            ("elections.party_seats", "5"),
            ("elections.turnout_share", "60%"),
        ):
            label = str(get(code).label)
            found = re.search(
                re.escape(label) + r"</abbr></dt><dd>([^<]*)</dd>", html.replace("&#x27;", "'")
            )
            assert found is not None, label
            assert found.group(1) == value, (label, found.group(1))
        assert gettext("too few to show") not in html
    for race in races:
        assert url("portal:election", race.election.code, language=language) in html
        assert race.candidates[0].person.full_name in html


def test_a_campaign_with_fewer_than_5_winners_withholds_their_figures(client, world):
    _akims(world, count=4)
    html = client.get(url("portal:campaign", world.akims_campaign.code)).content.decode()
    assert html.count("too few to show") == 6  # districts, new faces, renewal, age, women, young
    assert "75%" not in html  # 3 of 4 districts: not shown
    assert "Seats won by the party</abbr></dt><dd>3</dd>" in html  # the official count is


def test_an_average_age_of_fewer_than_5_known_ages_is_withheld(client, world):
    races = _akims(world)
    Candidate.objects.filter(pk__in=[r.candidates[0].pk for r in races[:2]]).update(age=None)
    html = client.get(url("portal:campaign", world.akims_campaign.code)).content.decode()
    assert html.count("too few to show") == 1
    label = str(get("elections.winners_average_age").label).replace("'", "&#x27;")
    assert f"{label}</abbr></dt><dd>too few to show</dd>" in html


def test_a_party_list_campaign_has_no_share_of_districts(client, world):
    _certify_maslikhat(world)
    html = client.get(url("portal:campaign", world.campaign.code)).content.decode()
    assert str(get("elections.districts_won_share").label) not in html
    assert "Seats won by the party</abbr></dt><dd>7</dd>" in html
    assert "AMANAT party: 7; Ak Zhol: 2; Auyl: 1" in html  # the winners by party


def test_no_personal_data_on_the_public_pages(client, world):
    _certify_maslikhat(world)
    races = _akims(world)
    people = list(
        Person.objects.filter(
            pk__in=Candidate.objects.values("person")  # every candidate, winner or not
        )
    )
    assert len(people) >= 20
    forbidden = _personal(people)
    pages = [url("portal:elections", language=language) for language in LANGUAGES] + [
        url(name, code, language=language)
        for language in LANGUAGES
        for name, code in (
            ("portal:election", world.election.code),
            ("portal:election", races[0].election.code),
            ("portal:campaign", world.akims_campaign.code),
            ("portal:campaign", world.campaign.code),
            ("portal:election-chart", races[1].election.code),
        )
    ]
    for page in pages:
        html = client.get(page).content.decode()
        for text in forbidden:
            assert text not in html, (page, text)
        # no candidate's age is shown: 44 and 51 are ages, never counts, on these pages
        assert ">44<" not in html and ">51<" not in html


def test_the_public_pages_do_not_even_read_personal_data(client, world):
    _certify_maslikhat(world)
    race = _akims(world, count=1)[0]
    for page in (
        url("portal:election", world.election.code),
        url("portal:election", race.election.code),
        url("portal:election-chart", race.election.code),
        url("portal:campaign", world.akims_campaign.code),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        read = " ".join(q["sql"] for q in queries.captured_queries if "org_person" in q["sql"])
        assert '"org_person"."surname"' in read  # the names are read, nothing else of them
        for column in ("iin", "birth_date", "phone", "email", "address"):
            assert f'"org_person"."{column}"' not in read, (page, column)


def test_the_home_page_links_the_results(client, world):
    for language in LANGUAGES:
        html = client.get(url("portal:home", language=language)).content.decode()
        assert url("portal:elections", language=language) in html
