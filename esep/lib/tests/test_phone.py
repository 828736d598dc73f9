import pytest
from hypothesis import given
from hypothesis import strategies as st

from esep.lib.phone import InvalidPhone, format_phone, normalize_phone

MOBILE = st.sampled_from(
    ["700", "701", "702", "705", "707", "708", "747", "771", "775", "777", "778"]
)
SUBSCRIBER = st.integers(0, 9_999_999).map(lambda n: f"{n:07d}")


@pytest.mark.parametrize(
    "written",
    [
        "8 701 123 45 67",
        "+7 (701) 123-45-67",
        "87011234567",
        "7011234567",
        "+77011234567",
        " 8-701-123-45-67 ",
    ],
)
def test_the_ways_people_write_a_number_normalise_alike(written):
    assert normalize_phone(written) == "+77011234567"


@given(MOBILE, SUBSCRIBER)
def test_kazakh_mobile_numbers_round_trip(prefix, subscriber):
    e164 = f"+7{prefix}{subscriber}"
    assert normalize_phone(f"8 {prefix} {subscriber}") == e164
    assert normalize_phone(format_phone(e164)) == e164


def test_a_city_line_is_valid():
    assert normalize_phone("8 7122 32 15 40") == "+77122321540"


@pytest.mark.parametrize("text", ["", "abc", "+7 495 123 45 67", "+996 555 123 456", "123"])
def test_non_kazakh_or_broken_numbers_are_refused(text):
    with pytest.raises(InvalidPhone):
        normalize_phone(text)


@given(st.text(max_size=25))
def test_arbitrary_text_is_normalised_or_refused(text):
    try:
        result = normalize_phone(text)
    except InvalidPhone:
        return
    assert result.startswith("+7") and len(result) == 12
