"""Reading query parameters: W3C datetimes, the 90-day window, pages, comma lists."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from esep.open311.formats import Open311Error

# GeoReport v2: a search "may not span more than 90 days"; without dates, the last 90.
MAX_WINDOW = dt.timedelta(days=90)
MAX_PAGE = 100_000  # beyond it an offset overflows SQLite's integers; nobody pages so far


def w3c_datetime(params: Mapping[str, str], name: str) -> dt.datetime | None:
    """A W3C datetime (2021-03-19T10:00:00+05:00 or …Z); a date alone means its midnight
    UTC, a time without an offset is taken as UTC."""
    text = (params.get(name) or "").strip()
    if not text:
        return None
    try:
        # A "+" left unencoded in a query string arrives as a space.
        value = parse_datetime(re.sub(r" (\d\d:?\d\d)$", r"+\1", text))
        if value is None and (day := parse_date(text)) is not None:
            value = dt.datetime.combine(day, dt.time())
    except ValueError:
        value = None
    if value is None:
        raise Open311Error(
            400,
            _("%(name)s must be a W3C datetime, like 2021-03-19T10:00:00+05:00.") % {"name": name},
        )
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)


def _shifted(moment: dt.datetime, by: dt.timedelta) -> dt.datetime:
    """`moment + by`, stopping at the first or last moment a date can have."""
    try:
        return moment + by
    except OverflowError:
        edge = dt.datetime.max if by > dt.timedelta(0) else dt.datetime.min
        return edge.replace(tzinfo=dt.UTC)


def window(params: Mapping[str, str], now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """start_date and end_date, at most 90 days apart. One of them alone reaches 90 days
    from it; neither means the last 90 days."""
    start, end = w3c_datetime(params, "start_date"), w3c_datetime(params, "end_date")
    if start is None:
        if end is None:
            return now - MAX_WINDOW, now
        start = _shifted(end, -MAX_WINDOW)
    elif end is None:
        end = _shifted(start, MAX_WINDOW)
    if end < start:
        raise Open311Error(400, _("end_date is before start_date."))
    if end - start > MAX_WINDOW:
        raise Open311Error(400, _("start_date and end_date may not be more than 90 days apart."))
    return start, end


def page(params: Mapping[str, str], *, default_size: int, max_size: int) -> tuple[int, int]:
    """(offset, limit) from page (1-based) and page_size."""
    try:
        number = int(params.get("page") or 1)
        size = int(params.get("page_size") or default_size)
    except ValueError:
        number = size = 0
    if not 1 <= number <= MAX_PAGE:
        raise Open311Error(
            400, _("page must be a whole number from 1 to %(max)s.") % {"max": MAX_PAGE}
        )
    if not 1 <= size <= max_size:
        raise Open311Error(
            400, _("page_size must be a whole number from 1 to %(max)s.") % {"max": max_size}
        )
    return (number - 1) * size, size


def comma_list(params: Mapping[str, str], name: str) -> list[str]:
    return [part.strip() for part in (params.get(name) or "").split(",") if part.strip()]
