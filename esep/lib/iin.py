"""Kazakhstan's individual identification number (IIN, ЖСН, ИИН).

Twelve digits: YYMMDD of birth, one digit for century and sex, four serial digits and a check
digit. The check digit is the weighted sum of the first eleven digits modulo 11 with weights
1..11; when that gives 10 the weights 3..11,1,2 are used instead, and a second 10 means the
number is never issued.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
# Seventh digit: odd for men, even for women; the pair gives the century of birth.
CENTURY_BY_DIGIT = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}

Sex = Literal["male", "female"]


class InvalidIIN(ValueError):
    """The text is not a valid IIN; `reason` is one of the codes below."""

    LENGTH = "length"
    CHECKSUM = "checksum"
    CENTURY = "century"
    DATE = "date"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class IIN:
    value: str
    birth_date: dt.date
    sex: Sex


def check_digit(first_eleven: str) -> int | None:
    """The check digit for eleven digits, or None when no valid IIN starts with them."""
    digits = [int(c) for c in first_eleven]
    for weights in (FIRST_WEIGHTS, SECOND_WEIGHTS):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def parse_iin(text: str) -> IIN:
    """Parse an IIN written with or without spaces; raise InvalidIIN with the reason."""
    value = "".join(text.split())
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise InvalidIIN(InvalidIIN.LENGTH)
    if check_digit(value[:11]) != int(value[11]):
        raise InvalidIIN(InvalidIIN.CHECKSUM)
    century_digit = int(value[6])
    if century_digit not in CENTURY_BY_DIGIT:
        raise InvalidIIN(InvalidIIN.CENTURY)
    year = CENTURY_BY_DIGIT[century_digit] + int(value[0:2])
    try:
        birth_date = dt.date(year, int(value[2:4]), int(value[4:6]))
    except ValueError as exc:
        raise InvalidIIN(InvalidIIN.DATE) from exc
    sex: Sex = "male" if century_digit % 2 else "female"
    return IIN(value=value, birth_date=birth_date, sex=sex)


def make_iin(birth_date: dt.date, sex: Sex, serial: int) -> str:
    """Build a valid IIN (for demo data and tests). Tries serials upward from `serial`
    until one has a check digit."""
    century = birth_date.year // 100 * 100
    digit = {1800: 1, 1900: 3, 2000: 5}[century] + (0 if sex == "male" else 1)
    for candidate in range(serial, serial + 10_000):
        head = f"{birth_date:%y%m%d}{digit}{candidate % 10_000:04d}"
        check = check_digit(head)
        if check is not None:
            return f"{head}{check}"
    raise ValueError("no serial gives a valid IIN")  # pragma: no cover - cannot happen
