"""Periods of figures: from–to days, or a year, a quarter, a month; the period before; the
years a user may choose; and the bounds every period asked for keeps within (from 1 January
2000 to the end of next year), checked wherever a period is read: pages, API, command line."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from esep.access.models import User
from esep.figures.registry import get

FIRST_YEAR = 2000  # no party reception office kept records before


def last_year() -> int:
    """The last year a period may reach: next year (a plan, a period running on)."""
    return timezone.localdate().year + 1


def day_pattern() -> str:
    """A regular expression of the ISO days within the bounds (for the API's schema)."""
    years = "|".join(str(y) for y in range(FIRST_YEAR, last_year() + 1))
    return rf"^(?:{years})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"


def _day(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def check_year(year: int) -> None:
    """Refuse a year outside FIRST_YEAR..last_year() (a form error, an API 400)."""
    last = last_year()
    if not FIRST_YEAR <= year <= last:
        raise ValidationError(
            _("Choose a year from %(first)s to %(last)s."),
            code="min_value" if year < FIRST_YEAR else "max_value",
            params={"first": FIRST_YEAR, "last": last},
        )


def check_day(day: dt.date) -> None:
    """Refuse a day outside the years periods may span."""
    first, last = dt.date(FIRST_YEAR, 1, 1), dt.date(last_year(), 12, 31)
    if not first <= day <= last:
        raise ValidationError(
            _("Choose a day from %(first)s to %(last)s."),
            code="min_value" if day < first else "max_value",
            params={"first": _day(first), "last": _day(last)},
        )


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(_("The period ends before it starts."), code="period")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before; for whole years, quarters and months,
        the year, quarter or month before."""
        months = _whole_months(self)
        if months:
            start = _add_months(self.start, -months)
            return Period(start, self.start - dt.timedelta(days=1))
        return Period(self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1))

    def __str__(self) -> str:
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"

    @property
    def whole_months(self) -> bool:
        return _whole_months(self) > 0


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _whole_months(period: Period) -> int:
    """How many whole calendar months the period spans, if it is exactly that many."""
    if period.start.day != 1:
        return 0
    following = period.end + dt.timedelta(days=1)
    if following.day != 1:
        return 0
    return (following.year - period.start.year) * 12 + following.month - period.start.month


def parse(text: str) -> Period:
    """`2021`, `2021-Q2`, `2021-03`, or `2019-01-01..2020-12-31`, within the bounds."""
    period = _parsed(text.strip())
    check_day(period.start)
    check_day(period.end)
    return period


def _parsed(text: str) -> Period:
    try:
        if m := re.fullmatch(r"(\d{4})", text):
            year = int(m[1])
            return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
        if m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", text):
            start = dt.date(int(m[1]), 3 * int(m[2]) - 2, 1)
            return Period(start, _add_months(start, 3) - dt.timedelta(days=1))
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            start = dt.date(int(m[1]), int(m[2]), 1)
            return Period(start, _add_months(start, 1) - dt.timedelta(days=1))
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
            return Period(dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2]))
    except ValueError:
        pass
    raise ValidationError(
        _("Write the period as 2021, 2021-Q2, 2021-03 or 2019-01-01..2020-12-31."),
        code="period",
    )


def years_with_appeals(user: User) -> tuple[list[int], int]:
    """The years from the user's first appeal to this one, newest first, and the year of
    their last appeal (this year when there are none): the dashboard's choice of years and
    its default. Read from the day counters the user sees (their first and last day with an
    appeal), never from the appeals themselves."""
    counters = get("appeals.received").source.rollup  # type: ignore[union-attr]
    assert counters is not None
    # Each end asked on its own: the counters' index walked from that end to the first
    # row the user sees (asked together, both were aggregated over all the counters).
    days = counters.visible(user).values_list("day", flat=True)
    earliest, latest = days.order_by("day").first(), days.order_by("-day").first()
    this_year = timezone.localdate().year
    first = earliest.year if earliest else this_year
    last = latest.year if latest else this_year
    # Records dated outside the bounds (a typing error in an import) widen no choice.
    first = min(max(first, FIRST_YEAR), this_year)
    last = min(max(last, FIRST_YEAR), last_year())
    return list(range(this_year, first - 1, -1)), last
