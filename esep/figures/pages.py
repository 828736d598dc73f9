"""What the figures pages declare once, for the HTML pages and the REST API alike: who may
see figures, the dashboard's form as it opens for a user, what each part of the dashboard
shows, the link to a scope and period, and the reports a user may edit."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404

from esep.access.models import User
from esep.figures.compute import Scope
from esep.figures.forms import DashboardForm
from esep.figures.models import PublishedReport
from esep.figures.periods import Period, years_with_appeals
from esep.org.filters import tree_nodes
from esep.org.models import Branch, Territory
from esep.org.roles import Capability

TREND = ["appeals.received", "appeals.resolved_positively"]
BREAKDOWN_FIGURES = [
    "appeals.received",
    "appeals.resolved_positively",
    "appeals.resolved_positively_share",
    "appeals.answered_on_time_share",
]
# The deputies' figures the dashboard shows by representative body.
DEPUTIES_BY_BODY = [
    "deputies.count",
    "deputies.rated",
    "deputies.young",
    "deputies.women",
    "deputies.inquiries",
    "deputies.attendance_share",
]
SUB_BRANCH_FIGURES = [
    "appeals.received",
    "appeals.resolved_positively",
    "appeals.resolved_positively_share",
    "appeals.answered_on_time_share",
    "appeals.overdue_now",
    "receptions.held",
    "receptions.people_received",
]


def dashboard_form(user: User, query: Any) -> DashboardForm:
    """Scope, period and breakdown asked for, with the defaults the dashboard opens with:
    the user's widest branch and the last year with appeals."""
    visible = Branch.objects.visible_to(user).order_by("path")
    territories = Territory.objects.filter(level__in=["country", "oblast", "city"]).order_by("path")
    years, last = years_with_appeals(user)
    data = query.copy()
    if not data.get("scope"):
        top = visible.first()
        data["scope"] = top.code if top else ""
    if not (data.get("year") or (data.get("start") and data.get("end"))):
        data["year"] = str(last)
    # The branches offered as a tree's choices are (its top levels, and around the one
    # asked for): the scope asked for is always among them when the user may see it.
    branches = tree_nodes(visible, "code", data["scope"])
    return DashboardForm(data, branches=branches, territories=territories, years=years)


def period_query(scope: Scope, period: Period, **extra: str) -> str:
    """The query string the dashboard's form reads back as this scope and period."""
    return urlencode(
        {
            "scope": scope.code,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            **extra,
        }
    )


def get_report_for_publisher(user: User, pk: int) -> PublishedReport:
    """A report, draft or published, of a branch whose figures the user publishes (outside
    that, a 404)."""
    report = get_object_or_404(PublishedReport.objects.select_related("branch"), pk=pk)
    if not user.can(Capability.PUBLISH_FIGURES, report.branch.path):
        raise Http404
    return report
