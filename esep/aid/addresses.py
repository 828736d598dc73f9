"""An address as the duplicate check compares it.

Volunteers write one family's address many ways: "ул. Абая, д. 5, кв. 3", "Абая көшесі 5
үй, 3 пәтер", "АБАЯ 5-3". `normalise_address` reduces each to the same words:

1. case, ё/е and accents folded as search folds them (`esep.lib.folding.fold`);
2. every character that is not a letter or a digit is a space (punctuation, dashes, "№");
3. a number and a letter written together are two words ("5а" → "5 а");
4. the words that only say what kind of place a word names are left out, in Kazakh,
   Russian and English: street, avenue, lane, boulevard, microdistrict (ул, улица, көше,
   көшесі, пр, проспект, даңғылы, пер, тұйық, бульвар, мкр, ш/а …), house (д, дом, үй), flat
   (кв, квартира, пәтер), city and village (г, город, қ, қала, қаласы, с, село, ауыл);
5. the remaining words are joined by one space.

"ул. Абая, д. 5, кв. 3" and "Абая көшесі 5 үй 3 пәтер" and "абая 5-3" all read "абая 5 3".
The household keeps a keyed digest of this form (`Household.address_digest`), never the
form itself: two households of a campaign with the same digest are the same address."""

from __future__ import annotations

import re

from esep.lib.folding import fold

# Words that name the kind of a place, not the place (folded, without their dots).
KIND_WORDS = frozenset(
    {
        # street, avenue, lane, boulevard, square, microdistrict, district
        "ул",
        "улица",
        "көше",
        "көшесі",
        "кош",
        "пр",
        "просп",
        "проспект",
        "даңғыл",
        "даңғылы",
        "пер",
        "переулок",
        "тұйық",
        "тұйығы",
        "бульвар",
        "бул",
        "пл",
        "площадь",
        "алаң",
        "алаңы",
        "мкр",
        "мкрн",
        "микрорайон",
        "ш",
        "шағын",
        "аудан",
        "ауданы",
        "street",
        "st",
        "avenue",
        "ave",
        # house, building, flat
        "д",
        "дом",
        "үй",
        "уй",
        "корп",
        "корпус",
        "кв",
        "квартира",
        "пәтер",
        "house",
        "flat",
        "apt",
        # city, town, village
        "г",
        "город",
        "қ",
        "қала",
        "қаласы",
        "с",
        "село",
        "ауыл",
        "ауылы",
        "п",
        "пос",
        "поселок",
        "city",
        "village",
    }
)

_NOT_WORD = re.compile(r"[\W_]+")
_NUMBER_AND_LETTER = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")


def normalise_address(address: str) -> str:
    """The address in the form two ways of writing it compare equal in (see above)."""
    text = _NOT_WORD.sub(" ", fold(address or ""))
    text = _NUMBER_AND_LETTER.sub(" ", text)
    return " ".join(word for word in text.split() if word not in KIND_WORDS)
