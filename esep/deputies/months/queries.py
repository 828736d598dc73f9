"""What the rating's staff pages read: the months a deputy's mandate can be looked at in, the
records behind each count of their month (read as `rating` counts them, so the deputy sees
exactly what was counted), a branch's months with their figures, and the corrections' columns
(one definition for the page and its export)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.appeals.models import Appeal
from esep.control.posts.models import Visit
from esep.deputies import rating
from esep.deputies.models import (
    Attendance,
    Component,
    Correction,
    Initiative,
    Inquiry,
    Mandate,
    Publication,
    RepresentativeBody,
    Snapshot,
    VoterReport,
)
from esep.lib.dates import month_end, month_start
from esep.lib.tables import Column
from esep.org.models import Branch, subtree_q
from esep.org.roles import Capability
from esep.programme.models import Measure
from esep.receptions.models import Reception
from esep.receptions.models import Status as ReceptionStatus

if TYPE_CHECKING:
    from esep.access.models import User


# ---------------------------------------------------------------- months


def previous_month(day: dt.date) -> dt.date:
    return month_start(month_start(day) - dt.timedelta(days=1))


def mandate_months(mandate: Mandate, today: dt.date) -> list[dt.date]:
    """The months the mandate was held in, from its first to the current month (the last
    closed one and the one under way), the latest first."""
    ends = [month_start(d) for d in (mandate.ended_on, mandate.convocation.ended_on) if d]
    last = min([month_start(today), *ends])
    first = month_start(max(mandate.started_on, mandate.convocation.started_on))
    return list(reversed(rating.months_between(first, last))) if first <= last else []


def default_month(months: list[dt.date], today: dt.date) -> dt.date | None:
    """The last closed month if the mandate was held in it (the one a deputy corrects),
    else the latest."""
    closed = previous_month(today)
    return closed if closed in months else (months[0] if months else None)


def months_of_mandates(user: User) -> QuerySet[Mandate]:
    """The mandates whose months the user may look at: their own, and those of the bodies of
    the branches whose work they see."""
    scope = subtree_q(user.scope_paths(Capability.VIEW_WORK), "convocation__body__branch__path")
    if user.person_id is not None:
        scope |= Q(person_id=user.person_id)
    return Mandate.objects.filter(scope).select_related(
        "person", "convocation__body__branch", "party"
    )


# ---------------------------------------------------------------- the records of a month


@dataclass
class Counted:
    """What a deputy's month counted, component by component."""

    receptions: list[Reception] = field(default_factory=list)
    appeals: list[Any] = field(default_factory=list)  # appeals, each with .on_time, .resolved
    visits: list[Visit] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    inquiries: list[Inquiry] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    voter_reports: list[VoterReport] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


def counted(mandate: Mandate, month: dt.date) -> Counted:
    """The records the rating counts for the mandate in the month, as `rating` reads them:
    only what falls on the days the mandate was held."""
    first, last = month_start(month), month_end(month)
    person = mandate.person_id

    def held(day: dt.date) -> bool:
        return mandate.days_in_office(day, day) > 0

    scope = rating.Month(first, last, frozenset({person}), frozenset({mandate.pk}))
    answered = {
        pk: facts
        for (_person, pk), facts in rating.answered_appeals(scope).items()
        if held(facts[0])
    }
    appeals = list(
        Appeal.objects.filter(pk__in=answered)
        .order_by("answered_on", "pk")
        .only("pk", "number", "registered_on", "due_on", "answered_on", "outcome", "status")
    )
    for appeal in appeals:
        _day, appeal.on_time, appeal.resolved = answered[appeal.pk]  # type: ignore[attr-defined]
    visits = (
        Visit.objects.filter(visited_on__range=(first, last), visitors=person)
        .filter(Q(post__head_id=person) | Q(post__members=person))
        .select_related("post")
        .distinct()
        .order_by("visited_on", "pk")
    )
    return Counted(
        receptions=[
            r
            for r in Reception.objects.filter(
                status=ReceptionStatus.HELD, day__range=(first, last), receivers=person
            )
            .distinct()
            .order_by("day", "pk")
            if held(r.day)
        ],
        appeals=appeals,
        visits=[v for v in visits if held(v.visited_on)],
        attendance=list(
            Attendance.objects.filter(mandate=mandate, sitting__held_on__range=(first, last))
            .select_related("sitting")
            .order_by("sitting__held_on", "sitting__number")
        ),
        inquiries=list(
            mandate.inquiries.filter(sent_on__range=(first, last))
            .select_related("state_body")
            .order_by("sent_on", "pk")
        ),
        initiatives=list(
            mandate.initiatives.filter(submitted_on__range=(first, last)).order_by(
                "submitted_on", "pk"
            )
        ),
        voter_reports=list(
            mandate.voter_reports.filter(held_on__range=(first, last)).order_by("held_on", "pk")
        ),
        measures=list(
            Measure.objects.filter(deadline__lte=last, responsible=person)
            .select_related("road_map")
            .distinct()
            .order_by("deadline", "code")
        ),
    )


@dataclass
class Part:
    """One component of a deputy's month as its page shows it."""

    component: str
    label: str
    explains: str
    weight: str
    standard: str
    available: bool
    share: bool
    raw: str | None = None
    normalised: str | None = None
    score: str | None = None
    numerator: int | None = None
    denominator: int | None = None


def parts(snapshot: Snapshot) -> list[Part]:
    """The snapshot's components in the methodology's order."""
    shown = []
    for component in Component:
        part = snapshot.components.get(component.value)
        if part is None:
            continue
        spec = rating.COMPONENTS[component.value]
        shown.append(
            Part(
                component=component.value,
                label=str(component.label),
                explains=str(spec.explains),
                weight=part["weight"],
                standard=part["standard"],
                available=bool(part.get("available")),
                share=spec.share,
                raw=part.get("raw"),
                normalised=part.get("normalised"),
                score=part.get("score"),
                numerator=part.get("numerator"),
                denominator=part.get("denominator"),
            )
        )
    return shown


# ---------------------------------------------------------------- a branch's months


def rating_branches(user: User) -> QuerySet[Branch]:
    """The branches whose rating the user follows: those at the top of their scope (where
    they see the work or manage deputies), and the branches under them that follow a
    representative body."""
    paths = sorted(
        {
            *user.scope_paths(Capability.VIEW_WORK),
            *user.scope_paths(Capability.MANAGE_DEPUTIES),
        }
    )
    followed = RepresentativeBody.objects.filter(subtree_q(paths, "branch__path")).values(
        "branch_id"
    )
    return Branch.objects.filter(
        Q(path__in=paths) | Q(pk__in=followed) if paths else Q(pk__in=[])
    ).order_by("path")


def bodies_of(branch: Branch) -> list[str]:
    return list(
        RepresentativeBody.objects.filter(subtree_q([branch.path], "branch__path")).values_list(
            "code", flat=True
        )
    )


@dataclass
class BranchMonth:
    month: dt.date
    opens: dt.date
    closes: dt.date
    computed: int = 0
    pending: int = 0
    publications: list[Publication] = field(default_factory=list)

    @property
    def window_open(self) -> bool:
        return self.opens <= timezone.localdate() <= self.closes


def branch_months(branch: Branch, today: dt.date, window: Any) -> list[BranchMonth]:
    """The months of the branch's rating, the latest first: those with deputies computed or
    corrections, and the last closed one and the current one (to compute). `window` gives a
    month's correction window (`actions.correction_window`)."""
    in_branch = subtree_q([branch.path], "mandate__convocation__body__branch__path")
    computed = dict(
        Snapshot.objects.filter(in_branch)
        .current()
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    pending = dict(
        Correction.objects.filter(in_branch, state=Correction.State.PENDING)
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    published: dict[dt.date, list[Publication]] = defaultdict(list)
    for publication in (
        Publication.objects.filter(branch=branch)
        .select_related("published_by")
        .order_by("month", "revision")
    ):
        published[publication.month].append(publication)
    months = {*computed, *pending, *published, previous_month(today), month_start(today)}
    rows = []
    for month in sorted(months, reverse=True):
        opens, closes = window(month)
        rows.append(
            BranchMonth(
                month=month,
                opens=opens,
                closes=closes,
                computed=computed.get(month, 0),
                pending=pending.get(month, 0),
                publications=published.get(month, []),
            )
        )
    return rows


# ---------------------------------------------------------------- the corrections' columns


def asked(correction: Correction) -> str:
    """The change a correction asks for: a sitting's mark, or a count added or taken off."""
    sitting = correction.sitting
    if sitting is not None:
        held = f"№ {sitting.number} ({sitting.held_on:%d.%m.%Y})"
        return f"{held}: {correction.get_mark_display()}"
    return f"{correction.adjustment:+d}"


CORRECTION_COLUMNS = [
    Column(_("Deputy"), lambda c: c.mandate.person.full_name),
    Column(_("Representative body"), lambda c: c.mandate.convocation.body.name),
    Column(_("Month"), lambda c: c.month.strftime("%m.%Y")),
    Column(_("Component"), lambda c: c.get_component_display()),
    Column(_("Change asked"), asked),
    Column(_("Submitted"), lambda c: c.submitted_at),
    Column(_("State"), lambda c: c.get_state_display()),
    Column(_("Reason"), lambda c: c.decision_note),
]
