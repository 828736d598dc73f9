"""The public promise tracker: anyone, without logging in, reads how many promises of the
programme are kept, partially kept, broken or not yet rated; filters them by topic, region
and responsible state body; opens a promise with its road maps, measures, indicators
(chart and table), the evidence and the whole history of approved changes and
corrections, and beside it how many appeals on its topics citizens brought in its
territory; opens a road map with its measures; and downloads the open data.

Only what was approved is shown as a status or verdict (a change awaiting its second
person is counted, never shown); progress is computed (`programme.progress`), never typed.
Nothing here names a person: no monitor, proposer, approver or responsible person, no
uploaded file's name; texts typed by staff (reasons, quotes, sources) go through
`lib.redact.mask_personal_data` with the names of the people around the records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import django_filters
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.appeals.models import Category, StateBody
from esep.figures import charts as figure_charts
from esep.figures import public
from esep.figures.compute import Scope, compute
from esep.figures.periods import FIRST_YEAR, Period
from esep.figures.registry import get
from esep.lib.listing import paged
from esep.org.models import Territory
from esep.org.roles import Capability
from esep.portal.masking import masked, people_names, publisher
from esep.portal.open_data import OPEN_DATA
from esep.programme import charts, progress
from esep.programme.models import (
    Change,
    Evidence,
    HistoryEntry,
    Indicator,
    Measure,
    Observation,
    Programme,
    Promise,
    RoadMap,
    Verdict,
)
from esep.programme.plans.queries import needs_verdict_q
from esep.programme.plans.rules import current_observations

DEMAND_FIGURE = "appeals.received"


# ---------------------------------------------------------------- the tracker's filters


def regions() -> QuerySet[Territory]:
    """What a region filter offers: the country's oblasts and cities of national status."""
    return Territory.objects.filter(depth=2).order_by("path")


def subtree(territory: Territory) -> QuerySet[Territory]:
    return Territory.objects.filter(path__startswith=territory.path)


class TrackerFilter(django_filters.FilterSet):
    """The tracker's choices. A region holds the promises made for it (or a place in it)
    and those carried out there by a measure or a road map."""

    programme = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Programme"),
        queryset=Programme.objects.all(),
        to_field_name="code",
        field_name="section__programme",
        empty_label=gettext_lazy("All programmes"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Topic"),
        queryset=Category.objects.none(),
        to_field_name="code",
        method="filter_topic",
        empty_label=gettext_lazy("All topics"),
    )
    region = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Region"),
        queryset=Territory.objects.none(),
        to_field_name="kato",
        method="filter_region",
        empty_label=gettext_lazy("All regions"),
    )
    body = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Responsible state body"),
        queryset=StateBody.objects.none(),
        to_field_name="code",
        method="filter_body",
        empty_label=gettext_lazy("All state bodies"),
    )
    verdict = django_filters.ChoiceFilter(
        label=gettext_lazy("Verdict"),
        choices=[(value, capfirst(label)) for value, label in Verdict.choices],
        empty_label=gettext_lazy("Any verdict"),
    )

    class Meta:
        model = Promise
        fields = ["programme", "topic", "region", "body", "verdict"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        used = Promise.topics.through.objects.values("category")
        self.filters["topic"].queryset = Category.objects.filter(pk__in=used).order_by("path")
        self.filters["region"].queryset = regions()
        bodies = Measure.objects.filter(state_body__isnull=False).values("state_body")
        self.filters["body"].queryset = StateBody.objects.filter(pk__in=bodies).order_by(
            "territory__path", "code"
        )

    def filter_topic(self, queryset: QuerySet, name: str, value: Category) -> QuerySet:
        topics = Category.objects.filter(path__startswith=value.path)
        return queryset.filter(
            pk__in=Promise.topics.through.objects.filter(category__in=topics).values("promise")
        )

    def filter_region(self, queryset: QuerySet, name: str, value: Territory) -> QuerySet:
        places = subtree(value).values("pk")
        there = Promise.objects.filter(
            Q(territory__in=places)
            | Q(measures__territory__in=places)
            | Q(road_maps__territory__in=places)
        )
        return queryset.filter(pk__in=there.values("pk"))

    def filter_body(self, queryset: QuerySet, name: str, value: StateBody) -> QuerySet:
        measures = Measure.objects.filter(state_body=value)
        return queryset.filter(
            pk__in=Measure.promises.through.objects.filter(measure__in=measures).values("promise")
        )


# ---------------------------------------------------------------- counts


VERDICTS = [
    Verdict.KEPT,
    Verdict.PARTIALLY_KEPT,
    Verdict.BROKEN,
    Verdict.NOT_RATED,
    Verdict.NOT_ASSESSABLE,
]


@dataclass(frozen=True)
class VerdictCount:
    verdict: str
    label: str
    count: int
    share: float | None  # percent of the promises counted


@dataclass(frozen=True)
class ProgrammeCounts:
    programme: Programme | None  # None: all programmes together
    total: int
    verdicts: list[VerdictCount]


def _counted(programme: Programme | None, values: dict[str, int]) -> ProgrammeCounts:
    total = sum(values.get(v, 0) for v in VERDICTS)
    return ProgrammeCounts(
        programme,
        total,
        [
            VerdictCount(
                verdict,
                str(Verdict(verdict).label),
                values.get(verdict, 0),
                round(100 * values.get(verdict, 0) / total, 1) if total else None,
            )
            for verdict in VERDICTS
        ],
    )


def verdict_counts(promises: QuerySet[Promise]) -> list[ProgrammeCounts]:
    """How many of the promises have each verdict, per programme (and all together when
    there are several): one query."""
    rows = (
        promises.order_by()
        .values("section__programme")
        .annotate(**{v: Count("pk", filter=Q(verdict=v)) for v in Verdict.values})
    )
    by_programme = {row.pop("section__programme"): row for row in rows}
    programmes = Programme.objects.filter(pk__in=list(by_programme)).order_by("-adopted_on", "pk")
    out = [_counted(p, by_programme[p.pk]) for p in programmes]
    if len(out) > 1:
        together = {v: sum(row[v] for row in by_programme.values()) for v in Verdict.values}
        out.append(_counted(None, together))
    return out


def percent(value: float | None) -> str:
    """A share 0..1 as the pages write it: 57.5 %."""
    if value is None:
        return "—"
    return f"{100 * value:.0f} %"


def band_label(band: Any) -> str:
    return str(progress.Band(band).label) if band else _("not measured yet")


# ---------------------------------------------------------------- the tracker


def index(request: HttpRequest) -> HttpResponse:
    filters = TrackerFilter(request.GET or None, queryset=Promise.objects.all())
    promises = filters.qs if filters.is_bound else Promise.objects.all()
    if filters.is_bound and not filters.is_valid():
        promises = Promise.objects.none()
    region = filters.form.cleaned_data.get("region") if filters.is_bound else None
    page = paged(
        promises.select_related("section__programme", "territory").order_by(
            "section__programme__adopted_on", "section__number", "code", "pk"
        ),
        request,
    )
    shown = list(page.object_list)
    computed = progress.promises_progress(shown, on=timezone.localdate(), territory=region)
    rows = [(promise, computed.get(promise.pk)) for promise in shown]
    return render(
        request,
        "portal/tracker/index.html",
        {
            "filters": filters,
            "counts": verdict_counts(promises),
            "page": page,
            "rows": rows,
            "region": region,
            "files": OPEN_DATA,
        },
        status=400 if filters.is_bound and not filters.is_valid() else 200,
    )


# ---------------------------------------------------------------- a promise


@dataclass(frozen=True)
class IndicatorView:
    indicator: Indicator
    progress: progress.IndicatorProgress | None
    chart: SafeString
    series: list[tuple[dt.date, Decimal]]  # its values over time, territories added up
    observations: list[tuple[Observation, str]]  # each with its source as shown


@dataclass(frozen=True)
class MeasureView:
    measure: Measure
    progress: Any  # progress.Progress | None
    indicators: list[IndicatorView]


@dataclass(frozen=True)
class RoadMapView:
    road_map: RoadMap
    progress: Any
    measures: list[MeasureView]


def _measures_of(promise: Promise) -> QuerySet[Measure]:
    indicators = Indicator.objects.prefetch_related("milestones").order_by("code", "pk")
    return (
        promise.measures.select_related("road_map__territory", "state_body", "territory")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
        .order_by("road_map__code", "code", "pk")
    )


def _road_maps(
    promise: Promise, measures: list[Measure], names: Sequence[str], *, first_page: bool
) -> list[RoadMapView]:
    """The road maps carrying the promise out, each with those of its measures serving
    the promise that are on this page: a road map shows on the pages holding its measures,
    one without any on the first."""
    today = timezone.localdate()
    indicators = [i for m in measures for i in m.indicators.all()]
    indicator_progress = progress.indicators_progress(indicators, on=today)
    series = progress.indicators_series(indicators, on=today)
    measure_progress = progress.measures_progress(measures, on=today)
    observed: dict[int, list[Observation]] = {}
    for observation in (
        current_observations()
        .filter(indicator__in=[i.pk for i in indicators])
        .select_related("territory")
        .order_by("indicator", "period_end", "territory__path", "pk")
    ):
        observed.setdefault(observation.indicator_id, []).append(observation)
    serving = promise.measures.values("road_map")
    everyone = list(
        RoadMap.objects.filter(Q(promises=promise) | Q(pk__in=serving))
        .select_related("territory")
        .order_by("code", "pk")
        .distinct()
    )
    with_measures = set(serving.values_list("road_map", flat=True))
    on_page = {measure.road_map_id for measure in measures}
    road_maps = {
        rm.pk: rm
        for rm in everyone
        if rm.pk in on_page or (first_page and rm.pk not in with_measures)
    }
    map_progress = progress.road_maps_progress(list(road_maps.values()), on=today)
    out = []
    for road_map in road_maps.values():
        views = []
        for measure in (m for m in measures if m.road_map_id == road_map.pk):
            views.append(
                MeasureView(
                    measure,
                    measure_progress.get(measure.pk),
                    [
                        IndicatorView(
                            indicator,
                            indicator_progress.get(indicator.pk),
                            # Every text in it is escaped by the chart itself.
                            mark_safe(
                                charts.indicator_chart(
                                    indicator,
                                    indicator_progress.get(indicator.pk),
                                    series.get(indicator.pk, []),
                                )
                            ),
                            series.get(indicator.pk, []),
                            [(o, masked(o.source, names)) for o in observed.get(indicator.pk, [])],
                        )
                        for indicator in measure.indicators.all()
                    ],
                )
            )
        out.append(RoadMapView(road_map, map_progress.get(road_map.pk), views))
    return out


@dataclass(frozen=True)
class EntryView:
    entry: HistoryEntry
    subject: str  # "" for the promise itself, else the measure's code and title
    reason: str
    evidence: list[tuple[Evidence, str, str]]  # the evidence, its publisher, its quote


def _of_measures(measures: QuerySet[Measure] | Sequence[Measure]) -> Q:
    """Records of the measures: by subquery when they are a QuerySet (a road map's
    thousands are not sent as a list of keys)."""
    if isinstance(measures, QuerySet):
        return Q(measure__in=measures.values("pk"))
    return Q(measure__in=[m.pk for m in measures])


def history(
    promise: Promise | None,
    measures: QuerySet[Measure] | Sequence[Measure],
    names: Sequence[str],
) -> list[EntryView]:
    """The approved changes of the promise and of its measures, oldest first, each with
    its evidence and the corrections made to it."""
    where = _of_measures(measures)
    if promise is not None:
        where |= Q(promise=promise)
    entries = (
        HistoryEntry.objects.filter(where)
        .select_related("measure", "corrects")
        .prefetch_related(
            Prefetch("change__evidence", queryset=Evidence.objects.order_by("pk")),
            Prefetch("corrections", queryset=HistoryEntry.objects.order_by("at", "pk")),
        )
        .order_by("at", "pk")
    )
    out = []
    for entry in entries:
        evidence = list(entry.change.evidence.all()) if entry.change else []
        out.append(
            EntryView(
                entry,
                f"{entry.measure.code} {entry.measure.title}" if entry.measure else "",
                masked(entry.reason, names),
                [(e, masked(publisher(e), names), masked(e.quote, names)) for e in evidence],
            )
        )
    return out


def pending(promise: Promise | None, measures: QuerySet[Measure] | Sequence[Measure]) -> int:
    """How many proposed changes await a second person's approval: counted, not shown."""
    where = _of_measures(measures)
    if promise is not None:
        where |= Q(promise=promise)
    return Change.objects.filter(where, state=Change.State.PENDING).count()


# ---------------------------------------------------------------- demand beside delivery


@dataclass(frozen=True)
class Demand:
    period: Period
    years: list[tuple[str, public.Shown]]
    quarters: list[tuple[str, public.Shown]]


def demand_period(promise: Promise, today: dt.date | None = None) -> Period:
    """From the start of the year before the programme was adopted (what people asked
    for then) to the end of this month: whole months, read from the kept counters."""
    today = today or timezone.localdate()
    start = dt.date(max(promise.section.programme.adopted_on.year - 1, FIRST_YEAR), 1, 1)
    following = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return Period(start, following - dt.timedelta(days=1))


def demand(promise: Promise, topics: Sequence[Category]) -> Demand | None:
    """How many appeals on the promise's topics citizens brought in its territory, by year
    and by quarter: counts only, from the figure registry, with the public pages' rule on
    small counts."""
    if not topics:
        return None
    period = demand_period(promise)
    territory = promise.territory
    scope = Scope(territory, tuple(topics))
    months = compute([DEMAND_FIGURE], scope, period, breakdown="month").get(DEMAND_FIGURE, {})
    years: dict[str, int] = {}
    quarters: dict[str, int] = {}
    day = period.start
    while day <= period.end:
        count = months.get(f"{day:%Y-%m}", 0) or 0
        years[str(day.year)] = years.get(str(day.year), 0) + count
        quarter = _("%(year)s, quarter %(quarter)s") % {
            "year": day.year,
            "quarter": (day.month - 1) // 3 + 1,
        }
        quarters[quarter] = quarters.get(quarter, 0) + count
        day = (day + dt.timedelta(days=32)).replace(day=1)

    def shown(groups: dict[str, int]) -> list[tuple[str, public.Shown]]:
        rows = [(territory.depth, {DEMAND_FIGURE: value}) for value in groups.values()]
        cells = public.disclose(rows, [DEMAND_FIGURE])
        return [(key, cell[DEMAND_FIGURE]) for key, cell in zip(groups, cells, strict=True)]

    return Demand(period, shown(years), shown(quarters))


def _drill_link(promise: Promise, topics: Sequence[Category], period: Period) -> str:
    query = [
        ("scope", promise.territory.kato),
        ("start", period.start.isoformat()),
        ("end", period.end.isoformat()),
        *[("topic", topic.code) for topic in topics],
    ]
    return f"{reverse('figures:drill', args=[DEMAND_FIGURE])}?{urlencode(query)}"


def promise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    promise = get_object_or_404(
        Promise.objects.select_related("section__programme", "territory"), pk=pk
    )
    # A page of its measures at a time (with their indicators, charts and observations).
    page = paged(_measures_of(promise), request)
    measures = list(page.object_list)
    road_map_ids = set(promise.measures.values_list("road_map_id", flat=True)) | set(
        promise.road_maps.values_list("pk", flat=True)
    )
    names = people_names(road_map_ids)
    topics = list(promise.topics.order_by("path"))
    today = timezone.localdate()
    found = demand(promise, topics)
    user = request.user
    drill = ""
    if found is not None and user.is_authenticated and user.can(Capability.VIEW_FIGURES):
        drill = _drill_link(promise, topics, found.period)
    return render(
        request,
        "portal/tracker/promise.html",
        {
            "promise": promise,
            "topics": topics,
            "progress": progress.promises_progress([promise], on=today).get(promise.pk),
            "road_maps": _road_maps(promise, measures, names, first_page=page.number == 1),
            "page": page,
            "history": history(promise, promise.measures.all(), names),
            "pending": pending(promise, promise.measures.all()),
            "demand": found,
            "demand_label": get(DEMAND_FIGURE).label,
            "drill": drill,
        },
    )


def demand_chart(request: HttpRequest, pk: int) -> HttpResponse:
    """The appeals on the promise's topics in its territory by quarter, as an image; the
    page holds the same numbers as a table."""
    promise = get_object_or_404(
        Promise.objects.select_related("section__programme", "territory"), pk=pk
    )
    found = demand(promise, list(promise.topics.order_by("path")))
    if found is None:
        raise Http404
    svg = figure_charts.bars(
        _("Appeals on the promise's topics in %(place)s by quarter")
        % {"place": promise.territory.name},
        [label for label, _cell in found.quarters],
        [(str(get(DEMAND_FIGURE).label), [cell.public_value for _l, cell in found.quarters])],
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=300"
    return response


# ---------------------------------------------------------------- a road map


def road_map_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A road map's measures with their state body, deadline and progress, a page at a
    time; those past their deadline below target flagged for a verdict (only they listed
    when asked). Progress is computed for the measures of the page; which are flagged, for
    those past their deadline still not rated — the only ones that may be."""
    road_map = get_object_or_404(
        RoadMap.objects.select_related("programme", "territory", "branch"), pk=pk
    )
    today = timezone.localdate()
    measures = road_map.measures.select_related("state_body", "territory").order_by("code", "pk")
    candidates = road_map.measures.filter(needs_verdict_q(today))
    verdicts = progress.measures_progress(candidates, on=today)
    flagged = [
        measure_id
        for measure_id in candidates.order_by("code", "pk").values_list("pk", flat=True)
        if verdicts[measure_id].needs_verdict
    ]
    only_flagged = request.GET.get("flagged") == "1"
    if only_flagged:
        page = paged(flagged, request, per_page=100)
        shown = list(measures.filter(pk__in=page.object_list))
    else:
        page = paged(measures, request, per_page=100)
        shown = list(page.object_list)
    computed = progress.measures_progress(shown, on=today)
    marked = set(flagged)
    promises = list(road_map.promises.order_by("section__number", "code", "pk"))
    return render(
        request,
        "portal/tracker/road_map.html",
        {
            "road_map": road_map,
            "progress": progress.road_maps_progress([road_map], on=today).get(road_map.pk),
            "promises": promises,
            "page": page,
            "rows": [(m, computed.get(m.pk), m.pk in marked) for m in shown],
            "flagged": len(flagged),
            "only_flagged": only_flagged,
            "total": page.paginator.count if not only_flagged else road_map.measures.count(),
            "pending": pending(None, road_map.measures.all()),
            "history": history(None, road_map.measures.all(), people_names([road_map.pk])),
        },
    )
