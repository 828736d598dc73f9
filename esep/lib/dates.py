"""Dates and times as people and other systems write them, read into moments of esep's.

`parse_moment` reads a date or a date-time written as ISO 8601 (`2019-09-01T10:00:00+05:00`,
`…Z`, with seconds and fractions, or without an offset), as a date alone (`2019-09-01`,
`01.09.2019`), as `dd.mm.yyyy HH:MM[:SS]`, or given as a spreadsheet's own date or date-time
cell (a `datetime` or `date`). A time with no offset is the local time of `zone` (an IANA
name) on that date, with the offset the zone had then; a date alone is taken at `at` that
day. `format_local` writes a moment as `dd.mm.yyyy HH:MM` in a zone's local time, which
`parse_moment` reads back to the same minute.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

# Day-first dates as Kazakhstan writes them: 19.03.2021, 19.03.2021 14:30[:05].
DAY_FIRST = re.compile(
    r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"
    r"(?:[ T]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?",
    re.ASCII,
)
# ISO 8601 written by hand or by another system: a date, then optionally a time.
ISO_DATE = re.compile(r"\d{4}-?\d{2}-?\d{2}", re.ASCII)
LOCAL_FORMAT = "%d.%m.%Y %H:%M"


class NotADate(ValueError):
    """The value is not a date or a date-time that esep reads."""


def zone_of(name: str) -> dt.tzinfo:
    """The IANA zone by name; UTC when the name is not one (never an exception)."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return dt.UTC


def read_moment(value: object) -> dt.datetime | dt.date:
    """The date (a `date`) or date-time (a `datetime`, naive when no offset was given) that
    `value` writes. Raises NotADate."""
    if isinstance(value, dt.datetime | dt.date):
        return value
    if not isinstance(value, str):
        raise NotADate(value)
    text = " ".join(value.split())
    if match := DAY_FIRST.fullmatch(text):
        parts = {k: int(v) for k, v in match.groupdict().items() if v is not None}
        try:
            if "hour" not in parts:
                return dt.date(parts["year"], parts["month"], parts["day"])
            return dt.datetime(
                parts["year"],
                parts["month"],
                parts["day"],
                parts["hour"],
                parts["minute"],
                parts.get("second", 0),
            )
        except ValueError as error:
            raise NotADate(value) from error
    if not text.isascii() or not ISO_DATE.match(text):
        raise NotADate(value)
    text = text.upper()
    try:
        if ISO_DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text)
    except (ValueError, OverflowError, IndexError, TypeError) as error:
        raise NotADate(value) from error


def in_zone(moment: dt.datetime | dt.date, zone: str, *, at: dt.time) -> dt.datetime:
    """The moment in UTC: an aware date-time as it is; a naive one as the local time of
    `zone` on its date; a date alone at the local time `at`. Raises NotADate when the
    moment lies outside the years a date-time can hold."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, at)
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=zone_of(zone))
    try:
        return moment.astimezone(dt.UTC)
    except (OverflowError, ValueError) as error:
        raise NotADate(moment) from error


def parse_moment(value: object, zone: str, *, at: dt.time = dt.time(10, 0)) -> dt.datetime:
    """`read_moment`, then `in_zone`: an aware moment in UTC, or NotADate."""
    return in_zone(read_moment(value), zone, at=at)


def utc_offset(moment: dt.datetime) -> str:
    """`+05:00`, `-03:30`: an aware moment's offset from UTC, as ISO 8601 writes it."""
    minutes = int((moment.utcoffset() or dt.timedelta(0)).total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def format_local(moment: dt.datetime | None, zone: str) -> str:
    """`dd.mm.yyyy HH:MM` in the local time of `zone`; nothing for no moment."""
    if moment is None:
        return ""
    return moment.astimezone(zone_of(zone)).strftime(LOCAL_FORMAT)


def month_start(day: dt.date) -> dt.date:
    """The first day of the day's month."""
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of the day's month."""
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)
