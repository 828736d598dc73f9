"""Figures for everyone: what the public pages show of the party's work — the home page's
headline and the public figures page, by year and territory. Aggregates only, counted over
every record, never anyone's personal data; and below district level no count so small that
it could point at a person (fewer than 5), nor a share or an average built from one.

Counts of sibling territories add up to their parent's, so one small count withheld alone
could be worked out by subtraction: where a column withholds exactly one small count, the
smallest other count of that column is withheld as well."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.appeals.models import Appeal
from esep.figures.compute import STEP, Scope, compute, group_labels
from esep.figures.periods import Period
from esep.figures.registry import Unit, get
from esep.figures.templatetags.press import figure_value
from esep.org.models import Territory

# What the public pages show, in this order; each is also a column of the territories' table.
PUBLIC_FIGURES = [
    "appeals.received",
    "appeals.resolved_positively",
    "appeals.resolved_positively_share",
    "appeals.answered_on_time_share",
    "receptions.held",
    "receptions.people_received",
    "issues.taken_under_control",
]
SMALL = 5  # below district level, a count under this is not shown
FULL_DEPTH = 3  # the deepest level shown in full: country 1, oblast or city 2, district or town 3
COUNTS = (Unit.COUNT, Unit.PEOPLE)

# Why a value is not shown.
FEWER_THAN_5 = "small"
WITHHELD = "withheld"  # so that a small one cannot be worked out, or built from a small one


# ------------------------------------------------------------------ years


def years_with_data() -> list[int]:
    """The years in which appeals were registered, newest first: a few look-ups of the
    index on the registration day, however many appeals there are."""
    span = Appeal.objects.order_by("registered_on").values_list("registered_on", flat=True)
    first, last = span.first(), span.reverse().first()
    if first is None or last is None:
        return []
    return [
        year
        for year in range(last.year, first.year - 1, -1)
        if Appeal.objects.filter(
            registered_on__gte=dt.date(year, 1, 1), registered_on__lte=dt.date(year, 12, 31)
        ).exists()
    ]


def default_year(years: list[int], today: dt.date | None = None) -> int | None:
    """The year the public pages open with: the last complete calendar year that has data
    (a submission today does not move it), or this year so far when no earlier one has."""
    this_year = (today or timezone.localdate()).year
    complete = [year for year in years if year < this_year]
    if complete:
        return complete[0]
    return years[0] if years else None


def year_period(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))


def is_complete(year: int, today: dt.date | None = None) -> bool:
    return year < (today or timezone.localdate()).year


def country() -> Territory | None:
    return Territory.objects.filter(depth=1).first()


def trail(territory: Territory) -> list[Territory]:
    """The territory and those above it, from the country down."""
    paths = [territory.path[:end] for end in range(STEP, len(territory.path) + 1, STEP)]
    return list(Territory.objects.filter(path__in=paths).order_by("path"))


class PublicFiguresForm(forms.Form):
    """The public figures page's choices: a year with data, a figure, a territory."""

    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    figure = forms.ChoiceField(label=gettext_lazy("Figure"))
    territory = forms.RegexField(
        label=gettext_lazy("Territory"), regex=r"^\d{9}$", widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = [(y, year_label(y)) for y in years]
        figure = self.fields["figure"]
        assert isinstance(figure, forms.ChoiceField)
        figure.choices = [(code, get(code).label) for code in PUBLIC_FIGURES]

    def clean_territory(self) -> Territory:
        found = Territory.objects.filter(kato=self.cleaned_data["territory"]).first()
        if found is None:
            raise forms.ValidationError(_("No territory has this code."), code="territory")
        return found


def year_label(year: int, today: dt.date | None = None) -> str:
    if is_complete(year, today):
        return str(year)
    return _("%(year)s, so far") % {"year": year}


def public_form(query: Any) -> PublicFiguresForm:
    """The form as asked, with what the page opens with where nothing is asked: the
    default year, appeals received, the whole country."""
    years = years_with_data()
    data = query.copy()
    if not data.get("year"):
        year = default_year(years)
        data["year"] = str(year) if year else ""
    if not data.get("figure"):
        data["figure"] = PUBLIC_FIGURES[0]
    if not data.get("territory"):
        top = country()
        data["territory"] = top.kato if top else ""
    return PublicFiguresForm(data, years=years)


# ------------------------------------------------------------------ what is shown


@dataclass(frozen=True)
class Shown:
    """One value as the public sees it: the value, or why it is not shown."""

    value: Any
    unit: str
    withheld: str = ""  # "", FEWER_THAN_5 or WITHHELD

    @property
    def public_value(self) -> Any:
        """The value a chart or a file may carry: None where it is not shown."""
        return None if self.withheld else self.value

    def __str__(self) -> str:
        if self.withheld == FEWER_THAN_5:
            return _("fewer than 5")
        if self.withheld:
            return _("not shown")
        return figure_value(self.value, self.unit)


def parts(codes: list[str]) -> list[str]:
    """`codes` with each share's numerator and denominator: what disclosure must see."""
    out: list[str] = []
    for code in codes:
        figure = get(code)
        for one in (code, figure.numerator, figure.denominator):
            if one and one not in out:
                out.append(one)
    return out


def withholding(counts: Sequence[int | None], guarded: Sequence[bool] | None = None) -> list[str]:
    """Why each count of one column is not shown ("" where it is), the column's counts adding
    up (sibling territories, the months of one territory): a guarded count (every one, unless
    `guarded` says which) under SMALL is FEWER_THAN_5; and where exactly one is, the smallest
    other count of the column is WITHHELD too, so that it cannot be worked out by
    subtraction. None is a count not known (not shown by this, nor taken for the other)."""
    small = [
        i
        for i, count in enumerate(counts)
        if (guarded is None or guarded[i]) and (count or 0) < SMALL
    ]
    out = ["" for _count in counts]
    for i in small:
        out[i] = FEWER_THAN_5
    if len(small) == 1:
        others = [
            (count, i) for i, count in enumerate(counts) if i not in small and count is not None
        ]
        if others:
            out[min(others)[1]] = WITHHELD
    return out


def disclose(rows: list[tuple[int, dict[str, Any]]], codes: list[str]) -> list[dict[str, Shown]]:
    """What of each row may be shown. A row is the depth of the territory its values are of
    (1 the country) and its values, code → value, holding every share's two parts. Rows
    together are one table whose counts add up (sibling territories, or the months of one
    territory), so a lone small count withheld takes another count of its column with it."""
    withheld: list[dict[str, str]] = [{} for _row in rows]
    guarded = [depth > FULL_DEPTH for depth, _values in rows]
    for code in parts(codes):
        if get(code).unit not in COUNTS:
            continue
        column = withholding([values.get(code) for _depth, values in rows], guarded)
        for i, why in enumerate(column):
            if why:
                withheld[i][code] = why
    out: list[dict[str, Shown]] = []
    for (depth, values), hidden in zip(rows, withheld, strict=True):
        shown: dict[str, Shown] = {}
        for code in codes:
            figure = get(code)
            why = hidden.get(code, "")
            if figure.is_share and (
                hidden.get(figure.numerator or "") or hidden.get(figure.denominator or "")
            ):
                why = WITHHELD
            elif figure.unit == Unit.DAYS and depth > FULL_DEPTH:
                why = WITHHELD  # an average of a few answers tells each one's length
            shown[code] = Shown(values.get(code), figure.unit, why)
        out.append(shown)
    return out


# ------------------------------------------------------------------ the page's parts


@dataclass(frozen=True)
class TerritoryRow:
    territory: Territory
    label: str
    drill: bool  # it has territories below it to open
    cells: dict[str, Shown]


def headline(codes: list[str], territory: Territory, period: Period) -> dict[str, Shown]:
    values = compute(parts(codes), Scope(territory), period)
    return disclose([(territory.depth, values)], codes)[0]


def by_territory(codes: list[str], territory: Territory, period: Period) -> list[TerritoryRow]:
    """The territory's own records (if any are of it rather than of one below) and each
    territory right below it, every one listed even with nothing counted."""
    scope = Scope(territory)
    children = list(
        Territory.objects.filter(path__startswith=territory.path, depth=territory.depth + 1)
    )
    below = set(
        Territory.objects.filter(
            path__startswith=territory.path, depth=territory.depth + 2
        ).values_list("path", flat=True)
    )
    with_children = {path[: len(path) - STEP] for path in below}
    values = compute(parts(codes), scope, period, breakdown="territory")
    keys = [child.path for child in children]
    own = any(groups.get(territory.path) for groups in values.values())
    if own:
        keys.insert(0, territory.path)
    empty = {code: None if get(code).is_share else 0 for code in parts(codes)}
    rows = [
        (len(key) // STEP, {c: values.get(c, {}).get(key, empty[c]) for c in empty}) for key in keys
    ]
    shown = disclose(rows, codes)
    names = {child.path: child for child in children}
    out = []
    for key, cells in zip(keys, shown, strict=True):
        if key == territory.path:
            label = _("%(name)s itself") % {"name": territory.name}
            out.append(TerritoryRow(territory, label, False, cells))
        else:
            child = names[key]
            out.append(TerritoryRow(child, child.name, key in with_children, cells))
    return out


def by_month(code: str, territory: Territory, period: Period) -> list[tuple[str, Shown]]:
    """One figure month by month (to this month in the current year)."""
    today = timezone.localdate()
    last = min(period.end, today) if period.start <= today else period.end
    months = []
    day = period.start.replace(day=1)
    while day <= last:
        months.append(f"{day:%Y-%m}")
        day = (day + dt.timedelta(days=32)).replace(day=1)
    scope = Scope(territory)
    values = compute(parts([code]), scope, period, breakdown="month")
    empty = {c: None if get(c).is_share else 0 for c in parts([code])}
    rows = [
        (territory.depth, {c: values.get(c, {}).get(month, empty[c]) for c in empty})
        for month in months
    ]
    source = get(code).source or get(get(code).denominator or "").source
    assert source is not None
    labels = group_labels("month", months, scope, source)
    shown = disclose(rows, [code])
    return [(labels[month], cells[code]) for month, cells in zip(months, shown, strict=True)]
