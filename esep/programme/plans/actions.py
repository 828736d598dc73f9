"""Use cases of the programme and its road maps: loading the programme, its road maps,
measures and indicators; assigning monitors; recording observations; and changing a
promise's or a measure's status or verdict — proposed with evidence by one person, approved
by another, then written to the append-only public history. Each is keyword-only, atomic,
validated, and writes an audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from esep.appeals.attachments import named_digest
from esep.appeals.models import Category, StateBody
from esep.audit.log import record_event
from esep.lib.checks import date_in_range, refuse_unless, required, unique
from esep.org.models import Branch, Membership, Person, Territory
from esep.programme.models import (
    Aggregation,
    BrokenReason,
    Change,
    Direction,
    Evidence,
    HistoryEntry,
    Indicator,
    Measure,
    Milestone,
    Monitor,
    Observation,
    Programme,
    Promise,
    RoadMap,
    Section,
    Status,
    Verdict,
)
from esep.programme.plans import rules

if TYPE_CHECKING:
    from esep.access.models import User

# Values are kept with four decimals and at most sixteen digits before the point.
LARGEST = Decimal("1e16")


# ---------------------------------------------------------------- checks


def _number(field: str, value: Any) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter a number.")}, code="invalid") from None
    if not number.is_finite() or abs(number) >= LARGEST:
        raise ValidationError({field: _("Enter a number.")}, code="invalid")
    return number.quantize(Decimal("0.0001"))


def _file(upload: UploadedFile | None) -> tuple[str, str]:
    """The uploaded document's name and SHA-256 (checked by its first bytes)."""
    return named_digest(upload) if upload is not None else ("", "")


# ---------------------------------------------------------------- the programme


@transaction.atomic
def add_programme(
    *,
    actor: User,
    branch: Branch,
    code: str,
    title_kk: str,
    title_ru: str,
    title_en: str = "",
    election: str,
    adopted_on: dt.date,
) -> Programme:
    refuse_unless(rules.may_manage(actor, branch))
    texts = required(code=code, title_kk=title_kk, title_ru=title_ru, election=election)
    with unique("code", _("A programme with this code already exists.")):
        programme = Programme.objects.create(
            branch=branch,
            code=texts["code"],
            title_kk=texts["title_kk"],
            title_ru=texts["title_ru"],
            title_en=title_en.strip(),
            election=texts["election"],
            adopted_on=date_in_range("adopted_on", adopted_on),
        )
    record_event(actor=actor, action="programme.added", obj=programme)
    return programme


@transaction.atomic
def add_section(
    *,
    actor: User,
    programme: Programme,
    number: int,
    title_kk: str,
    title_ru: str,
    title_en: str = "",
) -> Section:
    refuse_unless(rules.may_manage(actor, programme.branch))
    texts = required(title_kk=title_kk, title_ru=title_ru)
    with unique("number", _("The programme already has a section with this number.")):
        section = Section.objects.create(
            programme=programme, number=number, title_en=title_en.strip(), **texts
        )
    record_event(actor=actor, action="programme.section_added", obj=section)
    return section


@transaction.atomic
def add_promise(
    *,
    actor: User,
    section: Section,
    code: str,
    text_kk: str,
    text_ru: str,
    text_en: str = "",
    topics: Iterable[Category] = (),
    territory: Territory,
    due_on: dt.date,
) -> Promise:
    refuse_unless(rules.may_manage(actor, section.programme.branch))
    texts = required(code=code, text_kk=text_kk, text_ru=text_ru)
    with unique("code", _("The section already has a promise with this code.")):
        promise = Promise.objects.create(
            section=section,
            territory=territory,
            due_on=date_in_range("due_on", due_on),
            text_en=text_en.strip(),
            **texts,
        )
    promise.topics.set(list(topics))
    record_event(actor=actor, action="programme.promise_added", obj=promise)
    return promise


# ---------------------------------------------------------------- road maps


@transaction.atomic
def add_road_map(
    *,
    actor: User,
    programme: Programme,
    branch: Branch,
    code: str,
    title_kk: str,
    title_ru: str,
    title_en: str = "",
    territory: Territory,
    approved_on: dt.date,
    promises: Iterable[Promise] = (),
) -> RoadMap:
    refuse_unless(rules.may_manage(actor, branch))
    texts = required(code=code, title_kk=title_kk, title_ru=title_ru)
    promises = list(promises)
    if any(p.section.programme_id != programme.pk for p in promises):
        raise ValidationError(
            {"promises": _("A road map serves promises of its own programme only.")},
            code="other_programme",
        )
    with unique("code", _("A road map with this code already exists.")):
        road_map = RoadMap.objects.create(
            programme=programme,
            branch=branch,
            territory=territory,
            approved_on=date_in_range("approved_on", approved_on),
            title_en=title_en.strip(),
            **texts,
        )
    road_map.promises.set(promises)
    record_event(actor=actor, action="programme.road_map_added", obj=road_map)
    return road_map


@transaction.atomic
def add_measure(
    *,
    actor: User,
    road_map: RoadMap,
    code: str,
    title_kk: str,
    title_ru: str,
    title_en: str = "",
    state_body: StateBody | None = None,
    deadline: dt.date,
    weight: Decimal | None = None,
    territory: Territory,
    responsible: Iterable[Person] = (),
    promises: Iterable[Promise] = (),
) -> Measure:
    refuse_unless(rules.may_manage(actor, road_map.branch))
    texts = required(code=code, title_kk=title_kk, title_ru=title_ru)
    if weight is not None:
        weight = _number("weight", weight)
        if weight <= 0 or weight >= 10_000:
            raise ValidationError(
                {"weight": _("A weight is a positive number below 10 000.")}, code="weight"
            )
    if not territory.path.startswith(road_map.territory.path):
        raise ValidationError(
            {"territory": _("The measure's territory must lie within the road map's.")},
            code="territory",
        )
    promises = list(promises)
    if any(p.section.programme_id != road_map.programme_id for p in promises):
        raise ValidationError(
            {"promises": _("A measure serves promises of its road map's programme only.")},
            code="other_programme",
        )
    with unique("code", _("The road map already has a measure with this code.")):
        measure = Measure.objects.create(
            road_map=road_map,
            state_body=state_body,
            deadline=date_in_range("deadline", deadline),
            weight=weight,
            territory=territory,
            title_en=title_en.strip(),
            **texts,
        )
    measure.responsible.set(list(responsible))
    measure.promises.set(promises)
    record_event(actor=actor, action="programme.measure_added", obj=measure)
    return measure


def _check_indicator(
    *,
    direction: str,
    band_low: Decimal | None,
    band_high: Decimal | None,
    baseline: Decimal,
    target: Decimal,
    baseline_on: dt.date,
    target_on: dt.date,
    aggregation: str,
) -> None:
    errors: dict[str, str] = {}
    if direction not in Direction.values:
        errors["direction"] = _("Choose the direction: increase, decrease, a band or yes/no.")
    if aggregation not in Aggregation.values:
        errors["aggregation"] = _("Choose how the regions add up.")
    if target_on <= baseline_on:
        errors["target_on"] = _("The target date must come after the baseline date.")
    if direction == Direction.INCREASE and target <= baseline:
        errors["target"] = _("For an increase the target must be above the baseline.")
    if direction == Direction.DECREASE and target >= baseline:
        errors["target"] = _("For a decrease the target must be below the baseline.")
    if direction == Direction.BAND:
        if band_low is None or band_high is None:
            errors["band_low"] = _("A band needs both its bounds.")
        elif band_low > band_high:
            errors["band_high"] = _("The band's upper bound must not be below its lower one.")
    if direction == Direction.YES_NO and (baseline not in (0, 1) or target not in (0, 1)):
        errors["target"] = _("For yes or no, the baseline and the target are 0 (no) or 1 (yes).")
    if errors:
        raise ValidationError(errors, code="invalid")


@transaction.atomic
def add_indicator(
    *,
    actor: User,
    measure: Measure,
    code: str,
    title_kk: str,
    title_ru: str,
    title_en: str = "",
    unit: str,
    direction: str,
    band_low: Decimal | None = None,
    band_high: Decimal | None = None,
    baseline: Decimal,
    baseline_on: dt.date,
    target: Decimal,
    target_on: dt.date,
    aggregation: str = Aggregation.SUM,
    milestones: Iterable[tuple[dt.date, Decimal]] = (),
) -> Indicator:
    refuse_unless(rules.may_manage(actor, measure.road_map.branch))
    texts = required(code=code, title_kk=title_kk, title_ru=title_ru, unit=unit)
    baseline, target = _number("baseline", baseline), _number("target", target)
    band_low = None if band_low is None else _number("band_low", band_low)
    band_high = None if band_high is None else _number("band_high", band_high)
    date_in_range("baseline_on", baseline_on)
    date_in_range("target_on", target_on)
    _check_indicator(
        direction=direction,
        band_low=band_low,
        band_high=band_high,
        baseline=baseline,
        target=target,
        baseline_on=baseline_on,
        target_on=target_on,
        aggregation=aggregation,
    )
    if direction != Direction.BAND:
        band_low = band_high = None
    points = sorted(
        (date_in_range("milestones", day), _number("milestones", value))
        for day, value in milestones
    )
    if any(not baseline_on < day <= target_on for day, _value in points) or len(
        {day for day, _value in points}
    ) != len(points):
        raise ValidationError(
            {
                "milestones": _(
                    "Each milestone has its own date between the baseline and the target."
                )
            },
            code="milestones",
        )
    if Indicator.objects.filter(measure__road_map=measure.road_map, code=texts["code"]).exists():
        raise ValidationError(
            {"code": _("The road map already has an indicator with this code.")}, code="duplicate"
        )
    indicator = Indicator.objects.create(
        measure=measure,
        direction=direction,
        band_low=band_low,
        band_high=band_high,
        baseline=baseline,
        baseline_on=baseline_on,
        target=target,
        target_on=target_on,
        aggregation=aggregation,
        title_en=title_en.strip(),
        **texts,
    )
    Milestone.objects.bulk_create(
        Milestone(indicator=indicator, due_on=day, value=value) for day, value in points
    )
    record_event(actor=actor, action="programme.indicator_added", obj=indicator)
    return indicator


@transaction.atomic
def assign_monitor(*, actor: User, road_map: RoadMap, person: Person, since: dt.date) -> Monitor:
    """Assign a party member to follow the road map."""
    refuse_unless(rules.may_manage(actor, road_map.branch))
    membership = getattr(person, "membership", None)
    if membership is None or membership.status != Membership.Status.ACTIVE:
        raise ValidationError(
            {"person": _("Only a party member can monitor a road map.")}, code="not_member"
        )
    if rules.active_monitors().filter(road_map=road_map, person=person).exists():
        raise ValidationError(
            {"person": _("This member already monitors the road map.")}, code="duplicate"
        )
    monitor = Monitor.objects.create(
        road_map=road_map, person=person, since=date_in_range("since", since), assigned_by=actor
    )
    record_event(
        actor=actor,
        action="programme.monitor_assigned",
        obj=road_map,
        changes={"monitor": monitor.pk},
    )
    return monitor


@transaction.atomic
def end_monitor(*, actor: User, monitor: Monitor, until: dt.date) -> Monitor:
    monitor = (
        Monitor.objects.select_for_update().select_related("road_map__branch").get(pk=monitor.pk)
    )
    refuse_unless(rules.may_manage(actor, monitor.road_map.branch))
    if monitor.until is not None:
        raise ValidationError(_("This assignment has already ended."), code="ended")
    if date_in_range("until", until) < monitor.since:
        raise ValidationError(
            {"until": _("An assignment cannot end before it began.")}, code="before_start"
        )
    monitor.until = until
    monitor.save(update_fields=["until"])
    record_event(
        actor=actor,
        action="programme.monitor_ended",
        obj=monitor.road_map,
        changes={"monitor": monitor.pk, "until": until.isoformat()},
    )
    return monitor


# ---------------------------------------------------------------- observations


@transaction.atomic
def record_observation(
    *,
    actor: User,
    indicator: Indicator,
    territory: Territory,
    period_start: dt.date,
    period_end: dt.date,
    value: Decimal,
    kind: str = Observation.Kind.ACTUAL,
    source: str,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    document: UploadedFile | None = None,
) -> Observation:
    """Record a measured value of the indicator for a territory and period. A value already
    in force for the same territory and period is replaced, and kept."""
    road_map = indicator.measure.road_map
    refuse_unless(rules.may_record(actor, road_map))
    texts = required(source=source)
    value = _number("value", value)
    numerator = None if numerator is None else _number("numerator", numerator)
    denominator = None if denominator is None else _number("denominator", denominator)
    errors: dict[str, str] = {}
    if kind not in Observation.Kind.values:
        errors["kind"] = _("Choose actual, provisional or estimated.")
    date_in_range("period_start", period_start)
    date_in_range("period_end", period_end)
    if period_end < period_start:
        errors["period_end"] = _("The period must end on or after the day it starts.")
    if period_start > timezone.localdate():
        errors["period_start"] = _("A value cannot be observed for a period still to come.")
    if not territory.path.startswith(road_map.territory.path):
        errors["territory"] = _("The territory must lie within the road map's.")
    if indicator.direction == Direction.YES_NO and value not in (0, 1):
        errors["value"] = _("For yes or no, the value is 0 (no) or 1 (yes).")
    if indicator.aggregation == Aggregation.RATIO and (numerator is None or not denominator):
        errors["denominator"] = _(
            "This indicator is recomputed from its numerator and denominator: give both, "
            "the denominator not zero."
        )
    if errors:
        raise ValidationError(errors, code="invalid")
    name, digest = _file(document)
    earlier = (
        rules.current_observations()
        .select_for_update(of=("self",))  # the outer join of `current` is not locked
        .filter(
            indicator=indicator,
            territory=territory,
            period_start=period_start,
            period_end=period_end,
        )
        .first()
    )
    observation = Observation.objects.create(
        indicator=indicator,
        territory=territory,
        period_start=period_start,
        period_end=period_end,
        value=value,
        numerator=numerator,
        denominator=denominator,
        kind=kind,
        source=texts["source"],
        document=document or "",
        document_name=name,
        document_sha256=digest,
        replaces=earlier,
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        action="programme.observation_recorded",
        obj=indicator,
        changes={
            "observation": observation.pk,
            "value": str(value),
            "period": f"{period_start.isoformat()}/{period_end.isoformat()}",
            "replaces": earlier.pk if earlier else None,
        },
    )
    return observation


# ---------------------------------------------------------------- changes, four eyes


def _subject_of(change: Change) -> Promise | Measure:
    if change.promise_id:
        return (
            Promise.objects.select_for_update()
            .select_related("section__programme__branch")
            .get(pk=change.promise_id)
        )
    measure_id = change.measure_id
    assert measure_id is not None
    return Measure.objects.select_for_update().select_related("road_map__branch").get(pk=measure_id)


EVIDENCE_FIELDS = ("kind", "title", "url", "document", "publisher", "published_on", "quote")


def _evidence(pieces: Iterable[Mapping[str, Any]]) -> list[tuple[Evidence, UploadedFile | None]]:
    made = []
    for piece in pieces:
        unknown = set(piece) - set(EVIDENCE_FIELDS)
        if unknown:
            raise ValueError(f"unknown evidence fields: {sorted(unknown)}")
        texts = required(title=piece.get("title", ""), publisher=piece.get("publisher", ""))
        url, document = (piece.get("url") or "").strip(), piece.get("document")
        if piece.get("kind") not in Evidence.Kind.values:
            raise ValidationError({"kind": _("Choose the kind of evidence.")}, code="kind")
        if not url and document is None:
            raise ValidationError(
                {"url": _("Give a link to the evidence or upload the document.")},
                code="no_source",
            )
        published_on = piece.get("published_on")
        if not isinstance(published_on, dt.date):
            raise ValidationError({"published_on": _("Enter a valid date.")}, code="invalid")
        if date_in_range("published_on", published_on) > timezone.localdate():
            raise ValidationError(
                {"published_on": _("The evidence cannot be dated in the future.")}, code="future"
            )
        name, digest = _file(document)
        made.append(
            (
                Evidence(
                    kind=piece["kind"],
                    url=url,
                    document_name=name,
                    document_sha256=digest,
                    published_on=published_on,
                    quote=(piece.get("quote") or "").strip(),
                    **texts,
                ),
                document,
            )
        )
    return made


@transaction.atomic
def propose_change(
    *,
    actor: User,
    subject: Promise | Measure,
    status: str = "",
    verdict: str = "",
    broken_reason: str = "",
    reason: str,
    evidence: Iterable[Mapping[str, Any]],
    corrects: HistoryEntry | None = None,
) -> Change:
    """Propose a new progress status or verdict for a promise or a measure, with the
    evidence it rests on. Nothing changes until another person approves it."""
    refuse_unless(rules.may_propose(actor, subject))
    texts = required(reason=reason)
    errors: dict[str, str] = {}
    if status and status not in Status.values:
        errors["status"] = _("Choose a progress status.")
    if verdict and verdict not in Verdict.values:
        errors["verdict"] = _("Choose a verdict.")
    if not status and not verdict:
        errors["status"] = _("Propose a new progress status, a new verdict, or both.")
    if verdict == Verdict.BROKEN and broken_reason not in BrokenReason.values:
        errors["broken_reason"] = _("Say why the promise was broken.")
    if verdict != Verdict.BROKEN:
        broken_reason = ""
    if (
        status
        and status == subject.status
        and (not verdict or verdict == subject.verdict)
        and not corrects
    ):
        errors["status"] = _("This is the status it has already.")
    elif verdict and verdict == subject.verdict and not status and not corrects:
        errors["verdict"] = _("This is the verdict it has already.")
    if corrects is not None and (
        corrects.promise_id != (subject.pk if isinstance(subject, Promise) else None)
        or corrects.measure_id != (subject.pk if isinstance(subject, Measure) else None)
    ):
        errors["corrects"] = _("A correction corrects an entry of the same record's history.")
    if errors:
        raise ValidationError(errors, code="invalid")
    pieces = _evidence(evidence)
    if not pieces:
        raise ValidationError(
            {
                "url": ValidationError(
                    _("A change needs at least one piece of evidence."), code="no_evidence"
                )
            }
        )
    change = Change.objects.create(
        promise=subject if isinstance(subject, Promise) else None,
        measure=subject if isinstance(subject, Measure) else None,
        status=status,
        verdict=verdict,
        broken_reason=broken_reason,
        reason=texts["reason"],
        corrects=corrects,
        proposed_by=actor,
    )
    for piece, document in pieces:
        piece.change = change
        if document is not None:
            piece.document = document  # type: ignore[assignment]
        piece.save()
    record_event(
        actor=actor,
        action="programme.change_proposed",
        obj=subject,
        changes={"change": change.pk, "status": status, "verdict": verdict},
        reason=texts["reason"],
    )
    return change


def _locked_pending(change: Change) -> Change:
    change = Change.objects.select_for_update().get(pk=change.pk)
    if change.state != Change.State.PENDING:
        raise ValidationError(_("This change has already been decided."), code="decided")
    return change


@transaction.atomic
def approve_change(*, actor: User, change: Change, note: str = "") -> HistoryEntry:
    """Approve a proposed change: the record takes the new status or verdict and the
    change goes into the public history. The one who proposed it cannot approve it."""
    change = _locked_pending(change)
    if change.proposed_by_id == actor.pk:
        raise ValidationError(
            _("A change is approved by a second person, not by the one who proposed it."),
            code="four_eyes",
        )
    subject = _subject_of(change)
    refuse_unless(rules.may_manage(actor, rules.subject_branch(subject)))
    if not change.evidence.exists():
        raise ValidationError(
            _("A change needs at least one piece of evidence."), code="no_evidence"
        )
    old_status, old_verdict = subject.status, subject.verdict
    if change.status:
        subject.status = change.status
    if change.verdict:
        subject.verdict = change.verdict
        subject.broken_reason = change.broken_reason
    subject.save(update_fields=["status", "verdict", "broken_reason"])
    change.state = Change.State.APPROVED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.decision_note = note.strip()
    change.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    entry = HistoryEntry.objects.create(
        promise=change.promise,
        measure=change.measure,
        change=change,
        old_status=old_status if change.status else "",
        new_status=change.status,
        old_verdict=old_verdict if change.verdict else "",
        new_verdict=change.verdict,
        broken_reason=change.broken_reason,
        reason=change.reason,
        corrects=change.corrects,
        proposed_by=change.proposed_by,
        approved_by=actor,
    )
    record_event(
        actor=actor,
        action="programme.change_approved",
        obj=subject,
        changes={"change": change.pk, "status": change.status, "verdict": change.verdict},
    )
    return entry


@transaction.atomic
def return_change(*, actor: User, change: Change, note: str) -> Change:
    """Send a proposed change back to its proposer with the reason; nothing changes."""
    change = _locked_pending(change)
    if change.proposed_by_id == actor.pk:
        raise ValidationError(
            _("A change is decided by a second person, not by the one who proposed it."),
            code="four_eyes",
        )
    subject = _subject_of(change)
    refuse_unless(rules.may_manage(actor, rules.subject_branch(subject)))
    texts = required(note=note)
    change.state = Change.State.RETURNED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.decision_note = texts["note"]
    change.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    record_event(
        actor=actor,
        action="programme.change_returned",
        obj=subject,
        changes={"change": change.pk},
        reason=texts["note"],
    )
    return change
