"""The rating's formula and bands on worked examples, as the methodology page states them:
score = 100 · Σ wₖ·min(vₖ, 1) / Σ wₖ over the available components, vₖ = x·30/d/standard
for a count and share/standard for a share; fewer than 10 days is "not enough data"; bands
are quintiles among peers, equal scores share a band, fewer than 5 peers have none."""

from decimal import Decimal

from esep.deputies.rating import bands, score

W = [
    ("receptions", Decimal(20), Decimal(2)),
    ("attendance", Decimal(15), Decimal("0.9")),
    ("inquiries", Decimal(10), Decimal("0.5")),
]


def test_a_full_month_meeting_every_standard_scores_100():
    result = score(
        days=30,
        weights=W,
        values={"receptions": (2, 1), "attendance": (9, 10), "inquiries": (1, 1)},
    )
    assert result.score == Decimal("100.00")
    assert result.components["receptions"]["normalised"] == "1.0000"
    assert result.components["attendance"]["raw"] == "0.9000"


def test_a_partial_month_is_normalised_by_days_in_office():
    # 15 days, one reception: 1·30/15/2 = 1 → full marks for receptions; no sittings: the
    # attendance share is absent, not zero, and leaves both sums; no inquiries: 0.
    result = score(days=15, weights=W, values={"receptions": (1, 1)})
    assert result.components["attendance"] == {
        "weight": "15",
        "standard": "0.9",
        "numerator": 0,
        "denominator": 0,
        "available": False,
    }
    assert result.components["receptions"]["normalised"] == "1.0000"
    assert result.components["inquiries"]["score"] == "0.00"
    # 100 · (20·1 + 10·0) / (20 + 10)
    assert result.score == Decimal("66.67")


def test_more_than_the_standard_earns_nothing_more():
    capped = score(days=30, weights=W, values={"receptions": (12, 1), "attendance": (5, 10)})
    # receptions 12·30/30/2 = 6 → capped at 1; attendance 0.5/0.9 = 0.5556; inquiries 0
    assert capped.components["receptions"]["normalised"] == "6.0000"
    assert capped.components["receptions"]["score"] == "100.00"
    assert capped.components["attendance"]["score"] == "55.56"
    # 100 · (20 + 15·0.5556 + 0) / 45 = 62.96
    assert capped.score == Decimal("62.96")


def test_fewer_than_ten_days_is_not_enough_data():
    short = score(days=9, weights=W, values={"receptions": (3, 1)})
    assert short.score is None
    assert short.components["receptions"]["available"] is True  # still shown
    assert score(days=10, weights=W, values={"receptions": (3, 1)}).score is not None


def test_nothing_available_scores_nothing():
    only_share = [("attendance", Decimal(1), Decimal(1))]
    assert score(days=30, weights=only_share, values={}).score is None


def test_bands_are_quintiles_among_peers():
    scores = {i: Decimal(100 - i * 10) for i in range(10)}  # 100, 90, … 10
    assert bands(scores) == {0: 1, 1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 4, 7: 4, 8: 5, 9: 5}


def test_ties_share_the_band_of_their_middle_place():
    tied = {1: Decimal(90), 2: Decimal(80), 3: Decimal(80), 4: Decimal(70), 5: Decimal(60)}
    # The two 80s hold places 2 and 3: one higher, two equal → 1 + ⌊5·(1 + ½)/5⌋ = 2 both.
    assert bands(tied) == {1: 1, 2: 2, 3: 2, 4: 4, 5: 5}
    # Seven equal at the top of ten are not all "the top fifth": their middle place is the
    # fourth → 1 + ⌊5·3/10⌋ = 2; the three below them are bands 4, 5, 5.
    crowd = {i: Decimal(50) for i in range(7)} | {7: Decimal(40), 8: Decimal(30), 9: Decimal(20)}
    assert bands(crowd) == dict.fromkeys(range(7), 2) | {7: 4, 8: 5, 9: 5}
    # Everyone equal: the middle band.
    assert set(bands(dict.fromkeys(range(6), Decimal(70))).values()) == {3}
    # At a band's edge: places 4 and 5 of 10 tied sit across bands 2 and 3 → their middle
    # (4.5th place) is band 2 + … 1 + ⌊5·(3 + ½)/10⌋ = 2.
    edge = {i: Decimal(100 - i) for i in range(10)} | {4: Decimal(97)}
    assert (bands(edge)[3], bands(edge)[4]) == (2, 2)


def test_a_group_of_fewer_than_five_has_no_bands():
    assert bands({1: Decimal(50), 2: Decimal(40), 3: Decimal(30), 4: Decimal(20)}) == {
        1: None,
        2: None,
        3: None,
        4: None,
    }
