"""The party democracy's figures against a small world counted by hand, run through the
assemblies' own actions:
- Atyrau's conference (the `conf` fixture, 14 January 2022): five delegates, three marked in
  the hall, one registered online, one absent; the audit commission (2 seats) and the bureau
  (1 seat) elected and certified, a political council's election closed but not certified;
  the conference closed. Kostanay's conference that day is only convened.
- Kostanay's primaries for the oblast maslikhat (vote 20 March 2022, renewing the 7th
  convocation): five registered candidates and one refused, ten who voted, a list of four —
  three new, two young. Atyrau's primaries for the city maslikhat (no convocation named):
  two on the list, one a day short of 35 on the vote's day (young), one 35 that day (not).
- The factions (2021): Kostanay's 7th convocation after a 6th in which two of its six party
  deputies held the party's mandate (one more held another party's); Atyrau's 7th after a
  6th without its one deputy."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from esep.access.models import User
from esep.assemblies import actions
from esep.assemblies.models import Conference, Delegate
from esep.assemblies.tests.factories import build_conference, login_for
from esep.assemblies.tests.primaries_factories import document
from esep.assemblies.tests.running import in_session, option
from esep.deputies.models import Convocation, Mandate
from esep.deputies.tests.factories import build_deputies
from esep.figures import press, reports
from esep.figures.assemblies import ASSEMBLIES
from esep.figures.compute import compute, parse_scope, records
from esep.figures.periods import Period
from esep.figures.registry import get, registry
from esep.org.models import Body
from esep.org.tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
YEAR = Period(dt.date(2022, 1, 1), dt.date(2022, 12, 31))
FACTIONS = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
VOTE_ON = dt.date(2022, 3, 20)
CENTRAL = ["central", "000000000"]


def _election(conf, body_kind, seats, candidates, voters, certify=True):
    poll = actions.create_poll(
        actor=conf.office,
        item=conf.election,
        kind="election",
        name_kk="Сайлау",
        name_ru="Выборы",
        seats=seats,
        body_kind=body_kind,
    )
    for person in candidates:
        actions.nominate(
            actor=conf.office, poll=poll, person=person, consent_on=dt.date(2022, 1, 10)
        )
    poll = actions.open_poll(actor=conf.office, poll=poll)
    for voter in voters:
        actions.cast(actor=voter, poll=poll, choices=[option(poll, n + 1) for n in range(seats)])
    actions.close_poll(actor=conf.office, poll=poll)
    if certify:
        actions.certify(actor=conf.office, poll=poll)
    return poll


def _conference(conf, tree):
    in_session(conf, registered=3)
    actions.register(actor=conf.voters[3], delegate=conf.delegates[3], attendance="online")
    voters = conf.voters[:4]
    _election(conf, Body.Kind.AUDIT_COMMISSION, 2, conf.members[5:8], voters)
    _election(conf, Body.Kind.BUREAU, 1, conf.members[8:9], voters)
    _election(conf, Body.Kind.POLITICAL_COUNCIL, 1, conf.members[9:10], voters, certify=False)
    actions.close_conference(actor=conf.office, conference=conf.conference)
    convened = Conference.objects.create(
        code="kostanay-20",
        branch=tree.kostanay,
        number=20,
        kind=Conference.Kind.REPORT_ELECTION,
        held_on=dt.date(2022, 1, 14),
        hall="Қостанай",
        name_kk="XX конференция",
        name_ru="XX конференция",
    )
    for person in (tree.members["kostanay"], PersonFactory.create()):
        Delegate.objects.create(
            conference=convened, person=person, branch=tree.kostanay, elected_on=dt.date(2022, 1, 5)
        )


def _nominated(office, campaign, people):
    return [
        actions.nominate_candidate(
            actor=office,
            campaign=campaign,
            person=person,
            nominated_on=dt.date(2022, 3, 1),
            consent_on=dt.date(2022, 3, 1),
            documents=document(),
        )
        for person in people
    ]


def _kostanay_primaries(council, tree):
    office = council.office
    returning = [council.mandates[1].person, council.mandates[2].person]
    for person in returning:
        MembershipFactory.create(person=person, branch=tree.kostanay)
    newcomers = [
        MembershipFactory.create(
            branch=tree.kostanay,
            person=PersonFactory.create(birth_date=born, sex=sex, surname=surname),
        ).person
        for born, sex, surname in [
            (dt.date(1995, 2, 1), "male", "Жасұланов"),
            (dt.date(1995, 3, 1), "female", "Жасұланова"),
            (dt.date(1970, 4, 1), "male", "Егдебаев"),
        ]
    ]
    electors = [MembershipFactory.create(branch=tree.kostanay).person for _ in range(4)]
    campaign = actions.open_campaign(
        actor=office,
        branch=tree.kostanay,
        code="kostanay-primaries-2022",
        body=council.body,
        previous=council.convocation,
        nominations_close_on=dt.date(2022, 3, 5),
        vote_on=VOTE_ON,
        places=4,
        name_kk="Облыстық мәслихатқа праймериз",
        name_ru="Праймериз в областной маслихат",
    )
    for candidate in _nominated(office, campaign, returning + newcomers):
        actions.register_candidate(actor=office, candidate=candidate)
    (late,) = _nominated(office, campaign, [electors[0]])
    actions.refuse_candidate(actor=office, candidate=late, reason="Құжаттары толық емес")
    poll = actions.start_vote(actor=office, campaign=campaign, choices=1)
    by_person = {o.person_id: o for o in poll.options.all()}
    plan = [newcomers[0]] * 4 + [newcomers[1]] * 3 + [newcomers[2]] * 2 + [returning[0]]
    voters = electors + newcomers + returning + [tree.members["kostanay"]]
    for i, (voter, choice) in enumerate(zip(voters, plan, strict=False)):
        login = User.objects.filter(person=voter).first() or login_for(voter, f"elector-{i}")
        actions.cast(actor=login, poll=poll, choices=[by_person[choice.pk]])
    actions.close_vote(actor=office, campaign=campaign)
    actions.certify(actor=office, poll=poll)
    actions.form_list(actor=office, campaign=campaign)
    return newcomers


def _atyrau_primaries(council, tree):
    office = council.outsider  # Atyrau's head
    short_of_35 = VOTE_ON.replace(year=VOTE_ON.year - 35) + dt.timedelta(days=1)
    just_35 = VOTE_ON.replace(year=VOTE_ON.year - 35)
    people = [
        MembershipFactory.create(
            branch=tree.atyrau, person=PersonFactory.create(birth_date=born, surname=surname)
        ).person
        for born, surname in ((short_of_35, "Отызтөртов"), (just_35, "Отызбесов"))
    ]
    campaign = actions.open_campaign(
        actor=office,
        branch=tree.atyrau,
        code="atyrau-primaries-2022",
        body=council.atyrau_body,
        nominations_close_on=dt.date(2022, 3, 5),
        vote_on=VOTE_ON,
        places=2,
        name_kk="Қалалық мәслихатқа праймериз",
        name_ru="Праймериз в городской маслихат",
    )
    for candidate in _nominated(office, campaign, people):
        actions.register_candidate(actor=office, candidate=candidate)
    poll = actions.start_vote(actor=office, campaign=campaign, choices=1)
    actions.close_vote(actor=office, campaign=campaign)
    actions.certify(actor=office, poll=poll)
    actions.form_list(actor=office, campaign=campaign)
    return people


def _factions(council):
    def convocation_6(body):
        return Convocation.objects.create(
            body=body,
            number=6,
            elected_on=dt.date(2016, 3, 20),
            started_on=dt.date(2016, 4, 1),
            ended_on=dt.date(2021, 1, 14),
            seats=30,
        )

    kostanay_6, atyrau_6 = convocation_6(council.body), convocation_6(council.atyrau_body)

    def held(convocation, person, party):
        Mandate.objects.create(
            person=person,
            convocation=convocation,
            kind=Mandate.Kind.PARTY_LIST,
            party=party,
            started_on=dt.date(2016, 4, 1),
            ended_on=dt.date(2021, 1, 14),
            end_reason=Mandate.EndReason.TERM_ENDED,
        )

    held(kostanay_6, council.mandates[1].person, council.own)
    held(kostanay_6, council.mandates[2].person, council.own)
    held(kostanay_6, council.mandates[3].person, council.other)  # another party's: still new
    held(atyrau_6, council.mandates[4].person, council.own)  # another body's: still new


@pytest.fixture
def world(tree):
    conf = build_conference(tree)
    council = build_deputies(tree)
    _conference(conf, tree)
    kostanay = _kostanay_primaries(council, tree)
    atyrau = _atyrau_primaries(council, tree)
    _factions(council)
    return conf, council, kostanay, atyrau


def test_conferences_held_their_delegates_and_who_took_part(world):
    conf = world[0]
    codes = [
        "conferences.held",
        "conferences.delegates",
        "conferences.delegates_present",
        "conferences.quorum_share",
    ]
    atyrau = {
        "conferences.held": 1,
        "conferences.delegates": 5,
        "conferences.delegates_present": 4,
        "conferences.quorum_share": 80.0,
    }
    for code in [*CENTRAL, "atyrau", "230000000"]:
        assert compute(codes, parse_scope(code), YEAR) == atyrau, code
    # Kostanay's conference is only convened: nothing held, no delegates counted.
    for code in ("kostanay", "390000000"):
        assert compute(codes, parse_scope(code), YEAR) == {
            "conferences.held": 0,
            "conferences.delegates": 0,
            "conferences.delegates_present": 0,
            "conferences.quorum_share": None,
        }
    # Another year: none held.
    before = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert compute(["conferences.held"], parse_scope("central"), before) == {"conferences.held": 0}
    # How the delegates took part (the channel breakdown: their attendance).
    by_channel = compute(codes[1:3], parse_scope("atyrau"), YEAR, breakdown="channel")
    assert by_channel["conferences.delegates_present"] == {"absent": 0, "in_person": 3, "online": 1}
    assert by_channel["conferences.delegates"] == {"absent": 1, "in_person": 3, "online": 1}
    assert conf.conference.pk in set(
        records("conferences.held", parse_scope("central"), YEAR, user=conf.office).values_list(
            "pk", flat=True
        )
    )


def test_the_seats_elected_are_those_of_certified_elections_by_body(world):
    scope = parse_scope("atyrau")
    # Audit commission 2 and bureau 1; the political council's election is not certified.
    assert compute(["bodies.elected_seats"], scope, YEAR) == {"bodies.elected_seats": 3}
    by_kind = compute(["bodies.elected_seats"], scope, YEAR, breakdown="kind")
    assert by_kind["bodies.elected_seats"] == {"audit_commission": 2, "bureau": 1}
    assert compute(["bodies.elected_seats"], parse_scope("kostanay"), YEAR) == {
        "bodies.elected_seats": 0
    }


def test_primaries_candidates_participants_and_the_lists(world):
    codes = [
        "primaries.candidates",
        "primaries.participants",
        "primaries.places",
        "primaries.places_young",
        "primaries.young_share",
        "primaries.places_compared",
        "primaries.places_new",
        "primaries.list_renewal_share",
    ]
    # Kostanay: 5 registered (the refused one is not), 10 voted; of the list of 4, two young
    # and three who held no party mandate in the 7th convocation.
    kostanay = {
        "primaries.candidates": 5,
        "primaries.participants": 10,
        "primaries.places": 4,
        "primaries.places_young": 2,
        "primaries.young_share": 50.0,
        "primaries.places_compared": 4,
        "primaries.places_new": 3,
        "primaries.list_renewal_share": 75.0,
    }
    for code in ("kostanay", "390000000"):
        assert compute(codes, parse_scope(code), YEAR) == kostanay
    # Atyrau's list names no convocation: its places count for youth only — the one a day
    # short of 35 on the vote's day is young, the one who turned 35 that day is not.
    for code in CENTRAL:
        assert compute(codes, parse_scope(code), YEAR) == {
            **kostanay,
            "primaries.candidates": 7,
            "primaries.places": 6,
            "primaries.places_young": 3,
            "primaries.young_share": 50.0,
        }
    other_year = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert compute(
        ["primaries.places", "primaries.participants"], parse_scope("central"), other_year
    ) == {
        "primaries.places": 0,
        "primaries.participants": 0,
    }


def test_the_young_follow_the_setting_on_the_day_of_the_vote(world, settings):
    settings.ESEP_YOUNG_AGE = 28  # the Kostanay newcomers born in 1995 are 27: still young
    assert compute(["primaries.places_young"], parse_scope("central"), YEAR) == {
        "primaries.places_young": 2
    }
    settings.ESEP_YOUNG_AGE = 27
    assert compute(["primaries.places_young"], parse_scope("central"), YEAR) == {
        "primaries.places_young": 0
    }


def test_the_factions_renewal_against_the_previous_convocation(world):
    codes = ["factions.mandates_compared", "factions.mandates_new", "factions.renewal_share"]
    # Kostanay: six party mandates of the 7th convocation began in 2021; two of them held the
    # party's mandate in the 6th (the one who held another party's is new).
    for code in ("kostanay", "390000000"):
        assert compute(codes, parse_scope(code), FACTIONS) == {
            "factions.mandates_compared": 6,
            "factions.mandates_new": 4,
            "factions.renewal_share": 66.7,
        }
    # Atyrau's one deputy is new (the person who held Atyrau's 6th sits in Kostanay's 7th).
    assert compute(codes, parse_scope("central"), FACTIONS) == {
        "factions.mandates_compared": 7,
        "factions.mandates_new": 5,
        "factions.renewal_share": 71.4,
    }
    # No mandate began in 2022; the 6th convocation has no 5th recorded.
    assert compute(codes, parse_scope("central"), YEAR)["factions.mandates_compared"] == 0
    before = Period(dt.date(2016, 1, 1), dt.date(2016, 12, 31))
    assert compute(codes, parse_scope("central"), before)["factions.mandates_compared"] == 0


def test_a_user_counts_only_the_branches_they_see(world):
    conf, council, _kostanay, _atyrau = world
    codes = ["conferences.held", "bodies.elected_seats", "primaries.candidates", "primaries.places"]
    scope = parse_scope("central")
    assert compute(codes, scope, YEAR, user=conf.office) == {
        "conferences.held": 1,
        "bodies.elected_seats": 3,
        "primaries.candidates": 2,
        "primaries.places": 2,
    }
    assert compute(codes, scope, YEAR, user=conf.outsider) == {
        "conferences.held": 0,
        "bodies.elected_seats": 0,
        "primaries.candidates": 5,
        "primaries.places": 4,
    }
    assert compute(["factions.mandates_new"], scope, FACTIONS, user=council.office) == {
        "factions.mandates_new": 4
    }


def test_every_count_drills_to_as_many_records(world):
    council = world[1]
    scope = parse_scope("central")
    for code in ASSEMBLIES:
        figure = get(code)
        if figure.is_share:
            continue
        period = FACTIONS if code.startswith("factions.") else YEAR
        value = compute([code], scope, period)[code]
        assert records(code, scope, period, user=council.central).count() == value, code
    # Listed together, in their order (the apps of the floor above follow them).
    codes = list(registry())
    start = codes.index(ASSEMBLIES[0])
    assert codes[start : start + len(ASSEMBLIES)] == ASSEMBLIES


def test_the_drill_down_lists_the_records_with_names_only(client, world):
    _conf, council, kostanay, atyrau = world
    client.force_login(council.central)
    query = {"scope": "central", "start": "2022-01-01", "end": "2022-12-31"}
    url = reverse("figures:drill", args=["primaries.places_young"])
    page = client.get(url, query).content.decode()
    for person in (kostanay[0], kostanay[1], atyrau[0]):
        assert person.surname in page
        born = person.birth_date
        assert born.strftime("%d.%m.%Y") not in page and born.isoformat() not in page
    assert kostanay[2].surname not in page and atyrau[1].surname not in page
    assert "Облыстық мәслихатқа праймериз" in page
    # A group of the breakdown by type opens the body's elected; the share its two parts.
    group = {**query, "scope": "atyrau", "group": "kind:bureau"}
    bureau = client.get(reverse("figures:drill", args=["bodies.elected_seats"]), group)
    assert bureau.status_code == 200 and "1" in bureau.content.decode()
    assert bureau.context["page"].paginator.count == 1
    share = client.get(reverse("figures:drill", args=["conferences.quorum_share"]), query)
    assert (
        reverse("figures:drill", args=["conferences.delegates_present"]) in share.content.decode()
    )
    for code in ASSEMBLIES:
        if not get(code).is_share:
            period = (
                {"start": "2021-01-01", "end": "2021-12-31"} if code.startswith("factions.") else {}
            )
            answer = client.get(reverse("figures:drill", args=[code]), {**query, **period})
            assert answer.status_code == 200, code
            assert answer.context["page"].paginator.count >= 1, code


def test_a_report_cites_them_and_the_command_prints_them(world, capsys):
    council = world[1]
    report = reports.freeze(
        actor=council.central,
        scope=parse_scope("atyrau"),
        period=YEAR,
        codes=["conferences.held", "bodies.elected_seats", "conferences.quorum_share"],
    )
    text = (
        "{{ conferences_held|num }} конференция, {{ bodies_elected_seats|num }} орын, "
        "{{ conferences_quorum_share|pct }}"
    )
    assert press.draft(report, text, "kk") == "1 конференция, 3 орын, 80%"
    call_command(
        "figures",
        "--scope=390000000",
        "--period=2022",
        "--figure=primaries.list_renewal_share",
        "--format=json",
    )
    out = capsys.readouterr().out
    assert '"code": "primaries.list_renewal_share"' in out and '"value": 75.0' in out
