"""Computing figures in the database: one aggregate query per source and period field,
conditional aggregation for every figure of that source, grouped when a breakdown is asked
for; and the records behind any value (the drill-down), read through the same conditions."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr, TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from esep.figures.periods import Period
from esep.figures.registry import Figure, Source, get, registry
from esep.org.models import Branch, Territory

STEP = 4  # the length of one level of a materialised path (treebeard's default)


@dataclass(frozen=True)
class Scope:
    """A branch with its sub-branches, or a territory with its sub-territories."""

    node: Branch | Territory

    @property
    def is_branch(self) -> bool:
        return isinstance(self.node, Branch)

    @property
    def code(self) -> str:
        return self.node.code if isinstance(self.node, Branch) else self.node.kato

    @property
    def name(self) -> str:
        return self.node.name

    def q(self, source: Source) -> Q:
        field = source.branch if self.is_branch else source.territory
        return Q(**{f"{field}__startswith": self.node.path})


def parse_scope(code: str) -> Scope:
    """A branch code, or a nine-digit KATO territory code."""
    code = code.strip()
    if re.fullmatch(r"\d{9}", code):
        territory = Territory.objects.filter(kato=code).first()
        if territory is not None:
            return Scope(territory)
    else:
        branch = Branch.objects.select_related("territory").filter(code=code).first()
        if branch is not None:
            return Scope(branch)
    raise ValidationError(
        _("No branch or territory has the code %(code)s."), params={"code": code}, code="scope"
    )


def _period_q(figure: Figure, period: Period) -> Q:
    date = figure.date_field
    if date is None:
        return Q()
    if date == "active":  # open on the period's last day
        return Q(opened_on__lte=period.end) & (
            Q(closed_on__isnull=True) | Q(closed_on__gt=period.end)
        )
    return Q(**{f"{date}__gte": period.start, f"{date}__lte": period.end})


def _aggregate(figure: Figure, today: dt.date) -> Any:
    how, field = figure.total
    where = figure.where(today)
    if how == "sum":
        return Sum(field, filter=where)
    if how == "avg":
        return Avg(field, filter=where)
    return Count(field, filter=where)


def group_expression(source: Source, breakdown: str, scope: Scope, date: str | None) -> Any:
    """What records of `source` are grouped by for `breakdown`, or None if it does not apply."""
    if breakdown == "month":
        return TruncMonth(date) if date and date != "active" else None
    if breakdown in source.fields:
        return F(source.fields[breakdown])
    if breakdown == "category":
        return Substr(source.category, 1, STEP) if source.category else None
    if breakdown == "branch":
        return Substr(source.branch, 1, len(scope.node.path) + STEP) if scope.is_branch else None
    if breakdown == "territory":
        return Substr(source.territory, 1, len(_breakdown_root("territory", scope).path) + STEP)
    return None


def _breakdown_root(breakdown: str, scope: Scope) -> Branch | Territory:
    """The node whose children a branch or territory breakdown shows."""
    if breakdown == "territory" and isinstance(scope.node, Branch):
        return scope.node.territory
    return scope.node


def _base(source: Source, scope: Scope, user: Any) -> QuerySet:
    records = source.visible(user) if user is not None else source.records()
    return records.filter(scope.q(source))


def needed(codes: list[str]) -> list[Figure]:
    """The figures to query for `codes`: shares replaced by their two parts."""
    out: dict[str, Figure] = {}
    for code in codes:
        figure = get(code)
        parts = [figure.numerator, figure.denominator] if figure.is_share else [code]
        for part in parts:
            assert part is not None
            out[part] = get(part)
    return list(out.values())


def _round(figure: Figure, value: Any) -> Any:
    if value is None:
        return 0 if figure.total[0] != "avg" else None
    if figure.total[0] == "avg":
        return round(float(value), 1)
    return int(value)


def share(numerator: Any, denominator: Any) -> float | None:
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)


def compute(
    codes: list[str],
    scope: Scope,
    period: Period,
    *,
    user: Any = None,
    today: dt.date | None = None,
    breakdown: str | None = None,
) -> dict[str, Any]:
    """code → value; with a breakdown, code → {group key: value} (figures the breakdown does
    not apply to are left out). `user`: count only what that user may see."""
    today = today or timezone.localdate()
    groups: dict[tuple[str, str | None], list[Figure]] = {}
    for figure in needed(codes):
        assert figure.source is not None
        groups.setdefault((figure.source.name, figure.date_field), []).append(figure)
    values: dict[str, Any] = {}
    for figures in groups.values():
        source = figures[0].source
        assert source is not None
        records = _base(source, scope, user).filter(_period_q(figures[0], period))
        aggregates = {f"v{i}": _aggregate(f, today) for i, f in enumerate(figures)}
        if breakdown is None:
            row = records.aggregate(**aggregates)
            for i, figure in enumerate(figures):
                values[figure.code] = _round(figure, row[f"v{i}"])
            continue
        expression = group_expression(source, breakdown, scope, figures[0].date_field)
        if expression is None:
            continue
        rows = records.annotate(bucket=expression).values("bucket").annotate(**aggregates)
        for figure in figures:
            values[figure.code] = {}
        for row in rows.order_by("bucket"):
            key = _key(row["bucket"])
            for i, figure in enumerate(figures):
                values[figure.code][key] = _round(figure, row[f"v{i}"])
    result: dict[str, Any] = {}
    for code in codes:
        figure = get(code)
        if not figure.is_share:
            if code in values:
                result[code] = values[code]
            continue
        num, den = values.get(figure.numerator or ""), values.get(figure.denominator or "")
        if num is None or den is None:
            continue
        if breakdown is None:
            result[code] = share(num, den)
        else:
            result[code] = {key: share(num.get(key, 0), total) for key, total in den.items()}
    return result


def _key(group: Any) -> str:
    if isinstance(group, dt.datetime):
        return group.strftime("%Y-%m")
    if isinstance(group, dt.date):
        return group.strftime("%Y-%m")
    return "" if group is None else str(group)


def group_labels(breakdown: str, keys: list[str], scope: Scope, source: Source) -> dict[str, str]:
    """How each group key is shown, in the active language."""
    from esep.appeals.models import Category

    if breakdown == "month":
        return {
            k: formats.date_format(dt.date.fromisoformat(k + "-01"), "YEAR_MONTH_FORMAT")
            for k in keys
        }
    if breakdown == "category":
        names = {c.path: c.name for c in Category.objects.filter(path__in=keys)}
        return {k: names.get(k, k) for k in keys}
    if breakdown in ("branch", "territory"):
        model = Branch if breakdown == "branch" else Territory
        names = {n.path: n.name for n in model.objects.filter(path__in=keys)}
        top = _breakdown_root(breakdown, scope).path
        # Records of the scope's own branch or territory, not of one below it, are "itself".
        return {
            k: _("%(name)s itself") % {"name": names.get(k, k)}
            if len(k) <= len(top)
            else names.get(k, k)
            for k in keys
        }
    model = source.records().model
    choices: dict[str, Any] = dict(model._meta.get_field(source.fields[breakdown]).flatchoices)
    choices[""] = _("not answered yet") if breakdown == "outcome" else "—"
    return {k: str(choices.get(k, k)) for k in keys}


def records(
    code: str,
    scope: Scope,
    period: Period,
    *,
    user: Any,
    today: dt.date | None = None,
    group: tuple[str, str] | None = None,
) -> QuerySet:
    """The records a (non-share) figure counts, for the user, optionally of one group."""
    figure = get(code)
    if figure.is_share:
        raise ValueError("a share drills into its numerator and denominator")
    today = today or timezone.localdate()
    source = figure.source
    assert source is not None
    found = _base(source, scope, user).filter(_period_q(figure, period), figure.where(today))
    if group is None:
        return found
    breakdown, key = group
    if breakdown == "month":
        start = dt.date.fromisoformat(key + "-01")
        end = (start + dt.timedelta(days=32)).replace(day=1)
        date = figure.date_field
        return found.filter(**{f"{date}__gte": start, f"{date}__lt": end})
    if breakdown in source.fields:
        return found.filter(**{source.fields[breakdown]: key})
    path_field = {
        "category": source.category,
        "branch": source.branch,
        "territory": source.territory,
    }[breakdown]
    if breakdown in ("branch", "territory") and len(key) <= len(
        _breakdown_root(breakdown, scope).path
    ):
        return found.filter(**{path_field: key})
    return found.filter(**{f"{path_field}__startswith": key})


def all_codes() -> list[str]:
    return list(registry())
