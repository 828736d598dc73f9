"""The list of meetings: its filters and columns (one definition for the page and its
export)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from esep.control.common import in_subtrees
from esep.control.meetings.models import Meeting
from esep.lib.tables import Column


def filter_meetings(meetings: QuerySet[Meeting], filters: dict[str, Any]) -> QuerySet[Meeting]:
    if kind := filters.get("kind"):
        meetings = meetings.filter(kind=kind)
    if start := filters.get("date_from"):
        meetings = meetings.filter(held_on__gte=start)
    if end := filters.get("date_to"):
        meetings = meetings.filter(held_on__lte=end)
    return (
        in_subtrees(meetings, filters)
        .annotate(
            item_count=Count("items", distinct=True),
            instruction_count=Count("instructions", distinct=True),
        )
        .order_by("-held_on", "-pk")
    )


MEETING_COLUMNS = [
    Column(_("Date"), lambda m: m.held_on),
    Column(_("Kind"), lambda m: m.get_kind_display()),
    Column(_("Branch"), lambda m: m.branch.name),
    Column(_("Agenda items"), lambda m: m.item_count),
    Column(_("Instructions"), lambda m: m.instruction_count),
]
