"""Reading party control: the lists' filters and columns (one definition for the page and
its export)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from esep.control.instructions.models import InstructionQuerySet
from esep.control.issues.models import IssueQuerySet
from esep.control.models import ControlPost, Meeting
from esep.lib.tables import Column


def _in_subtrees(items: QuerySet, filters: dict[str, Any]) -> QuerySet:
    if branch := filters.get("branch"):
        items = items.filter(branch__path__startswith=branch.path)
    if territory := filters.get("territory"):
        items = items.filter(territory__path__startswith=territory.path)
    return items


def filter_posts(posts: QuerySet[ControlPost], filters: dict[str, Any]) -> QuerySet[ControlPost]:
    for field in ("status", "object_kind"):
        if value := filters.get(field):
            posts = posts.filter(**{field: value})
    return (
        _in_subtrees(posts, filters)
        .annotate(visit_count=Count("visits"), last_visit=Max("visits__visited_on"))
        .order_by("status", "-opened_on", "pk")
    )


POST_COLUMNS = [
    Column(_("Object"), lambda p: p.object_name),
    Column(_("Kind"), lambda p: p.get_object_kind_display()),
    Column(_("Address"), lambda p: p.address),
    Column(_("Territory"), lambda p: p.territory.name),
    Column(_("Branch"), lambda p: p.branch.name),
    Column(_("Heading deputy"), lambda p: p.head.full_name),
    Column(_("Opened on"), lambda p: p.opened_on),
    Column(_("Status"), lambda p: p.get_status_display()),
    Column(_("Visits"), lambda p: p.visit_count),
    Column(_("Last visit"), lambda p: p.last_visit),
]


def filter_issues(
    issues: IssueQuerySet, filters: dict[str, Any], *, today: dt.date
) -> IssueQuerySet:
    if query := (filters.get("q") or "").strip():
        issues = issues.filter(Q(title__icontains=query) | Q(description__icontains=query))
    for field in ("status", "source"):
        if value := filters.get(field):
            issues = issues.filter(**{field: value})
    if category := filters.get("category"):
        issues = issues.filter(category__path__startswith=category.path)
    control = filters.get("control")
    if control == "under":
        issues = issues.under_control()
    elif control == "overdue":
        issues = issues.overdue(today)
    late_measures = Count(
        "measures", filter=Q(measures__done_on__isnull=True, measures__deadline__lt=today)
    )
    return (
        _in_subtrees(issues, filters)
        .annotate(appeal_count=Count("appeals", distinct=True), late_measures=late_measures)
        .order_by("-created_at", "-pk")
    )


ISSUE_COLUMNS = [
    Column(_("Title"), lambda i: i.title),
    Column(_("Category"), lambda i: i.category.name),
    Column(_("Territory"), lambda i: i.territory.name),
    Column(_("Branch"), lambda i: i.branch.name),
    Column(_("Source"), lambda i: i.get_source_display()),
    Column(_("Status"), lambda i: i.get_status_display()),
    Column(_("Responsible state body"), lambda i: i.state_body and i.state_body.name),
    Column(_("Control deadline"), lambda i: i.control_deadline),
    Column(_("Overdue measures"), lambda i: i.late_measures),
    Column(_("Appeals"), lambda i: i.appeal_count),
    Column(_("Registered"), lambda i: i.created_at),
]


def filter_meetings(meetings: QuerySet[Meeting], filters: dict[str, Any]) -> QuerySet[Meeting]:
    if kind := filters.get("kind"):
        meetings = meetings.filter(kind=kind)
    if start := filters.get("date_from"):
        meetings = meetings.filter(held_on__gte=start)
    if end := filters.get("date_to"):
        meetings = meetings.filter(held_on__lte=end)
    return (
        _in_subtrees(meetings, filters)
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


def filter_instructions(
    instructions: InstructionQuerySet, filters: dict[str, Any], *, today: dt.date, user
) -> InstructionQuerySet:
    status = filters.get("status")
    if status == "overdue":
        instructions = instructions.overdue(today)
    elif status:
        instructions = instructions.filter(status=status)
    if filters.get("mine"):
        from esep.org.models import subtree_q
        from esep.org.roles import Capability

        mine = subtree_q(user.scope_paths(Capability.MANAGE_WORK), "executor_branch__path")
        if user.person_id:
            mine |= Q(executor_person_id=user.person_id)
        instructions = instructions.filter(mine)
    if branch := filters.get("branch"):
        instructions = instructions.filter(
            Q(branch__path__startswith=branch.path)
            | Q(executor_branch__path__startswith=branch.path)
        )
    return instructions.order_by("deadline", "pk")


INSTRUCTION_COLUMNS = [
    Column(_("Instruction"), lambda i: i.text),
    Column(_("Issuing branch"), lambda i: i.branch.name),
    Column(_("Meeting"), lambda i: i.meeting),
    Column(_("Given by"), lambda i: i.given_by and i.given_by.full_name),
    Column(_("Executor"), lambda i: i.executor),
    Column(_("Issued on"), lambda i: i.issued_on),
    Column(_("Deadline"), lambda i: i.deadline),
    Column(_("Status"), lambda i: i.get_status_display()),
    Column(_("Overdue"), lambda i: _("yes") if i.is_overdue() else ""),
    Column(_("Accepted on"), lambda i: i.accepted_on),
]
