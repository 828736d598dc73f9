"""The arithmetic of a vote at its edges: the quorum, each majority rule and base, ties for
the last seat, and the primaries' youth rule at 19.9% and 20%."""

from decimal import Decimal

import pytest

from esep.assemblies import counting
from esep.assemblies.counting import Entry, check_list, decide

MOTION = {1: "yes", 2: "no", 3: "abstain"}


def motion(yes, no, abstain, *, majority="more_than_half", base="voting", present=0, roll=0):
    return decide(
        kind="open",
        seats=1,
        majority=majority,
        base=base,
        votes={1: yes, 2: no, 3: abstain},
        kinds=MOTION,
        valid=yes + no + abstain,
        present=present,
        roll=roll,
    )


@pytest.mark.parametrize(
    ("rule", "registered", "roll", "met"),
    [
        ("more_than_half", 40, 80, False),
        ("more_than_half", 41, 80, True),
        ("more_than_half", 40, 79, True),
        ("more_than_half", 39, 79, False),
        ("two_thirds", 53, 80, False),
        ("two_thirds", 54, 80, True),
        ("two_thirds", 54, 81, True),
        ("two_thirds", 53, 81, False),
        ("more_than_half", 0, 0, False),
    ],
)
def test_quorum_at_its_edge(rule, registered, roll, met):
    assert counting.quorum_met(rule, registered, roll) is met


def test_simple_majority_of_those_voting_counts_abstentions_in_the_base():
    # 40 of 80 voting is exactly half: not more than half.
    assert motion(40, 30, 10).outcome == "rejected"
    assert motion(41, 29, 10).outcome == "adopted"
    assert motion(41, 29, 10).needed == 41


def test_absolute_majority_of_delegates_counts_the_elected_roll():
    # 41 of the 80 elected delegates passes even though only 60 registered and 50 voted.
    assert motion(41, 5, 4, base="elected", present=60, roll=80).outcome == "adopted"
    assert motion(40, 0, 0, base="elected", present=60, roll=80).outcome == "rejected"


def test_majority_of_the_delegates_registered():
    assert motion(30, 0, 0, base="present", present=60, roll=80).outcome == "rejected"
    assert motion(31, 0, 0, base="present", present=60, roll=80).outcome == "adopted"


def test_two_thirds_at_its_edge():
    # 66 of 99 is exactly two thirds: enough; 65 is not.
    assert motion(66, 33, 0, majority="two_thirds").outcome == "adopted"
    assert motion(65, 34, 0, majority="two_thirds").outcome == "rejected"
    # 67 of 100 (two thirds is 66.67): 66 is not enough.
    assert motion(66, 34, 0, majority="two_thirds").outcome == "rejected"
    assert motion(67, 33, 0, majority="two_thirds").outcome == "adopted"


def test_nobody_voting_adopts_nothing():
    assert motion(0, 0, 0).outcome == "rejected"


def election(votes, seats, valid, **kw):
    return decide(
        kind="election",
        seats=seats,
        majority=kw.get("majority", "more_than_half"),
        base=kw.get("base", "voting"),
        votes=votes,
        kinds={n: "candidate" for n in votes},
        valid=valid,
        present=kw.get("present", valid),
        roll=kw.get("roll", valid),
    )


def test_an_election_fills_its_seats_with_those_who_reach_the_majority():
    result = election({1: 50, 2: 41, 3: 40, 4: 10}, seats=3, valid=80)
    assert result.outcome == "partly"
    assert result.passed == {1: True, 2: True, 3: False, 4: False}


def test_the_most_voted_take_the_seats_when_more_reach_the_majority():
    result = election({1: 70, 2: 60, 3: 50, 4: 45}, seats=3, valid=80)
    assert result.outcome == "elected"
    assert [n for n, ok in result.passed.items() if ok] == [1, 2, 3]


def test_a_tie_for_the_last_seat_elects_neither():
    result = election({1: 70, 2: 60, 3: 60}, seats=2, valid=80)
    assert result.tied and result.outcome == "partly"
    assert result.passed == {1: True, 2: False, 3: False}
    # The same tie with room for both elects both.
    assert election({1: 70, 2: 60, 3: 60}, seats=3, valid=80).passed == {1: True, 2: True, 3: True}


def test_primaries_rank_without_a_threshold():
    result = election({1: 3, 2: 9, 3: 9}, seats=1, valid=21, majority="plurality")
    assert result.outcome == "ranked"
    assert counting.ranking({1: 3, 2: 9, 3: 9}, [1, 2, 3]) == [2, 3, 1]


def entries(young, women, total, new=0):
    return [Entry(young=i < young, woman=i < women, new=i < new) for i in range(total)]


def test_the_youth_rule_at_19_9_and_20_percent():
    short = check_list(entries(199, 0, 1000), Decimal(20), None)
    assert short.young_share == Decimal("19.9") and not short.young_ok and not short.ok
    enough = check_list(entries(200, 0, 1000), Decimal(20), None)
    assert enough.young_share == Decimal("20.0") and enough.young_ok and enough.ok


def test_the_womens_share_is_checked_only_where_set():
    assert check_list(entries(3, 0, 10), Decimal(20), None).women_ok is None
    check = check_list(entries(3, 2, 10), Decimal(20), Decimal(30))
    assert check.women_ok is False and not check.ok
    assert check_list(entries(3, 3, 10), Decimal(20), Decimal(30)).ok


def test_renewal_is_the_share_of_new_candidates():
    assert check_list(entries(2, 0, 10, new=8), Decimal(20), None).renewal_share == Decimal("80.0")
