"""Computing figures in the database: one aggregate query per source and period field,
conditional aggregation for every figure of that source. A breakdown groups by a plain
column of the record (its date, channel, category, branch or territory id) and the groups
are then folded into months, top-level categories or sub-units here, so no query joins
(but the appeals at mobile receptions, which are placed by their reception) or calls a
function per row. The records behind any value (the drill-down) are read through
the same conditions."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from esep.appeals.models import Category
from esep.deputies.models import RepresentativeBody
from esep.figures import grammar
from esep.figures.models import REGION_DEPTH
from esep.figures.periods import Period
from esep.figures.registry import Figure, Source, get
from esep.lib import statements
from esep.org.models import Branch, Territory

STEP = 4  # the length of one level of a materialised path (treebeard's default)


@dataclass(frozen=True)
class Scope:
    """A branch with its sub-branches, or a territory with its sub-territories; optionally
    only the records of some topics (categories, each with those below it) — the appeals a
    promise's topics stand for. Figures of a source without categories have no such
    narrowing: asked for, they are refused (ValueError)."""

    node: Branch | Territory
    topics: tuple[Category, ...] = ()
    _ids: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)
    # What is read once for this scope: figures of today's state by branch and territory
    # (see compute), whose total and breakdowns fold the same rows, what several figures
    # select their records by (registry._read_once), and what groups records into
    # sub-units and top-level categories (see grouping).
    _placed: dict[tuple[Any, ...], Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_branch(self) -> bool:
        return isinstance(self.node, Branch)

    @property
    def code(self) -> str:
        return self.node.code if isinstance(self.node, Branch) else self.node.kato

    @property
    def name(self) -> str:
        return self.node.name

    def ids(self) -> list[int]:
        """The node and everything below it, read once."""
        if "ids" not in self._ids:
            model = Branch if self.is_branch else Territory
            found = model.objects.filter(path__startswith=self.node.path).values_list(
                "pk", flat=True
            )
            self._ids["ids"] = list(found)
        return self._ids["ids"]

    def topic_ids(self) -> list[int]:
        """The topics and every category below them, read once."""
        if "topics" not in self._ids:
            under = Q()
            for topic in self.topics:
                under |= Q(path__startswith=topic.path)
            self._ids["topics"] = list(Category.objects.filter(under).values_list("pk", flat=True))
        return self._ids["topics"]

    def key(self) -> tuple[Any, ...]:
        """What the scope's condition on records is made of (`q`): the figures keep their
        statements by it."""
        if ("key",) not in self._placed:
            ids = self.ids() if self.node.depth > 1 else []
            topics = self.topic_ids() if self.topics else []
            # The ids by a digest: a region's territories are thousands.
            listed = ";".join(",".join(map(str, each)) for each in (ids, topics))
            digest = hashlib.blake2b(listed.encode(), digest_size=16).digest()
            self._placed[("key",)] = (type(self.node).__name__, self.node.pk, digest)
        return cast(tuple[Any, ...], self._placed[("key",)])

    def q(self, source: Source) -> Q:
        where = Q()
        if self.topics:
            if source.category is None:
                raise ValueError(f"the records of {source.name} have no topic")
            where &= Q(**{f"{source.category}__in": self.topic_ids()})
        if self.node.depth == 1:  # the whole tree: nothing to leave out
            return where
        field_name = source.branch if self.is_branch else source.territory
        return where & Q(**{f"{field_name}__in": self.ids()})


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
        assert figure.source is not None and figure.source.active is not None
        opened, closed = figure.source.active
        return Q(**{f"{opened}__lte": period.end}) & (
            Q(**{f"{closed}__isnull": True}) | Q(**{f"{closed}__gt": period.end})
        )
    if date == "during":  # open on at least one of the period's days
        assert figure.source is not None and figure.source.active is not None
        opened, closed = figure.source.active
        return Q(**{f"{opened}__lte": period.end}) & (
            Q(**{f"{closed}__isnull": True}) | Q(**{f"{closed}__gte": period.start})
        )
    return Q(**{f"{date}__gte": period.start, f"{date}__lte": period.end})


def _counters(figure: Figure, breakdown: str | None, period: Period, scope: Scope) -> str:
    """Which kept counters can give this figure: "day", "month" (the day counters added up
    by month, for a period of whole months), "facet", "topic" (the category facet's rows of
    the scope's topics), or "" (read the records)."""
    source = figure.source
    if figure.rollup is None or source is None:
        return ""
    months, facets = (_deep_enough(c, scope, breakdown) for c in (source.months, source.facets))
    if scope.topics:  # the day counters know no category; the category facet does
        usable = facets is not None and facets.category is not None
        return "topic" if usable and breakdown in (None, "month") and period.whole_months else ""
    if source.rollup is not None and breakdown in (None, "month", "branch", "territory"):
        return "month" if months is not None and period.whole_months else "day"
    if facets is not None and (breakdown in facets.fields or breakdown == "category"):
        return "facet" if period.whole_months else ""
    return ""


def _deep_enough(counters: Source | None, scope: Scope, breakdown: str | None) -> Source | None:
    """`counters`, unless they place records by a territory above one the scope is or its
    breakdown groups by (the month counters, by district, for a rural district)."""
    depth = counters.territory_depth if counters is not None else None
    if depth is None:
        return counters
    if not scope.is_branch and scope.node.depth > depth:
        return None
    if breakdown == "territory" and _breakdown_root(breakdown, scope).depth >= depth:
        return None  # its sub-territories lie below the counters' depth
    return counters


def _aggregates(
    figure: Figure, today: dt.date, prefix: str, rolled: bool = False, within: Q | None = None
) -> dict[str, Any]:
    """The database totals a figure is made of: a count, a sum, or for an average a sum
    and a count (so that groups can be folded together exactly); from the rollup, sums of
    its counters. `within`: only the rows of one of the periods read together."""
    how, column = figure.total
    if rolled:
        if isinstance(figure.rollup, tuple):
            return {
                f"{prefix}s": Sum(figure.rollup[0], filter=within),
                f"{prefix}n": Sum(figure.rollup[1], filter=within),
            }
        return {(f"{prefix}s" if how == "sum" else f"{prefix}n"): Sum(figure.rollup, filter=within)}
    where = figure.where(today)
    if within is not None:
        where &= within
    if how == "sum":
        return {f"{prefix}s": Sum(column, filter=where)}
    if how == "avg":
        present = where & Q(**{f"{column}__isnull": False})
        return {
            f"{prefix}s": Sum(column, filter=present),
            f"{prefix}n": Count(column, filter=present),
        }
    # A count of distinct values (people) is exact for the whole; groups folded together
    # (sub-branches) add up each group's own.
    return {f"{prefix}n": Count(column, filter=where, distinct=how == "distinct")}


def _value(figure: Figure, totals: dict[str, Any], prefix: str) -> Any:
    how = figure.total[0]
    if how == "avg":
        count = totals.get(f"{prefix}n") or 0
        return round(float(totals.get(f"{prefix}s") or 0) / count, 1) if count else None
    key = f"{prefix}s" if how == "sum" else f"{prefix}n"
    return int(totals.get(key) or 0)


def _breakdown_root(breakdown: str, scope: Scope) -> Branch | Territory:
    """The node whose children a branch or territory breakdown shows."""
    if breakdown == "territory" and isinstance(scope.node, Branch):
        return scope.node.territory
    return scope.node


def grouping(
    source: Source, breakdown: str, scope: Scope, date: str | None
) -> tuple[str, Callable[[Any], str]] | None:
    """The plain column a breakdown groups `source` by, and how a value of that column
    becomes the group's key; None when the breakdown does not apply to the source."""
    if breakdown == "month":
        if not date or date in ("active", "during"):
            return None
        return date, lambda day: day.strftime("%Y-%m") if day else ""
    if breakdown in source.fields:
        return source.fields[breakdown], lambda value: "" if value is None else str(value)
    if breakdown == "body":  # the representative body of deputies' records
        if source.body is None:
            return None
        return source.body, lambda pk: "" if pk is None else str(pk)
    if breakdown == "category":
        if source.category is None:
            return None
        if ("tops",) not in scope._placed:  # read once per scope
            found = Category.objects.values_list("pk", "path")
            scope._placed[("tops",)] = {str(pk): path[:STEP] for pk, path in found}
        tops = scope._placed[("tops",)]
        return source.category, lambda pk: tops.get(str(pk), "")
    if breakdown == "branch" and not scope.is_branch:
        return None
    if breakdown in ("branch", "territory"):
        root = _breakdown_root(breakdown, scope)
        model = Branch if breakdown == "branch" else Territory
        if ("paths", breakdown) not in scope._placed:  # read once per scope
            found = model.objects.filter(path__startswith=root.path).values_list("pk", "path")
            scope._placed[("paths", breakdown)] = dict(found)
        paths = scope._placed[("paths", breakdown)]
        width = len(root.path) + STEP

        def child(pk: Any) -> str:
            path = paths.get(pk, "")
            return path[:width] if len(path) >= width else path

        return (source.branch if breakdown == "branch" else source.territory), child
    return None


def _sees_whole(source: Source, scope: Scope, user: Any) -> bool:
    """Whether the user sees every record of the scope (no user: the figures of everything),
    so that the records are read without the user's own condition (`Source.seen_by`)."""
    seen_by = source.seen_by
    return (
        user is None
        or source.public
        or (seen_by is not None and scope.is_branch and user.can(seen_by, scope.node.path))
    )


def _by_region(counters: Source, scope: Scope, user: Any) -> bool:
    """Whether a facet's counters are read added up by region: for the whole country (the
    party's tree or the country's territory) or a whole region (a branch at the regions'
    depth), by whoever sees all of it. Below a region, or for a user who sees part of the
    scope, a region's rows would count appeals that are not theirs."""
    if counters.regions is None or scope.topics:
        return False
    whole = scope.node.depth == 1 or (scope.is_branch and scope.node.depth == REGION_DEPTH)
    return whole and _sees_whole(counters.regions, scope, user)


def _base(source: Source, scope: Scope, user: Any) -> QuerySet:
    """The records of the scope the user sees: all of them where the user sees the whole
    branch asked for, so its branches are named once, not twice."""
    records = source.records() if _sees_whole(source, scope, user) else source.visible(user)
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
    use_rollup: bool = True,
) -> dict[str, Any]:
    """code → value; with a breakdown, code → {group key: value} (figures the breakdown does
    not apply to are left out). `user`: count only what that user may see. `use_rollup`:
    False reads every record even where the counters would do (tests compare the two)."""
    return compute_periods(
        codes,
        scope,
        [period],
        user=user,
        today=today,
        breakdown=breakdown,
        use_rollup=use_rollup,
    )[0]


def compute_periods(
    codes: list[str],
    scope: Scope,
    periods: list[Period],
    *,
    user: Any = None,
    today: dt.date | None = None,
    breakdown: str | None = None,
    use_rollup: bool = True,
) -> list[dict[str, Any]]:
    """`compute` for several periods at once (a period and the previous one), each
    figure's periods read in one query where they read the same rows: one total per
    period, each over its own days. The first period is the one asked; a figure of
    today's state is computed for it alone (it has no other)."""
    today = today or timezone.localdate()
    batches: dict[tuple[str, str | None, tuple[str, ...], Any], list[Figure]] = {}
    for figure in needed(codes):
        assert figure.source is not None
        asked = periods[:1] if figure.now else periods
        # Which counters each period can be read from (a period of whole months reads the
        # month counters, another the day counters).
        kinds = tuple(
            _counters(figure, breakdown, period, scope) if use_rollup else "" for period in asked
        )
        # Figures computed by a function are read with those that share it.
        key = (figure.source.name, figure.date_field, kinds, figure.select)
        batches.setdefault(key, []).append(figure)
    values: list[dict[str, Any]] = [{} for _ in periods]
    for (_name, _date, kinds, _select), figures in batches.items():
        together: dict[str, list[int]] = {}
        for index, counters in enumerate(kinds):
            together.setdefault(counters, []).append(index)
        for counters, indexes in together.items():
            # A function narrows the rows of one period: its periods are read one by one.
            reads = [[i] for i in indexes] if figures[0].select is not None else [indexes]
            for read in reads:
                found = _read(
                    figures, counters, [periods[i] for i in read], scope, user, today, breakdown
                )
                for i, got in zip(read, found, strict=True):
                    values[i].update(got)
    return [_assemble(codes, found, breakdown) for found in values]


def _read(
    figures: list[Figure],
    counters: str,
    periods: list[Period],
    scope: Scope,
    user: Any,
    today: dt.date,
    breakdown: str | None,
) -> list[dict[str, Any]]:
    """One query for `figures` (of one source, read the same way) over `periods`: for each
    period, code → value (or → {group key: value})."""
    source = figures[0].source
    assert source is not None
    date = figures[0].date_field
    rolled = bool(counters)
    several = len(periods) > 1
    # A lone figure's condition can narrow the rows read, not just the count (the groups
    # this leaves out get their zeros below).
    alone = not counters and len(figures) == 1
    if counters:
        # The counters read instead of the records: by day, by month, or one facet's by month.
        table = {"day": source.rollup, "month": source.months}.get(counters, source.facets)
        assert table is not None
        if counters == "facet" and _by_region(table, scope, user):
            table = table.regions
            assert table is not None
        source, date = table, "day" if counters == "day" else "month"
        spans = [Q(**{f"{date}__gte": p.start, f"{date}__lte": p.end}) for p in periods]
    else:
        spans = [_period_q(figures[0], p) for p in periods]
    # Several periods: each total over its own period's rows. Where no row can fall in two
    # of them (each placed by one day, the periods apart), one column says which period a
    # row is in and the totals are grouped by it: each figure's aggregate is built once,
    # not once per period. Records open over a span (active, during) or of no date can be
    # in several: each period's totals are then filtered to its rows.
    exclusive = several and date not in (None, "active", "during") and _apart(periods)
    within = spans if several and not exclusive else None
    grouped = ["in_period"] if exclusive else []

    def in_scope() -> QuerySet:
        """The records of the scope and periods the user sees."""
        found = _base(source, scope, user)
        if counters:
            if counters in ("facet", "topic"):
                found = found.filter(facet="category" if counters == "topic" else breakdown)
            first, last = min(p.start for p in periods), max(p.end for p in periods)
            return found.filter(**{f"{date}__gte": first, f"{date}__lte": last})
        either = Q()
        for span in spans:
            either |= span
        return found.filter(either)

    # A function narrowing the rows (of one period) reads the database to say which: asked
    # first, its condition then narrows the records as any other would.
    narrowing: Q | None = None
    if figures[0].select is not None:
        assert not several  # a function narrows the rows of one period
        narrowing = figures[0].select(in_scope(), scope, periods[0], today)

    def records() -> QuerySet:
        found = in_scope()
        if narrowing is not None:
            found = found.filter(narrowing)
        if alone:
            found = found.filter(figures[0].where(today))
        if exclusive:
            case = [When(span, then=Value(p)) for p, span in enumerate(spans)]
            found = found.annotate(in_period=Case(*case, output_field=IntegerField()))
        return found

    aggregates: dict[str, Any] = {}
    for p in range(len(periods) if within is not None else 1):
        part = within[p] if within is not None else None
        if alone and figures[0].total == ("count", "pk"):
            # Its rows are exactly those counted: count(*), which an index holding the
            # columns read answers alone (count(id) would visit every row for its id).
            # Of one of several periods: count(1) over that period's rows.
            counted = Count("*") if part is None else Count(Value(1), filter=part)
            aggregates[f"p{p}v0n"] = counted
            continue
        for i, figure in enumerate(figures):
            aggregates.update(_aggregates(figure, today, f"p{p}v{i}", rolled, part))
    if breakdown is not None and within is not None:
        # Which periods each group has rows in: a group is a period's only where it has.
        for p, span in enumerate(within):
            aggregates[f"p{p}rows"] = Count(Value(1), filter=span)
    # Every period's names, as the totals of each group carry them.
    names = [
        f"p{p}{name[2:]}" for p in range(len(periods)) for name in aggregates if name[:3] == "p0v"
    ]
    if breakdown is not None and several:
        names += [f"p{p}rows" for p in range(len(periods))]
    # The rows grouped by `columns`. Whoever sees the whole scope reads what anyone would:
    # the statement is kept by what it is made of (lib.statements), not built anew each
    # time; what a function found to narrow the rows is part of that (the values it read:
    # ids, a month), unless its condition is a query of its own, built each time.
    kept_as: tuple[Any, ...] | None = None
    if _sees_whole(source, scope, user) and (narrowing is None or _of_values(narrowing)):
        made_of = tuple((figure.code, id(figure)) for figure in figures)
        kept_as = (
            "figures",
            made_of,
            counters,
            tuple(periods),
            scope.key(),
            breakdown,
            today,
            narrowing,
        )

    def fetched(*columns: str) -> list[dict[str, Any]]:
        """The totals by `columns`; by none, one row of the totals of all rows (a constant
        is not grouped by: the query is `aggregate()`'s)."""

        def build() -> QuerySet:
            found = records()
            if not columns:
                found = found.annotate(all_rows=Value(1, output_field=IntegerField()))
            return found.values(*(columns or ["all_rows"])).annotate(**aggregates).order_by()

        if kept_as is None:
            return statements.compiled(build()).rows()
        return statements.rows((*kept_as, columns), build)

    # A figure of today's state (overdue now) is read once per scope, user and period,
    # grouped by branch and territory; its total and both breakdowns fold those rows.
    placed: list[dict[str, Any]] | None = None
    if (
        alone
        and not several
        and figures[0].now
        and figures[0].select is None
        and breakdown in (None, "branch", "territory")
    ):
        memo = (figures[0].code, getattr(user, "pk", None), periods[0], today)
        if memo not in scope._placed:
            scope._placed[memo] = fetched(source.branch, source.territory)
        placed = scope._placed[memo]
    out: list[dict[str, Any]] = [{} for _ in periods]
    if breakdown is None:
        if placed is not None:
            totals = {name: sum(row[name] or 0 for row in placed) for name in aggregates}
        elif exclusive:
            totals = {}
            for row in fetched(*grouped):
                totals.update(_by_period(row, aggregates))
        else:
            # No row where nothing can match (a function's `none()`): every total empty.
            totals = next(iter(fetched()), {})
        for p in range(len(periods)):
            for i, figure in enumerate(figures):
                out[p][figure.code] = _value(figure, totals, f"p{p}v{i}")
        return out
    plan = grouping(source, breakdown, scope, date)
    if plan is None:
        return out
    column, key_of = plan
    folded: dict[str, dict[str, Any]] = {}
    if placed is None:
        placed = fetched(column, *grouped)
    for row in placed:
        totals = _by_period(row, aggregates) if exclusive else row
        into = folded.setdefault(key_of(row[column]), dict.fromkeys(names, 0))
        for name in names:
            into[name] += totals.get(name) or 0
    for p in range(len(periods)):
        groups = {
            key: totals
            for key, totals in sorted(folded.items())
            if not several or totals[f"p{p}rows"]
        }
        for i, figure in enumerate(figures):
            out[p][figure.code] = {
                key: _value(figure, totals, f"p{p}v{i}") for key, totals in groups.items()
            }
    return out


def _of_values(where: Q) -> bool:
    """Whether a condition is made of plain values only (ids, days, words), so that equal
    conditions are equal and hash alike; a subquery or an expression is neither."""
    plain = (str, int, float, bool, dt.date, type(None))
    for child in where.children:
        if isinstance(child, Q):
            if not _of_values(child):
                return False
            continue
        _lookup, value = cast(tuple[str, Any], child)
        values = value if isinstance(value, list | tuple | set | frozenset) else [value]
        if not all(isinstance(each, plain) for each in values):
            return False
    return True


def _apart(periods: list[Period]) -> bool:
    """No day is in two of the periods."""
    ordered = sorted(periods, key=lambda period: period.start)
    return all(a.end < b.start for a, b in pairwise(ordered))


def _by_period(row: dict[str, Any], aggregates: dict[str, Any]) -> dict[str, Any]:
    """A row of totals grouped by period (`in_period`), named as the totals of that period
    read with filters are (p0… for the first, p1… for the second), with the mark that the
    group has rows in it; a row of none of the periods (the months between them) adds
    nothing."""
    p = row["in_period"]
    if p is None:
        return {}
    return {f"p{p}{name[2:]}": row[name] for name in aggregates} | {f"p{p}rows": 1}


def _assemble(codes: list[str], values: dict[str, Any], breakdown: str | None) -> dict[str, Any]:
    """The figures asked, in their order, from the values read: with a breakdown, every
    figure with every group any has (a group some figure has no rows for counts zero
    there; an average has no value); a share from its two parts."""
    if breakdown is not None:
        keys = sorted({key for groups in values.values() for key in groups})
        for code, groups in values.items():
            empty = None if get(code).total[0] == "avg" else 0
            values[code] = {key: groups.get(key, empty) for key in keys}
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


def group_labels(breakdown: str, keys: list[str], scope: Scope, source: Source) -> dict[str, str]:
    """How each group key is shown, in the active language."""
    if breakdown == "month":
        language = (get_language() or "kk")[:2]
        return {k: grammar.month(dt.date.fromisoformat(k + "-01"), language) for k in keys}
    if breakdown == "category":
        names = {c.path: c.name for c in Category.objects.filter(path__in=keys)}
        return {k: names.get(k, k) for k in keys}
    if breakdown == "body":
        ids = [int(k) for k in keys if k.isdigit()]
        bodies = {str(b.pk): b.name for b in RepresentativeBody.objects.filter(pk__in=ids)}
        return {k: bodies.get(k, "—") for k in keys}
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
    field = _field(source, breakdown)
    if field.is_relation:  # a record of a catalogue (an award): its name
        ids = [int(k) for k in keys if k.isdigit() and len(k) < 19]
        related = cast(Any, field.related_model)
        names = {str(o.pk): str(o) for o in related.objects.filter(pk__in=ids)}
        return {k: names.get(k, "—") for k in keys}
    choices: dict[str, Any] = dict(field.flatchoices)
    choices[""] = _("not answered yet") if breakdown == "outcome" else "—"
    return {k: str(choices.get(k, k)) for k in keys}


def _field(source: Source, breakdown: str) -> Any:
    """The model field a source's own breakdown reads: of the record, or beyond it."""
    model = source.records().model
    *links, name = source.fields[breakdown].split("__")
    for link in links:
        model = model._meta.get_field(link).related_model
    return model._meta.get_field(name)


def value_of(
    code: str, scope: Scope, period: Period, *, user: Any, group: tuple[str, str] | None = None
) -> Any:
    """One figure's value for the user: the whole of it, or one group's (the number a
    drill-down shows above its records)."""
    if group is None:
        return compute([code], scope, period, user=user).get(code)
    values = compute([code], scope, period, user=user, breakdown=group[0])
    return values.get(code, {}).get(group[1])


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
    found = _base(source, scope, user).filter(_period_q(figure, period))
    if figure.select is not None:
        found = found.filter(figure.select(found, scope, period, today))
    found = found.filter(figure.where(today))
    if figure.total[0] in ("sum", "avg"):  # of the records that have a value
        found = found.filter(**{f"{figure.total[1]}__isnull": False})
    if group is None:
        return found
    breakdown, key = group
    if breakdown == "month":
        start = dt.date.fromisoformat(key + "-01")
        end = (start + dt.timedelta(days=32)).replace(day=1)
        date = figure.date_field
        return found.filter(**{f"{date}__gte": start, f"{date}__lt": end})
    if breakdown in source.fields:
        if _field(source, breakdown).is_relation and not (key.isdigit() and len(key) < 19):
            return found.none()  # a catalogue record's id, or no group at all
        return found.filter(**{source.fields[breakdown]: key})
    if breakdown == "body":
        assert source.body is not None
        return found.filter(**{source.body: int(key)}) if key.isdigit() else found.none()
    path_field = {
        "category": f"{source.category}__path",
        "branch": source.branch_path or f"{source.branch}__path",
        "territory": source.territory_path or f"{source.territory}__path",
    }[breakdown]
    if breakdown in ("branch", "territory") and len(key) <= len(
        _breakdown_root(breakdown, scope).path
    ):
        return found.filter(**{path_field: key})
    return found.filter(**{f"{path_field}__startswith": key})
