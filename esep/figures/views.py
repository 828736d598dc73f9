"""Pages of figures: the dashboard of a branch or territory, the records behind a value,
charts, exports, and published reports with their press releases."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from esep.appeals.models import Category
from esep.figures import aid as aid_figures
from esep.figures import assemblies, charts, pdf, public, reports
from esep.figures import awards as awards_figures
from esep.figures import compute as c
from esep.figures import elections as elections_figures
from esep.figures import ethics as ethics_figures
from esep.figures import outreach as outreach_figures
from esep.figures.forms import DashboardForm, PublishForm
from esep.figures.models import PublishedReport
from esep.figures.pages import (
    BREAKDOWN_FIGURES,
    DEPUTIES_BY_BODY,
    SUB_BRANCH_FIGURES,
    TREND,
    dashboard_form,
    get_report_for_publisher,
    period_query,
)
from esep.figures.periods import Period, check_day
from esep.figures.registry import (
    BREAKDOWNS,
    DEMOCRACY,
    DEPUTIES,
    ELECTIONS,
    HEADLINE,
    PARTY_LIFE,
    PROGRAMME,
    TABLES,
    get,
    registry,
)
from esep.figures.table import by_group, cells, header, rows
from esep.lib.forms import apply_errors
from esep.lib.http import AuthedRequest
from esep.lib.listing import paged
from esep.lib.permissions import require
from esep.lib.tables import download
from esep.org.roles import Capability


def _parsed(request: AuthedRequest) -> tuple[DashboardForm, c.Scope | None, Period | None, str]:
    form = dashboard_form(request.user, request.GET)
    if not form.is_valid():
        return form, None, None, "channel"
    try:
        scope = c.parse_scope(form.cleaned_data["scope"])
    except ValidationError as error:
        apply_errors(form, error)
        return form, None, None, "channel"
    return form, scope, form.cleaned_data["period"], form.cleaned_data["breakdown"]


def _errors(form: DashboardForm) -> list[str]:
    return [str(m) for messages in form.errors.values() for m in messages]


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    require(request.user, Capability.VIEW_FIGURES)
    form, scope, period, breakdown = _parsed(request)
    context: dict[str, Any] = {"form": form, "breakdowns": BREAKDOWNS}
    if scope is not None and period is not None:
        user = request.user
        query = period_query(scope, period)
        headline = rows(HEADLINE, scope, period, user=user, with_previous=True)
        programme = rows(PROGRAMME, scope, period, user=user, with_previous=True)
        deputies = rows(DEPUTIES, scope, period, user=user, with_previous=True)
        democracy = rows(DEMOCRACY, scope, period, user=user, with_previous=True)
        life = rows(PARTY_LIFE, scope, period, user=user, with_previous=True)
        elections = rows(ELECTIONS, scope, period, user=user, with_previous=True)
        by_body = rows(DEPUTIES_BY_BODY, scope, period, user=user, breakdown="body")
        trend = c.compute(TREND, scope, period, user=user, breakdown="month")
        months = sorted(trend.get(TREND[0], {}))
        month_labels = c.group_labels("month", months, scope, get(TREND[0]).source)  # type: ignore[arg-type]
        grouped = rows(BREAKDOWN_FIGURES, scope, period, user=user, breakdown=breakdown)
        sub_breakdown = "branch" if scope.is_branch else "territory"
        sub = rows(SUB_BRANCH_FIGURES, scope, period, user=user, breakdown=sub_breakdown)
        can_publish = reports.may_publish(user, scope)
        context.update(
            scope=scope,
            period=period,
            previous=period.previous(),
            query=query,
            previous_query=period_query(scope, period.previous()),
            headline=[(row, row.change) for row in headline],
            programme=[(row, row.change) for row in programme],
            deputies=[(row, row.change) for row in deputies],
            democracy=[(row, row.change) for row in democracy],
            life=[(row, row.change) for row in life],
            elections=[(row, row.change) for row in elections],
            by_body=by_group(by_body),
            by_body_codes=DEPUTIES_BY_BODY,
            by_body_labels=[str(get(code).label) for code in DEPUTIES_BY_BODY],
            trend=[
                (months[i], month_labels[m], *[trend.get(code, {}).get(m, 0) for code in TREND])
                for i, m in enumerate(months)
            ],
            trend_labels=[str(get(code).label) for code in TREND],
            breakdown=breakdown,
            breakdown_label=BREAKDOWNS[breakdown],
            grouped=by_group(grouped),
            grouped_codes=BREAKDOWN_FIGURES,
            grouped_labels=[str(get(code).label) for code in BREAKDOWN_FIGURES],
            units={code: get(code).unit for code in registry()},
            sub=by_group(sub),
            sub_codes=SUB_BRANCH_FIGURES,
            sub_labels=[str(get(code).label) for code in SUB_BRANCH_FIGURES],
            sub_breakdown=sub_breakdown,
            can_publish=can_publish,
            all_figures=[(code, f.label) for code, f in registry().items()],
            headline_codes=HEADLINE + PROGRAMME,
        )
    template = "figures/_dashboard.html" if request.htmx else "figures/dashboard.html"
    return render(request, template, context, status=200 if form.is_valid() else 400)


@login_required
def chart(request: AuthedRequest, kind: str) -> HttpResponse:
    require(request.user, Capability.VIEW_FIGURES)
    form, scope, period, breakdown = _parsed(request)
    if scope is None or period is None:
        return HttpResponseBadRequest(" ".join(_errors(form)), content_type="text/plain")
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
    require(request.user, Capability.VIEW_FIGURES)
    form, scope, period, breakdown = _parsed(request)
    if scope is None or period is None:  # the dashboard, with what is wrong
        return render(request, "figures/dashboard.html", {"form": form}, status=400)
    table = request.GET.get("table", "headline")
    if table in TABLES:
        codes = TABLES[table]
        found = rows(codes, scope, period, user=request.user, with_previous=True)
        head, body = header(None, True), [cells(r, None, True) for r in found]
    else:
        codes = SUB_BRANCH_FIGURES if table in ("branch", "territory") else BREAKDOWN_FIGURES
        key = table if table in ("branch", "territory") else breakdown
        if table == "body":  # the deputies' figures by representative body
            codes, key = DEPUTIES_BY_BODY, "body"
        found = rows(codes, scope, period, user=request.user, breakdown=key)
        head, body = header(key, False), [cells(r, key, False) for r in found]
    title = f"{scope.name} {period}"
    return download(
        fmt, f"figures-{scope.code}-{period.start:%Y%m%d}-{period.end:%Y%m%d}", title, head, body
    )


@login_required
def drill(request: AuthedRequest, code: str) -> HttpResponse:
    """The records a value counts, through the user's own access: their number is the value."""
    require(request.user, Capability.VIEW_FIGURES)
    if code not in registry():
        raise Http404
    figure = get(code)
    form, scope, period, _breakdown = _parsed(request)
    if scope is None or period is None:
        return render(request, "figures/drill.html", {"form": form, "figure": figure}, status=400)
    # Only the records of some topics (category codes, each with those below it): the
    # appeals of a promise's topics that the public tracker counts beside it.
    topics = tuple(Category.objects.filter(code__in=request.GET.getlist("topic")).order_by("path"))
    if topics:
        counted_source = get(figure.denominator or code).source
        if counted_source is None or counted_source.category is None:
            raise Http404
        scope = c.Scope(scope.node, topics)
    group: tuple[str, str] | None = None
    raw = request.GET.get("group", "")
    if raw:
        key, _sep, group_value = raw.partition(":")
        if key not in BREAKDOWNS or not _group_key(key, group_value):
            raise Http404
        group = (key, group_value)
    context: dict[str, Any] = {
        "figure": figure,
        "scope": scope,
        "period": period,
        "group": group,
        "topics": topics,
    }
    if group is not None:  # as the dashboard names it: "by channel: mobile reception"
        counted = get(figure.denominator) if figure.denominator else figure
        assert counted.source is not None
        if c.grouping(counted.source, group[0], scope, counted.date_field) is None:
            raise Http404  # a breakdown that does not apply to these records
        named = c.group_labels(group[0], [group[1]], scope, counted.source)
        context["group_label"] = f"{BREAKDOWNS[group[0]]}: {named[group[1]]}"
    if figure.is_share:
        query = period_query(scope, period, **({"group": raw} if group else {}))
        if topics:
            query += "&" + urlencode([("topic", topic.code) for topic in topics])
        context["parts"] = [
            (get(part), f"{reverse('figures:drill', args=[part])}?{query}")
            for part in (figure.numerator, figure.denominator)
            if part is not None
        ]
        context["value"] = c.value_of(code, scope, period, user=request.user, group=group)
        return render(request, "figures/drill.html", context)
    found = c.records(code, scope, period, user=request.user, group=group)
    assert figure.source is not None
    source = _SHOWN_AS.get(figure.source.name, figure.source.name)
    found = found.select_related(*_RELATED.get(source, ())).prefetch_related(
        *_PREFETCHED.get(source, ())
    )
    page = paged(found.order_by("-pk"), request)
    context.update(
        page=page,
        source=source,
        value=c.value_of(code, scope, period, user=request.user, group=group),
        total=figure.total,
        total_label=str(_TOTALLED.get(figure.total[1], "")).lower(),
    )
    return render(request, "figures/drill.html", context)


def _group_key(breakdown: str, key: str) -> bool:
    """Whether `key` can be a group of the breakdown (a month is YYYY-MM of the bounds)."""
    if "\x00" in key:
        return False
    if breakdown == "month":
        try:
            check_day(dt.date.fromisoformat(f"{key}-01"))
        except (ValueError, ValidationError):
            return False
    if breakdown == "body":  # a representative body's id
        return key.isdigit() and len(key) < 19
    return True


# What a page of the drill-down reads for all its rows at once, beside its joins.
_PREFETCHED = {**outreach_figures.PREFETCHED}
# What the records' values a sum or an average is of are called.
_TOTALLED = {
    "people_received": gettext_lazy("People received"),
    "answer_working_days": gettext_lazy("Working days to answer"),
    "age": gettext_lazy("Age"),
    **outreach_figures.TOTALLED,
    **aid_figures.TOTALLED,
}
# Sources whose records are shown as another's: appeals at mobile receptions, and the open
# ones, are appeals.
_SHOWN_AS = {"mobile_reception_appeals": "appeals", "open_appeals": "appeals"}
_RELATED = {
    "appeals": ("category", "branch"),
    "receptions": ("branch", "territory"),
    "control_posts": ("branch", "territory"),
    "visits": ("post",),
    "issues": ("branch", "category"),
    "instructions": ("branch",),
    "promises": ("section__programme__branch", "territory"),
    "measures": ("road_map", "territory"),
    "indicators": ("measure",),
    "proposals": ("branch",),
    "monitors": ("person", "road_map"),
    "mandates": ("person", "convocation__body", "party"),
    "snapshots": ("mandate__person", "mandate__convocation__body", "mandate__party"),
    "inquiries": ("mandate__person", "mandate__convocation__body", "state_body"),
    "attendance": ("mandate__person", "mandate__convocation__body", "sitting__convocation__body"),
    **assemblies.RELATED,
    **outreach_figures.RELATED,
    **ethics_figures.RELATED,
    **awards_figures.RELATED,
    **aid_figures.RELATED,
    **elections_figures.RELATED,
}


# ---------------------------------------------------------------- published reports


@require_POST
@login_required
def freeze(request: AuthedRequest) -> HttpResponse:
    require(request.user, Capability.VIEW_FIGURES)
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
    try:
        report = reports.freeze(
            actor=request.user, scope=scope, period=period, codes=chosen or HEADLINE + PROGRAMME
        )
    except ValidationError as error:  # a period the dashboard never offers
        raise Http404 from error
    messages.success(request, _("The figures are frozen. Edit the press release and publish."))
    return redirect("figures:report-edit", pk=report.pk)


@login_required
def report_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    report = get_report_for_publisher(request.user, pk)
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
        {"report": report, "form": form, "press_en": reports.press_release(report, "en")},
        status=400 if form.errors else 200,
    )


def report_list(request: HttpRequest) -> HttpResponse:
    found = PublishedReport.objects.public().select_related("branch")
    page = paged(found, request, per_page=30)
    return render(request, "figures/report_list.html", {"page": page})


def _language(request: HttpRequest) -> str:
    return (request.LANGUAGE_CODE or "kk")[:2]


def _published(pk: int) -> PublishedReport:
    return get_object_or_404(PublishedReport.objects.public().select_related("branch"), pk=pk)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published report for anyone: what was published, and beside it what the figures
    are now where they have changed since; its charts, its press release in the page's
    language, and its files."""
    report = _published(pk)
    now = reports.since_publication(report)
    language = _language(request)
    lines = [
        {**f, "now": now.get(f["code"]), "changed": now.get(f["code"]) != f["value"]}
        for f in report.figures_in(language)
    ]
    return render(
        request,
        "figures/report_detail.html",
        {
            "report": report,
            "lines": lines,
            "press": reports.press_release(report, language),
            "charts": reports.chart_kinds(report),
            "intact": report.intact,
        },
    )


def _report_stem(report: PublishedReport, language: str) -> str:
    period = f"{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}"
    return f"report-{report.pk}-{report.scope}-{period}-{language}"


def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report, language = _published(pk), _language(request)
    response = HttpResponse(pdf.report_pdf(report, language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_report_stem(report, language)}.pdf"'
    return response


def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    report, language = _published(pk), _language(request)
    header, body = reports.figure_table(report, language)
    return download("xlsx", _report_stem(report, language), report.title, header, body)


def report_chart(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    report = _published(pk)
    if kind not in reports.chart_kinds(report):
        raise Http404
    response = HttpResponse(
        reports.chart(report, kind, _language(request)), content_type="image/svg+xml"
    )
    response["Cache-Control"] = "public, max-age=3600"  # a published report never changes
    return response


# ---------------------------------------------------------------- figures for everyone


def public_figures(request: HttpRequest) -> HttpResponse:
    """The party's figures for anyone, no login: a year, a territory (drilling from the
    country down), each figure's chart; aggregates only, small counts below district level
    withheld (`figures.public`)."""
    form = public.public_form(request.GET)
    context: dict[str, Any] = {"form": form, "codes": public.PUBLIC_FIGURES}
    if form.is_valid():
        year, code = form.cleaned_data["year"], form.cleaned_data["figure"]
        territory = form.cleaned_data["territory"]
        period = public.year_period(year)
        query = {"year": year, "figure": code, "territory": territory.kato}
        context.update(
            year=year,
            year_label=public.year_label(year),
            complete=public.is_complete(year),
            period=period,
            territory=territory,
            trail=public.trail(territory),
            figure=get(code),
            labels=[get(c) for c in public.PUBLIC_FIGURES],
            headline=public.headline(public.PUBLIC_FIGURES, territory, period),
            rows=public.by_territory(public.PUBLIC_FIGURES, territory, period),
            months=public.by_month(code, territory, period),
            query=urlencode(query),
            base_query=urlencode({"year": year, "figure": code}),
            year_query=urlencode({"year": year, "territory": territory.kato}),
        )
    return render(request, "figures/public.html", context, status=200 if form.is_valid() else 400)


def public_chart(request: HttpRequest, kind: str) -> HttpResponse:
    form = public.public_form(request.GET)
    if not form.is_valid():
        raise Http404
    year, code = form.cleaned_data["year"], form.cleaned_data["figure"]
    territory, period = form.cleaned_data["territory"], public.year_period(year)
    figure = get(code)
    names = {"figure": figure.label, "place": territory.name, "year": public.year_label(year)}
    if kind == "territories":
        found = public.by_territory([code], territory, period)
        svg = charts.bars(
            _("%(figure)s in %(place)s by territory, %(year)s") % names,
            [row.label for row in found],
            [(str(figure.label), [row.cells[code].public_value for row in found])],
        )
    else:
        months = public.by_month(code, territory, period)
        svg = charts.line(
            _("%(figure)s in %(place)s by month, %(year)s") % names,
            [label for label, _cell in months],
            [(str(figure.label), [cell.public_value for _label, cell in months])],
        )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=300"
    return response
