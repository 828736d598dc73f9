"""Certifying an election: the list seats by the law on the protocol's totals, the winners
in list order, their mandates in the body's new convocation; an akim's election ends the
appointed akim's term and starts the winner's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from esep.deputies.models import Convocation, Mandate
from esep.elections import actions, queries
from esep.elections.models import Candidate, Tenure
from esep.elections.tests.factories import AKIMS_DAY, akim_race, seven_on_the_list

pytestmark = pytest.mark.django_db


def test_totals_and_seats_as_counted_by_hand(world):
    counted = queries.totals(world.election)
    assert (counted.registered_voters, counted.took_part, counted.invalid) == (1800, 1100, 30)
    assert counted.list_votes == 1070
    assert str(counted.turnout) == "61.11"
    assert str(counted.share_of_lists(world.lists[0].pk)) == "65.42"
    result = queries.allocation(world.election, counted)
    assert result is not None
    assert [result.seats[str(pl.pk)] for pl in world.lists] == [7, 2, 1]
    assert result.by_remainder == [str(world.lists[0].pk)]


def test_a_list_shorter_than_its_seats_is_refused_until_it_is_long_enough(world):
    with pytest.raises(ValidationError) as refused:
        actions.certify(actor=world.head, election=world.election)
    assert refused.value.code == "list_too_short"
    assert world.election.state == "open"
    assert not Candidate.objects.filter(elected=True).exists()
    seven_on_the_list(world)
    actions.certify(actor=world.head, election=world.election)
    world.election.refresh_from_db()
    assert world.election.state == "certified"
    assert [pl.seats for pl in world.election.lists.order_by("registered")] == [7, 2, 1]


def test_winners_take_mandates_in_list_order_in_a_new_convocation(world):
    seven_on_the_list(world)
    withdrawn = world.candidates["ak-zhol"][0]
    actions.withdraw_candidate(
        actor=world.head, candidate=withdrawn, withdrawn_on=dt.date(2021, 1, 5)
    )
    actions.certify(actor=world.head, election=world.election)
    world.election.refresh_from_db()
    convocation = world.election.convocation
    assert (convocation.number, convocation.seats) == (8, 10)
    assert convocation.started_on == dt.date(2021, 1, 15)
    world.previous.refresh_from_db()
    assert world.previous.ended_on == dt.date(2021, 1, 14)
    mandates = Mandate.objects.filter(convocation=convocation)
    assert mandates.count() == 10
    ak_zhol = [c.person_id for c in world.candidates["ak-zhol"][1:3]]
    assert set(mandates.filter(party__code="ak-zhol").values_list("person_id", flat=True)) == set(
        ak_zhol
    )
    assert mandates.filter(party__is_own=True, faction_post__isnull=False).count() == 7
    assert not Candidate.objects.get(pk=withdrawn.pk).elected


def test_a_certified_election_no_longer_changes(world):
    seven_on_the_list(world)
    actions.certify(actor=world.head, election=world.election)
    with pytest.raises(ValidationError) as refused:
        actions.record_tally(
            actor=world.head,
            election=world.election,
            station="3",
            registered_voters=10,
            took_part=5,
        )
    assert refused.value.code == "certified"


def test_an_outsider_may_not_record_or_certify(world):
    with pytest.raises(ValidationError) as refused:
        actions.certify(actor=world.outsider, election=world.election)
    assert refused.value.code == "denied"


def test_ballots_must_add_up(world):
    with pytest.raises(ValidationError) as refused:
        actions.record_tally(
            actor=world.head,
            election=world.election,
            station="9",
            registered_voters=100,
            took_part=50,
            lists={world.lists[0]: 51},
        )
    assert "took_part" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        actions.record_tally(
            actor=world.head,
            election=world.election,
            station="9",
            registered_voters=10,
            took_part=11,
        )
    assert "took_part" in refused.value.message_dict


def test_a_corrected_row_replaces_the_one_before(world):
    actions.record_tally(
        actor=world.head,
        election=world.election,
        station="2",
        registered_voters=800,
        took_part=500,
        invalid_ballots=10,
        lists=dict(zip(world.lists, (310, 110, 70), strict=True)),
    )
    counted = queries.totals(world.election)
    assert counted.rows == 2
    assert counted.lists[world.lists[0].pk] == 710


def test_an_akim_elected_ends_the_appointed_akims_term(world):
    district = world.districts[0]
    race = akim_race(
        world,
        district,
        world.tree.atyrau,
        [(None, world.parties.own, 1700, 44), (None, None, 1200, 51)],
    )
    actions.certify(actor=world.admin, election=race.election)
    winner = race.candidates[0]
    winner.refresh_from_db()
    assert winner.elected
    appointed = world.akims[0]
    appointed.refresh_from_db()
    assert appointed.ended_on == AKIMS_DAY + dt.timedelta(days=2)
    elected = Tenure.objects.get(election=race.election)
    assert (elected.person_id, elected.started_on) == (
        winner.person_id,
        AKIMS_DAY + dt.timedelta(days=3),
    )


def test_a_tied_akim_vote_names_no_winner(world):
    race = akim_race(
        world,
        world.districts[1],
        world.tree.atyrau,
        [(None, None, 1400, 40), (None, None, 1400, 50)],
    )
    with pytest.raises(ValidationError) as refused:
        actions.certify(actor=world.admin, election=race.election)
    assert refused.value.code == "tied"
    assert not Tenure.objects.filter(election=race.election).exists()


def test_mandates_recorded_before_the_election_are_kept_not_doubled(world):
    seven_on_the_list(world)
    convocation = Convocation.objects.create(
        body=world.body,
        number=8,
        elected_on=world.election.held_on,
        started_on=dt.date(2021, 1, 15),
        seats=10,
    )
    first = world.candidates["amanat"][0]
    known = Mandate.objects.create(
        person=first.person,
        convocation=convocation,
        kind=Mandate.Kind.PARTY_LIST,
        party=world.parties.own,
        started_on=convocation.started_on,
    )
    actions.certify(actor=world.head, election=world.election)
    world.election.refresh_from_db()
    assert world.election.convocation == convocation
    assert convocation.mandates.count() == 10
    assert convocation.mandates.get(person=first.person) == known


def test_a_row_recorded_in_error_is_removed_while_the_election_is_open(world):
    wrong = actions.record_tally(
        actor=world.head,
        election=world.election,
        station="99",
        registered_voters=100,
        took_part=50,
        lists={world.lists[2]: 50},
    )
    assert queries.totals(world.election).took_part == 1150
    with pytest.raises(ValidationError) as refused:
        actions.remove_tally(actor=world.outsider, tally=wrong)
    assert refused.value.code == "denied"
    actions.remove_tally(actor=world.head, tally=wrong)
    counted = queries.totals(world.election)
    assert (counted.rows, counted.took_part, counted.lists[world.lists[2].pk]) == (2, 1100, 120)
    seven_on_the_list(world)
    actions.certify(actor=world.head, election=world.election)
    with pytest.raises(ValidationError) as refused:
        actions.remove_tally(actor=world.head, tally=world.election.tallies.first())
    assert refused.value.code == "certified"
