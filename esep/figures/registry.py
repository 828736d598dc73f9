"""The figure registry: every statistic esep reports, defined once, with a stable code that
is part of the public interface. Dashboards, exports, the command line, published reports
and press releases all read figures from here (computation: `compute.py`).

A figure counts (or sums, or averages) the records of one source that fall in the period
and scope and meet its condition; a share divides one figure by another."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from esep.appeals.models import Appeal, Outcome, open_q
from esep.appeals.models import overdue_q as appeals_overdue_q
from esep.control.issues.lifecycle import Status as IssueStatus
from esep.control.issues.models import overdue_q as issues_overdue_q
from esep.control.models import ControlPost, Instruction, Issue, Visit
from esep.deputies.models import Attendance, Inquiry, Mandate, Snapshot
from esep.figures import aid as aid_figures
from esep.figures import assemblies
from esep.figures import awards as awards_figures
from esep.figures import elections as elections_figures
from esep.figures import ethics as ethics_figures
from esep.figures import outreach as outreach_figures
from esep.figures.models import (
    DISTRICT_DEPTH,
    AppealDay,
    AppealMonth,
    AppealMonthFacet,
    AppealRegionFacet,
)
from esep.lib.dates import month_start
from esep.org.models import Person
from esep.org.roles import Capability
from esep.programme.models import (
    Indicator,
    Measure,
    Monitor,
    Promise,
    Proposal,
    Status,
    Verdict,
)
from esep.programme.progress import Band, indicators_progress
from esep.receptions.models import Kind as ReceptionKind
from esep.receptions.models import Reception
from esep.receptions.models import Status as ReceptionStatus


class Unit:
    COUNT = "count"
    PEOPLE = "people"
    PERCENT = "percent"
    DAYS = "days"
    YEARS = "years"
    TENGE = "tenge"  # whole tenge: aid delivered (esep.figures.aid)


UNIT_LABELS = {
    Unit.COUNT: _("count"),
    Unit.PEOPLE: _("people"),
    Unit.PERCENT: _("percent"),
    Unit.DAYS: _("working days"),
    Unit.YEARS: _("years"),
    Unit.TENGE: _("tenge"),
}


@dataclass(frozen=True)
class Source:
    """A kind of record figures are counted from, and how it is placed in time and space."""

    name: str
    records: Callable[[], QuerySet]  # all of them
    visible: Callable[[Any], QuerySet]  # those a user may see
    # The field a period is applied to, unless a figure says otherwise; None: records of
    # today's state, not placed in time.
    date: str | None
    branch: str  # the foreign key to the branch (through another record if need be)
    territory: str  # the foreign key to the territory
    # breakdown key → field grouped by; month, branch and territory are always possible
    fields: dict[str, str] = field(default_factory=dict)
    category: str | None = None  # the foreign key to the category, if it has one
    # Counters kept per day, branch and territory (figures.AppealDay), read instead of the
    # records when a figure has one and the breakdown is by month, branch or territory
    # (for a period of whole months, `months`).
    rollup: Source | None = None
    # The same counters per month (figures.AppealMonth), read instead of `rollup` when the
    # period is whole months: a year is twelve rows per branch and district, not 365 per
    # branch and territory.
    months: Source | None = None
    # Counters per month and facet value (figures.AppealMonthFacet), for breakdowns by
    # channel, type, outcome or category over whole months.
    facets: Source | None = None
    # The facet counters added up by region (figures.AppealRegionFacet), read instead of
    # `facets` for the whole country or a whole region by whoever sees all of it.
    regions: Source | None = None
    # Of counters placed not by the record's own territory but by the one above it at this
    # depth (the month and facet counters, by district): a territory below it, or a
    # breakdown into territories below it, cannot be read from them; its figures are read
    # from the day counters, or the records.
    territory_depth: int | None = None
    # The capability over whose branch subtrees `visible` shows every record (by `branch`),
    # whatever else it adds elsewhere (a control post the user heads): a user holding it
    # over the branch asked for sees all of that branch's records, which are then read
    # without the user's condition (a region's officer's dashboard of their region names
    # the region's branches once, not twice). Not declared where `visible` shows less of
    # a branch (the other capability's records) or more than the records (ethics marks
    # the names a user may read).
    seen_by: Capability | None = None
    # Every user sees every record (certified elections' results): read without a user's
    # condition, whoever asks.
    public: bool = False
    # For a figure counting what is open on the period's last day (`date="active"`): the
    # fields of the day it opened and the day it closed (empty while open).
    active: tuple[str, str] | None = None
    # The foreign key to the representative body (deputies' records), for the breakdown
    # by body.
    body: str | None = None
    # Where `branch` and `territory` are not foreign keys but annotations of the records
    # (an elected candidate is placed by the branch that nominated them, else by the
    # election's): the annotations holding the branch's and territory's paths, which the
    # drill-down by sub-branch or sub-territory reads.
    branch_path: str | None = None
    territory_path: str | None = None


@dataclass(frozen=True)
class Figure:
    code: str
    label: StrOrPromise
    definition: StrOrPromise
    unit: str
    source: Source | None = None
    where: Callable[[dt.date], Q] = lambda today: Q()
    # ("count"|"sum"|"avg"|"distinct", field): "distinct" counts the field's distinct
    # values (people, not their assignments).
    total: tuple[str, str] = ("count", "pk")
    # "default": the source's; None: not limited by the period; "active": open on the
    # period's last day, "during": open on any of its days (by the source's `active` fields).
    date: str | None = "default"
    # For a share: numerator and denominator codes (no source of its own).
    numerator: str | None = None
    denominator: str | None = None
    # A figure of today's state ("overdue now"): it has no value for a period gone by, so no
    # previous period is computed or shown beside it.
    now: bool = False
    # Its counter in the source's rollup: a column, or (sum column, count column) for an
    # average; None when it cannot be read from there.
    rollup: str | tuple[str, str] | None = None
    # A figure computed by a function rather than a condition the database can state (an
    # indicator's pace, computed from its observations): given the records in scope and
    # period (a QuerySet), the scope, the period and today, it returns the condition of
    # those the figure counts, of which the figure's condition then keeps its own: best of
    # the values it read (their ids, a month), so that the figures' statements are kept by
    # them (`compute._read`). The value, its breakdowns and its drill-down all read that.
    # Figures of one source that share the function (the same object) are read in one
    # query, each with its condition.
    select: Callable[[QuerySet, Any, Any, dt.date], Q] | None = None

    @property
    def is_share(self) -> bool:
        return self.numerator is not None

    @property
    def date_field(self) -> str | None:
        assert self.source is not None
        return self.source.date if self.date == "default" else self.date


def _appeal_counters(model: Any, name: str, date: str, **facets: Any) -> Source:
    """A table of appeal counters (figures.AppealDay, AppealMonth, AppealMonthFacet) as a source:
    a user sees the counts of the branches whose appeals they see."""

    # A row whose appeals have all moved or gone keeps its zeros: never a group.
    def records() -> QuerySet:
        return model.objects.filter(received__gt=0)

    # The branches' ids as values, or no condition at all for whoever sees every tree: a
    # national year's rows are read without joining them to the branches.
    def visible(user: Any) -> QuerySet:
        return records().filter(user.scope_q(Capability.VIEW_APPEALS))

    return Source(
        name=name,
        records=records,
        visible=visible,
        date=date,
        branch="branch",
        territory="territory",
        seen_by=Capability.VIEW_APPEALS,
        **facets,
    )


def _appeal_days() -> Source:
    return _appeal_counters(AppealDay, "appeal_days", "day")


def _appeal_months() -> Source:
    return _appeal_counters(AppealMonth, "appeal_months", "month", territory_depth=DISTRICT_DEPTH)


def _appeal_month_facets() -> Source:
    return _appeal_counters(
        AppealMonthFacet,
        "appeal_month_facets",
        "month",
        fields={"channel": "value", "kind": "value", "outcome": "value"},
        category="value",
        territory_depth=DISTRICT_DEPTH,
        regions=_appeal_region_facets(),
    )


def _appeal_region_facets() -> Source:
    """The facet counters by region: a region is its own branch (its rows are placed by
    it), and they place no territory; read only for the whole country or a whole region,
    seen whole (`compute._by_region`)."""

    def seen_whole_only(user: Any) -> QuerySet:
        raise ValueError("the region counters are read only by whoever sees the scope whole")

    return Source(
        name="appeal_region_facets",
        records=lambda: AppealRegionFacet.objects.filter(received__gt=0),
        visible=seen_whole_only,
        date="month",
        branch="region",
        territory="region",
        fields={"channel": "value", "kind": "value", "outcome": "value"},
        category="value",
        seen_by=Capability.VIEW_APPEALS,
    )


def _appeals() -> Source:
    return Source(
        name="appeals",
        records=lambda: Appeal.objects.all(),
        visible=lambda user: Appeal.objects.visible_to(user),
        date="registered_on",
        branch="branch",
        territory="territory",
        seen_by=Capability.VIEW_APPEALS,
        fields={"channel": "channel", "kind": "kind", "outcome": "outcome"},
        category="category",
        rollup=_appeal_days(),
        months=_appeal_months(),
        facets=_appeal_month_facets(),
    )


def _open_appeals() -> Source:
    """The open appeals, for the figures of today's state ("overdue now"), read from the
    partial index of open appeals alone: what they ask is on its columns (registration day,
    deadline, branch, territory) and the user's branches are named by id, not joined by
    their paths, so PostgreSQL answers from the index, never the appeals' rows. The same
    records as the appeals source's open ones, seen by the same capability."""

    def visible(user: Any) -> QuerySet:
        return Appeal.objects.filter(open_q()).filter(user.scope_q(Capability.VIEW_APPEALS))

    return Source(
        name="open_appeals",
        records=lambda: Appeal.objects.filter(open_q()),
        visible=visible,
        date="registered_on",
        branch="branch",
        territory="territory",
        seen_by=Capability.VIEW_APPEALS,
        fields={"channel": "channel", "kind": "kind", "outcome": "outcome"},
        category="category",
    )


def _mobile_reception_appeals() -> Source:
    """Appeals registered at a mobile reception that was held: where and when their
    reception was (its day, branch and territory), seen with it. An appeal counts as from a
    mobile reception through the reception it was registered at, never by its channel alone
    (an import may give that channel without a reception), so these figures cannot show
    appeals from mobile receptions where none was held."""
    held_mobile = Q(reception__kind=ReceptionKind.MOBILE, reception__status=ReceptionStatus.HELD)

    def visible(user: Any) -> QuerySet:
        receptions = Reception.objects.visible_to(user).values("pk")
        return Appeal.objects.visible_to(user).filter(held_mobile, reception__in=receptions)

    return Source(
        name="mobile_reception_appeals",
        records=lambda: Appeal.objects.filter(held_mobile),
        visible=visible,
        date="reception__day",
        branch="reception__branch",
        territory="reception__territory",
        fields={"channel": "channel", "kind": "kind", "outcome": "outcome"},
        category="category",
    )


def _receptions() -> Source:
    return Source(
        name="receptions",
        records=lambda: Reception.objects.all(),
        visible=lambda user: Reception.objects.visible_to(user),
        date="day",
        branch="branch",
        seen_by=Capability.VIEW_WORK,
        territory="territory",
        fields={"kind": "kind", "place": "place_type"},
    )


def _posts() -> Source:
    return Source(
        name="control_posts",
        records=lambda: ControlPost.objects.all(),
        visible=lambda user: ControlPost.objects.visible_to(user),
        date="opened_on",
        branch="branch",
        seen_by=Capability.VIEW_WORK,
        territory="territory",
        fields={"object": "object_kind"},
        active=("opened_on", "closed_on"),
    )


def _visits() -> Source:
    return Source(
        name="visits",
        records=lambda: Visit.objects.all(),
        visible=lambda user: Visit.objects.filter(
            post__in=ControlPost.objects.visible_to(user).values("pk")
        ),
        date="visited_on",
        branch="post__branch",
        seen_by=Capability.VIEW_WORK,
        territory="post__territory",
    )


def _issues() -> Source:
    return Source(
        name="issues",
        records=lambda: Issue.objects.all(),
        visible=lambda user: Issue.objects.visible_to(user),
        date="taken_under_control_on",
        branch="branch",
        seen_by=Capability.VIEW_WORK,
        territory="territory",
        fields={"source": "source", "status": "status"},
        category="category",
    )


def _instructions() -> Source:
    return Source(
        name="instructions",
        records=lambda: Instruction.objects.all(),
        visible=lambda user: Instruction.objects.visible_to(user),
        date="issued_on",
        branch="branch",
        seen_by=Capability.VIEW_WORK,
        territory="branch__territory",
        fields={"status": "status"},
    )


def _work_in(field_name: str) -> Callable[[Any], Q]:
    """The records of the branches whose party work the user sees (VIEW_WORK over the
    branch subtree), through the record's path to its branch (`User.scope_q`, joined):
    no condition at all for whoever sees every tree."""
    return lambda user: user.scope_q(Capability.VIEW_WORK, field_name, joined=True)


def _promises() -> Source:
    """A promise belongs to its programme's branch and to its own territory."""
    return Source(
        name="promises",
        records=lambda: Promise.objects.all(),
        visible=lambda user: Promise.objects.filter(_work_in("section__programme__branch")(user)),
        date=None,
        branch="section__programme__branch",
        seen_by=Capability.VIEW_WORK,
        territory="territory",
    )


def _measures() -> Source:
    """A measure belongs to its road map's branch and to its own territory."""
    return Source(
        name="measures",
        records=lambda: Measure.objects.all(),
        visible=lambda user: Measure.objects.filter(_work_in("road_map__branch")(user)),
        date=None,
        branch="road_map__branch",
        seen_by=Capability.VIEW_WORK,
        territory="territory",
    )


def _indicators() -> Source:
    """An indicator belongs where its measure does."""
    return Source(
        name="indicators",
        records=lambda: Indicator.objects.all(),
        visible=lambda user: Indicator.objects.filter(_work_in("measure__road_map__branch")(user)),
        date=None,
        branch="measure__road_map__branch",
        seen_by=Capability.VIEW_WORK,
        territory="measure__territory",
    )


def _proposals() -> Source:
    return Source(
        name="proposals",
        records=lambda: Proposal.objects.all(),
        visible=lambda user: Proposal.objects.filter(_work_in("branch")(user)),
        date="received_on",
        branch="branch",
        seen_by=Capability.VIEW_WORK,
        territory="territory",
        fields={"channel": "channel", "outcome": "decision"},
        category="category",
    )


def _monitors() -> Source:
    """Monitors' assignments, placed by their road map's branch and territory."""
    return Source(
        name="monitors",
        records=lambda: Monitor.objects.all(),
        visible=lambda user: Monitor.objects.filter(_work_in("road_map__branch")(user)),
        date="since",
        branch="road_map__branch",
        seen_by=Capability.VIEW_WORK,
        territory="road_map__territory",
        active=("since", "until"),
    )


def _paced(band: str | None) -> Callable[[QuerySet, Any, Any, dt.date], Q]:
    """The indicators whose pace on the period's last day (today, for a period not over)
    falls in `band` (None: has any band — it has been measured), computed by the
    programme's progress formulas (`esep.programme.progress`)."""

    def select(records: QuerySet, scope: Any, period: Any, today: dt.date) -> Q:
        on = min(period.end, today)
        found = _read_once(scope, records, lambda: indicators_progress(records, on=on), on)
        return Q(
            pk__in=sorted(
                pk
                for pk, shown in found.items()
                if shown.band is not None and (band is None or shown.band == band)
            )
        )

    return select


def _under_control(today: dt.date) -> Q:
    return Q(controlled=True)


def _programme_figures() -> list[Figure]:
    """The election programme's figures: promises and measures as they stand today (their
    approved verdicts and statuses), indicators by their pace on the period's last day,
    citizens' proposals received in the period, and the members monitoring road maps."""
    promises, measures, indicators = _promises(), _measures(), _indicators()
    proposals, monitors = _proposals(), _monitors()
    verdict = lambda value: lambda today: Q(verdict=value)  # noqa: E731
    figures = [
        Figure(
            "programme.promises",
            _("Promises"),
            _("Promises of the election programmes, as they stand today."),
            Unit.COUNT,
            promises,
            date=None,
            now=True,
        ),
    ]
    for code, label, definition, share_label, share_definition, value in (
        (
            "kept",
            _("Promises kept"),
            _("Promises whose approved verdict today is kept."),
            _("Share of promises kept"),
            _("Promises kept as a share of all promises."),
            Verdict.KEPT,
        ),
        (
            "partially_kept",
            _("Promises partially kept"),
            _("Promises whose approved verdict today is partially kept."),
            _("Share of promises partially kept"),
            _("Promises partially kept as a share of all promises."),
            Verdict.PARTIALLY_KEPT,
        ),
        (
            "broken",
            _("Promises broken"),
            _("Promises whose approved verdict today is broken."),
            _("Share of promises broken"),
            _("Promises broken as a share of all promises."),
            Verdict.BROKEN,
        ),
        (
            "not_rated",
            _("Promises not yet rated"),
            _("Promises without an approved verdict today."),
            _("Share of promises not yet rated"),
            _("Promises not yet rated as a share of all promises."),
            Verdict.NOT_RATED,
        ),
    ):
        figures += [
            Figure(
                f"programme.promises_{code}",
                label,
                definition,
                Unit.COUNT,
                promises,
                verdict(value),
                date=None,
                now=True,
            ),
            Figure(
                f"programme.promises_{code}_share",
                share_label,
                share_definition,
                Unit.PERCENT,
                numerator=f"programme.promises_{code}",
                denominator="programme.promises",
                now=True,
            ),
        ]
    figures += [
        Figure(
            "programme.measures",
            _("Road map measures"),
            _("Measures of the road maps, as they stand today."),
            Unit.COUNT,
            measures,
            date=None,
            now=True,
        ),
        Figure(
            "programme.measures_completed",
            _("Measures completed"),
            _("Measures of the road maps whose approved progress status today is completed."),
            Unit.COUNT,
            measures,
            lambda today: Q(status=Status.COMPLETED),
            date=None,
            now=True,
        ),
        Figure(
            "programme.measures_overdue",
            _("Measures overdue now"),
            _("Measures of the road maps past their deadline today and not completed."),
            Unit.COUNT,
            measures,
            lambda today: Q(deadline__lt=today) & ~Q(status=Status.COMPLETED),
            date=None,
            now=True,
        ),
        Figure(
            "programme.indicators_measured",
            _("Indicators measured"),
            _(
                "Target indicators of the road maps with a pace on the last day of the period: "
                "observed, so that how far they have come can be set against the time gone."
            ),
            Unit.COUNT,
            indicators,
            date=None,
            select=_paced(None),
        ),
        Figure(
            "programme.indicators_on_track",
            _("Indicators on track"),
            _(
                "Target indicators whose pace on the last day of the period is on track: "
                "at least 0.95 of the progress due by then."
            ),
            Unit.COUNT,
            indicators,
            date=None,
            select=_paced(Band.ON_TRACK),
        ),
        Figure(
            "programme.indicators_on_track_share",
            _("Share of indicators on track"),
            _(
                "Indicators on track as a share of the indicators measured (those with a pace "
                "on the last day of the period)."
            ),
            Unit.PERCENT,
            numerator="programme.indicators_on_track",
            denominator="programme.indicators_measured",
        ),
        Figure(
            "programme.proposals_received",
            _("Citizens' proposals received"),
            _("Citizens' proposals to the programme received in the period."),
            Unit.COUNT,
            proposals,
        ),
        Figure(
            "programme.proposals_included",
            _("Proposals included"),
            _(
                "Citizens' proposals received in the period that the branch decided to include "
                "in the programme."
            ),
            Unit.COUNT,
            proposals,
            lambda today: Q(decision=Proposal.Decision.INCLUDED),
        ),
        Figure(
            "programme.proposals_included_share",
            _("Share of proposals included"),
            _("Proposals included as a share of the citizens' proposals received."),
            Unit.PERCENT,
            numerator="programme.proposals_included",
            denominator="programme.proposals_received",
        ),
        Figure(
            "programme.monitors",
            _("Members monitoring promises"),
            _(
                "Party members assigned to follow a road map on the last day of the period, "
                "each counted once however many road maps they follow."
            ),
            Unit.PEOPLE,
            monitors,
            total=("distinct", "person"),
            date="active",
        ),
    ]
    return figures


# ---------------------------------------------------------------- deputies

_BODY = "convocation__body"


def _deputies_in(prefix: str) -> Callable[[Any], Q]:
    """Who sees deputies' records: those who see the party work (VIEW_WORK) of the body's
    branch subtree."""
    return lambda user: user.scope_q(Capability.VIEW_WORK, f"{prefix}{_BODY}__branch", joined=True)


def _mandates() -> Source:
    """The party's mandates, placed by their body's branch and territory; a period counts
    those held on at least one of its days (`Mandate.objects.in_office`)."""
    return Source(
        name="mandates",
        records=lambda: Mandate.objects.of_own_party(),
        visible=lambda user: Mandate.objects.of_own_party().filter(_deputies_in("")(user)),
        date="during",
        branch=f"{_BODY}__branch",
        seen_by=Capability.VIEW_WORK,
        territory=f"{_BODY}__territory",
        body=_BODY,
        active=("started_on", "ended_on"),
    )


def _snapshots() -> Source:
    """The rating's snapshots at each deputy's month's latest revision (current), placed by
    the mandate's body; the month is chosen by the figure (`_last_month`)."""
    return Source(
        name="snapshots",
        records=lambda: Snapshot.objects.current(),
        visible=lambda user: Snapshot.objects.current().filter(_deputies_in("mandate__")(user)),
        date=None,
        branch=f"mandate__{_BODY}__branch",
        seen_by=Capability.VIEW_WORK,
        territory=f"mandate__{_BODY}__territory",
        body=f"mandate__{_BODY}",
    )


def _of_mandates(name: str, model: Any, date: str) -> Source:
    """A record of a party deputy's work kept on their mandate (inquiries, attendance)."""
    return Source(
        name=name,
        records=lambda: model.objects.filter(mandate__party__is_own=True),
        visible=lambda user: model.objects.filter(
            _deputies_in("mandate__")(user), mandate__party__is_own=True
        ),
        date=date,
        branch=f"mandate__{_BODY}__branch",
        seen_by=Capability.VIEW_WORK,
        territory=f"mandate__{_BODY}__territory",
        body=f"mandate__{_BODY}",
    )


def _read_once(scope: Any, records: QuerySet, read: Callable[[], Any], *also: Any) -> Any:
    """What `read` finds of `records` (and of what else it reads, `also`), read once for
    the scope: the figures a page shows of the same records (the deputies rated, young and
    their average age, and the same by body; the indicators measured and those on track)
    ask it again and again."""
    try:
        memo = ("read once", str(records.query), *also)
    except EmptyResultSet:  # nothing can match: nothing to read or keep
        return read()
    kept = getattr(scope, "_placed", None)
    if kept is None:
        return read()
    if memo not in kept:
        kept[memo] = read()
    return kept[memo]


def _last_month(records: QuerySet, scope: Any, period: Any, today: dt.date) -> Q:
    """The snapshots of the last month of the period (or of the month it begins in) that
    has been computed for the records in scope (each figure then keeps those meeting its
    condition: rated, young). Ages and the young flag are read from there: birth dates are
    encrypted, so the rating keeps each deputy's age and whether they were young (under
    ESEP_YOUNG_AGE) on the month's last day in office when it computes the month."""
    months = records.filter(month__gte=month_start(period.start), month__lte=period.end)
    last = _read_once(scope, months, lambda: months.aggregate(last=Max("month"))["last"])
    return Q(month=last) if last else Q(pk__in=[])


def _held_with_deputy(today: dt.date) -> Q:
    """Held receptions with a party deputy in office that day among the receivers."""
    deputy = Mandate.objects.of_own_party().filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef("day")),
        person__receptions_held=OuterRef("pk"),
        started_on__lte=OuterRef("day"),
    )
    return Q(status=ReceptionStatus.HELD) & Q(Exists(deputy))


def _headed_by_deputy(records: QuerySet, scope: Any, period: Any, today: dt.date) -> Q:
    """Control posts headed by a party deputy in office on the period's last day."""
    heads = Mandate.objects.of_own_party().in_office(period.end).values("person")
    return Q(head__in=heads)


def _deputies_figures() -> list[Figure]:
    """The party's deputies: how many held a mandate in the period, women among them; from
    the rating's last computed month of the period, how many were rated, young and their
    average age; their receptions, the control posts they head, their inquiries and their
    attendance at sittings. Each by body, branch and territory (the representative body's)."""
    mandates, snapshots, receptions, posts = _mandates(), _snapshots(), _receptions(), _posts()
    inquiries = _of_mandates("inquiries", Inquiry, "sent_on")
    attendance = _of_mandates("attendance", Attendance, "sitting__held_on")
    excused = Attendance.Mark.EXCUSED
    return [
        Figure(
            "deputies.count",
            _("Party deputies"),
            _(
                "Deputies of the party who held a mandate on at least one day of the period, "
                "each counted once."
            ),
            Unit.PEOPLE,
            mandates,
            total=("distinct", "person"),
        ),
        Figure(
            "deputies.women",
            _("Women deputies"),
            _("Of the party's deputies in office in the period, the women, each counted once."),
            Unit.PEOPLE,
            mandates,
            lambda today: Q(person__sex=Person.Sex.FEMALE),
            total=("distinct", "person"),
        ),
        Figure(
            "deputies.rated",
            _("Deputies rated"),
            _(
                "Party deputies with a rating score in the last month of the period whose "
                "rating has been computed (latest revision); those with fewer than 10 days in "
                "office that month are not rated."
            ),
            Unit.PEOPLE,
            snapshots,
            lambda today: Q(score__isnull=False),
            total=("distinct", "mandate__person"),
            date=None,
            select=_last_month,
        ),
        Figure(
            "deputies.young",
            _("Young deputies"),
            _(
                "Party deputies in office in the last month of the period whose rating has "
                "been computed who were under the young age (35) on that month's last day in "
                "office, as the rating recorded."
            ),
            Unit.PEOPLE,
            snapshots,
            lambda today: Q(young=True),
            total=("distinct", "mandate__person"),
            date=None,
            select=_last_month,
        ),
        Figure(
            "deputies.average_age",
            _("Average age of deputies"),
            _(
                "The party deputies' average age in years on the last day in office of the "
                "last month of the period whose rating has been computed."
            ),
            Unit.YEARS,
            snapshots,
            total=("avg", "age"),
            date=None,
            select=_last_month,
        ),
        Figure(
            "deputies.receptions_held",
            _("Receptions held by deputies"),
            _(
                "Receptions of citizens held in the period with a party deputy in office "
                "among the receivers."
            ),
            Unit.COUNT,
            receptions,
            _held_with_deputy,
        ),
        Figure(
            "deputies.control_posts_headed",
            _("Control posts headed by deputies"),
            _(
                "Party control posts open on the last day of the period headed by a party "
                "deputy in office that day."
            ),
            Unit.COUNT,
            posts,
            date="active",
            select=_headed_by_deputy,
        ),
        Figure(
            "deputies.inquiries",
            _("Deputies' inquiries"),
            _("Inquiries the party's deputies sent to state bodies in the period."),
            Unit.COUNT,
            inquiries,
        ),
        Figure(
            "deputies.sittings_attended",
            _("Sittings attended"),
            _("Marks of the party's deputies present at the sittings held in the period."),
            Unit.COUNT,
            attendance,
            lambda today: Q(mark=Attendance.Mark.PRESENT),
        ),
        Figure(
            "deputies.sittings_counted",
            _("Sittings to attend"),
            _(
                "Marks of the party's deputies at the sittings held in the period, less "
                "absences for a valid reason."
            ),
            Unit.COUNT,
            attendance,
            lambda today: ~Q(mark=excused),
        ),
        Figure(
            "deputies.attendance_share",
            _("Deputies' attendance"),
            _(
                "Sittings the party's deputies attended as a share of the sittings they were "
                "to attend in the period (absences for a valid reason left out)."
            ),
            Unit.PERCENT,
            numerator="deputies.sittings_attended",
            denominator="deputies.sittings_counted",
        ),
    ]


def _build() -> dict[str, Figure]:
    appeals, receptions, posts = _appeals(), _receptions(), _posts()
    open_appeals, mobile_appeals = _open_appeals(), _mobile_reception_appeals()
    visits, issues, instructions = _visits(), _issues(), _instructions()
    outcome = lambda value: lambda today: Q(outcome=value)  # noqa: E731
    figures = [
        Figure(
            "appeals.received",
            _("Appeals received"),
            _("Appeals registered in the period, anonymous ones included."),
            Unit.COUNT,
            appeals,
        ),
        Figure(
            "appeals.resolved_positively",
            _("Resolved positively"),
            _("Appeals registered in the period whose answer resolved them positively."),
            Unit.COUNT,
            appeals,
            outcome("resolved_positively"),
        ),
        Figure(
            "appeals.resolved_positively_share",
            _("Share resolved positively"),
            _("Appeals resolved positively as a share of the appeals received."),
            Unit.PERCENT,
            numerator="appeals.resolved_positively",
            denominator="appeals.received",
        ),
        Figure(
            "appeals.resolved_partially",
            _("Resolved partially"),
            _("Appeals registered in the period resolved in part."),
            Unit.COUNT,
            appeals,
            outcome("resolved_partially"),
        ),
        Figure(
            "appeals.explained",
            _("Explained"),
            _("Appeals registered in the period answered with an explanation."),
            Unit.COUNT,
            appeals,
            outcome("explained"),
        ),
        Figure(
            "appeals.refused",
            _("Refused"),
            _("Appeals registered in the period whose request was refused."),
            Unit.COUNT,
            appeals,
            outcome("refused"),
        ),
        Figure(
            "appeals.forwarded",
            _("Forwarded to the competent body"),
            _("Appeals registered in the period handed over to the body competent for them."),
            Unit.COUNT,
            appeals,
            outcome("forwarded"),
        ),
        Figure(
            "appeals.left_without_consideration",
            _("Left without consideration"),
            _("Appeals registered in the period left without consideration."),
            Unit.COUNT,
            appeals,
            outcome("left_without_consideration"),
        ),
        Figure(
            "appeals.answered",
            _("Appeals answered"),
            _("Appeals registered in the period that have been answered."),
            Unit.COUNT,
            appeals,
            lambda today: Q(answered_on__isnull=False),
        ),
        Figure(
            "appeals.answered_on_time",
            _("Answered on time"),
            _("Answered appeals of the period whose answer came by their deadline."),
            Unit.COUNT,
            appeals,
            lambda today: Q(answered_on__isnull=False, answered_on__lte=F("due_on")),
        ),
        Figure(
            "appeals.answered_on_time_share",
            _("Share answered on time"),
            _("Appeals answered on time as a share of the appeals answered."),
            Unit.PERCENT,
            numerator="appeals.answered_on_time",
            denominator="appeals.answered",
        ),
        Figure(
            "appeals.overdue_now",
            _("Overdue now"),
            _("Appeals registered in the period, still unanswered today past their deadline."),
            Unit.COUNT,
            open_appeals,
            appeals_overdue_q,
            now=True,
        ),
        Figure(
            "appeals.under_control",
            _("Under party control"),
            _("Appeals registered in the period taken under party control, alone or in a group."),
            Unit.COUNT,
            appeals,
            _under_control,
        ),
        Figure(
            "appeals.average_working_days_to_answer",
            _("Average time to answer"),
            _("Working days from registration to answer, averaged over the answered appeals."),
            Unit.DAYS,
            appeals,
            lambda today: Q(answer_working_days__isnull=False),
            total=("avg", "answer_working_days"),
        ),
        Figure(
            "appeals.disputed",
            _("Disputed"),
            _("Appeals registered in the period whose applicant disputed an answer."),
            Unit.COUNT,
            appeals,
            lambda today: Q(disputed=True),
        ),
        Figure(
            "receptions.held",
            _("Receptions held"),
            _("Receptions, at the office and mobile, held in the period."),
            Unit.COUNT,
            receptions,
            lambda today: Q(status=ReceptionStatus.HELD),
        ),
        Figure(
            "receptions.mobile_held",
            _("Mobile receptions held"),
            _("Receptions away from the office held in the period."),
            Unit.COUNT,
            receptions,
            lambda today: Q(status=ReceptionStatus.HELD, kind=ReceptionKind.MOBILE),
        ),
        Figure(
            "receptions.people_received",
            _("People received"),
            _("People received at the receptions held in the period."),
            Unit.PEOPLE,
            receptions,
            lambda today: Q(status=ReceptionStatus.HELD),
            total=("sum", "people_received"),
        ),
        Figure(
            "receptions.mobile_people_received",
            _("People received at mobile receptions"),
            _("People received at the mobile receptions held in the period."),
            Unit.PEOPLE,
            receptions,
            lambda today: Q(status=ReceptionStatus.HELD, kind=ReceptionKind.MOBILE),
            total=("sum", "people_received"),
        ),
        Figure(
            "receptions.mobile_appeals",
            _("Appeals from mobile receptions"),
            _("Appeals registered at the mobile receptions held in the period."),
            Unit.COUNT,
            mobile_appeals,
        ),
        Figure(
            "receptions.mobile_appeals_resolved_positively",
            _("Appeals from mobile receptions resolved positively"),
            _(
                "Appeals registered at the mobile receptions held in the period and resolved "
                "positively."
            ),
            Unit.COUNT,
            mobile_appeals,
            outcome(Outcome.RESOLVED_POSITIVELY),
        ),
        Figure(
            "receptions.mobile_resolved_positively_share",
            _("Share of mobile-reception appeals resolved positively"),
            _(
                "Appeals from mobile receptions resolved positively, as a share of the appeals "
                "registered at the mobile receptions held in the period."
            ),
            Unit.PERCENT,
            numerator="receptions.mobile_appeals_resolved_positively",
            denominator="receptions.mobile_appeals",
        ),
        Figure(
            "control_posts.active",
            _("Active control posts"),
            _("Party control posts open on the last day of the period."),
            Unit.COUNT,
            posts,
            lambda today: Q(),
            date="active",
        ),
        Figure(
            "control_posts.visits",
            _("Visits to control posts"),
            _("Inspection visits of control posts made in the period."),
            Unit.COUNT,
            visits,
        ),
        Figure(
            "issues.taken_under_control",
            _("Acute issues taken under control"),
            _("Acute social issues taken under party control in the period."),
            Unit.COUNT,
            issues,
        ),
        Figure(
            "issues.resolved",
            _("Acute issues resolved"),
            _("Acute social issues resolved in the period."),
            Unit.COUNT,
            issues,
            lambda today: Q(status=IssueStatus.RESOLVED),
            date="resolved_on",
        ),
        Figure(
            "issues.overdue_now",
            _("Acute issues overdue now"),
            _(
                "Unresolved acute social issues whose control deadline or a measure of whose "
                "plan is past today (whenever they were registered)."
            ),
            Unit.COUNT,
            issues,
            issues_overdue_q,
            date=None,
            now=True,
        ),
        Figure(
            "instructions.issued",
            _("Instructions issued"),
            _("Instructions given in the period."),
            Unit.COUNT,
            instructions,
        ),
        Figure(
            "instructions.executed_on_time",
            _("Instructions executed on time"),
            _("Instructions given in the period whose report was accepted by the deadline."),
            Unit.COUNT,
            instructions,
            lambda today: Q(accepted_on__isnull=False, accepted_on__lte=F("deadline")),
        ),
        Figure(
            "instructions.executed_on_time_share",
            _("Share of instructions executed on time"),
            _("Instructions executed on time as a share of those issued."),
            Unit.PERCENT,
            numerator="instructions.executed_on_time",
            denominator="instructions.issued",
        ),
        *_programme_figures(),
        *_deputies_figures(),
        *assemblies.figures(),
        *outreach_figures.figures(),
        *ethics_figures.figures(),
        *awards_figures.figures(),
        *aid_figures.figures(),
        *elections_figures.figures(),
    ]
    rollups: dict[str, str | tuple[str, str]] = {
        "appeals.received": "received",
        "appeals.resolved_positively": "resolved_positively",
        "appeals.resolved_partially": "resolved_partially",
        "appeals.explained": "explained",
        "appeals.refused": "refused",
        "appeals.forwarded": "forwarded",
        "appeals.left_without_consideration": "left_without_consideration",
        "appeals.answered": "answered",
        "appeals.answered_on_time": "answered_on_time",
        "appeals.disputed": "disputed",
        "appeals.under_control": "controlled",
        "appeals.average_working_days_to_answer": ("answer_days_sum", "answer_days_n"),
        # Not the mobile appeals: a reception is held after its appeals are registered, so
        # no trigger on appeals could keep them (the counters' mobile columns are unused).
    }
    figures = [replace(f, rollup=rollups.get(f.code)) for f in figures]
    return {figure.code: figure for figure in figures}


_REGISTRY: dict[str, Figure] | None = None


def registry() -> dict[str, Figure]:
    """All figures by code, in the order dashboards show them."""
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = _build()
    return _REGISTRY


def get(code: str) -> Figure:
    return registry()[code]


# What a dashboard shows at the top, and the breakdowns it may draw.
HEADLINE = [
    "appeals.received",
    "appeals.resolved_positively",
    "appeals.resolved_positively_share",
    "appeals.answered_on_time_share",
    "appeals.overdue_now",
    "appeals.under_control",
    "appeals.average_working_days_to_answer",
    "appeals.disputed",
    "receptions.held",
    "receptions.mobile_held",
    "receptions.people_received",
    "receptions.mobile_resolved_positively_share",
    "control_posts.active",
    "control_posts.visits",
    "issues.taken_under_control",
    "issues.resolved",
    "issues.overdue_now",
    "instructions.issued",
    "instructions.executed_on_time_share",
]
# The election programme's figures, in their own part of the dashboard.
PROGRAMME = [
    "programme.promises",
    "programme.promises_kept",
    "programme.promises_kept_share",
    "programme.promises_partially_kept",
    "programme.promises_broken",
    "programme.promises_not_rated",
    "programme.measures",
    "programme.measures_completed",
    "programme.measures_overdue",
    "programme.indicators_on_track_share",
    "programme.proposals_received",
    "programme.proposals_included",
    "programme.proposals_included_share",
    "programme.monitors",
]
# The party's deputies, in their own part of the dashboard.
DEPUTIES = [
    "deputies.count",
    "deputies.rated",
    "deputies.young",
    "deputies.women",
    "deputies.average_age",
    "deputies.receptions_held",
    "deputies.control_posts_headed",
    "deputies.inquiries",
    "deputies.attendance_share",
]
# The party's own democracy, in its own part of the dashboard.
DEMOCRACY = [
    "conferences.held",
    "conferences.delegates",
    "conferences.quorum_share",
    "bodies.elected_seats",
    "primaries.candidates",
    "primaries.participants",
    "primaries.list_renewal_share",
    "primaries.young_share",
    "factions.renewal_share",
]
# Members' party life — ethics, awards, aid, outreach — in its own part of the dashboard.
PARTY_LIFE = [
    "ethics.cases_opened",
    "ethics.members_sanctioned",
    "awards.granted",
    "aid.families_helped",
    "aid.amount_tenge",
    "aid.deliveries",
    "outreach.meetings_held",
    "outreach.people_reached",
]
# Public elections — turnout, the party's votes and seats, who won — in their own part of
# the dashboard (esep.figures.elections).
ELECTIONS = elections_figures.SHOWN
# The dashboard's tables of figures beside their previous period, by the name their export
# is asked for with.
TABLES = {
    "headline": HEADLINE,
    "programme": PROGRAMME,
    "deputies": DEPUTIES,
    "democracy": DEMOCRACY,
    "life": PARTY_LIFE,
    "elections": ELECTIONS,
}
BREAKDOWNS = {
    "month": _("by month"),
    "channel": _("by channel"),
    "kind": _("by type"),
    "category": _("by category"),
    "outcome": _("by outcome"),
    "branch": _("by branch"),
    "territory": _("by territory"),
    "body": _("by representative body"),
}
