import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from esep.lib.iin import InvalidIIN, check_digit, make_iin, parse_iin

birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
sexes = st.sampled_from(["male", "female"])


def test_known_iin_is_parsed_with_birth_date_and_sex():
    # Weighted sum of 85031440123 with weights 1..11 is 325; 325 mod 11 = 6.
    parsed = parse_iin("850314401236")
    assert parsed.birth_date == dt.date(1985, 3, 14)
    assert parsed.sex == "female"


def test_second_weights_are_used_when_the_first_give_ten():
    # 00010130000: first weights give 10, the second 3..11,1,2 give a digit.
    head = next(
        f"{n:011d}"
        for n in range(10**10, 10**10 + 10**6)
        if sum(int(d) * w for d, w in zip(f"{n:011d}", range(1, 12), strict=True)) % 11 == 10
    )
    digit = check_digit(head)
    weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
    expected = sum(int(d) * w for d, w in zip(head, weights, strict=True)) % 11
    assert digit == (None if expected == 10 else expected)


@given(birth_dates, sexes, st.integers(0, 9999))
def test_made_iins_parse_back(birth, sex, serial):
    parsed = parse_iin(make_iin(birth, sex, serial))
    assert (parsed.birth_date, parsed.sex) == (birth, sex)


@given(birth_dates, sexes, st.integers(0, 9999), st.integers(1, 9))
def test_a_changed_check_digit_is_always_caught(birth, sex, serial, delta):
    iin = make_iin(birth, sex, serial)
    with pytest.raises(InvalidIIN):
        parse_iin(iin[:11] + str((int(iin[11]) + delta) % 10))


@given(birth_dates, sexes, st.integers(0, 9999), st.integers(0, 9), st.integers(1, 9))
def test_a_changed_digit_is_caught_unless_the_second_weights_take_over(
    birth, sex, serial, position, delta
):
    # With weights 1..10 on these positions a single change always moves the first
    # remainder, so it slips through only when the second weights decide the check digit
    # of the original or of the changed number.
    def first_remainder(digits):
        return sum(int(d) * w for d, w in zip(digits[:11], range(1, 12), strict=True)) % 11

    iin = make_iin(birth, sex, serial)
    changed = iin[:position] + str((int(iin[position]) + delta) % 10) + iin[position + 1 :]
    try:
        parse_iin(changed)
    except InvalidIIN:
        return
    assert 10 in (first_remainder(iin), first_remainder(changed))


@given(st.text(max_size=20))
def test_arbitrary_text_either_parses_or_says_why(text):
    try:
        parsed = parse_iin(text)
    except InvalidIIN as exc:
        assert exc.reason in {"length", "checksum", "century", "date"}
    else:
        assert len(parsed.value) == 12


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("12345", "length"),
        ("85031440123x", "length"),
        ("850314401237", "checksum"),
        ("８５０３１４４０１２３６", "length"),
    ],
)
def test_invalid_iins_give_their_reason(text, reason):
    with pytest.raises(InvalidIIN) as exc:
        parse_iin(text)
    assert exc.value.reason == reason


def test_spaces_are_ignored():
    assert parse_iin("850314 401236").value == "850314401236"
