"""Use cases of meetings: recording one, its minutes and its agenda. Each is atomic and
written to the audit log; an item on an acute issue goes on the issue's timeline too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction

from esep.appeals.models import Appeal
from esep.audit.log import record_event
from esep.control.issues.actions import issue_event
from esep.control.issues.models import Issue
from esep.control.meetings.models import AgendaItem, Meeting
from esep.lib.checks import required
from esep.org.models import Branch, Person

if TYPE_CHECKING:
    from esep.access.models import User


@transaction.atomic
def hold_meeting(
    *,
    actor: User,
    branch: Branch,
    kind: str,
    held_on: dt.date,
    participants: Iterable[Person] = (),
    minutes: str = "",
) -> Meeting:
    meeting = Meeting.objects.create(
        branch=branch, kind=kind, held_on=held_on, minutes=minutes, created_by=actor
    )
    meeting.participants.set(list(participants))
    record_event(actor=actor, action="meeting.recorded", obj=meeting)
    return meeting


@transaction.atomic
def record_minutes(*, actor: User, meeting: Meeting, minutes: str) -> Meeting:
    meeting.minutes = minutes.strip()
    meeting.save(update_fields=["minutes"])
    record_event(actor=actor, action="meeting.minutes", obj=meeting)
    return meeting


@transaction.atomic
def add_agenda_item(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    issue: Issue | None = None,
    appeal: Appeal | None = None,
) -> AgendaItem:
    required(title=title)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    number = (meeting.items.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting, number=number, title=title.strip(), issue=issue, appeal=appeal
    )
    if issue is not None:
        issue_event(actor, issue, "meeting", meeting=meeting.pk)
    return item
