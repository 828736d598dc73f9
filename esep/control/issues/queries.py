"""The register of acute social issues: its filters and columns (one definition for the page
and its export)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from esep.control.common import in_subtrees
from esep.control.issues.models import IssueQuerySet
from esep.lib.tables import Column


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
        in_subtrees(issues, filters)
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
