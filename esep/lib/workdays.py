"""Working days of the Republic of Kazakhstan, for the legal deadlines of appeals.

The official calendar — public holidays, the weekdays that replace holidays falling on a
weekend, and the Saturdays the government makes working days by decree — comes from the
`holidays` package; days decreed after its release are added by the caller (`extra_days_off`,
`extra_working_days`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

WORKDAY_START = dt.time(9, 0)
WORKDAY_END = dt.time(18, 30)


@lru_cache(maxsize=64)
def _official(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KZ", years=year)


class Calendar:
    def __init__(
        self,
        extra_days_off: Iterable[dt.date] = (),
        extra_working_days: Iterable[dt.date] = (),
    ) -> None:
        self.extra_days_off = frozenset(extra_days_off)
        self.extra_working_days = frozenset(extra_working_days)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off:
            return False
        return _official(day.year).is_working_day(day)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        day += dt.timedelta(days=1)
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The date `count` working days after `day` (day itself not counted)."""
        for _ in range(count):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`; negative when end < start."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def registration_day(self, received_at: dt.datetime, zone: str) -> dt.date:
        """The day an appeal received at `received_at` is registered, in the territory's
        zone: the same day within working hours of a working day, else the next working day."""
        local = received_at.astimezone(ZoneInfo(zone))
        day = local.date()
        if self.is_working_day(day) and local.time() < WORKDAY_END:
            return day
        return self.next_working_day(day)
