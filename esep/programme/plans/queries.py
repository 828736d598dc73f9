"""What the programme's staff pages read: the conditions of their filters, the changes a
user may see, progress put on the rows of a page at once, and the lists' columns (one
definition for the page and its export)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.lib.tables import Column
from esep.org.models import subtree_q
from esep.org.roles import Capability
from esep.programme import progress
from esep.programme.models import Change, Measure, Promise, Status, Verdict

if TYPE_CHECKING:
    from esep.access.models import User

T = TypeVar("T")


# ---------------------------------------------------------------- conditions


def overdue_q(today: dt.date) -> Q:
    """A measure past its deadline and not completed."""
    return Q(deadline__lt=today) & ~Q(status=Status.COMPLETED)


def needs_verdict_q(today: dt.date) -> Q:
    """A measure past its deadline that has no verdict yet: it is flagged for one, never
    rated silently."""
    return Q(deadline__lt=today, verdict=Verdict.NOT_RATED)


def changes_visible_to(user: User) -> QuerySet[Change]:
    """The proposed changes of the measures the user sees (a monitor sees those of the road
    maps they follow); of the promises of programmes adopted in the branches whose work they
    see; the approved changes of every promise they read (their evidence is public on the
    tracker anyway) — a regional office reads the national programme's promises and their
    history, but what is pending or returned there is the central office's business —; and
    those they proposed themselves."""
    paths = user.scope_paths(Capability.VIEW_WORK)
    return Change.objects.filter(
        subtree_q(paths, "promise__section__programme__branch__path")
        | Q(
            state=Change.State.APPROVED,
            promise__in=Promise.objects.visible_to(user).values("pk"),
        )
        | Q(measure__in=Measure.objects.visible_to(user).values("pk"))
        | Q(proposed_by=user.pk)
    )


# ---------------------------------------------------------------- progress on rows


def with_progress(
    compute: Callable[..., dict[int, Any]],
) -> Callable[[Any, list[T]], list[T]]:
    """A Listing's `rows`: the records of one page or batch, each given its computed
    `progress` (one bulk computation for them all)."""

    def rows(request: Any, records: list[T]) -> list[T]:
        return put_progress(records, compute, timezone.localdate())

    return rows


def put_progress(records: list[T], compute: Callable[..., dict[int, Any]], on: dt.date) -> list[T]:
    """The records, each given its `progress` on the day, computed for them all at once."""
    computed = compute(records, on=on)
    for record in records:
        record.progress = computed.get(record.pk)  # type: ignore[attr-defined]
    return records


def percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def _attainment(record: Any) -> float | None:
    return percent(getattr(record.progress, "attainment", None))


def _pace(record: Any) -> float | None:
    pace = getattr(record.progress, "pace", None)
    return None if pace is None else round(pace, 2)


def _band(record: Any) -> str:
    band = getattr(record.progress, "band", None)
    return str(progress.Band(band).label) if band else ""


PROGRESS_COLUMNS: Sequence[Column] = (
    Column(_("Attainment, %"), _attainment),
    Column(_("Pace"), _pace),
    Column(_("Pace band"), _band),
)


# ---------------------------------------------------------------- columns

PROMISE_COLUMNS = [
    Column(_("Programme"), lambda p: p.section.programme.code),
    Column(_("Section"), lambda p: f"{p.section.number}. {p.section.title}"),
    Column(_("Code"), lambda p: p.code),
    Column(_("Promise"), lambda p: p.text),
    Column(_("Territory"), lambda p: p.territory.name),
    Column(_("Due by"), lambda p: p.due_on),
    Column(_("Progress status"), lambda p: p.get_status_display()),
    Column(_("Verdict"), lambda p: p.get_verdict_display()),
    Column(_("Why broken"), lambda p: p.get_broken_reason_display()),
    *PROGRESS_COLUMNS,
]

ROAD_MAP_COLUMNS = [
    Column(_("Code"), lambda r: r.code),
    Column(_("Road map"), lambda r: r.title),
    Column(_("Programme"), lambda r: r.programme.code),
    Column(_("Branch"), lambda r: r.branch.name),
    Column(_("Territory"), lambda r: r.territory.name),
    Column(_("Approved on"), lambda r: r.approved_on),
    Column(_("Measures"), lambda r: r.measure_count),
    *PROGRESS_COLUMNS,
]

MEASURE_COLUMNS = [
    Column(_("Road map"), lambda m: m.road_map.code),
    Column(_("Code"), lambda m: m.code),
    Column(_("Measure"), lambda m: m.title),
    Column(_("Responsible state body"), lambda m: m.state_body and m.state_body.name),
    Column(_("Territory"), lambda m: m.territory.name),
    Column(_("Deadline"), lambda m: m.deadline),
    Column(_("Weight"), lambda m: m.weight),
    Column(_("Progress status"), lambda m: m.get_status_display()),
    Column(_("Verdict"), lambda m: m.get_verdict_display()),
    *PROGRESS_COLUMNS,
]


def _subject(change: Change) -> str:
    subject = change.subject
    if isinstance(subject, Promise):
        return f"{subject.section.programme.code} {subject.code}"
    return f"{subject.road_map.code} {subject.code}"


CHANGE_COLUMNS = [
    Column(_("Of"), _subject),
    Column(_("New progress status"), lambda c: c.get_status_display()),
    Column(_("New verdict"), lambda c: c.get_verdict_display()),
    Column(_("Why broken"), lambda c: c.get_broken_reason_display()),
    Column(_("Reason"), lambda c: c.reason),
    Column(_("Proposed by"), lambda c: c.proposed_by.username),
    Column(_("Proposed"), lambda c: c.proposed_at),
    Column(_("State"), lambda c: c.get_state_display()),
    Column(_("Decided by"), lambda c: c.decided_by and c.decided_by.username),
    Column(_("Decided"), lambda c: c.decided_at),
    Column(_("Note"), lambda c: c.decision_note),
]
