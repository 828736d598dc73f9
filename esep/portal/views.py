from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import check_for_language


def root(request: HttpRequest) -> HttpResponse:
    """The bare address opens the site in the language the visitor chose before, or in
    Kazakh: the browser's own preference does not override the default."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    language = chosen if chosen and check_for_language(chosen) else settings.LANGUAGE_CODE
    return HttpResponseRedirect(f"/{language}/")


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
    import datetime as dt

    from django.db.models import Max

    from esep.appeals.models import Appeal
    from esep.figures.compute import Scope
    from esep.figures.periods import Period
    from esep.figures.table import rows
    from esep.org.models import Branch

    root = Branch.objects.filter(depth=1).first()
    last = Appeal.objects.aggregate(last=Max("registered_on"))["last"]
    figures, period = [], None
    if root is not None and last is not None:
        period = Period(dt.date(last.year, 1, 1), dt.date(last.year, 12, 31))
        figures = rows(PUBLIC_FIGURES, Scope(root), period)
    return render(request, "portal/home.html", {"figures": figures, "period": period})
