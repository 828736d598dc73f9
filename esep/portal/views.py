import datetime as dt

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from esep.appeals.models import Appeal
from esep.figures.compute import Scope
from esep.figures.periods import Period
from esep.figures.table import rows
from esep.org.models import Branch

PUBLIC_FIGURES = [
    "appeals.received",
    "appeals.resolved_positively_share",
    "appeals.answered_on_time_share",
    "receptions.held",
    "receptions.people_received",
    "issues.taken_under_control",
]


def home(request: HttpRequest) -> HttpResponse:
    """The home page, with the whole party's headline figures for the last year that has
    appeals: aggregates only, from the same registry as every other page."""
    root = Branch.objects.filter(depth=1).first()
    last = Appeal.objects.aggregate(last=Max("registered_on"))["last"]
    figures, period = [], None
    if root is not None and last is not None:
        period = Period(dt.date(last.year, 1, 1), dt.date(last.year, 12, 31))
        figures = rows(PUBLIC_FIGURES, Scope(root), period)
    return render(request, "portal/home.html", {"figures": figures, "period": period})
