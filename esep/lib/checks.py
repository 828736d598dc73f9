"""The checks every app's actions make on what a user typed, with the user's error in their
language: required texts, dates in a sane range, a duplicate refused by the database turned
into a field's error, and a step refused to whoever may not take it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

# Dates a record may carry: from independence to well past any term.
FIRST_DAY = dt.date(1991, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)


def required(**texts: str) -> dict[str, str]:
    """The texts stripped; each empty one is its field's error, coded "required"."""
    cleaned = {field: (text or "").strip() for field, text in texts.items()}
    missing = {
        f: ValidationError(_("This field is required."), code="required")
        for f, text in cleaned.items()
        if not text
    }
    if missing:
        raise ValidationError(missing, code="required")
    return cleaned


def date_in_range(field: str, value: dt.date) -> dt.date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(
            {
                field: _("Give a date between %(first)s and %(last)s.")
                % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
            },
            code="out_of_range",
        )
    return value


@contextmanager
def unique(field: str, message: str) -> Iterator[None]:
    """Turns the database's refusal of a duplicate into the user's error on `field`."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise invalid(field, message, "duplicate") from None


def refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise ValidationError(_("This step is not open to you on this record now."), code="denied")


def invalid(field: str, message: str, code: str) -> ValidationError:
    """A field's error that keeps its code (a dict of plain messages would lose it), so
    callers — the API, the tests — can tell one refusal from another."""
    return ValidationError({field: ValidationError(message, code=code)})
