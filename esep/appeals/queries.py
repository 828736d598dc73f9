"""Reading appeals: the inbox filters and what a row shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from esep.appeals.lifecycle import OPEN_STATUSES
from esep.appeals.models import Appeal, AppealQuerySet
from esep.lib.workdays import Calendar


def filter_inbox(
    appeals: AppealQuerySet, filters: dict[str, Any], *, today: dt.date, calendar: Calendar
) -> AppealQuerySet:
    if query := (filters.get("q") or "").strip():
        appeals = appeals.filter(
            Q(number__icontains=query) | Q(tracking_code=query.upper()) | Q(text__icontains=query)
        )
    for field in ("status", "kind", "channel"):
        if value := filters.get(field):
            appeals = appeals.filter(**{field: value})
    if category := filters.get("category"):
        appeals = appeals.filter(category__path__startswith=category.path)
    if territory := filters.get("territory"):
        appeals = appeals.filter(territory__path__startswith=territory.path)
    if branch := filters.get("branch"):
        appeals = appeals.filter(branch__path__startswith=branch.path)
    if deadline := filters.get("deadline"):
        if deadline == "overdue":
            appeals = appeals.overdue(today)
        else:
            appeals = appeals.due_within(today, calendar.add_working_days(today, int(deadline)))
    if filters.get("controlled"):
        appeals = appeals.under_control()
    if start := filters.get("registered_from"):
        appeals = appeals.filter(registered_on__gte=start)
    if end := filters.get("registered_to"):
        appeals = appeals.filter(registered_on__lte=end)
    return appeals.order_by(filters.get("sort") or "due_on", "pk")


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
