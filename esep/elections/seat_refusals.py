"""What a refusal of `seats.allocate` says to the user, in their language: the pure function
gives a code (`seats.CODES`), and every caller — `esep seats`, the REST API, the pages —
words it from here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from esep.elections.seats import CODES, Refused

MESSAGES: dict[str, StrOrPromise] = {
    "mandates": _("Give the number of mandates as a whole number, 1 or more."),
    "threshold": _("Give the threshold as a percentage from 0 to 100, e.g. 7 or 5.5."),
    "tie": _("Choose the rule for equal remainders: earlier_registration or more_votes."),
    "duplicate": _("A party is given twice."),
    "votes": _("Give the votes as whole numbers."),
    "negative": _("Votes cannot be negative."),
    "base": _(
        "The threshold's base is a whole number, not smaller than the votes cast for the lists."
    ),
}
assert set(MESSAGES) == set(CODES), "every refusal of seats.allocate is worded here"


def message(refused: Refused) -> str:
    """The refusal in the active language."""
    return str(MESSAGES[refused.code])
