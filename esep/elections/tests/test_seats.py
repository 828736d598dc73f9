"""The party-list seats by Kazakhstan's rule (`seats.allocate`), checked on the published
results of the Mazhilis elections under both thresholds (7% until 2021, 5% in 2023), on the
threshold's edge, on equal remainders under each tie rule, where no list passes, on the
refusals, and by the properties the largest remainder method truly has (not monotonicity:
the method has its paradoxes)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from esep.elections.seats import Entry, Refused, Tie, allocate, entries_of

# 10 January 2021, 98 list seats, 7% of the votes for the lists. CEC of Kazakhstan's final
# results as reported by Sputnik Kazakhstan (ru.sputnik.kz, 12.01.2021) and Elitar
# (archiv.elitar.kz, "В ЦИК РК озвучили итоги выборов в Мажилис"): Nur Otan 5,148,074
# (71.09%), Ak Zhol 792,828 (10.95%), People's Party 659,019 (9.10%), Auyl 383,023 (5.29%),
# Adal 258,618 (3.57%); seats 76 / 12 / 10.
MAZHILIS_2021 = [
    ("Nur Otan", 5_148_074),
    ("Ak Zhol", 792_828),
    ("QHP", 659_019),
    ("Auyl", 383_023),
    ("Adal", 258_618),
]

# 20 March 2016, 98 seats, 7%. The CEC's final results as Kazinform reported them
# (en.inform.kz, "Nur Otan wins Parliamentary Elections with 82.2% of votes and 84 seats",
# 22.03.2016), the same counts on electionguide.org (election 2904): Nur Otan 6,183,757
# (82.20%), Ak Zhol 540,406 (7.18%), Auyl 151,285 (2.01%), Communist People's Party (KNPK)
# 537,123 (7.14%), OSDP 88,813 (1.18%), Birlik 21,484 (0.29%); seats 84 / 7 / 7. Published
# counts, not reconstructed: their sum, 7,522,868, is electionguide's valid votes.
MAZHILIS_2016 = [
    ("Nur Otan", 6_183_757),
    ("Ak Zhol", 540_406),
    ("Auyl", 151_285),
    ("KNPK", 537_123),
    ("OSDP", 88_813),
    ("Birlik", 21_484),
]

# 19 March 2023, 69 list seats, 5% of the votes for the lists and "against all". The CEC's
# final results (vlast.kz, "ЦИК распределил депутатские мандаты между партиями",
# 27.03.2023; newtimes.kz, the same day): Amanat 3,431,510 (53.90%), Auyl 693,938
# (10.90%), Respublica 547,154 (8.59%), People's Party (QHP) 432,920 (6.80%), Ak Zhol 535,139
# (8.41%), OSDP (ZhSDP) 331,058 (5.20%), Baytaq 146,431 (2.30%), against all 248,291
# (3.90%); 6,366,441 voted for the parties and against all. Seats 40 / 8 / 6 / 5 / 6 / 4.
# (Kazinform's English note of that day misprints Amanat's count as 3,341,510; its 53.90%
# is of 3,431,510.)
MAZHILIS_2023 = [
    ("Amanat", 3_431_510),
    ("Auyl", 693_938),
    ("Respublica", 547_154),
    ("QHP", 432_920),
    ("Baytaq", 146_431),
    ("Ak Zhol", 535_139),
    ("ZhSDP", 331_058),
]
AGAINST_ALL_2023 = 248_291

# 15 January 2012, 98 seats, 7%. The CEC's final results (Reuters, 17.01.2012, for the
# percentages and seats; the counts from Wikipedia's "2012 Kazakh legislative election",
# which reproduce them): Nur Otan 5,621,436 (80.99%), Ak Zhol 518,405 (7.47%), KNPK 498,788
# (7.19%), OSDP 116,534 (1.68%), Auyl 82,623 (1.19%), Patriots 57,732 (0.83%), Adilet
# 45,702 (0.66%); seats 83 / 8 / 7.
MAZHILIS_2012 = [
    ("Nur Otan", 5_621_436),
    ("Ak Zhol", 518_405),
    ("KNPK", 498_788),
    ("OSDP", 116_534),
    ("Auyl", 82_623),
    ("Patriots", 57_732),
    ("Adilet", 45_702),
]

# 18 August 2007, 98 seats, 7%: only Nur Otan passed and took all 98 (the law then had no
# runner-up rule). Counts from Wikipedia's "2007 Kazakh legislative election" (sources:
# Adam Carr's archive, IPU Parline), which reproduce the published 88.41% / 4.54% / 3.09%:
# Nur Otan 5,247,720, OSDP 269,310, Ak Zhol 183,346, Auyl 89,855, KNPK 76,799, Patriots
# 46,436, Rukhaniyat 22,159.
MAZHILIS_2007 = [
    ("Nur Otan", 5_247_720),
    ("OSDP", 269_310),
    ("Ak Zhol", 183_346),
    ("Auyl", 89_855),
    ("KNPK", 76_799),
    ("Patriots", 46_436),
    ("Rukhaniyat", 22_159),
]


def seats_of(rows, mandates, threshold, **options):
    return allocate(entries_of(rows), mandates, threshold, **options).seats


# ---------------------------------------------------------------- published results


def test_mazhilis_2021_gives_76_12_10():
    result = allocate(entries_of(MAZHILIS_2021), 98, "7")
    assert result.seats == {"Nur Otan": 76, "Ak Zhol": 12, "QHP": 10, "Auyl": 0, "Adal": 0}
    assert result.passing == ["Nur Otan", "Ak Zhol", "QHP"]
    # 6,599,921 votes of the three lists / 98 = 67,346.13…; whole quotas 76 + 11 + 9 = 96,
    # the two left to the largest remainders: QHP's 0.785…, then Ak Zhol's 0.772…
    assert result.quota == Fraction(6_599_921, 98)
    assert round(float(result.quota), 2) == 67_346.13
    assert result.by_remainder == ["QHP", "Ak Zhol"]
    assert result.tied == []
    assert not result.no_list_passed


def test_mazhilis_2016_gives_84_7_7():
    result = allocate(entries_of(MAZHILIS_2016), 98, 7)
    assert result.seats == {
        "Nur Otan": 84,
        "Ak Zhol": 7,
        "Auyl": 0,
        "KNPK": 7,
        "OSDP": 0,
        "Birlik": 0,
    }
    # KNPK's 7.14% is at 7% and above: it passes (Auyl's 2.01% does not).
    assert result.passing == ["Nur Otan", "Ak Zhol", "KNPK"]
    assert result.by_remainder == ["Nur Otan"]  # 83.46…, 7.29…, 7.25…: one mandate left


def test_mazhilis_2023_under_5_percent_of_the_lists_and_against_all():
    base = sum(votes for _party, votes in MAZHILIS_2023) + AGAINST_ALL_2023
    assert base == 6_366_441  # as the CEC announced
    result = allocate(entries_of(MAZHILIS_2023), 69, Decimal("5"), base=base)
    assert result.seats == {
        "Amanat": 40,
        "Auyl": 8,
        "Respublica": 6,
        "QHP": 5,
        "Baytaq": 0,
        "Ak Zhol": 6,
        "ZhSDP": 4,
    }
    assert result.base == 6_366_441
    assert "Baytaq" not in result.passing
    # Whole quotas 39 + 8 + 6 + 5 + 6 + 3 = 67; the two left: ZhSDP's 0.825…, Amanat's 0.649…
    assert result.by_remainder == ["ZhSDP", "Amanat"]


def test_mazhilis_2012_gives_83_8_7():
    assert seats_of(MAZHILIS_2012, 98, 7) == {
        "Nur Otan": 83,
        "Ak Zhol": 8,
        "KNPK": 7,
        "OSDP": 0,
        "Auyl": 0,
        "Patriots": 0,
        "Adilet": 0,
    }


def test_mazhilis_2007_one_list_takes_all_without_the_runner_up_rule():
    result = allocate(entries_of(MAZHILIS_2007), 98, 7, runner_up=False)
    assert result.seats["Nur Otan"] == 98
    assert sum(result.seats.values()) == 98
    assert result.passing == ["Nur Otan"]


def test_mazhilis_2007_under_the_runner_up_rule_admits_the_second_list():
    result = allocate(entries_of(MAZHILIS_2007), 98, 7, runner_up=True)
    # Quota (5,247,720 + 269,310) / 98 = 56,296.22…; Nur Otan 93.21… → 93; OSDP 4.78… × 0.7
    # = 3.34… → 3; the two left by remainders: OSDP's 0.34…, then Nur Otan's 0.21…
    assert result.passing == ["Nur Otan", "OSDP"]
    assert result.seats["Nur Otan"] == 94
    assert result.seats["OSDP"] == 4
    assert result.by_remainder == ["OSDP", "Nur Otan"]
    assert sum(result.seats.values()) == 98


def test_a_weak_runner_up_takes_two_mandates_out_of_the_winner_s_share():
    # 1,000 and 10 votes, 98 mandates: the runner-up's quotient 10 / (1,010 / 98) × 0.7 =
    # 0.67… gives no mandate: it takes two, the winner the other 96.
    result = allocate(entries_of([("A", 1000), ("B", 10)]), 98, 7, runner_up=True)
    assert result.seats == {"A": 96, "B": 2}
    # With three mandates the winner keeps one at least, and with two, one each.
    assert seats_of([("A", 1000), ("B", 10)], 3, 7, runner_up=True) == {"A": 1, "B": 2}
    assert seats_of([("A", 1000), ("B", 10)], 2, 7, runner_up=True) == {"A": 1, "B": 1}
    assert seats_of([("A", 1000), ("B", 10)], 1, 7, runner_up=True) == {"A": 1, "B": 0}


def test_the_runner_up_rule_does_nothing_where_two_lists_pass():
    assert seats_of(MAZHILIS_2021, 98, 7, runner_up=True) == seats_of(MAZHILIS_2021, 98, 7)


# ---------------------------------------------------------------- the threshold's edge


@pytest.mark.parametrize("base", [None, 1000])
def test_a_list_exactly_at_the_threshold_passes_and_one_vote_less_does_not(base):
    at = allocate(entries_of([("A", 930), ("B", 70)]), 10, 7, base=base)
    assert at.passing == ["A", "B"]  # 70 of 1,000 is 7%
    assert at.seats == {"A": 9, "B": 1}
    if base is None:  # the lists' votes: one vote moves from B to A
        below = allocate(entries_of([("A", 931), ("B", 69)]), 10, 7)
    else:  # an explicit base (the voters who took part): B has one vote less
        below = allocate(entries_of([("A", 930), ("B", 69)]), 10, 7, base=base)
    assert below.passing == ["A"]
    assert below.seats == {"A": 10, "B": 0}


def test_a_threshold_with_decimals_is_compared_exactly():
    # 5.5% of 2,000 is 110 votes exactly.
    assert allocate(entries_of([("A", 1890), ("B", 110)]), 4, "5.5").passing == ["A", "B"]
    assert allocate(entries_of([("A", 1891), ("B", 109)]), 4, "5.50").passing == ["A"]


def test_an_explicit_base_can_keep_a_list_out_that_the_lists_votes_let_in():
    rows = [("A", 900), ("B", 60)]  # B is 6.25% of the lists' 960 votes
    assert allocate(entries_of(rows), 10, 6).passing == ["A", "B"]
    # …but 6% of 1,100 voters who took part is 66: B stays out.
    assert allocate(entries_of(rows), 10, 6, base=1100).passing == ["A"]


# ---------------------------------------------------------------- equal remainders


def test_equal_remainders_go_to_the_list_registered_earlier_by_default():
    # Quota 100; A 1.5, B 0.5: one whole quota, one mandate left, remainders equal (0.5).
    # B was registered first.
    entries = [Entry("A", 150, registered=2), Entry("B", 50, registered=1)]
    result = allocate(entries, 2, 0)
    assert result.seats == {"A": 1, "B": 1}
    assert result.by_remainder == ["B"]
    assert sorted(result.tied) == ["A", "B"]
    assert allocate(entries, 2, 0, tie=Tie.EARLIER_REGISTRATION).seats == result.seats


def test_equal_remainders_go_to_the_list_with_more_votes_under_that_rule():
    entries = [Entry("A", 150, registered=2), Entry("B", 50, registered=1)]
    result = allocate(entries, 2, 0, tie="more_votes")
    assert result.seats == {"A": 2, "B": 0}
    assert result.by_remainder == ["A"]
    assert sorted(result.tied) == ["A", "B"]


def test_equal_remainders_and_votes_go_to_the_list_registered_earlier_under_either_rule():
    # Three lists of 100 votes, two mandates: quota 150, each 0.66…: equal remainders.
    entries = [Entry("A", 100, 3), Entry("B", 100, 1), Entry("C", 100, 2)]
    for tie in Tie:
        result = allocate(entries, 2, 0, tie=tie)
        assert result.seats == {"A": 0, "B": 1, "C": 1}
        assert result.by_remainder == ["B", "C"]
        assert sorted(result.tied) == ["A", "B", "C"]


def test_lists_of_no_known_registration_are_taken_in_the_order_given():
    result = allocate([Entry("A", 100), Entry("B", 100), Entry("C", 100)], 2, 0)
    assert result.by_remainder == ["A", "B"]


def test_no_tie_is_reported_where_the_cut_falls_between_different_remainders():
    assert allocate(entries_of(MAZHILIS_2021), 98, 7).tied == []


# ---------------------------------------------------------------- no list passes


def test_no_list_passing_gives_no_seat_and_says_so():
    result = allocate(entries_of([("A", 30), ("B", 30), ("C", 40)]), 10, 50)
    assert result.no_list_passed
    assert result.passing == []
    assert result.quota is None
    assert result.seats == {"A": 0, "B": 0, "C": 0}


def test_no_vote_at_all_passes_no_list_even_at_a_zero_threshold():
    result = allocate(entries_of([("A", 0), ("B", 0)]), 5, 0)
    assert result.no_list_passed
    assert result.seats == {"A": 0, "B": 0}
    assert allocate([], 5, 7).no_list_passed


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("entries", "mandates", "threshold", "options", "code"),
    [
        ([Entry("A", 10)], 0, 7, {}, "mandates"),
        ([Entry("A", 10)], -3, 7, {}, "mandates"),
        ([Entry("A", 10)], True, 7, {}, "mandates"),
        ([Entry("A", 10)], 5, "100.01", {}, "threshold"),
        ([Entry("A", 10)], 5, -1, {}, "threshold"),
        ([Entry("A", 10)], 5, "seven", {}, "threshold"),
        ([Entry("A", 10)], 5, "NaN", {}, "threshold"),
        ([Entry("A", 10)], 5, 7, {"tie": "coin"}, "tie"),
        ([Entry("A", 10), Entry("A", 20)], 5, 7, {}, "duplicate"),
        ([Entry("A", 10), Entry("B", -1)], 5, 7, {}, "negative"),
        ([Entry("A", 10), Entry("B", 2.5)], 5, 7, {}, "votes"),  # type: ignore[arg-type]
        ([Entry("A", 10), Entry("B", 20)], 5, 7, {"base": 29}, "base"),
        ([Entry("A", 10)], 5, 7, {"base": -1}, "base"),
    ],
)
def test_input_the_rule_cannot_take_is_refused_with_a_code(
    entries, mandates, threshold, options, code
):
    with pytest.raises(Refused) as refused:
        allocate(entries, mandates, threshold, **options)
    assert refused.value.code == code
    assert str(refused.value)  # an English message, for logs and tests


def test_a_threshold_of_100_and_a_base_equal_to_the_votes_are_accepted():
    result = allocate(entries_of([("A", 10), ("B", 0)]), 3, 100, base=10)
    assert result.seats == {"A": 3, "B": 0}


# ---------------------------------------------------------------- properties

VOTES = st.integers(min_value=0, max_value=10_000_000)
LISTS = st.lists(VOTES, min_size=1, max_size=9)
THRESHOLDS = st.decimals(min_value=0, max_value=30, places=2)
MANDATES = st.integers(min_value=1, max_value=150)
TIES = st.sampled_from(list(Tie))


def _entries(votes: list[int]) -> list[Entry]:
    return entries_of((f"list {n}", v) for n, v in enumerate(votes, start=1))


@given(LISTS, MANDATES, THRESHOLDS, TIES)
def test_the_seats_add_up_to_the_mandates_when_any_list_passes(votes, mandates, threshold, tie):
    result = allocate(_entries(votes), mandates, threshold, tie=tie)
    if result.no_list_passed:
        assert sum(result.seats.values()) == 0
    else:
        assert sum(result.seats.values()) == mandates


@given(LISTS, MANDATES, THRESHOLDS, TIES)
def test_a_list_below_the_threshold_gets_nothing(votes, mandates, threshold, tie):
    entries = _entries(votes)
    result = allocate(entries, mandates, threshold, tie=tie)
    total = sum(votes)
    for entry in entries:
        if entry.votes == 0 or Fraction(entry.votes, total) * 100 < threshold:
            assert entry.party not in result.passing
            assert result.seats[entry.party] == 0
        else:
            assert entry.party in result.passing


@given(LISTS, MANDATES, THRESHOLDS, TIES)
def test_each_passing_list_gets_its_exact_quota_share_rounded_down_or_up(
    votes, mandates, threshold, tie
):
    """The quota rule: floor(votes × mandates / votes of the passing lists), or one more."""
    entries = _entries(votes)
    result = allocate(entries, mandates, threshold, tie=tie)
    passing = [e for e in entries if e.party in result.passing]
    total = sum(e.votes for e in passing)
    for entry in passing:
        share = Fraction(entry.votes * mandates, total)
        assert result.seats[entry.party] in (int(share), int(share) + 1)
        if share.denominator == 1:  # a whole share is given exactly
            assert result.seats[entry.party] == share


@given(LISTS, MANDATES, THRESHOLDS)
def test_the_tie_rule_changes_at_most_which_tied_lists_take_the_last_mandates(
    votes, mandates, threshold
):
    entries = _entries(votes)
    earlier = allocate(entries, mandates, threshold, tie=Tie.EARLIER_REGISTRATION)
    more = allocate(entries, mandates, threshold, tie=Tie.MORE_VOTES)
    differing = {p for p in earlier.seats if earlier.seats[p] != more.seats[p]}
    assert differing <= set(earlier.tied)
    assert earlier.tied == [] or set(earlier.tied) == set(more.tied)


@given(LISTS, st.integers(min_value=2, max_value=150), THRESHOLDS)
def test_an_admitted_runner_up_has_two_mandates_at_least_and_the_seats_add_up(
    votes, mandates, threshold
):
    entries = _entries(votes)
    result = allocate(entries, mandates, threshold, runner_up=True)
    plain = allocate(entries, mandates, threshold)
    if len(result.passing) == 2 and len(plain.passing) == 1:
        leader = plain.passing[0]
        (runner_up,) = [p for p in result.passing if p != leader]
        assert result.seats[runner_up] >= min(2, mandates - 1)
        assert result.seats[leader] >= 1
        assert sum(result.seats.values()) == mandates
    else:
        assert result.seats == plain.seats


def test_the_mandates_a_reduced_runner_up_leaves_over_are_all_given():
    # A 900, B 100 (10%: below 15%), 98 mandates: quota 1,000 / 98; A 88.2 → 88; B 9.8 × 0.7
    # = 6.86 → 6; four mandates left for two lists: one each by remainder (B's 0.86, A's
    # 0.2), the other two to A, the list that passed.
    result = allocate(entries_of([("A", 900), ("B", 100)]), 98, 15, runner_up=True)
    assert result.seats == {"A": 91, "B": 7}
    assert result.by_remainder == ["B", "A"]
