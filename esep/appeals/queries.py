"""Reading appeals: what a row of the inbox shows, the calendar it counts in, and the inbox's
search for an applicant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from esep.appeals.actions import official_calendar
from esep.appeals.lifecycle import OPEN_STATUSES
from esep.appeals.models import Appeal
from esep.lib.crypto import digest
from esep.lib.folding import HasWords, words
from esep.lib.phone import InvalidPhone, normalize_phone
from esep.lib.workdays import Calendar


def official_calendar_for(request: Any) -> Calendar:
    """The official calendar, read once per request (the inbox's filter and its rows both
    count in working days)."""
    if not hasattr(request, "official_calendar"):
        request.official_calendar = official_calendar()
    return request.official_calendar


@dataclass(frozen=True)
class Deadline:
    """How the deadline stands today, in working days."""

    due_on: dt.date
    days_left: int | None  # None once answered
    overdue: bool
    due_soon: bool


def deadline_of(appeal: Appeal, *, today: dt.date, calendar: Calendar) -> Deadline:
    if appeal.status not in OPEN_STATUSES:
        return Deadline(appeal.due_on, None, False, False)
    left = calendar.working_days_between(today, appeal.due_on)
    return Deadline(appeal.due_on, left, today > appeal.due_on, 0 <= left <= 3)


NAME_FIELDS = ("applicant_surname", "applicant_given_name", "applicant_patronymic")
PHONE_CHARACTERS = set("0123456789+-() ")


@dataclass(frozen=True)
class ApplicantSearch:
    """A search box's text read as an applicant as given at intake: an IIN (twelve digits),
    a phone (any way it is written), or else the words of a name, each found at the start
    of the surname, name or patronymic or of a word of them, in any case (folded words,
    `esep.lib.folding.HasWords`: the full-text index of names on PostgreSQL). Searching by an
    applicant is use of their personal data: the inbox asks it only in the branches where
    the user's role shows personal data, and logs the appeals it shows for it."""

    iin: str = ""
    phone: str = ""
    words: tuple[str, ...] = ()

    @classmethod
    def of(cls, text: str) -> ApplicantSearch:
        digits = "".join(text.split())
        if digits.isdigit() and len(digits) == 12:
            return cls(iin=digits)
        if text.strip() and set(text) <= PHONE_CHARACTERS:
            try:
                return cls(phone=normalize_phone(text))
            except InvalidPhone:
                return cls()
        return cls(words=tuple(words(text)))

    def __bool__(self) -> bool:
        return bool(self.iin or self.phone or self.words)

    def condition(self, by_name: Q | None = None) -> Q:
        """The appeals whose applicant this is (by the words of a name: `by_name` where the
        caller has found them its own way, else by the names' word index)."""
        if self.iin:
            return Q(contact_iin_digest=digest("contact_iin", self.iin))
        if self.phone:
            return Q(contact_phone_digest=digest("contact_phone", self.phone))
        if by_name is None:
            by_name = Q(HasWords(list(NAME_FIELDS), list(self.words)))
        return Q(is_anonymous=False) & by_name

    def found_by(self, appeal: Appeal) -> list[str]:
        """The personal fields of the appeal's applicant the search found it by (none when it
        was found otherwise): what the access log records."""
        if appeal.is_anonymous:
            return []
        if self.iin:
            return ["iin"] if appeal.contact_iin == self.iin else []
        if self.phone:
            return ["phone"] if appeal.contact_phone == self.phone else []
        names = {field: words(getattr(appeal, field)) for field in NAME_FIELDS}
        found = [
            [field for field, said in names.items() if any(w.startswith(word) for w in said)]
            for word in self.words
        ]
        if not found or not all(found):
            return []
        # Logged under the person's own names for them: surname, given_name, patronymic.
        return [
            field.removeprefix("applicant_")
            for field in NAME_FIELDS
            if any(field in f for f in found)
        ]
