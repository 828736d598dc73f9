"""A small elections world the tests build on, counted by hand.

- Parties: the party esep serves ("amanat"), "ak-zhol", "auyl".
- Kostanay's oblast maslikhat (branch kostanay), its 7th convocation (2016–) with one
  deputy, and its election of 10 January 2021: 10 seats, all by party lists, 7% threshold.
  Three lists, registered amanat, ak-zhol, auyl, with four, three and two candidates.
  Protocol, two polling stations:

      station   roll   took part  invalid   amanat  ak-zhol  auyl
      1         1000     600        20        400     130     50
      2          800     500        10        300     120     70
      total     1800    1100        30        700     250    120

  Lists' votes 1,070: amanat 65.42%, ak-zhol 23.36%, auyl 11.21% — all pass 7%. The
  quota is 107; amanat 6 whole quotas (remainder 58), ak-zhol 2 (36), auyl 1 (13): nine,
  the tenth to amanat's largest remainder → 7 / 2 / 1. Amanat's list has only four
  standing candidates, so certifying is refused until the list is long enough
  (`seven_on_the_list` fills it).
- Rural akims of 25 July 2021 in Atyrau's and Kostanay's regions: four rural districts
  (territories under the regions), each with an appointed akim since 2018; `akim_race`
  records one election with its candidates and protocol.

Records are made through the actions, as an officer would."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import factory

from esep.deputies.models import Convocation, Level, Party, RepresentativeBody
from esep.elections import actions
from esep.elections.models import Base, Office, System
from esep.org.models import Person, Territory
from esep.org.tests.factories import PersonFactory, TerritoryFactory, user_with_role

VOTING_DAY = dt.date(2021, 1, 10)
AKIMS_DAY = dt.date(2021, 7, 25)
ADULT_BORN = dt.date(1960, 1, 1)
PROTOCOL = [
    # station, roll, took part, invalid, (amanat, ak-zhol, auyl)
    ("1", 1000, 600, 20, (400, 130, 50)),
    ("2", 800, 500, 10, (300, 120, 70)),
]


class AdultFactory(PersonFactory):
    """People of voting age however far a long test session has run the factory's
    sequence (its birth dates go on day by day, into childhood): born on one of 15,000 days
    from 1 January 1960, each a day after the one made before."""

    birth_date = factory.Sequence(lambda n: ADULT_BORN + dt.timedelta(days=n % 15_000))


def adult(**fields: object) -> Person:
    return AdultFactory.create(**fields)


def parties() -> SimpleNamespace:
    return SimpleNamespace(
        own=Party.objects.create(
            code="amanat",
            is_own=True,
            name_kk="«AMANAT» партиясы",
            name_ru="Партия «AMANAT»",
            name_en="AMANAT party",
        ),
        ak_zhol=Party.objects.create(
            code="ak-zhol", name_kk="«Ақ жол» ДПК", name_ru="ДПК «Ак жол»", name_en="Ak Zhol"
        ),
        auyl=Party.objects.create(
            code="auyl", name_kk="«Ауыл» партиясы", name_ru="Партия «Ауыл»", name_en="Auyl"
        ),
    )


def build_elections(tree: SimpleNamespace) -> SimpleNamespace:
    world = SimpleNamespace(tree=tree, parties=parties())
    world.admin = user_with_role("central_admin", tree.central)
    world.head = user_with_role("branch_head", tree.kostanay)
    world.outsider = user_with_role("branch_head", tree.atyrau, username="head-atyrau-elections")
    world.body = RepresentativeBody.objects.create(
        code="kostanay-oblast",
        level=Level.OBLAST,
        territory=tree.kostanay.territory,
        branch=tree.kostanay,
        name_kk="Қостанай облыстық мәслихаты",
        name_ru="Костанайский областной маслихат",
        name_en="Kostanay oblast maslikhat",
    )
    world.previous = Convocation.objects.create(
        body=world.body,
        number=7,
        elected_on=dt.date(2016, 3, 20),
        started_on=dt.date(2016, 3, 25),
        seats=10,
    )
    world.campaign = actions.add_campaign(
        actor=world.admin,
        code="2021-01-10",
        held_on=VOTING_DAY,
        name_kk="2021 жылғы 10 қаңтардағы сайлау",
        name_ru="Выборы 10 января 2021 года",
        name_en="Elections of 10 January 2021",
    )
    world.election = actions.add_election(
        actor=world.head,
        campaign=world.campaign,
        code="kostanay-oblast-2021",
        kind="maslikhat",
        territory=tree.kostanay.territory,
        branch=tree.kostanay,
        body=world.body,
        system=System.PARTY_LIST,
        seats=10,
        threshold="7",
        base=Base.LIST_VOTES,
        law_version="Constitutional Law “On Elections”, as of 2021",
        term_starts_on=dt.date(2021, 1, 15),
    )
    p = world.parties
    world.lists = [
        actions.register_list(actor=world.head, election=world.election, party=party)
        for party in (p.own, p.ak_zhol, p.auyl)
    ]
    world.candidates = {}
    for party_list, count in zip(world.lists, (4, 3, 2), strict=True):
        world.candidates[party_list.party.code] = [
            actions.register_candidate(
                actor=world.head,
                election=world.election,
                person=adult(),
                party_list=party_list,
                position=place,
                registered_on=dt.date(2020, 12, 1),
                age=30 + place,
            )
            for place in range(1, count + 1)
        ]
    for station, roll, took_part, invalid, votes in PROTOCOL:
        actions.record_tally(
            actor=world.head,
            election=world.election,
            station=station,
            registered_voters=roll,
            took_part=took_part,
            invalid_ballots=invalid,
            lists=dict(zip(world.lists, votes, strict=True)),
        )
    world.districts = [
        TerritoryFactory.create(
            parent=tree.atyrau.territory, kato=f"23{n:02d}00000", level="rural_district"
        )
        for n in (31, 32)
    ] + [
        TerritoryFactory.create(
            parent=tree.kostanay.territory, kato=f"39{n:02d}00000", level="rural_district"
        )
        for n in (31, 32)
    ]
    world.akims = [
        actions.record_tenure(
            actor=world.admin,
            branch=tree.central,
            person=adult(),
            office=Office.RURAL_DISTRICT,
            territory=district,
            started_on=dt.date(2018, 5, 1),
        )
        for district in world.districts
    ]
    world.akims_campaign = actions.add_campaign(
        actor=world.admin,
        code="akims-2021",
        held_on=AKIMS_DAY,
        name_kk="Ауылдық округтер әкімдерінің 2021 жылғы 25 шілдедегі сайлауы",
        name_ru="Выборы акимов сельских округов 25 июля 2021 года",
        name_en="Elections of rural district akims, 25 July 2021",
    )
    return world


def seven_on_the_list(world: SimpleNamespace) -> None:
    """Three more of the party's candidates, so its list can take its seven seats."""
    for place in (5, 6, 7):
        actions.register_candidate(
            actor=world.head,
            election=world.election,
            person=adult(),
            party_list=world.lists[0],
            position=place,
            registered_on=dt.date(2020, 12, 1),
        )


def akim_race(
    world: SimpleNamespace,
    district: Territory,
    branch,  # type: ignore[no-untyped-def]
    votes: list[tuple[Person | None, Party | None, int, int | None]],
) -> SimpleNamespace:
    """An akim's election of `district`: candidates given as (person or None for a new
    one, party or None for self-nominated, votes, age); its protocol in one row."""
    election = actions.add_election(
        actor=world.admin,
        campaign=world.akims_campaign,
        code=f"akim-{district.kato}",
        kind="akim",
        office=Office.RURAL_DISTRICT,
        territory=district,
        branch=branch,
        system=System.SINGLE_MEMBER,
        seats=1,
        law_version="Constitutional Law “On Elections”, as of 2021",
        term_starts_on=AKIMS_DAY + dt.timedelta(days=3),
    )
    candidates = [
        actions.register_candidate(
            actor=world.admin,
            election=election,
            person=person or adult(),
            party=party,
            registered_on=dt.date(2021, 6, 20),
            age=age,
        )
        for person, party, _votes, age in votes
    ]
    actions.record_tally(
        actor=world.admin,
        election=election,
        registered_voters=5000,
        took_part=3000,
        invalid_ballots=100,
        candidates={c: v for c, (_p, _party, v, _a) in zip(candidates, votes, strict=True)},
    )
    return SimpleNamespace(election=election, candidates=candidates)
