"""Pages of figures: the dashboard of a branch or territory, the records behind a value,
charts, exports, and published reports with their press releases."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from esep.access.models import User
from esep.appeals.models import Appeal
from esep.figures import charts, reports
from esep.figures import compute as c
from esep.figures.forms import DashboardForm, PublishForm
from esep.figures.models import PublishedReport
from esep.figures.periods import Period
from esep.figures.registry import BREAKDOWNS, HEADLINE, get, registry
from esep.figures.table import Row, cells, header, rows
from esep.lib.forms import apply_errors
from esep.lib.http import AuthedRequest
from esep.lib.permissions import require
from esep.lib.tables import download
from esep.org.models import Branch, Territory
from esep.org.roles import Capability

TREND = ["appeals.received", "appeals.resolved_positively"]
BREAKDOWN_FIGURES = [
    "appeals.received",
    "appeals.resolved_positively",
    "appeals.resolved_positively_share",
    "appeals.answered_on_time_share",
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


def require_figures(user: User) -> None:
    require(user, Capability.VIEW_FIGURES)


def _years(user: User) -> tuple[list[int], int]:
    """The years the user's appeals span, newest first, and the last of them (this year when
    there are none): the dashboard's choice of years and its default."""
    span = Appeal.objects.visible_to(user).aggregate(
        first=Min("registered_on"), last=Max("registered_on")
    )
    this_year = timezone.localdate().year
    first = span["first"].year if span["first"] else this_year
    last = span["last"].year if span["last"] else this_year
    return list(range(this_year, first - 1, -1)), last


def _form(request: AuthedRequest) -> DashboardForm:
    return dashboard_form(request.user, request.GET)


def dashboard_form(user: User, query: Any) -> DashboardForm:
    """Scope, period and breakdown asked for, with the defaults the dashboard opens with:
    the user's widest branch and the last year with appeals."""
    branches = Branch.objects.visible_to(user).order_by("path")
    territories = Territory.objects.filter(level__in=["country", "oblast", "city"]).order_by("path")
    years, last = _years(user)
    data = query.copy()
    if not data.get("scope"):
        top = branches.first()
        data["scope"] = top.code if top else ""
    if not (data.get("year") or (data.get("start") and data.get("end"))):
        data["year"] = str(last)
    return DashboardForm(data, branches=branches, territories=territories, years=years)


def _parsed(request: AuthedRequest) -> tuple[DashboardForm, c.Scope | None, Period | None, str]:
    form = _form(request)
    if not form.is_valid():
        return form, None, None, "channel"
    try:
        scope = c.parse_scope(form.cleaned_data["scope"])
    except ValidationError as error:
        apply_errors(form, error)
        return form, None, None, "channel"
    return form, scope, form.cleaned_data["period"], form.cleaned_data["breakdown"]


def period_query(scope: c.Scope, period: Period, **extra: str) -> str:
    return urlencode(
        {
            "scope": scope.code,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            **extra,
        }
    )


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    require_figures(request.user)
    form, scope, period, breakdown = _parsed(request)
    context: dict[str, Any] = {"form": form, "breakdowns": BREAKDOWNS}
    if scope is not None and period is not None:
        user = request.user
        query = period_query(scope, period)
        headline = rows(HEADLINE, scope, period, user=user, with_previous=True)
        trend = c.compute(TREND, scope, period, user=user, breakdown="month")
        months = sorted(trend.get(TREND[0], {}))
        month_labels = c.group_labels("month", months, scope, get(TREND[0]).source)  # type: ignore[arg-type]
        by_group = rows(BREAKDOWN_FIGURES, scope, period, user=user, breakdown=breakdown)
        sub = (
            _pivot(rows(SUB_BRANCH_FIGURES, scope, period, user=user, breakdown="branch"))
            if scope.is_branch
            else _pivot(rows(SUB_BRANCH_FIGURES, scope, period, user=user, breakdown="territory"))
        )
        can_publish = reports.may_publish(user, scope)
        context.update(
            scope=scope,
            period=period,
            previous=period.previous(),
            query=query,
            previous_query=period_query(scope, period.previous()),
            headline=[(row, _change(row)) for row in headline],
            trend=[
                (months[i], month_labels[m], *[trend.get(code, {}).get(m, 0) for code in TREND])
                for i, m in enumerate(months)
            ],
            trend_labels=[str(get(code).label) for code in TREND],
            breakdown=breakdown,
            breakdown_label=BREAKDOWNS[breakdown],
            grouped=_pivot(by_group),
            grouped_codes=BREAKDOWN_FIGURES,
            grouped_labels=[str(get(code).label) for code in BREAKDOWN_FIGURES],
            units={code: get(code).unit for code in registry()},
            sub=sub,
            sub_codes=SUB_BRANCH_FIGURES,
            sub_labels=[str(get(code).label) for code in SUB_BRANCH_FIGURES],
            sub_breakdown="branch" if scope.is_branch else "territory",
            can_publish=can_publish,
            all_figures=[(code, f.label) for code, f in registry().items()],
            headline_codes=HEADLINE,
        )
    template = "figures/_dashboard.html" if request.htmx else "figures/dashboard.html"
    return render(request, template, context, status=200 if form.is_valid() else 400)


def _change(row: Row) -> float | None:
    """Value minus the previous period's (points, for a share)."""
    if row.value is None or row.previous is None:
        return None
    change = row.value - row.previous
    return round(change, 1) if isinstance(change, float) else change


def _pivot(found: list[Row]) -> list[tuple[str, str, dict[str, Any]]]:
    """Rows by group: [(key, label, {code: value})], in the order the groups came."""
    groups: dict[str, tuple[str, dict[str, Any]]] = {}
    for row in found:
        groups.setdefault(row.group, (row.group_label, {}))[1][row.code] = row.value
    return [(key, label, values) for key, (label, values) in groups.items()]


@login_required
def chart(request: AuthedRequest, kind: str) -> HttpResponse:
    require_figures(request.user)
    _unused, scope, period, breakdown = _parsed(request)
    if scope is None or period is None:
        raise Http404
    user = request.user
    if kind == "trend":
        values = c.compute(TREND, scope, period, user=user, breakdown="month")
        keys = sorted(values.get(TREND[0], {}))
        labels = c.group_labels("month", keys, scope, get(TREND[0]).source)  # type: ignore[arg-type]
        series = [(str(get(code).label), [values[code].get(k, 0) for k in keys]) for code in TREND]
        svg = charts.line(_("Appeals by month"), [labels[k] for k in keys], series)
    else:
        codes = BREAKDOWN_FIGURES[:2]
        values = c.compute(codes, scope, period, user=user, breakdown=breakdown)
        keys = list(values.get(codes[0], {}))
        labels = c.group_labels(breakdown, keys, scope, get(codes[0]).source)  # type: ignore[arg-type]
        series = [(str(get(code).label), [values[code].get(k, 0) for k in keys]) for code in codes]
        svg = charts.bars(
            _("Appeals %(breakdown)s") % {"breakdown": BREAKDOWNS[breakdown]},
            [labels[k] for k in keys],
            series,
        )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def export(request: AuthedRequest, fmt: str) -> HttpResponse:
    """The headline table with the previous period, or one breakdown, as a file."""
    require_figures(request.user)
    _unused, scope, period, breakdown = _parsed(request)
    if scope is None or period is None:
        raise Http404
    table = request.GET.get("table", "headline")
    if table == "headline":
        found = rows(HEADLINE, scope, period, user=request.user, with_previous=True)
        head, body = header(None, True), [cells(r, None, True) for r in found]
    else:
        codes = SUB_BRANCH_FIGURES if table in ("branch", "territory") else BREAKDOWN_FIGURES
        key = table if table in ("branch", "territory") else breakdown
        found = rows(codes, scope, period, user=request.user, breakdown=key)
        head, body = header(key, False), [cells(r, key, False) for r in found]
    title = f"{scope.name} {period}"
    return download(
        fmt, f"figures-{scope.code}-{period.start:%Y%m%d}-{period.end:%Y%m%d}", title, head, body
    )


DRILL_PER_PAGE = 50


@login_required
def drill(request: AuthedRequest, code: str) -> HttpResponse:
    """The records a value counts, through the user's own access: their number is the value."""
    require_figures(request.user)
    if code not in registry():
        raise Http404
    figure = get(code)
    form, scope, period, _breakdown = _parsed(request)
    if scope is None or period is None:
        return render(request, "figures/drill.html", {"form": form, "figure": figure}, status=400)
    group: tuple[str, str] | None = None
    raw = request.GET.get("group", "")
    if raw:
        key, _sep, group_value = raw.partition(":")
        if key not in BREAKDOWNS:
            raise Http404
        group = (key, group_value)
    context: dict[str, Any] = {"figure": figure, "scope": scope, "period": period, "group": group}
    if figure.is_share:
        query = period_query(scope, period, **({"group": raw} if group else {}))
        context["parts"] = [
            (get(part), f"{reverse('figures:drill', args=[part])}?{query}")
            for part in (figure.numerator, figure.denominator)
            if part is not None
        ]
        context["value"] = _value_of(code, scope, period, request.user, group)
        return render(request, "figures/drill.html", context)
    found = c.records(code, scope, period, user=request.user, group=group)
    assert figure.source is not None
    source = figure.source.name
    found = found.select_related(*_RELATED.get(source, ()))
    page = Paginator(found.order_by("-pk"), DRILL_PER_PAGE).get_page(request.GET.get("page"))
    context.update(
        page=page,
        source=source,
        value=_value_of(code, scope, period, request.user, group),
        total=figure.total,
    )
    return render(request, "figures/drill.html", context)


def _value_of(
    code: str, scope: c.Scope, period: Period, user: User, group: tuple[str, str] | None
) -> Any:
    """The value shown above a drill-down: the whole figure, or its group's."""
    if group is None:
        return c.compute([code], scope, period, user=user).get(code)
    values = c.compute([code], scope, period, user=user, breakdown=group[0])
    return values.get(code, {}).get(group[1])


_RELATED = {
    "appeals": ("category", "branch"),
    "receptions": ("branch", "territory"),
    "control_posts": ("branch", "territory"),
    "visits": ("post",),
    "issues": ("branch", "category"),
    "instructions": ("branch",),
}


# ---------------------------------------------------------------- published reports


@require_POST
@login_required
def freeze(request: AuthedRequest) -> HttpResponse:
    require_figures(request.user)
    data = request.POST
    try:
        scope = c.parse_scope(data.get("scope", ""))
        period = Period(*(dt.date.fromisoformat(data[k]) for k in ("start", "end")))
    except (ValidationError, KeyError, ValueError) as error:
        raise Http404 from error
    if not reports.may_publish(request.user, scope):
        raise PermissionDenied(_("Your role does not give access to this page."))
    chosen = [code for code in registry() if code in data.getlist("figure")]
    if data.getlist("figure") and not chosen:
        raise Http404
    report = reports.freeze(
        actor=request.user, scope=scope, period=period, codes=chosen or HEADLINE
    )
    messages.success(request, _("The figures are frozen. Edit the press release and publish."))
    return redirect("figures:report-edit", pk=report.pk)


def _editable(request: AuthedRequest, pk: int) -> PublishedReport:
    report = get_object_or_404(PublishedReport.objects.select_related("branch"), pk=pk)
    if not request.user.can(Capability.PUBLISH_FIGURES, report.branch.path):
        raise Http404
    return report


@login_required
def report_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    report = _editable(request, pk)
    if report.published_at is not None:
        return redirect(report)
    form = PublishForm(
        request.POST or None, initial={"press_kk": report.press_kk, "press_ru": report.press_ru}
    )
    if request.method == "POST" and form.is_valid():
        try:
            reports.publish(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The report and its press release are published."))
            return redirect(report)
    return render(
        request,
        "figures/report_edit.html",
        {"report": report, "form": form},
        status=400 if form.errors else 200,
    )


def report_list(request: HttpRequest) -> HttpResponse:
    found = PublishedReport.objects.public().select_related("branch")
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    return render(request, "figures/report_list.html", {"page": page})


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published report for anyone: what was published, and beside it what the figures
    are now where they have changed since."""
    report = get_object_or_404(PublishedReport.objects.public().select_related("branch"), pk=pk)
    now = reports.since_publication(report)
    language = (request.LANGUAGE_CODE or "kk")[:2]
    lines = [
        {
            "code": f["code"],
            "label": f["label"].get(language) or f["label"]["kk"],
            "definition": f["definition"].get(language) or f["definition"]["kk"],
            "unit": f["unit"],
            "value": f["value"],
            "now": now.get(f["code"]),
            "changed": now.get(f["code"]) != f["value"],
        }
        for f in report.figures
    ]
    press = report.press_ru if language == "ru" else report.press_kk
    return render(
        request,
        "figures/report_detail.html",
        {
            "report": report,
            "lines": lines,
            "press": press,
            "press_language": "ru" if language == "ru" else "kk",
            "intact": report.digest() == report.sha256,
        },
    )
