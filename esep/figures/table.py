"""Figures as rows: what the dashboard table, its export and the command line print."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from esep.figures.compute import Scope, compute_periods, group_labels
from esep.figures.periods import Period
from esep.figures.registry import UNIT_LABELS, get


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    definition: str
    unit: str
    value: Any
    group: str = ""  # the breakdown's key, when there is one
    group_label: str = ""
    previous: Any = None
    now: bool = False  # a figure of today's state: no previous period

    @property
    def change(self) -> Any:
        """Value minus the previous period's (points, for a share)."""
        if self.value is None or self.previous is None:
            return None
        change = self.value - self.previous
        return round(change, 1) if isinstance(change, float) else change

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "value": self.value,
            "unit": self.unit,
            "label": self.label,
            "definition": self.definition,
            **({"group": self.group, "group_label": self.group_label} if self.group else {}),
            **({"previous": self.previous} if self.previous is not None else {}),
        }


def rows(
    codes: list[str],
    scope: Scope,
    period: Period,
    *,
    user: Any = None,
    breakdown: str | None = None,
    with_previous: bool = False,
) -> list[Row]:
    # The period and the previous one are read together (figures of today's state have no
    # previous period: compute_periods leaves them out of it).
    asked = [period, period.previous()] if with_previous else [period]
    values, *earlier = compute_periods(codes, scope, asked, user=user, breakdown=breakdown)
    before = earlier[0] if earlier else {}
    out: list[Row] = []
    labelled: dict[tuple[str, tuple[str, ...]], dict[str, str]] = {}  # read once per groups
    for code in codes:
        if code not in values:
            continue
        figure = get(code)
        common: dict[str, Any] = {
            "code": code,
            "label": str(figure.label),
            "definition": str(figure.definition),
            "unit": figure.unit,
            "now": figure.now,
        }
        value = values[code]
        if breakdown is None:
            out.append(Row(**common, value=value, previous=before.get(code)))
            continue
        assert figure.source is not None or figure.numerator is not None
        source = figure.source or get(figure.denominator or "").source
        assert source is not None
        memo = (source.name, tuple(value))
        if memo not in labelled:
            labelled[memo] = group_labels(breakdown, list(value), scope, source)
        labels = labelled[memo]
        for key, item in value.items():
            previous = before.get(code, {}).get(key) if with_previous else None
            out.append(
                Row(**common, value=item, group=key, group_label=labels[key], previous=previous)
            )
    return out


def by_group(found: list[Row]) -> list[tuple[str, str, dict[str, Any]]]:
    """Rows by group: [(key, label, {code: value})], in the order the groups came."""
    groups: dict[str, tuple[str, dict[str, Any]]] = {}
    for row in found:
        groups.setdefault(row.group, (row.group_label, {}))[1][row.code] = row.value
    return [(key, label, values) for key, (label, values) in groups.items()]


def header(breakdown: str | None, with_previous: bool) -> list[str]:
    return [
        _("Code"),
        _("Figure"),
        *([_("Group")] if breakdown else []),
        _("Value"),
        *([_("Previous period")] if with_previous else []),
        _("Unit"),
        _("Definition"),
    ]


def cells(row: Row, breakdown: str | None, with_previous: bool) -> list[Any]:
    return [
        row.code,
        row.label,
        *([row.group_label] if breakdown else []),
        row.value,
        *([row.previous] if with_previous else []),
        str(UNIT_LABELS[row.unit]),
        row.definition,
    ]
