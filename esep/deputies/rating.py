"""The deputies' monthly rating: what each component reads from esep's records, the formula,
the peer groups and their bands, and the computation of a month into snapshots.

The formula (published on the methodology page, with each version's weights and standards):

    score = 100 · Σ wₖ · min(vₖ, 1) / Σ wₖ      over the components available to the deputy

where, for a component counted in the month (receptions, inquiries…), vₖ = xₖ · 30 / d /
standardₖ — the count per 30 days in office against its standard — and, for a share
(attendance, answers on time…), vₖ = shareₖ / standardₖ. `d` is the days the mandate was
held in the month; with fewer than MIN_DAYS days the month is "not enough data" and unranked.
A share with nothing to divide (no sittings that month, no appeals answered, no road-map
measures due) is absent, not zero: it leaves both sums. min(·, 1) is the cap: more than the
standard earns nothing more, so volume cannot buy a rank.

Deputies are compared only with their peers — the same level of body and the same role
(chairs with chairs, members with members) — and shown in bands: quintiles of the group, band
1 the top fifth; a deputy is in band 1 + ⌊5 · (h + (e − 1)/2) / n⌋ where h is how many peers
scored strictly higher, e how many scored the same (the deputy among them) and n the peers
ranked: equal scores share the band of their middle place, so a crowd of equal scores is not
all called the top fifth. A group of fewer than MIN_PEERS has no bands.

The computation is set-based (one query per component for the whole month) and idempotent:
each snapshot keeps a hash of the data it was computed from; the same data changes nothing,
an unpublished month is updated in place, and a published one is never touched — changed
data there makes the next revision."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import DateField, ExpressionWrapper, F
from django.utils import timezone
from django.utils.functional import Promise as LazyText
from django.utils.translation import gettext_lazy as _

from esep.appeals.models import Appeal, Outcome
from esep.control.posts.models import ControlPost, Visit
from esep.deputies.models import (
    ROLE_ORDER,
    Attendance,
    Component,
    Correction,
    Initiative,
    Inquiry,
    Mandate,
    MandatePost,
    Method,
    Position,
    Snapshot,
    VoterReport,
)
from esep.lib.dates import month_end, month_start
from esep.org.models import Person
from esep.programme.models import Measure
from esep.programme.models import Status as MeasureStatus
from esep.receptions.models import Reception
from esep.receptions.models import Status as ReceptionStatus

MIN_DAYS = 10  # fewer days in office in a month: "not enough data", unranked
MIN_PEERS = 5  # a smaller peer group shows no bands
BANDS = 5  # quintiles
REPEAT_DAYS = 30  # a repeat appeal within this many days of the first counts once
WINDOW_WORKING_DAYS = 5  # the correction window after a month closes


def young_age() -> int:
    """Under this age on the day counted, a deputy is young (a setting)."""
    return int(getattr(settings, "ESEP_YOUNG_AGE", 35))


def age_on(birth_date: dt.date | None, day: dt.date) -> int | None:
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


# ---------------------------------------------------------------- the components


@dataclass(frozen=True)
class Fact:
    """One piece of verified work found for a component: whose (a mandate, or a person
    whose mandate held that day takes it), on which day (None: the whole month), and its
    numerator and denominator (a count is n/1; a share adds to both)."""

    mandate_id: int | None
    person_id: int | None
    day: dt.date | None
    numerator: int
    denominator: int = 1


@dataclass(frozen=True)
class Month:
    """The month being computed and whose work is read; `read` keeps what several
    components share (the answered appeals) so it is queried once."""

    first: dt.date
    last: dt.date
    # The people and mandates whose work is read.
    person_ids: Collection[int]
    mandate_ids: Collection[int]
    read: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


Reader = Callable[[Month], Iterable[Fact]]


@dataclass(frozen=True)
class Spec:
    """How a component is read and what it means: a count normalised by days in office
    (`share=False`) or a share; whether a deputy may correct its count."""

    component: Component
    share: bool
    reads: Reader
    explains: LazyText
    correctable: bool = True


def _receptions(month: Month) -> Iterator[Fact]:
    held = Reception.objects.filter(
        status=ReceptionStatus.HELD,
        day__range=(month.first, month.last),
        receivers__in=month.person_ids,
    ).values_list("receivers", "day", "pk")
    for person_id, day, _pk in held.distinct():
        yield Fact(None, person_id, day, 1)


def answered_appeals(month: Month) -> dict[tuple[int, int], tuple[dt.date, bool, bool]]:
    """(person, appeal) → (answered on, on time, resolved) for the appeals answered in the
    month that the person received at a reception they held or was assigned; each counted
    once, and a repeat of the same person's appeal within REPEAT_DAYS not at all."""
    if "appeals" not in month.read:
        month.read["appeals"] = _read_answered_appeals(month)
    return month.read["appeals"]  # type: ignore[no-any-return]


def _read_answered_appeals(month: Month) -> dict[tuple[int, int], tuple[dt.date, bool, bool]]:
    answered = Appeal.objects.filter(answered_on__range=(month.first, month.last)).exclude(
        repeat_of__isnull=False,
        registered_on__lte=_plus_days("repeat_of__registered_on", REPEAT_DAYS),
    )
    fields = ("pk", "answered_on", "due_on", "outcome")
    rows = [
        *answered.filter(reception__receivers__in=month.person_ids).values_list(
            "reception__receivers", *fields
        ),
        *answered.filter(assignee__person__in=month.person_ids).values_list(
            "assignee__person", *fields
        ),
    ]
    positive = {Outcome.RESOLVED_POSITIVELY, Outcome.RESOLVED_PARTIALLY}
    return {
        (person_id, pk): (answered_on, answered_on <= due_on, outcome in positive)
        for person_id, pk, answered_on, due_on, outcome in rows
    }


def _plus_days(field_name: str, days: int) -> ExpressionWrapper:
    return ExpressionWrapper(F(field_name) + dt.timedelta(days=days), output_field=DateField())


def _appeals(month: Month) -> Iterator[Fact]:
    for (person_id, _pk), (day, _on_time, _resolved) in answered_appeals(month).items():
        yield Fact(None, person_id, day, 1)


def _appeals_on_time(month: Month) -> Iterator[Fact]:
    for (person_id, _pk), (day, on_time, _resolved) in answered_appeals(month).items():
        yield Fact(None, person_id, day, int(on_time), 1)


def _appeals_resolved(month: Month) -> Iterator[Fact]:
    for (person_id, _pk), (day, _on_time, resolved) in answered_appeals(month).items():
        yield Fact(None, person_id, day, int(resolved), 1)


def _control_visits(month: Month) -> Iterator[Fact]:
    """Visits the deputy made to a control post they head or sit on."""
    visits = Visit.objects.filter(
        visited_on__range=(month.first, month.last), visitors__in=month.person_ids
    ).values_list("visitors", "visited_on", "pk", "post_id", "post__head_id")
    rows = list(visits.distinct())
    members = set(
        ControlPost.members.through.objects.filter(
            controlpost_id__in={row[3] for row in rows}
        ).values_list("controlpost_id", "person_id")
    )
    for person_id, day, _pk, post_id, head_id in rows:
        if person_id == head_id or (post_id, person_id) in members:
            yield Fact(None, person_id, day, 1)


def _by_mandate(model: type, day_field: str) -> Reader:
    def reads(month: Month) -> Iterator[Fact]:
        rows = model.objects.filter(  # type: ignore[attr-defined]
            **{f"{day_field}__range": (month.first, month.last)},
            mandate_id__in=month.mandate_ids,
        ).values_list("mandate_id", day_field)
        for mandate_id, day in rows:
            yield Fact(mandate_id, None, day, 1)

    return reads


def _attendance(month: Month) -> Iterator[Fact]:
    """Sittings present at, of the sittings held in the month less those missed for a valid
    reason."""
    rows = Attendance.objects.filter(
        sitting__held_on__range=(month.first, month.last), mandate_id__in=month.mandate_ids
    ).values_list("mandate_id", "sitting__held_on", "mark")
    for mandate_id, day, mark in rows:
        if mark != Attendance.Mark.EXCUSED:
            yield Fact(mandate_id, None, day, int(mark == Attendance.Mark.PRESENT), 1)


def _measures(month: Month) -> Iterator[Fact]:
    """The road-map measures the deputy answers for that were due by the month's end: the
    share of them completed (as they stand when the month is computed)."""
    rows = Measure.objects.filter(
        deadline__lte=month.last, responsible__in=month.person_ids
    ).values_list("responsible", "status", "pk")
    for person_id, status, _pk in rows.distinct():
        yield Fact(None, person_id, None, int(status == MeasureStatus.COMPLETED), 1)


COMPONENTS: dict[str, Spec] = {
    spec.component: spec
    for spec in [
        Spec(
            Component.RECEPTIONS,
            False,
            _receptions,
            _("Receptions of citizens held in the month with the deputy among the receivers."),
        ),
        Spec(
            Component.APPEALS,
            False,
            _appeals,
            _(
                "Appeals answered in the month that the deputy received at their reception "
                "or was assigned; each counted once, and a repeat of the same person's appeal "
                "within 30 days not again."
            ),
        ),
        Spec(
            Component.APPEALS_ON_TIME,
            True,
            _appeals_on_time,
            _("Of those appeals, the share answered by the legal deadline."),
            correctable=False,
        ),
        Spec(
            Component.APPEALS_RESOLVED,
            True,
            _appeals_resolved,
            _("Of those appeals, the share resolved positively or partially."),
            correctable=False,
        ),
        Spec(
            Component.CONTROL_VISITS,
            False,
            _control_visits,
            _("Visits the deputy made to party control posts they head or sit on."),
        ),
        Spec(
            Component.INQUIRIES,
            False,
            _by_mandate(Inquiry, "sent_on"),
            _("Deputy's inquiries sent to state bodies in the month."),
        ),
        Spec(
            Component.ATTENDANCE,
            True,
            _attendance,
            _(
                "The share of the body's sittings in the month the deputy attended; "
                "absences for a valid reason are left out."
            ),
        ),
        Spec(
            Component.INITIATIVES,
            False,
            _by_mandate(Initiative, "submitted_on"),
            _("Draft decisions, amendments, questions and proposals the deputy brought."),
        ),
        Spec(
            Component.VOTER_REPORTS,
            False,
            _by_mandate(VoterReport, "held_on"),
            _("Public meetings at which the deputy reported to their voters."),
        ),
        Spec(
            Component.MEASURES,
            True,
            _measures,
            _(
                "Of the road-map measures the deputy answers for that were due by the "
                "month's end, the share completed."
            ),
            correctable=False,
        ),
    ]
}


# ---------------------------------------------------------------- the formula


def _round(value: Decimal | float, places: str = "0.0001") -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


@dataclass
class Scored:
    score: Decimal | None
    components: dict[str, dict[str, Any]] = field(default_factory=dict)


def score(
    *,
    days: int,
    weights: Sequence[tuple[str, Decimal, Decimal]],
    values: dict[str, tuple[int, int]],
) -> Scored:
    """The formula, for one deputy's month: `weights` are (component, weight, standard),
    `values` each component's (numerator, denominator) — a count's denominator is
    ignored. Returns the score (None with fewer than MIN_DAYS days or nothing available)
    and each component's raw value, normalised value and its score out of 100."""
    parts: dict[str, dict[str, Any]] = {}
    total = Decimal(0)
    weight_sum = Decimal(0)
    for component, weight, standard in weights:
        numerator, denominator = values.get(component, (0, 0))
        spec = COMPONENTS[component]
        part: dict[str, Any] = {"weight": str(weight), "standard": str(standard)}
        if spec.share:
            part.update(numerator=numerator, denominator=denominator)
            if denominator == 0:
                parts[component] = {**part, "available": False}
                continue
            raw = Decimal(numerator) / Decimal(denominator)
            normalised = raw / standard
        else:
            raw = Decimal(max(numerator, 0))
            normalised = raw * 30 / days / standard if days else Decimal(0)
        capped = min(normalised, Decimal(1))
        parts[component] = {
            **part,
            "available": True,
            "raw": str(_round(raw)),
            "normalised": str(_round(normalised)),
            "score": str(_round(capped * 100, "0.01")),
        }
        total += weight * capped
        weight_sum += weight
    if days < MIN_DAYS or not weight_sum:
        return Scored(None, parts)
    return Scored(_round(100 * total / weight_sum, "0.01"), parts)


def bands(scores: dict[int, Decimal]) -> dict[int, int | None]:
    """Each key's band among `scores` (its peers): 1 + ⌊5 · (h + (e − 1)/2) / n⌋, h the peers
    strictly higher, e those equal (itself included); none for all when there are fewer than
    MIN_PEERS."""
    n = len(scores)
    if n < MIN_PEERS:
        return dict.fromkeys(scores)
    equal = Counter(scores.values())
    higher: dict[Decimal, int] = {}
    above = 0
    for value in sorted(equal, reverse=True):
        higher[value] = above
        above += equal[value]
    # In whole numbers: 5 · (2h + e − 1) // 2n.
    return {
        key: 1 + BANDS * (2 * higher[value] + equal[value] - 1) // (2 * n)
        for key, value in scores.items()
    }


# ---------------------------------------------------------------- computing a month


def role_of(posts: Iterable[MandatePost], first: dt.date, last: dt.date) -> str:
    """The highest post held on any day of the month; a member without one."""
    held = {
        post.position
        for post in posts
        if post.started_on <= last and (post.ended_on is None or post.ended_on >= first)
    }
    return next((role for role in ROLE_ORDER if role in held), Position.MEMBER)


def _hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class Computed:
    """What a computation did: snapshots created, updated in place, left as they were."""

    month: dt.date
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    method: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "month": self.month.strftime("%Y-%m"),
            "method": self.method,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def rated_mandates(first: dt.date, last: dt.date) -> Any:
    """The mandates rated for a month: the party's, held on at least one of its days."""
    return Mandate.objects.of_own_party().in_office(first, last)


@transaction.atomic
def compute(
    month: dt.date, *, bodies: Sequence[str] = (), mandate_ids: Sequence[int] = ()
) -> Computed:
    """Compute (or recompute) the rating of a month: of every rated deputy, or of those of
    the bodies with these codes, or of these mandates; and the bands of the month's peer
    groups. Idempotent."""
    first = month_start(month)
    last = month_end(first)
    result = Computed(first)
    method = Method.for_month(first)
    if method is None:
        return result
    result.method = method.version
    weights = [(w.component, w.weight, w.standard) for w in method.weights.all()]
    mandates = rated_mandates(first, last).select_related("convocation__body")
    if bodies:
        mandates = mandates.filter(convocation__body__code__in=bodies)
    if mandate_ids:
        mandates = mandates.filter(pk__in=mandate_ids)
    mandates = list(mandates)
    create, update = (
        _compute(mandates, first, last, method, weights, result) if mandates else ([], [])
    )
    _band_and_write(first, create, update)
    return result


def _compute(
    mandates: list[Mandate],
    first: dt.date,
    last: dt.date,
    method: Method,
    weights: list[tuple[str, Decimal, Decimal]],
    result: Computed,
) -> tuple[list[Snapshot], list[Snapshot]]:
    """The snapshots to create and to update in place (not yet written nor banded)."""
    by_id = {m.pk: m for m in mandates}
    # Ids, not a subquery: PostgreSQL plans the readers' joins badly around a subquery of
    # the rated mandates (minutes instead of milliseconds on the demo's month).
    scope = Month(first, last, frozenset(m.person_id for m in mandates), frozenset(by_id))
    # Whose mandate held each day: a person's facts go to the mandate in office that day.
    by_person: dict[int, list[Mandate]] = defaultdict(list)
    for mandate in mandates:
        by_person[mandate.person_id].append(mandate)

    def held(mandate: Mandate, day: dt.date | None) -> bool:
        if day is None:
            return True
        return mandate.days_in_office(day, day) > 0

    values: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for component, _weight, _standard in weights:
        for fact in COMPONENTS[component].reads(scope):
            if fact.mandate_id is not None:
                owners = [by_id[fact.mandate_id]] if fact.mandate_id in by_id else []
            else:
                owners = [m for m in by_person.get(fact.person_id or 0, []) if held(m, fact.day)]
            for owner in owners[:1]:  # nothing is counted twice
                sums = values[owner.pk][component]
                sums[0] += fact.numerator
                sums[1] += fact.denominator
    corrections = Correction.objects.filter(
        month=first, state=Correction.State.CONFIRMED, mandate_id__in=scope.mandate_ids
    ).exclude(component=Component.ATTENDANCE)
    for mandate_id, component, adjustment in corrections.values_list(
        "mandate_id", "component", "adjustment"
    ):
        values[mandate_id][component][0] += adjustment

    posts: dict[int, list[MandatePost]] = defaultdict(list)
    for post in MandatePost.objects.filter(mandate_id__in=scope.mandate_ids):
        posts[post.mandate_id].append(post)
    # Only the birth date is decrypted, not the person's other personal data.
    births = dict(Person.objects.filter(pk__in=scope.person_ids).values_list("pk", "birth_date"))
    latest: dict[int, Snapshot] = {}
    # Without the components: read only to be replaced, never to be compared.
    stored = Snapshot.objects.filter(month=first, mandate_id__in=scope.mandate_ids)
    for snapshot in stored.defer("components").order_by("mandate_id", "revision"):
        latest[snapshot.mandate_id] = snapshot

    now = timezone.now()
    create: list[Snapshot] = []
    update: list[Snapshot] = []
    for mandate in mandates:
        days = mandate.days_in_office(first, last)
        counted = {c: (n, d) for c, (n, d) in values[mandate.pk].items()}
        level = mandate.convocation.body.level
        role = role_of(posts[mandate.pk], first, last)
        day_counted = min(last, mandate.ended_on or last)
        age = age_on(births.get(mandate.person_id), day_counted)
        young = age is not None and age < young_age()
        data = {
            "method": method.version,
            "days": days,
            "level": level,
            "role": role,
            "age": age,
            "young": young,
            "values": {c: counted.get(c, (0, 0)) for c, _w, _s in weights},
        }
        digest = _hash(data)
        previous = latest.get(mandate.pk)
        if previous is not None and previous.data_hash == digest:
            result.unchanged += 1
            continue
        scored = score(days=days, weights=weights, values=counted)
        fields = dict(
            method=method,
            days_in_office=days,
            level=level,
            role=role,
            young=young,
            age=age,
            components=scored.components,
            score=scored.score,
            data_hash=digest,
            computed_at=now,
        )
        if previous is None or previous.publication_id is not None:
            revision = previous.revision + 1 if previous else 1
            create.append(Snapshot(mandate=mandate, month=first, revision=revision, **fields))
            result.created += 1
        else:
            for name, value in fields.items():
                setattr(previous, name, value)
            update.append(previous)
            result.updated += 1
    return create, update


def _band_and_write(month: dt.date, create: list[Snapshot], update: list[Snapshot]) -> None:
    """Band each peer group of the month over each deputy's latest revision — the rows
    about to be written and those already there — then write the new and changed rows once,
    and of the others only the bands that moved (one UPDATE per band). A published snapshot
    keeps the band it was published with."""
    if not create and not update:
        return  # nothing changed: neither have the bands
    written = {s.mandate_id for s in (*create, *update)}
    stored = [
        s
        for s in Snapshot.objects.filter(month=month)
        .current()
        .only("pk", "mandate_id", "level", "role", "score", "band", "peers", "publication_id")
        if s.mandate_id not in written
    ]
    rows = [*stored, *update, *create]
    groups: dict[tuple[str, str], dict[int, Decimal]] = defaultdict(dict)
    for index, snapshot in enumerate(rows):
        if snapshot.score is not None:
            groups[(snapshot.level, snapshot.role)][index] = snapshot.score
    banded: dict[int, tuple[int | None, int]] = {}
    for scores in groups.values():
        for index, band in bands(scores).items():
            banded[index] = (band, len(scores))
    moved: dict[tuple[int | None, int], list[int]] = defaultdict(list)
    for index, snapshot in enumerate(rows):
        band, peers = banded.get(index, (None, 0))
        if index < len(stored):
            if snapshot.publication_id is None and (snapshot.band, snapshot.peers) != (band, peers):
                moved[(band, peers)].append(snapshot.pk)
        else:
            snapshot.band, snapshot.peers = band, peers
    Snapshot.objects.bulk_create(create, batch_size=1000)
    Snapshot.objects.bulk_update(
        update,
        [
            "method",
            "days_in_office",
            "level",
            "role",
            "young",
            "age",
            "components",
            "score",
            "band",
            "peers",
            "data_hash",
            "computed_at",
        ],
        batch_size=1000,
    )
    for (band, peers), pks in moved.items():
        for start in range(0, len(pks), 1000):
            Snapshot.objects.filter(pk__in=pks[start : start + 1000]).update(band=band, peers=peers)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = month_end(month) + dt.timedelta(days=1)
    return months
