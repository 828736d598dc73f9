"""The deputies' public rating: anyone, without logging in, reads a month's published rating
— each deputy's band among their peers (the level of the body × the deputy's role), the
components that made it and the method version —, the methodology of every version, a
directory of deputies and each deputy's public profile with their mandates and monthly
history. A published month's open data is `rating_data.py`.

Only what a branch published is shown: `Snapshot.objects.latest_published()`, each deputy's
month at its latest published revision (one published later says so, the earlier ones a
link away); a snapshot being computed or corrected, never. And only a deputy's public
fields: name, body, convocation, mandate, party, faction, posts, dates, bands and
components. A person is read with their name's columns alone (`PUBLIC_PERSON`): no IIN,
birth date, sex, phone, e-mail or address is even loaded, nor a snapshot's age, so none can
reach a page or a file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import dateformat, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.deputies import rating
from esep.deputies.models import (
    ROLE_ORDER,
    Component,
    Level,
    Mandate,
    MandateQuerySet,
    Method,
    Party,
    Position,
    Publication,
    RepresentativeBody,
    Snapshot,
)
from esep.lib.folding import folded_contains
from esep.lib.listing import paged
from esep.org.models import Person, Territory

# The columns of a person a public page may read: their name, nothing else.
NAME_FIELDS = ("surname", "given_name", "patronymic")
PUBLIC_PERSON = ("id", *NAME_FIELDS)
# A snapshot's columns a public page reads (never `age` or `young`, internal to figures).
PUBLIC_SNAPSHOT = (
    "id",
    "mandate",
    "month",
    "revision",
    "method",
    "days_in_office",
    "level",
    "role",
    "components",
    "score",
    "band",
    "peers",
    "publication",
    "method__version",
    "method__valid_from",
    "publication__published_at",
    "mandate__person",
    *(f"mandate__person__{name}" for name in NAME_FIELDS),
    "mandate__convocation",
    "mandate__convocation__number",
    "mandate__convocation__body",
    "mandate__convocation__body__code",
    "mandate__convocation__body__level",
    "mandate__convocation__body__name_kk",
    "mandate__convocation__body__name_ru",
    "mandate__convocation__body__name_en",
)
MONTH_FORMAT = "%Y-%m"


def month_key(month: dt.date) -> str:
    return month.strftime(MONTH_FORMAT)


def month_label(month: dt.date) -> str:
    """March 2021 in the page's language (наурыз 2021, Март 2021)."""
    return capfirst(dateformat.format(month, "F Y"))


def parse_month(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, MONTH_FORMAT).date()
    except ValueError:
        return None


def published_months() -> list[dt.date]:
    """The months some branch has published, latest first."""
    return list(Publication.objects.dates("month", "month", order="DESC"))


def name_q(text: str, prefix: str = "") -> Q:
    """Every word of `text` in the person's surname, name or patronymic, in any case (never
    an IIN or anything else a person may be found by)."""
    found = Q()
    for word in text.split():
        found &= (
            folded_contains(f"{prefix}surname", word)
            | folded_contains(f"{prefix}given_name", word)
            | folded_contains(f"{prefix}patronymic", word)
        )
    return found


def regions() -> QuerySet[Territory]:
    """What a region filter offers: the country's oblasts and cities of national status."""
    return Territory.objects.filter(depth=2).order_by("path")


def _ordinal(field: str, values: Sequence[str]) -> Case:
    return Case(
        *[When(**{field: value}, then=Value(index)) for index, value in enumerate(values)],
        default=Value(len(values)),
        output_field=IntegerField(),
    )


# ---------------------------------------------------------------- how a month is shown


BAND_NAMES = {
    1: gettext_lazy("the top fifth of the peer group"),
    2: gettext_lazy("the second fifth of the peer group"),
    3: gettext_lazy("the middle fifth of the peer group"),
    4: gettext_lazy("the fourth fifth of the peer group"),
    5: gettext_lazy("the bottom fifth of the peer group"),
}


@dataclass(frozen=True)
class Standing:
    """Where a deputy's month stands: a band (1 the top fifth), or why there is none."""

    band: int | None
    label: str
    note: str


def standing(snapshot: Snapshot) -> Standing:
    if snapshot.score is None:
        if snapshot.days_in_office < rating.MIN_DAYS:
            note = _(
                "Days in office this month: %(days)s; a deputy is ranked from %(min)s days."
            ) % {"days": snapshot.days_in_office, "min": rating.MIN_DAYS}
        else:
            note = _("Nothing the method counts could be measured this month.")
        return Standing(None, _("not enough data"), note)
    if snapshot.band is None:
        note = _("Deputies ranked in the peer group: %(peers)s; bands are given from %(min)s.") % {
            "peers": snapshot.peers,
            "min": rating.MIN_PEERS,
        }
        return Standing(None, _("group too small"), note)
    return Standing(
        snapshot.band,
        _("band %(band)s of %(bands)s") % {"band": snapshot.band, "bands": rating.BANDS},
        str(BAND_NAMES[snapshot.band]),
    )


def peer_group(level: str, role: str) -> str:
    return _("%(level)s: %(role)s") % {
        "level": capfirst(Level(level).label),
        "role": Position(role).label,
    }


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


@dataclass(frozen=True)
class Part:
    """One component of a deputy's month as computed: its weight and standard, the raw
    value (a count, or a share with what it divides), the value against the standard and
    the capped score out of 100; or absent (nothing to count: it leaves the sums)."""

    component: str
    label: str
    share: bool
    available: bool
    weight: Decimal | None
    standard: Decimal | None
    raw: Decimal | None
    normalised: Decimal | None
    score: Decimal | None
    numerator: int | None
    denominator: int | None

    @property
    def capped(self) -> bool:
        return self.normalised is not None and self.normalised > 1

    @property
    def percent_of_standard(self) -> Decimal | None:
        return None if self.normalised is None else self.normalised * 100

    @property
    def raw_percent(self) -> Decimal | None:
        return None if self.raw is None else self.raw * 100

    @property
    def standard_percent(self) -> Decimal | None:
        return None if self.standard is None else self.standard * 100


def part(component: str, data: dict[str, Any]) -> Part:
    spec = rating.COMPONENTS.get(component)
    return Part(
        component,
        str(capfirst(Component(component).label)) if component in Component.values else component,
        bool(spec and spec.share),
        bool(data.get("available")),
        _decimal(data.get("weight")),
        _decimal(data.get("standard")),
        _decimal(data.get("raw")),
        _decimal(data.get("normalised")),
        _decimal(data.get("score")),
        data.get("numerator"),
        data.get("denominator"),
    )


def parts(snapshot: Snapshot) -> list[Part]:
    """The snapshot's components, heaviest first as the methodology lists them."""
    found = [part(c, data) for c, data in (snapshot.components or {}).items()]
    return sorted(found, key=lambda p: (-(p.weight or 0), _order(p.component)))


def _order(component: str) -> int:
    values = list(Component.values)
    return values.index(component) if component in values else len(values)


def revised_on(snapshot: Snapshot) -> dt.date | None:
    """The day a later revision of the month was published (revision 1 was not revised)."""
    if snapshot.revision <= 1 or snapshot.publication is None:
        return None
    return timezone.localdate(snapshot.publication.published_at)


@dataclass(frozen=True)
class Row:
    snapshot: Snapshot
    name: str
    body: RepresentativeBody
    standing: Standing
    cells: list[Part | None]  # one per column; None: not in this deputy's method version
    revised_on: dt.date | None


@dataclass(frozen=True)
class Group:
    label: str
    peers: int
    rows: list[Row]


# ---------------------------------------------------------------- the month's rating


class RatingFilter(django_filters.FilterSet):
    """The rating's choices: a published month (the latest by default), the level of the
    body, a body, a region (bodies of its territory) and a deputy's name."""

    month = django_filters.ChoiceFilter(
        label=gettext_lazy("Month"), method="in_month", empty_label=None
    )
    level = django_filters.ChoiceFilter(
        label=gettext_lazy("Level"),
        choices=[(value, capfirst(label)) for value, label in Level.choices],
        empty_label=gettext_lazy("All levels"),
    )
    body = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Representative body"),
        queryset=RepresentativeBody.objects.none(),
        to_field_name="code",
        field_name="mandate__convocation__body",
        empty_label=gettext_lazy("All bodies"),
    )
    region = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Region"),
        queryset=Territory.objects.none(),
        to_field_name="kato",
        method="in_region",
        empty_label=gettext_lazy("All regions"),
    )
    name = django_filters.CharFilter(label=gettext_lazy("Deputy's name"), method="named")

    class Meta:
        model = Snapshot
        fields = ["month", "level", "body", "region", "name"]

    def __init__(self, *args: Any, months: Sequence[dt.date] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["month"].extra["choices"] = [(month_key(m), month_label(m)) for m in months]
        self.filters["body"].queryset = RepresentativeBody.objects.order_by("level", "code")
        self.filters["region"].queryset = regions()

    def in_month(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        month = parse_month(value)
        return queryset.filter(month=month) if month else queryset.none()

    def in_region(self, queryset: QuerySet, name: str, value: Territory) -> QuerySet:
        return queryset.filter(mandate__convocation__body__territory__path__startswith=value.path)

    def named(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(name_q(value, "mandate__person__"))


def public_snapshots(snapshots: QuerySet[Snapshot]) -> QuerySet[Snapshot]:
    """The snapshots with the public columns alone, in the rating's order: peer groups by
    level and role, then bands (those without one after), then names."""
    return (
        snapshots.select_related(
            "method", "publication", "mandate__person", "mandate__convocation__body"
        )
        .only(*PUBLIC_SNAPSHOT)
        .annotate(
            level_order=_ordinal("level", Level.values),
            role_order=_ordinal("role", ROLE_ORDER),
            unscored=Case(When(score__isnull=True, then=Value(1)), default=Value(0)),
        )
        .order_by(
            "level_order",
            "role_order",
            "unscored",
            "band",
            "mandate__person__surname",
            "mandate__person__given_name",
            "pk",
        )
    )


def columns_of(snapshots: Iterable[Snapshot]) -> list[str]:
    """The components the page's snapshots were computed with, in the components' order."""
    found = {c for s in snapshots for c in (s.components or {})}
    return [c for c in Component.values if c in found]


def rows_of(snapshots: Sequence[Snapshot], columns: Sequence[str]) -> list[Row]:
    return [
        Row(
            s,
            s.mandate.person.full_name,
            s.mandate.convocation.body,
            standing(s),
            [part(c, s.components[c]) if c in (s.components or {}) else None for c in columns],
            revised_on(s),
        )
        for s in snapshots
    ]


def grouped(rows: Sequence[Row]) -> list[Group]:
    """The page's rows by peer group, in order (a group may go on to the next page)."""
    groups: list[Group] = []
    for row in rows:
        label = peer_group(row.snapshot.level, row.snapshot.role)
        if not groups or groups[-1].label != label:
            groups.append(Group(label, 0, []))
        groups[-1].rows.append(row)
    return [
        Group(g.label, max((r.snapshot.peers for r in g.rows), default=0), g.rows) for g in groups
    ]


def index(request: HttpRequest) -> HttpResponse:
    months = published_months()
    data = request.GET.copy()
    if months and not data.get("month"):
        data["month"] = month_key(months[0])
    filters = RatingFilter(data, queryset=Snapshot.objects.latest_published(), months=months)
    valid = filters.is_valid()
    snapshots = filters.qs if valid and months else Snapshot.objects.none()
    month = parse_month(filters.form.cleaned_data.get("month", "")) if valid else None
    page = paged(public_snapshots(snapshots), request)
    shown = list(page.object_list)
    columns = columns_of(shown)
    methods = sorted({s.method.version for s in shown})
    return render(
        request,
        "portal/rating/index.html",
        {
            "filters": filters,
            "month": month,
            "months": months,
            "page": page,
            "columns": [(c, capfirst(Component(c).label)) for c in columns],
            "groups": grouped(rows_of(shown, columns)),
            "methods": methods,
            "min_days": rating.MIN_DAYS,
            "min_peers": rating.MIN_PEERS,
        },
        status=200 if valid else 400,
    )


# ---------------------------------------------------------------- the methodology


@dataclass(frozen=True)
class WeightView:
    component: str
    label: str
    explains: str
    share: bool
    weight: Decimal
    of_total: Decimal  # percent of the weights' sum
    standard: Decimal
    standard_percent: Decimal


@dataclass(frozen=True)
class MethodView:
    method: Method
    until: dt.date | None  # the last month it applies to; None: still applies
    in_force: bool
    upcoming: bool
    weights: list[WeightView]
    total: Decimal


def method_views(today: dt.date) -> list[MethodView]:
    methods = list(Method.objects.prefetch_related("weights").order_by("-valid_from"))
    this_month = today.replace(day=1)
    in_force = next((m.pk for m in methods if m.valid_from <= this_month), None)
    out = []
    later: Method | None = None
    for method in methods:
        weights = list(method.weights.all())
        total = sum((w.weight for w in weights), Decimal(0))
        until = (later.valid_from - dt.timedelta(days=1)).replace(day=1) if later else None
        out.append(
            MethodView(
                method,
                until,
                method.pk == in_force,
                method.valid_from > this_month,
                [
                    WeightView(
                        w.component,
                        capfirst(w.get_component_display()),
                        str(rating.COMPONENTS[w.component].explains),
                        rating.COMPONENTS[w.component].share,
                        w.weight,
                        100 * w.weight / total if total else Decimal(0),
                        w.standard,
                        w.standard * 100,
                    )
                    for w in sorted(weights, key=lambda w: (-w.weight, _order(w.component)))
                ],
                total,
            )
        )
        later = method
    return out


def methodology(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/rating/methodology.html",
        {
            "methods": method_views(timezone.localdate()),
            "min_days": rating.MIN_DAYS,
            "min_peers": rating.MIN_PEERS,
            "bands": rating.BANDS,
            "window": rating.WINDOW_WORKING_DAYS,
            "repeat_days": rating.REPEAT_DAYS,
            "band_names": [(band, BAND_NAMES[band]) for band in sorted(BAND_NAMES)],
        },
    )


# ---------------------------------------------------------------- the deputies' directory


CURRENT = "current"


class DirectoryFilter(django_filters.FilterSet):
    """The directory's choices: current mandates (by default) or all, the body, its level,
    the party, a name."""

    held = django_filters.ChoiceFilter(
        label=gettext_lazy("Mandates"),
        choices=[
            (CURRENT, gettext_lazy("Current mandates")),
            ("all", gettext_lazy("All mandates, past ones too")),
        ],
        empty_label=None,
        method="held_now",
    )
    body = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Representative body"),
        queryset=RepresentativeBody.objects.none(),
        to_field_name="code",
        field_name="convocation__body",
        empty_label=gettext_lazy("All bodies"),
    )
    level = django_filters.ChoiceFilter(
        label=gettext_lazy("Level"),
        choices=[(value, capfirst(label)) for value, label in Level.choices],
        field_name="convocation__body__level",
        empty_label=gettext_lazy("All levels"),
    )
    party = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Party"),
        queryset=Party.objects.none(),
        to_field_name="code",
        empty_label=gettext_lazy("All parties"),
    )
    name = django_filters.CharFilter(label=gettext_lazy("Deputy's name"), method="named")

    class Meta:
        model = Mandate
        fields = ["held", "body", "level", "party", "name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["body"].queryset = RepresentativeBody.objects.order_by("level", "code")
        self.filters["party"].queryset = Party.objects.all()

    def held_now(self, queryset: MandateQuerySet, name: str, value: str) -> QuerySet:
        if value != CURRENT:
            return queryset
        today = timezone.localdate()
        return queryset.in_office(today).filter(
            Q(convocation__ended_on__isnull=True) | Q(convocation__ended_on__gte=today)
        )

    def named(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(name_q(value, "person__"))


# A mandate's columns a public page reads.
PUBLIC_MANDATE = (
    "id",
    "kind",
    "district",
    "started_on",
    "ended_on",
    "end_reason",
    "party",
    "person",
    *(f"person__{name}" for name in NAME_FIELDS),
    "convocation",
    "convocation__number",
    "convocation__started_on",
    "convocation__ended_on",
    "convocation__body",
    "convocation__body__code",
    "convocation__body__level",
    "convocation__body__name_kk",
    "convocation__body__name_ru",
    "convocation__body__name_en",
    "party__code",
    "party__name_kk",
    "party__name_ru",
    "party__name_en",
)


def public_mandates(mandates: QuerySet[Mandate], *more: str) -> QuerySet[Mandate]:
    return mandates.select_related("person", "convocation__body", "party").only(
        *PUBLIC_MANDATE, *more
    )


def directory(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("held", CURRENT)
    filters = DirectoryFilter(data, queryset=Mandate.objects.all())
    valid = filters.is_valid()
    mandates = filters.qs if valid else Mandate.objects.none()
    page = paged(
        public_mandates(mandates).order_by(
            "person__surname", "person__given_name", "person__patronymic", "person_id", "pk"
        ),
        request,
    )
    return render(
        request,
        "portal/rating/directory.html",
        {"filters": filters, "page": page, "mandates": list(page.object_list)},
        status=200 if valid else 400,
    )


# ---------------------------------------------------------------- a deputy's profile


@dataclass(frozen=True)
class MonthView:
    """A deputy's published month in one mandate: the latest published revision, and the
    earlier ones beside it."""

    snapshot: Snapshot
    standing: Standing
    peer_group: str
    revised_on: dt.date | None
    earlier: list[Snapshot]


def history(published: Sequence[Snapshot]) -> list[MonthView]:
    """`published` ordered by month (latest first), mandate, revision (latest first)."""
    out: list[MonthView] = []
    seen: dict[tuple[int, dt.date], MonthView] = {}
    for snapshot in published:
        key = (snapshot.mandate_id, snapshot.month)
        if key in seen:
            seen[key].earlier.append(snapshot)
            continue
        view = MonthView(
            snapshot,
            standing(snapshot),
            peer_group(snapshot.level, snapshot.role),
            revised_on(snapshot),
            [],
        )
        seen[key] = view
        out.append(view)
    return out


@dataclass(frozen=True)
class Breakdown:
    snapshot: Snapshot
    standing: Standing
    peer_group: str
    parts: list[Part]
    latest: bool  # the latest published revision of the month


def deputy(request: HttpRequest, person_id: int) -> HttpResponse:
    person = (
        Person.objects.filter(pk=person_id, mandates__isnull=False)
        .only(*PUBLIC_PERSON)
        .distinct()
        .first()
    )
    if person is None:
        raise Http404
    mandates = list(
        public_mandates(
            Mandate.objects.filter(person=person).select_related(
                "faction_post__body__branch", "convocation__body__territory"
            ),
            "convocation__body__territory",
            "convocation__body__territory__kato",
            "convocation__body__territory__name_kk",
            "convocation__body__territory__name_ru",
            "convocation__body__territory__name_en",
            "faction_post",
            "faction_post__position",
            "faction_post__started_on",
            "faction_post__ended_on",
            "faction_post__body",
            "faction_post__body__kind",
            "faction_post__body__branch",
            "faction_post__body__branch__name_kk",
            "faction_post__body__branch__name_ru",
            "faction_post__body__branch__name_en",
        )
        .prefetch_related("posts")
        .order_by("-started_on", "pk")
    )
    published = list(
        public_snapshots(Snapshot.objects.published().filter(mandate__person=person)).order_by(
            "-month", "mandate__convocation__body__level", "mandate_id", "-revision"
        )
    )
    months = history(published)
    chosen = _chosen_month(request, published)
    asked_revision = request.GET.get("revision", "")
    breakdowns = []
    for view in months:
        if view.snapshot.month != chosen:
            continue
        for snapshot in [view.snapshot, *view.earlier]:
            if asked_revision and str(snapshot.revision) != asked_revision:
                continue
            if not asked_revision and snapshot is not view.snapshot:
                continue
            breakdowns.append(
                Breakdown(
                    snapshot,
                    standing(snapshot),
                    peer_group(snapshot.level, snapshot.role),
                    parts(snapshot),
                    snapshot is view.snapshot,
                )
            )
    if asked_revision and not breakdowns:
        raise Http404
    return render(
        request,
        "portal/rating/deputy.html",
        {
            "person": person,
            "mandates": mandates,
            "today": timezone.localdate(),
            "months": months,
            "chosen": chosen,
            "breakdowns": breakdowns,
            "min_days": rating.MIN_DAYS,
            "min_peers": rating.MIN_PEERS,
        },
    )


def _chosen_month(request: HttpRequest, published: Sequence[Snapshot]) -> dt.date | None:
    """The month whose breakdown the profile shows: the one asked for (among the deputy's
    published months, or 404), else the latest."""
    months = [s.month for s in published]
    asked = request.GET.get("month", "")
    if not asked:
        return months[0] if months else None
    month = parse_month(asked)
    if month is None or month not in months:
        raise Http404
    return month
