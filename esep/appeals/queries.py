"""Reading appeals: what a row of the inbox shows, and the calendar it counts in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from esep.appeals.actions import official_calendar
from esep.appeals.lifecycle import OPEN_STATUSES
from esep.appeals.models import Appeal
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
