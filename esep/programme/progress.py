"""Progress, computed from the observations and never typed: how far each indicator has got
from its baseline to its target (attainment), whether it is getting there fast enough for
the time gone by (pace and its band), where it should be by now (the expected line), and the
same rolled up to measures, road maps and promises. Every formula is written out in the
app's README (section "Progress"); the functions here are that text in code.

The pure functions (`attainment`, `elapsed_share`, `pace`, `pace_band`, `trajectory`,
`expected_value`) take numbers and dates. The bulk functions (`indicators_progress`,
`indicators_series`, `measures_progress`, `road_maps_progress`, `promises_progress`) read
the database in a fixed number of queries whatever the number of records, and add the
regions up in Python."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Any, NamedTuple, TypeVar

from django.db import models
from django.db.models import F, Max, QuerySet, Window
from django.utils.translation import gettext_lazy as _

from esep.org.models import Territory
from esep.programme.models import (
    Aggregation,
    Direction,
    Indicator,
    Measure,
    Milestone,
    Observation,
    Promise,
    RoadMap,
    Verdict,
)
from esep.programme.plans.rules import current_observations

Number = Decimal | float | int

# The pace bands' lower edges: a pace at an edge belongs to the band above it.
ON_TRACK_FROM = 0.95
ACCELERATION_FROM = 0.6

# Of two observations of the same territory and period, the firmer one counts.
KIND_RANK: dict[str, int] = {
    Observation.Kind.ACTUAL: 0,
    Observation.Kind.PROVISIONAL: 1,
    Observation.Kind.ESTIMATED: 2,
}
FOUR_PLACES = Decimal("0.0001")  # the precision observations are stored with


class Band(models.TextChoices):
    """Where the pace puts an indicator, a measure, a road map or a promise."""

    ON_TRACK = "on_track", _("on track")
    NEEDS_ACCELERATION = "needs_acceleration", _("needs acceleration")
    LIMITED = "limited", _("limited progress")
    DETERIORATION = "deterioration", _("deterioration")


# ---------------------------------------------------------------- the formulas


def _decimal(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def _outside(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    """How far the value lies outside [low, high]; 0 inside."""
    if value < low:
        return low - value
    if value > high:
        return value - high
    return Decimal(0)


def raw_attainment(
    direction: str,
    baseline: Number,
    target: Number,
    actual: Number,
    band_low: Number | None = None,
    band_high: Number | None = None,
) -> float:
    """The share of the way from the baseline to the target the actual value has come,
    unclipped: above 1 past the target, below 0 when the value moved away from it (which
    the pace reads as deterioration)."""
    base, goal, value = _decimal(baseline), _decimal(target), _decimal(actual)
    if direction == Direction.YES_NO:
        if value == goal:
            return 1.0
        # Held at the target at the baseline and lost since: a move away from it.
        return -1.0 if base == goal else 0.0
    if direction == Direction.BAND:
        if band_low is None or band_high is None:
            raise ValueError("A band indicator needs its band.")
        low, high = _decimal(band_low), _decimal(band_high)
        distance = _outside(value, low, high)
        if distance == 0:
            return 1.0
        # The scale is the band's width, or the baseline's own distance from the band when
        # larger, so that a baseline far outside scores 0, not less.
        scale = max(high - low, _outside(base, low, high))
        if scale == 0:  # a band of one value, and the baseline on it
            return -1.0
        return float(1 - distance / scale)
    # Increase and decrease share one formula: for a decrease both differences are
    # negative while the value falls towards the target, so their ratio is positive.
    if goal == base:
        held = value <= goal if direction == Direction.DECREASE else value >= goal
        return 1.0 if held else -1.0
    return float((value - base) / (goal - base))


def attainment(
    direction: str,
    baseline: Number,
    target: Number,
    actual: Number,
    band_low: Number | None = None,
    band_high: Number | None = None,
) -> float:
    """The raw attainment clipped to 0..1."""
    return _clip(raw_attainment(direction, baseline, target, actual, band_low, band_high))


def elapsed_share(start: dt.date, end: dt.date, on: dt.date) -> float:
    """The share of the time from start to end gone by on the date, in days, 0..1."""
    if end <= start:
        return 1.0 if on >= end else 0.0
    return _clip((on - start).days / (end - start).days)


def pace(raw_attainment: float | None, elapsed: float | None) -> float | None:
    """The raw attainment for the share of time elapsed: 1 is exactly on the straight line
    from the baseline to the target. None before any time has elapsed or with no value."""
    if raw_attainment is None or elapsed is None or elapsed <= 0:
        return None
    return raw_attainment / elapsed


def pace_band(value: float | None) -> Band | None:
    if value is None:
        return None
    # Rounded first, so that 0.57 ÷ 0.6 (0.9499999… in binary) is on track, as on paper.
    value = round(value, 9)
    if value >= ON_TRACK_FROM:
        return Band.ON_TRACK
    if value >= ACCELERATION_FROM:
        return Band.NEEDS_ACCELERATION
    if value >= 0:
        return Band.LIMITED
    return Band.DETERIORATION


def trajectory(
    indicator: Indicator, milestones: Iterable[Milestone | tuple[dt.date, Number]] = ()
) -> list[tuple[dt.date, Decimal]]:
    """The points the indicator should pass: the baseline, the milestones dated between the
    baseline and the target, and the target. Joined by straight lines; for a yes/no
    indicator by steps, each value holding until the next point's date."""
    between = sorted(
        (point.due_on, point.value) if isinstance(point, Milestone) else point
        for point in milestones
    )
    points = [(indicator.baseline_on, _decimal(indicator.baseline))]
    points += [
        (on, _decimal(value))
        for on, value in between
        if indicator.baseline_on < on < indicator.target_on
    ]
    points.append((indicator.target_on, _decimal(indicator.target)))
    if indicator.direction != Direction.YES_NO:
        return points
    steps = [points[0]]
    for on, value in points[1:]:
        steps += [(on, steps[-1][1]), (on, value)]
    return steps


def expected_value(points: Sequence[tuple[dt.date, Decimal]], on: dt.date) -> Decimal:
    """Where the trajectory is on the date: the baseline before it starts, the target after
    it ends, and on the line between its points in between."""
    if on < points[0][0]:
        return points[0][1]
    for (start, low), (end, high) in pairwise(points):
        if start <= on < end:
            share = Decimal((on - start).days) / Decimal((end - start).days)
            return (low + (high - low) * share).quantize(FOUR_PLACES)
    return points[-1][1]


# ---------------------------------------------------------------- adding regions up

# One observation as read: territory path, period start and end, value, numerator,
# denominator, kind, pk.
Row = tuple[str, dt.date, dt.date, Decimal, Decimal | None, Decimal | None, str, int]


def combine(indicator: Indicator | _Spec, rows: Iterable[Row]) -> Decimal | None:
    """The value of one period for the whole of the territories read: the firmest current
    observation of each territory (actual, then provisional, then estimated; the latest
    recorded of equals), leaving out a territory inside another observed one (its value is
    already in its parent's), added up by the indicator's aggregation."""
    best: dict[str, Row] = {}
    for row in rows:
        held = best.get(row[0])
        if held is None or (KIND_RANK.get(row[6], 9), -row[7]) < (
            KIND_RANK.get(held[6], 9),
            -held[7],
        ):
            best[row[0]] = row
    step = Territory.steplen
    kept = [
        row
        for path, row in best.items()
        if not any(path[:end] in best for end in range(step, len(path), step))
    ]
    if not kept:
        return None
    values = [row[3] for row in kept]
    mean = sum(values, Decimal(0)) / len(values)
    if indicator.aggregation == Aggregation.SUM:
        result = sum(values, Decimal(0))
    elif indicator.aggregation == Aggregation.WEIGHTED:
        weights = [row[5] for row in kept]
        if all(weight is not None and weight > 0 for weight in weights):
            total = sum((w for w in weights if w is not None), Decimal(0))
            weighted = sum((row[3] * row[5] for row in kept if row[5] is not None), Decimal(0))
            result = weighted / total
        else:
            result = mean
    elif indicator.aggregation == Aggregation.RATIO:
        numerators = [row[4] for row in kept]
        denominators = [row[5] for row in kept]
        if None in numerators or None in denominators:
            result = mean
        else:
            over = sum((d for d in denominators if d is not None), Decimal(0))
            if over == 0:
                result = mean
            else:
                result = sum((n for n in numerators if n is not None), Decimal(0)) / over
                if indicator.unit.strip() == "%":
                    result *= 100
    else:
        result = mean
    return result.quantize(FOUR_PLACES)


M = TypeVar("M", bound=models.Model)


def _records(records: Iterable[M]) -> list[M]:
    return list(records)


def _among(field: str, records: Iterable[models.Model]) -> dict[str, Any]:
    """A filter on the records: a subquery when they are a QuerySet (no long list of
    parameters however many), their keys otherwise."""
    if isinstance(records, models.QuerySet) and not records.query.is_sliced:
        return {f"{field}__in": records.values("pk")}
    return {f"{field}__in": [record.pk for record in records]}


def _periods(
    indicators: Iterable[Indicator],
    on: dt.date,
    territory: Territory | None,
    *,
    latest: bool = False,
) -> dict[int, dict[tuple[dt.date, dt.date], list[Row]]]:
    """The current observations of the indicators up to the date, inside the territory,
    by indicator and by period (end, start) — one query. With `latest`, only those of each
    indicator's last period end (what its progress reads: the database picks that day for
    each indicator, so that a road map's thousands of past quarters are not read at all)."""

    def current() -> QuerySet[Observation]:
        observations = current_observations().filter(period_end__lte=on)
        if territory is not None:
            observations = observations.filter(territory__path__startswith=territory.path)
        return observations

    observations = current().filter(**_among("indicator", indicators))
    if latest:
        # Each indicator's last period end, by a window over its rows: one pass, where a
        # subquery per row costs PostgreSQL a probe for each of thousands of rows.
        observations = observations.annotate(
            last_end=Window(Max("period_end"), partition_by=[F("indicator_id")])
        ).filter(period_end=F("last_end"))
    periods: dict[int, dict[tuple[dt.date, dt.date], list[Row]]] = defaultdict(
        lambda: defaultdict(list)
    )
    rows = observations.order_by().values_list(
        "indicator_id",
        "territory__path",
        "period_start",
        "period_end",
        "value",
        "numerator",
        "denominator",
        "kind",
        "pk",
    )
    for indicator_id, path, start, end, value, numerator, denominator, kind, pk in rows:
        periods[indicator_id][(end, start)].append(
            (path, start, end, value, numerator, denominator, kind, pk)
        )
    return periods


def indicators_series(
    indicators: Iterable[Indicator], *, on: dt.date, territory: Territory | None = None
) -> dict[int, list[tuple[dt.date, Decimal]]]:
    """Each indicator's values over time, one a period (dated by its end; of periods ending
    the same day, the one starting last), the regions added up as for its progress. For the
    chart and its table."""
    indicators = _records(indicators)
    periods = _periods(indicators, on, territory)
    series: dict[int, list[tuple[dt.date, Decimal]]] = {}
    for indicator in indicators:
        by_end: dict[dt.date, tuple[dt.date, Decimal]] = {}
        for (end, start), rows in sorted(periods.get(indicator.pk, {}).items()):
            value = combine(indicator, rows)
            if value is not None:
                by_end[end] = (start, value)
        series[indicator.pk] = [(end, value) for end, (_start, value) in sorted(by_end.items())]
    return series


# ---------------------------------------------------------------- bulk progress


@dataclass(frozen=True)
class IndicatorProgress:
    """An indicator's progress on a date. `value` is its latest value (None before any),
    describing the period ending `observed_on`; `elapsed` and `expected` are taken at that
    date (at the date asked when nothing is observed yet), so that the value is compared
    with where the line was when it was measured."""

    indicator: Indicator
    value: Decimal | None
    observed_on: dt.date | None
    attainment: float | None
    elapsed: float
    pace: float | None
    band: Band | None
    expected: Decimal


@dataclass(frozen=True)
class Progress:
    """A measure's, a road map's or a promise's progress: None where nothing is observed."""

    attainment: float | None
    pace: float | None
    band: Band | None
    needs_verdict: bool


def _milestones(indicators: Iterable[Indicator]) -> dict[int, list[Milestone]]:
    """The indicators' milestones: those prefetched when every indicator has them, else in
    one query."""
    by_indicator: dict[int, list[Milestone]] = defaultdict(list)
    if not isinstance(indicators, models.QuerySet) and all(
        "milestones" in getattr(indicator, "_prefetched_objects_cache", {})
        for indicator in indicators
    ):
        for indicator in indicators:
            by_indicator[indicator.pk] = list(indicator.milestones.all())
        return by_indicator
    for milestone in Milestone.objects.filter(**_among("indicator", indicators)).order_by("due_on"):
        by_indicator[milestone.indicator_id].append(milestone)
    return by_indicator


class _Spec(NamedTuple):
    """What an indicator's progress reads of it, read as a row of values (not a model
    instance) when thousands are computed at once; its names are the indicator's fields."""

    pk: int
    measure_id: int
    direction: str
    baseline: Decimal
    target: Decimal
    band_low: Decimal | None
    band_high: Decimal | None
    baseline_on: dt.date
    target_on: dt.date
    aggregation: str
    unit: str


def _latest(
    indicator: Indicator | _Spec, periods: dict[int, dict[tuple[dt.date, dt.date], list[Row]]]
) -> tuple[Decimal | None, dt.date | None]:
    """The indicator's latest value and the end of the period it describes: the period
    ending last, of those ending the same day the one starting last."""
    mine = periods.get(indicator.pk)
    if not mine:
        return None, None
    end, start = max(mine)
    value = combine(indicator, mine[(end, start)])
    return value, (end if value is not None else None)


def _raw(indicator: Indicator | _Spec, value: Decimal | None) -> float | None:
    if value is None:
        return None
    return raw_attainment(
        indicator.direction,
        indicator.baseline,
        indicator.target,
        value,
        indicator.band_low,
        indicator.band_high,
    )


def indicators_progress(
    indicators: Iterable[Indicator], *, on: dt.date, territory: Territory | None = None
) -> dict[int, IndicatorProgress]:
    """Each indicator's progress on the date, from its latest period's current observations
    inside the territory (anywhere when None), added up by its aggregation. Three queries:
    the indicators (when given as a QuerySet), their milestones, their observations."""
    records = _records(indicators)
    among: Iterable[Indicator] = indicators if isinstance(indicators, models.QuerySet) else records
    milestones = _milestones(among)
    periods = _periods(among, on, territory, latest=True)
    result: dict[int, IndicatorProgress] = {}
    for indicator in records:
        value, observed_on = _latest(indicator, periods)
        at = observed_on or on
        elapsed = elapsed_share(indicator.baseline_on, indicator.target_on, at)
        raw = _raw(indicator, value)
        speed = pace(raw, elapsed)
        result[indicator.pk] = IndicatorProgress(
            indicator=indicator,
            value=value,
            observed_on=observed_on,
            attainment=None if raw is None else _clip(raw),
            elapsed=elapsed,
            pace=speed,
            band=pace_band(speed),
            expected=expected_value(trajectory(indicator, milestones.get(indicator.pk, ())), at),
        )
    return result


def _mean(pairs: Iterable[tuple[Decimal, float | None]]) -> float | None:
    """The weighted mean of the values given, leaving out the missing ones."""
    given = [(float(weight), value) for weight, value in pairs if value is not None]
    total = sum(weight for weight, _value in given)
    if not given or total <= 0:
        return None
    return sum(weight * value for weight, value in given) / total


def _plain_mean(values: list[float]) -> float | None:
    # The same sums as `_mean` with every weight 1, without a pair for each value.
    return sum(values) / len(values) if values else None


def _rollup(parts: Sequence[tuple[Decimal, Progress]], *, needs_verdict: bool) -> Progress:
    speed = _mean((weight, part.pace) for weight, part in parts)
    return Progress(
        attainment=_mean((weight, part.attainment) for weight, part in parts),
        pace=speed,
        band=pace_band(speed),
        needs_verdict=needs_verdict,
    )


def _unreached(attainment: float | None) -> bool:
    # With no value at all nothing shows the target reached: still a verdict to give.
    return attainment is None or attainment < 1


# A measure as its progress reads it: key, deadline, verdict.
MeasureRow = tuple[int, dt.date, str]


def _measures(
    among: dict[str, Any], records: Iterable[MeasureRow], on: dt.date, territory: Territory | None
) -> dict[int, Progress]:
    """The progress of the measures `records`, whose indicators are those matching `among`
    (a filter on their measure): two queries, the indicators' values and their latest
    observations. Only attainment and pace are computed (the expected value, which needs
    the milestones, is not a measure's)."""
    indicators = Indicator.objects.filter(**among).order_by()
    periods = _periods(indicators, on, territory, latest=True)
    attained: dict[int, list[float]] = defaultdict(list)
    paces: dict[int, list[float]] = defaultdict(list)
    for row in indicators.values_list(*_Spec._fields):
        indicator = _Spec(*row)
        value, observed_on = _latest(indicator, periods)
        if value is None:
            continue  # no attainment, and no pace without one
        raw = _raw(indicator, value)
        assert raw is not None
        attained[indicator.measure_id].append(_clip(raw))
        speed = pace(
            raw, elapsed_share(indicator.baseline_on, indicator.target_on, observed_on or on)
        )
        if speed is not None:
            paces[indicator.measure_id].append(speed)
    progress: dict[int, Progress] = {}
    for pk, deadline, verdict in records:
        share = _plain_mean(attained[pk]) if pk in attained else None
        speed = _plain_mean(paces[pk]) if pk in paces else None
        progress[pk] = Progress(
            attainment=share,
            pace=speed,
            band=pace_band(speed),
            needs_verdict=on > deadline and _unreached(share) and verdict == Verdict.NOT_RATED,
        )
    return progress


def measures_progress(
    measures: Iterable[Measure], *, on: dt.date, territory: Territory | None = None
) -> dict[int, Progress]:
    """Each measure's progress: the plain means of its indicators' attainments and paces
    (of those with a value), the band of that pace, and whether it needs a verdict (past its
    deadline, the target not reached, and still not rated)."""
    if isinstance(measures, models.QuerySet) and not measures.query.is_sliced:
        rows: list[MeasureRow] = list(measures.order_by().values_list("pk", "deadline", "verdict"))
        return _measures({"measure__in": measures.values("pk")}, rows, on, territory)
    records = _records(measures)
    return _measures(
        _among("measure", records),
        [(m.pk, m.deadline, m.verdict) for m in records],
        on,
        territory,
    )


def _weight(weight: Decimal | None) -> Decimal:
    # A measure without a weight counts 1: with no weights at all this is the plain mean.
    return weight if weight is not None else Decimal(1)


def road_maps_progress(
    road_maps: Iterable[RoadMap], *, on: dt.date, territory: Territory | None = None
) -> dict[int, Progress]:
    """Each road map's progress: its measures' attainments and paces averaged by their
    weights; it needs a verdict when one of its measures does."""
    records = _records(road_maps)
    among: Iterable[RoadMap] = road_maps if isinstance(road_maps, models.QuerySet) else records
    measures = Measure.objects.filter(**_among("road_map", among)).order_by()
    rows = list(measures.values_list("pk", "deadline", "verdict", "road_map_id", "weight"))
    progress = _measures(
        {"measure__in": measures.values("pk")},
        [(pk, deadline, verdict) for pk, deadline, verdict, _map, _weight_ in rows],
        on,
        territory,
    )
    by_road_map: dict[int, list[tuple[Decimal, Progress]]] = defaultdict(list)
    for pk, _deadline, _verdict, road_map_id, weight in rows:
        by_road_map[road_map_id].append((_weight(weight), progress[pk]))
    return {
        road_map.pk: _rollup(
            by_road_map[road_map.pk],
            needs_verdict=any(part.needs_verdict for _w, part in by_road_map[road_map.pk]),
        )
        for road_map in records
    }


def promises_progress(
    promises: Iterable[Promise], *, on: dt.date, territory: Territory | None = None
) -> dict[int, Progress]:
    """Each promise's progress: the measures serving it (linked to it) averaged by their
    weights; it needs a verdict past its term, the target not reached, still not rated."""
    records = _records(promises)
    among: Iterable[Promise] = promises if isinstance(promises, models.QuerySet) else records
    links = Measure.promises.through.objects.filter(**_among("promise", among))
    serving: dict[int, list[int]] = defaultdict(list)
    for promise_id, measure_id in links.values_list("promise_id", "measure_id"):
        serving[promise_id].append(measure_id)
    measures = Measure.objects.filter(pk__in=links.values("measure_id")).order_by()
    rows = list(measures.values_list("pk", "deadline", "verdict", "weight"))
    progress = _measures(
        {"measure__in": measures.values("pk")},
        [(pk, deadline, verdict) for pk, deadline, verdict, _weight_ in rows],
        on,
        territory,
    )
    weights = {pk: _weight(weight) for pk, _deadline, _verdict, weight in rows}
    result: dict[int, Progress] = {}
    for promise in records:
        rolled = _rollup(
            [(weights[pk], progress[pk]) for pk in serving[promise.pk]], needs_verdict=False
        )
        result[promise.pk] = Progress(
            attainment=rolled.attainment,
            pace=rolled.pace,
            band=rolled.band,
            needs_verdict=on > promise.due_on
            and _unreached(rolled.attainment)
            and promise.verdict == Verdict.NOT_RATED,
        )
    return result
