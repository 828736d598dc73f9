"""An indicator's chart as SVG, written on the server: the expected path from the baseline to
the target (dashed, through the milestones), the band to keep within, the observed values
joined by a line, and the target date. A plain image — no script, no font or address to
fetch, no style sheet (the site's CSP allows none inline), sized by its viewBox so it
shrinks to a phone's width — with a <title> and a <desc> that say in words what it shows;
the page puts a table of the same numbers beside it."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import formats
from django.utils.html import escape
from django.utils.translation import gettext as _

from esep.programme.models import Direction, Indicator, Observation
from esep.programme.progress import IndicatorProgress, trajectory

if TYPE_CHECKING:
    from esep.programme.progress import Number

WIDTH, HEIGHT = 480, 300
LEFT, RIGHT, TOP, BOTTOM = 60, 464, 24, 214  # the plot area
FONT = 'font-family="system-ui, sans-serif" font-size="13"'
INK, SUBTLE, OBSERVED, EXPECTED, BAND = "#1f2328", "#57606a", "#0b5394", "#e69138", "#d9ead3"


def _number(value: Number) -> str:
    rounded = Decimal(str(value)).quantize(Decimal("0.01"))
    plain = format(rounded.normalize(), "f")
    return formats.number_format(Decimal(plain), use_l10n=True)


def _amount(indicator: Indicator, value: Number) -> str:
    if indicator.direction == Direction.YES_NO:
        return _("yes") if Decimal(str(value)) == 1 else _("no")
    return f"{_number(value)} {indicator.unit}".strip()


def _date(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _points(
    observations: Iterable[Observation | tuple[dt.date, Number]],
) -> list[tuple[dt.date, Decimal]]:
    points = [
        (item.period_end, item.value) if isinstance(item, Observation) else item
        for item in observations
    ]
    return sorted((on, Decimal(str(value))) for on, value in points)


def _nice_step(span: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about four intervals."""
    raw = span / 4
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _y_ticks(indicator: Indicator, values: Sequence[float]) -> list[float]:
    if indicator.direction == Direction.YES_NO:
        return [0.0, 1.0]
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    step = _nice_step(high - low)
    start = math.floor(low / step) * step
    count = math.ceil(round((high - start) / step, 9))
    return [start + i * step for i in range(count + 1)]


def _x_ticks(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """The first of January of each year in the range (every other one or sparser when
    many), labelled by the year; the range's ends when it holds no new year."""
    years = [
        dt.date(year, 1, 1)
        for year in range(start.year, end.year + 1)
        if start <= dt.date(year, 1, 1) <= end
    ]
    if len(years) < 2 and (end - start).days < 400:
        return [(start, _date(start)), (end, _date(end))]
    every = math.ceil(len(years) / 6)
    return [(day, str(day.year)) for day in years[::every]]


def indicator_chart(
    indicator: Indicator,
    progress: IndicatorProgress | None,
    observations: Iterable[Observation | tuple[dt.date, Number]],
) -> str:
    """The chart of one indicator as SVG markup, safe to mark_safe (every text escaped).
    `observations` are its values over time: (date, value) pairs, as
    `progress.indicators_series` gives them, or observations (dated by their period's end)."""
    observed = _points(observations)
    milestones = [
        (milestone.due_on, milestone.value)
        for milestone in indicator.milestones.all()
        if indicator.baseline_on < milestone.due_on < indicator.target_on
    ]
    expected = trajectory(indicator, milestones)

    dates = [on for on, _value in expected + observed]
    first, last = min(dates), max(dates)
    if last == first:
        last = first + dt.timedelta(days=1)
    values = [float(value) for _on, value in expected + observed]
    if indicator.direction == Direction.BAND and indicator.band_low is not None:
        values += [float(indicator.band_low), float(indicator.band_high or indicator.band_low)]
    y_ticks = _y_ticks(indicator, values)
    bottom_value, top_value = y_ticks[0], y_ticks[-1]

    def x(on: dt.date) -> float:
        return round(LEFT + (RIGHT - LEFT) * (on - first).days / (last - first).days, 1)

    def y(value: Number) -> float:
        share = (float(value) - bottom_value) / (top_value - bottom_value)
        return round(BOTTOM - (BOTTOM - TOP) * share, 1)

    ident = f"indicator-{indicator.pk}-chart"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" class="indicator-chart">',
        f'<title id="{ident}-title">{escape(indicator.title)}</title>',
        f'<desc id="{ident}-desc">{escape(describe(indicator, progress))}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]

    if indicator.direction == Direction.BAND and indicator.band_low is not None:
        low, high = y(indicator.band_low), y(indicator.band_high or indicator.band_low)
        parts.append(
            f'<rect x="{LEFT}" y="{high}" width="{RIGHT - LEFT}" '
            f'height="{max(low - high, 1)}" fill="{BAND}"><title>'
            f"{escape(_('The band to keep within'))}</title></rect>"
        )

    # The value axis: grid lines and their labels.
    for tick in y_ticks:
        label = _amount(indicator, tick) if indicator.direction == Direction.YES_NO else ""
        label = label or _number(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{RIGHT}" y1="{y(tick)}" y2="{y(tick)}" '
            f'stroke="#d0d7de" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4}" text-anchor="end" fill="{SUBTLE}" '
            f"{FONT}>{escape(label)}</text>"
        )
    # The time axis.
    parts.append(f'<line x1="{LEFT}" x2="{RIGHT}" y1="{BOTTOM}" y2="{BOTTOM}" stroke="{INK}"/>')
    for day, label in _x_ticks(first, last):
        anchor = "start" if day == first else "end" if day == last else "middle"
        parts.append(
            f'<line x1="{x(day)}" x2="{x(day)}" y1="{BOTTOM}" y2="{BOTTOM + 5}" stroke="{INK}"/>'
            f'<text x="{x(day)}" y="{BOTTOM + 20}" text-anchor="{anchor}" fill="{SUBTLE}" '
            f"{FONT}>{escape(label)}</text>"
        )

    # The target date.
    target_x = x(indicator.target_on)
    target_label = _("Target date: %(date)s") % {"date": _date(indicator.target_on)}
    parts.append(
        f'<line x1="{target_x}" x2="{target_x}" y1="{TOP}" y2="{BOTTOM}" stroke="{SUBTLE}" '
        f'stroke-dasharray="2 3"/>'
        f'<text x="{target_x}" y="{TOP - 8}" text-anchor="end" fill="{SUBTLE}" {FONT}>'
        f"{escape(target_label)}</text>"
    )

    # The expected path, dashed.
    path = " ".join(f"{x(on)},{y(value)}" for on, value in expected)
    parts.append(
        f'<polyline points="{path}" fill="none" stroke="{EXPECTED}" stroke-width="2" '
        f'stroke-dasharray="6 4" class="expected"/>'
    )
    for on, value in milestones:
        cx, cy = x(on), y(value)
        label = _("Milestone: %(value)s by %(date)s") % {
            "value": _amount(indicator, value),
            "date": _date(on),
        }
        parts.append(
            f'<polygon points="{cx},{cy - 6} {cx + 6},{cy} {cx},{cy + 6} {cx - 6},{cy}" '
            f'fill="#ffffff" stroke="{EXPECTED}" stroke-width="2" class="milestone">'
            f"<title>{escape(label)}</title></polygon>"
        )

    # The observed values, joined.
    if len(observed) > 1:
        path = " ".join(f"{x(on)},{y(value)}" for on, value in observed)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{OBSERVED}" stroke-width="2.5" '
            f'class="observed"/>'
        )
    for on, value in observed:
        label = _("%(value)s for the period ending %(date)s") % {
            "value": _amount(indicator, value),
            "date": _date(on),
        }
        parts.append(
            f'<circle cx="{x(on)}" cy="{y(value)}" r="4" fill="{OBSERVED}" class="observation">'
            f"<title>{escape(label)}</title></circle>"
        )

    # The legend, in two columns under the time axis.
    legend = [
        (
            f'<line x1="0" x2="18" y1="0" y2="0" stroke="{OBSERVED}" stroke-width="2.5"/>'
            f'<circle cx="9" cy="0" r="4" fill="{OBSERVED}"/>',
            _("Observed values"),
        ),
        (
            f'<line x1="0" x2="18" y1="0" y2="0" stroke="{EXPECTED}" stroke-width="2" '
            f'stroke-dasharray="6 4"/>',
            _("Expected path"),
        ),
    ]
    if milestones:
        legend.append(
            (
                f'<polygon points="9,-6 15,0 9,6 3,0" fill="#ffffff" stroke="{EXPECTED}" '
                f'stroke-width="2"/>',
                _("Milestone"),
            )
        )
    if indicator.direction == Direction.BAND:
        legend.append(
            (
                f'<rect x="0" y="-6" width="18" height="12" fill="{BAND}"/>',
                _("The band to keep within"),
            )
        )
    legend.append(
        (
            f'<line x1="9" x2="9" y1="-7" y2="7" stroke="{SUBTLE}" stroke-dasharray="2 3"/>',
            _("Target date"),
        )
    )
    for index, (mark, label) in enumerate(legend):
        left = 16 + (index % 2) * 232
        top = BOTTOM + 48 + (index // 2) * 24
        parts.append(
            f'<g transform="translate({left} {top})">{mark}'
            f'<text x="26" y="4" fill="{INK}" {FONT}>{escape(label)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def describe(indicator: Indicator, progress: IndicatorProgress | None) -> str:
    """The chart in words, for its <desc>: baseline, target, latest value and pace."""
    sentences = [
        _("Baseline: %(value)s on %(date)s.")
        % {"value": _amount(indicator, indicator.baseline), "date": _date(indicator.baseline_on)},
        _("Target: %(value)s by %(date)s.")
        % {"value": _amount(indicator, indicator.target), "date": _date(indicator.target_on)},
    ]
    if indicator.direction == Direction.BAND and indicator.band_low is not None:
        sentences.append(
            _("To be kept between %(low)s and %(high)s.")
            % {
                "low": _amount(indicator, indicator.band_low),
                "high": _amount(indicator, indicator.band_high or indicator.band_low),
            }
        )
    if progress is None or progress.value is None or progress.observed_on is None:
        sentences.append(_("No value recorded yet."))
    else:
        sentences.append(
            _("Latest value: %(value)s for the period ending %(date)s.")
            % {"value": _amount(indicator, progress.value), "date": _date(progress.observed_on)}
        )
    if progress is not None and progress.band is not None:
        sentences.append(_("Pace: %(band)s.") % {"band": progress.band.label})
    else:
        sentences.append(_("Pace: not yet known."))
    return " ".join(sentences)
