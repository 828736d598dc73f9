"""Kazakhstan phone numbers, validated and normalised with libphonenumber's data."""

from __future__ import annotations

import phonenumbers


class InvalidPhone(ValueError):
    pass


def normalize_phone(text: str) -> str:
    """Return the number in E.164 (+77011234567). Accepts the ways people write them:
    8 701 123 45 67, +7 (701) 123-45-67, 7011234567. Only Kazakhstan numbers are valid:
    +7 is shared with Russia, whose numbers are refused."""
    raw = text.strip()
    if not raw:
        raise InvalidPhone(text)
    # The domestic trunk prefix 8 (8 701 …) is how most people write a number.
    digits = "".join(c for c in raw if c.isdigit())
    if not raw.startswith("+") and len(digits) == 11 and digits[0] == "8":
        raw = "+7" + digits[1:]
    try:
        number = phonenumbers.parse(raw, "KZ")
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(text) from exc
    if not phonenumbers.is_valid_number(number) or (
        phonenumbers.region_code_for_number(number) != "KZ"
    ):
        raise InvalidPhone(text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """+77011234567 → +7 701 123 4567, for display."""
    number = phonenumbers.parse(e164, "KZ")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
