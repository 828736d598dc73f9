"""The elections' figures on the hand-counted world of esep.elections.tests.factories.

The Kostanay oblast maslikhat of 10 January 2021 (10 seats by party lists, certified):

    lists      votes   seats  winners' ages
    amanat       700       7  31 32 33 34 40 40 40   (5th nominated by Rudny, 6th by Atyrau)
    ak-zhol      250       2  31 32
    auyl         120       1  31
    roll 1,800, took part 1,100 (61.1%); the party's 700 of 1,070 votes (65.4%)

Amanat's first and Ak Zhol's first held mandates in the 7th convocation (current on the
eve, and the previous one): new faces 6 of the party's 7 (85.7%), the corps renewed by 8 of
10 (80%); average age 34.4; young (under 35) 7 of 10; no women.

The rural akims of 25 July 2021, each district with an appointed akim since 2018, each
race's protocol 5,000 on the roll and 3,000 taking part:

    district          winner                               age  votes: party / all
    Atyrau 1  (d0)    the appointed akim, for the party     44   1700 / 2900
    Atyrau 2  (d1)    a woman new to any office, party      30   1600 / 2900
    Kostanay 1 (d2)   d3's appointed akim, for the party    50   2000 / 2900
    Kostanay 2 (d3)   a self-nominated newcomer             40   1400 / 2900

Contests 4, won by the party 3 (75%); the party's winners 3, new faces 1 (d1: d2's winner
held d3's office on the eve) — 33.3%; the corps renewed by 3 of 4 (75%); average age 41;
women 1 of 4, young 1 of 4 (25%); turnout 60%; the party's votes 6,700 of 11,600 (57.8%)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from esep.deputies.models import Mandate
from esep.elections import actions
from esep.elections.models import Candidate
from esep.elections.tests.factories import AKIMS_DAY, akim_race, build_elections
from esep.figures import compute as c
from esep.figures.elections import ELECTIONS, SHOWN
from esep.figures.periods import Period
from esep.figures.registry import TABLES, get, registry
from esep.org.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

JANUARY = Period(dt.date(2021, 1, 1), dt.date(2021, 1, 31))
JULY = Period(dt.date(2021, 7, 1), dt.date(2021, 7, 31))
YEAR = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))


@pytest.fixture
def world(tree):
    return build_elections(tree)


def _maslikhat(world: SimpleNamespace, *, certify: bool = True) -> None:
    """Amanat's list made long enough (places 5–7, aged 40; the 5th nominated by Rudny,
    the 6th by Atyrau), two of the winners deputies of the convocation before, certified."""
    for place, branch in ((5, world.tree.rudny), (6, world.tree.atyrau), (7, None)):
        actions.register_candidate(
            actor=world.head,
            election=world.election,
            person=PersonFactory.create(),
            party_list=world.lists[0],
            position=place,
            registered_on=dt.date(2020, 12, 1),
            nominated_by=branch,
            age=40,
        )
    for candidate in (world.candidates["amanat"][0], world.candidates["ak-zhol"][0]):
        Mandate.objects.create(
            person=candidate.person,
            convocation=world.previous,
            kind=Mandate.Kind.PARTY_LIST,
            party=candidate.party,
            started_on=dt.date(2016, 3, 25),
        )
    if certify:
        actions.certify(actor=world.head, election=world.election)


def _akims(world: SimpleNamespace, *, certify: bool = True) -> list[SimpleNamespace]:
    tree, own = world.tree, world.parties.own
    d = world.districts
    incumbents = [tenure.person for tenure in world.akims]
    woman = PersonFactory.create(sex="female")
    races = [
        akim_race(
            world, d[0], tree.atyrau, [(incumbents[0], own, 1700, 44), (None, None, 1200, 51)]
        ),
        akim_race(
            world, d[1], tree.atyrau, [(woman, own, 1600, 30), (incumbents[1], None, 1300, 55)]
        ),
        akim_race(
            world, d[2], tree.kostanay, [(incumbents[3], own, 2000, 50), (None, None, 900, 38)]
        ),
        akim_race(world, d[3], tree.kostanay, [(None, None, 1500, 40), (None, own, 1400, 45)]),
    ]
    if certify:
        for race in races:
            actions.certify(actor=world.admin, election=race.election)
    return races


def _values(world: SimpleNamespace, node, period: Period, codes=None, **kwargs):  # type: ignore[no-untyped-def]
    return c.compute(codes or ELECTIONS, c.Scope(node), period, **kwargs)


def test_the_nine_figures_are_in_the_registry_and_the_dashboard():
    codes = {
        "elections.turnout_share",
        "elections.party_vote_share",
        "elections.party_seats",
        "elections.districts_won_share",
        "elections.new_faces_share",
        "elections.corps_renewed_share",
        "elections.winners_average_age",
        "elections.winners_women_share",
        "elections.winners_young_share",
    }
    assert codes <= set(registry())
    assert set(SHOWN) == codes
    assert TABLES["elections"] == SHOWN
    for code in codes:
        figure = get(code)
        assert figure.label and figure.definition


def test_the_maslikhat_counted_by_hand(world):
    _maslikhat(world)
    values = _values(world, world.tree.central, JANUARY)
    assert values["elections.voters_registered"] == 1800
    assert values["elections.voters_took_part"] == 1100
    assert values["elections.turnout_share"] == 61.1
    assert (values["elections.party_votes"], values["elections.votes_cast"]) == (700, 1070)
    assert values["elections.party_vote_share"] == 65.4
    assert (values["elections.party_seats"], values["elections.winners"]) == (7, 10)
    assert values["elections.contests_decided"] == 0
    assert values["elections.districts_won_share"] is None
    assert values["elections.party_winners_new"] == 6
    assert values["elections.new_faces_share"] == 85.7
    assert values["elections.winners_renewed"] == 8
    assert values["elections.corps_renewed_share"] == 80.0
    assert values["elections.winners_average_age"] == 34.4
    assert (values["elections.winners_young"], values["elections.winners_young_share"]) == (7, 70.0)
    assert (values["elections.winners_women"], values["elections.winners_women_share"]) == (0, 0.0)


def test_the_rural_akims_counted_by_hand(world):
    _akims(world)
    values = _values(world, world.tree.central, JULY)
    assert values["elections.turnout_share"] == 60.0
    assert (values["elections.party_votes"], values["elections.votes_cast"]) == (6700, 11600)
    assert values["elections.party_vote_share"] == 57.8
    assert (values["elections.party_seats"], values["elections.winners"]) == (3, 4)
    assert (values["elections.contests_won"], values["elections.contests_decided"]) == (3, 4)
    assert values["elections.districts_won_share"] == 75.0
    assert values["elections.party_winners_new"] == 1
    assert values["elections.new_faces_share"] == 33.3
    assert values["elections.winners_renewed"] == 3
    assert values["elections.corps_renewed_share"] == 75.0
    assert values["elections.winners_average_age"] == 41.0
    assert values["elections.winners_of_known_age"] == 4
    assert (values["elections.winners_women"], values["elections.winners_women_share"]) == (1, 25.0)
    assert (values["elections.winners_young"], values["elections.winners_young_share"]) == (1, 25.0)


def test_an_akim_whose_term_ended_on_the_eve_is_no_new_face(world):
    """The day before the election counts: a term that ended on it was held on the eve."""
    district = world.districts[0]
    appointed = world.akims[0]
    appointed.ended_on = AKIMS_DAY - dt.timedelta(days=1)
    appointed.save(update_fields=["ended_on"])
    race = akim_race(
        world, district, world.tree.atyrau, [(appointed.person, world.parties.own, 10, 50)]
    )
    actions.certify(actor=world.admin, election=race.election)
    values = _values(world, world.tree.central, JULY)
    assert (values["elections.party_winners_new"], values["elections.winners_renewed"]) == (0, 0)
    appointed.ended_on = AKIMS_DAY - dt.timedelta(days=2)
    appointed.save(update_fields=["ended_on"])
    values = _values(world, world.tree.central, JULY)
    assert (values["elections.party_winners_new"], values["elections.winners_renewed"]) == (1, 1)


def test_scope_places_winners_by_the_nominating_branch(world):
    _maslikhat(world)
    kostanay = _values(world, world.tree.kostanay, JANUARY)
    assert (kostanay["elections.party_seats"], kostanay["elections.winners"]) == (6, 9)
    assert kostanay["elections.turnout_share"] == 61.1  # the protocol is the election's branch's
    atyrau = _values(world, world.tree.atyrau, JANUARY)
    assert (atyrau["elections.party_seats"], atyrau["elections.winners"]) == (1, 1)
    assert atyrau["elections.turnout_share"] is None
    assert atyrau["elections.winners_average_age"] == 40.0
    rudny = _values(world, world.tree.rudny, JANUARY)
    assert rudny["elections.party_seats"] == 1
    by_branch = _values(world, world.tree.central, JANUARY, breakdown="branch")
    seats = by_branch["elections.party_seats"]
    assert seats == {world.tree.atyrau.path: 1, world.tree.kostanay.path: 6}
    # The drill-down of one sub-branch reads the same placement, Rudny's winner with it.
    found = c.records(
        "elections.party_seats",
        c.Scope(world.tree.central),
        JANUARY,
        user=world.admin,
        group=("branch", world.tree.kostanay.path),
    )
    assert found.count() == 6
    assert world.tree.rudny.pk in set(found.values_list("nominated_by", flat=True))


def test_scope_by_territory(world):
    _akims(world)
    kostanay = _values(world, world.tree.kostanay.territory, JULY)
    assert (kostanay["elections.contests_won"], kostanay["elections.contests_decided"]) == (1, 2)
    assert kostanay["elections.districts_won_share"] == 50.0
    by_territory = _values(world, world.tree.central, JULY, breakdown="territory")
    assert by_territory["elections.contests_decided"] == {
        world.tree.atyrau.territory.path: 2,
        world.tree.kostanay.territory.path: 2,
    }
    found = c.records(
        "elections.contests_won",
        c.Scope(world.tree.central),
        JULY,
        user=world.admin,
        group=("territory", world.tree.atyrau.territory.path),
    )
    assert found.count() == 2


def test_the_period_is_the_election_day(world):
    _maslikhat(world)
    _akims(world)
    year = _values(world, world.tree.central, YEAR)
    assert (year["elections.winners"], year["elections.party_seats"]) == (14, 10)
    assert year["elections.voters_took_part"] == 1100 + 4 * 3000
    february = Period(dt.date(2021, 2, 1), dt.date(2021, 6, 30))
    assert _values(world, world.tree.central, february)["elections.winners"] == 0


def test_an_election_not_certified_is_not_counted(world):
    _maslikhat(world, certify=False)
    races = _akims(world, certify=False)
    actions.certify(actor=world.admin, election=races[0].election)
    values = _values(world, world.tree.central, YEAR)
    assert values["elections.voters_registered"] == 5000
    assert (values["elections.winners"], values["elections.contests_decided"]) == (1, 1)
    assert values["elections.votes_cast"] == 2900


def test_breakdowns_by_election_kind_party_and_campaign(world):
    _maslikhat(world)
    _akims(world)
    by_kind = _values(world, world.tree.central, YEAR, breakdown="kind")
    assert by_kind["elections.winners"] == {"akim": 4, "maslikhat": 10}
    assert by_kind["elections.turnout_share"] == {"akim": 60.0, "maslikhat": 61.1}
    by_party = _values(world, world.tree.central, YEAR, ["elections.winners"], breakdown="party")
    p = world.parties
    assert by_party["elections.winners"] == {
        "": 1,
        str(p.own.pk): 10,
        str(p.ak_zhol.pk): 2,
        str(p.auyl.pk): 1,
    }
    by_campaign = _values(world, world.tree.central, YEAR, breakdown="campaign")
    akims = str(world.akims_campaign.pk)
    assert by_campaign["elections.districts_won_share"][akims] == 75.0
    assert by_campaign["elections.winners_average_age"][str(world.campaign.pk)] == 34.4
    by_body = _values(world, world.tree.central, YEAR, ["elections.winners"], breakdown="body")
    assert by_body["elections.winners"] == {"": 4, str(world.body.pk): 10}


def test_the_drill_down_names_the_winners_of_the_party(world):
    _maslikhat(world)
    found = c.records(
        "elections.party_winners_new", c.Scope(world.tree.central), JANUARY, user=world.admin
    )
    amanat = world.candidates["amanat"]
    assert found.count() == 6
    assert amanat[0].pk not in set(found.values_list("pk", flat=True))
    assert {str(w.party.code) for w in found} == {"amanat"}


def test_any_user_counts_the_certified_results_which_are_public(world):
    _maslikhat(world)
    for user in (world.admin, world.outsider):
        values = _values(world, world.tree.central, JANUARY, user=user)
        assert values["elections.party_seats"] == 7


def test_the_figures_are_one_query_per_source(world):
    _maslikhat(world)
    _akims(world)
    with CaptureQueriesContext(connection) as queries:
        _values(world, world.tree.kostanay, YEAR)
    assert len(queries) <= 4  # the scope's branches, then one aggregate per source


def test_the_dashboard_has_an_elections_part_and_its_drill_down_names_the_winners(client, world):
    _maslikhat(world)
    _akims(world)
    client.force_login(world.admin)
    translation.activate("en")  # the pages in English (conftest activates kk for each test)
    query = "scope=central&start=2021-01-01&end=2021-12-31"
    html = client.get(f"{reverse('figures:dashboard')}?{query}").content.decode()
    assert 'id="elections-title"' in html
    assert "&amp;table=elections" in html
    exported = client.get(f"{reverse('figures:export', args=['csv'])}?{query}&table=elections")
    rows = b"".join(exported.streaming_content if exported.streaming else [exported.content])
    text = rows.decode("utf-8-sig")
    assert "Share of districts won by the party" in text and "Turnout" in text
    assert reverse("figures:drill", args=["elections.districts_won_share"]) in html
    response = client.get(f"{reverse('figures:drill', args=['elections.party_seats'])}?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    winners = list(Candidate.objects.filter(elected=True, party__is_own=True))
    assert len(winners) == 10
    for winner in winners:
        assert winner.person.full_name in page
        assert winner.person.iin not in page
        assert f"{winner.person.birth_date:%d.%m.%Y}" not in page
    assert world.election.get_public_url() in page
    for code in (
        "elections.turnout_share",
        "elections.votes_cast",
        "elections.winners_average_age",
    ):
        assert client.get(f"{reverse('figures:drill', args=[code])}?{query}").status_code == 200
    grouped = f"{query}&group=branch:{world.tree.kostanay.path}"
    response = client.get(f"{reverse('figures:drill', args=['elections.winners'])}?{grouped}")
    assert response.status_code == 200
    # Kostanay's winners: 2 akims, 9 deputies (Rudny's one among them, Atyrau's not)
    assert "11 records" in response.content.decode()
