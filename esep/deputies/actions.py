"""Use cases of deputies and their rating: recording the representative bodies, their
convocations, the parties, mandates and posts (a mandate of the party keeps the deputy's
faction membership in step); sittings and attendance; inquiries, initiatives and reports to
voters; the rating's methodology; a deputy's correction of their month and the decision on
it; computing and publishing a month. Each is keyword-only, atomic, validated, and writes an
audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from esep.appeals.actions import official_calendar
from esep.appeals.attachments import named_digest
from esep.appeals.models import StateBody
from esep.audit.log import record_event
from esep.deputies import rating, rules
from esep.deputies.models import (
    Attendance,
    Component,
    Convocation,
    Correction,
    Initiative,
    Inquiry,
    Level,
    Mandate,
    MandatePost,
    Method,
    Party,
    Position,
    Publication,
    RepresentativeBody,
    Sitting,
    Snapshot,
    VoterReport,
    Weight,
)
from esep.lib.checks import date_in_range, invalid, refuse_unless, required, unique
from esep.lib.dates import month_end, month_start
from esep.lib.workdays import Calendar
from esep.org.models import Body, Branch, Person, Post, Territory, subtree_q

if TYPE_CHECKING:
    from esep.access.models import User


# ---------------------------------------------------------------- bodies and parties


@transaction.atomic
def add_body(
    *,
    actor: User,
    branch: Branch,
    code: str,
    level: str,
    territory: Territory,
    name_kk: str,
    name_ru: str,
    name_en: str = "",
) -> RepresentativeBody:
    refuse_unless(rules.may_manage(actor, branch))
    texts = required(code=code, name_kk=name_kk, name_ru=name_ru)
    if level not in Level.values:
        raise invalid("level", _("Choose a level from the list."), "invalid")
    with unique("code", _("A body with this code already exists.")):
        body = RepresentativeBody.objects.create(
            branch=branch,
            code=texts["code"],
            level=level,
            territory=territory,
            name_kk=texts["name_kk"],
            name_ru=texts["name_ru"],
            name_en=(name_en or "").strip(),
        )
    record_event(actor=actor, action="deputies.body_added", obj=body, changes={"code": body.code})
    return body


@transaction.atomic
def add_convocation(
    *,
    actor: User,
    body: RepresentativeBody,
    number: int,
    elected_on: dt.date,
    started_on: dt.date,
    seats: int,
    ended_on: dt.date | None = None,
) -> Convocation:
    refuse_unless(rules.may_manage(actor, body.branch))
    date_in_range("elected_on", elected_on)
    date_in_range("started_on", started_on)
    errors = {}
    if started_on < elected_on:
        errors["started_on"] = _("A convocation starts on or after the day it was elected.")
    if ended_on is not None and date_in_range("ended_on", ended_on) < started_on:
        errors["ended_on"] = _("A term cannot end before it began.")
    if not seats or seats < 1:
        errors["seats"] = _("A body has at least one seat.")
    if number < 1:
        errors["number"] = _("Give the convocation's number.")
    if errors:
        raise ValidationError(errors, code="invalid")
    with unique("number", _("This body already has a convocation with this number.")):
        convocation = Convocation.objects.create(
            body=body,
            number=number,
            elected_on=elected_on,
            started_on=started_on,
            ended_on=ended_on,
            seats=seats,
        )
    record_event(
        actor=actor,
        action="deputies.convocation_added",
        obj=body,
        changes={"convocation": number, "seats": seats},
    )
    return convocation


@transaction.atomic
def add_party(
    *, actor: User, code: str, name_kk: str, name_ru: str, name_en: str = "", is_own: bool = False
) -> Party:
    refuse_unless(rules.may_manage_nationally(actor))
    texts = required(code=code, name_kk=name_kk, name_ru=name_ru)
    if is_own and Party.objects.filter(is_own=True).exists():
        raise invalid("is_own", _("Another party is already the one esep serves."), "duplicate")
    with unique("code", _("A party with this code already exists.")):
        party = Party.objects.create(
            code=texts["code"],
            name_kk=texts["name_kk"],
            name_ru=texts["name_ru"],
            name_en=(name_en or "").strip(),
            is_own=is_own,
        )
    record_event(
        actor=actor, action="deputies.party_added", obj=party, changes={"code": party.code}
    )
    return party


# ---------------------------------------------------------------- mandates and posts


def _faction(body: RepresentativeBody, convocation: Convocation) -> Body:
    """The party's faction in the body: the collegial body of the branch that follows it,
    made when the first mandate of the party comes."""
    kind = (
        Body.Kind.MAZHILIS_FACTION if body.level == Level.MAZHILIS else Body.Kind.MASLIKHAT_FACTION
    )
    faction, _created = Body.objects.get_or_create(
        branch=body.branch, kind=kind, defaults={"seats": convocation.seats}
    )
    return faction


def _within_convocation(
    convocation: Convocation, started_on: dt.date, ended_on: dt.date | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if started_on < convocation.started_on or (
        convocation.ended_on is not None and started_on > convocation.ended_on
    ):
        errors["started_on"] = _("A mandate starts within its convocation's term.")
    if ended_on is not None:
        if ended_on < started_on:
            errors["ended_on"] = _("A term cannot end before it began.")
        elif convocation.ended_on is not None and ended_on > convocation.ended_on:
            errors["ended_on"] = _("A mandate ends within its convocation's term.")
    return errors


@transaction.atomic
def add_mandate(
    *,
    actor: User,
    convocation: Convocation,
    person: Person,
    kind: str,
    party: Party | None,
    started_on: dt.date,
    district: str = "",
) -> Mandate:
    """Record a mandate; a mandate of the party esep serves makes the deputy a member of the
    party's faction in the body from the same day."""
    body = convocation.body
    refuse_unless(rules.may_manage(actor, body.branch))
    district = (district or "").strip()
    errors = _within_convocation(convocation, date_in_range("started_on", started_on), None)
    if kind not in Mandate.Kind.values:
        errors["kind"] = _("Choose how the mandate was won.")
    elif kind == Mandate.Kind.DISTRICT and not district:
        errors["district"] = _("A district mandate names its electoral district.")
    if errors:
        raise ValidationError(errors, code="invalid")
    in_office = convocation.mandates.in_office(started_on, convocation.ended_on or dt.date.max)
    if in_office.count() >= convocation.seats and not in_office.filter(person=person).exists():
        raise ValidationError(
            _("All %(seats)d seats of this convocation are taken.") % {"seats": convocation.seats},
            code="seats_taken",
        )
    with unique("person", _("This person already holds a mandate in this convocation.")):
        mandate = Mandate.objects.create(
            person=person,
            convocation=convocation,
            kind=kind,
            district=district if kind == Mandate.Kind.DISTRICT else "",
            party=party,
            started_on=started_on,
        )
    if party is not None and party.is_own:
        mandate.faction_post = Post.objects.create(
            body=_faction(body, convocation),
            person=person,
            position=Post.Position.MEMBER,
            started_on=started_on,
        )
        mandate.save(update_fields=["faction_post"])
    record_event(
        actor=actor,
        action="deputies.mandate_added",
        obj=mandate,
        changes={"body": body.code, "convocation": convocation.number, "kind": kind},
    )
    return mandate


@transaction.atomic
def end_mandate(*, actor: User, mandate: Mandate, ended_on: dt.date, reason: str) -> Mandate:
    """End a mandate, and with it the faction membership it gave."""
    mandate = (
        Mandate.objects.select_for_update()
        .select_related("convocation__body__branch")
        .get(pk=mandate.pk)
    )
    refuse_unless(rules.may_manage(actor, mandate.convocation.body.branch))
    if mandate.ended_on is not None:
        raise ValidationError(_("This mandate has already ended."), code="ended")
    errors = _within_convocation(
        mandate.convocation, mandate.started_on, date_in_range("ended_on", ended_on)
    )
    errors.pop("started_on", None)
    if reason not in Mandate.EndReason.values:
        errors["reason"] = _("Choose how the mandate ended.")
    if errors:
        raise ValidationError(errors, code="invalid")
    mandate.ended_on, mandate.end_reason = ended_on, reason
    mandate.save(update_fields=["ended_on", "end_reason"])
    if mandate.faction_post_id is not None:
        Post.objects.filter(pk=mandate.faction_post_id, ended_on__isnull=True).update(
            ended_on=ended_on
        )
    MandatePost.objects.filter(mandate=mandate, ended_on__isnull=True).update(ended_on=ended_on)
    record_event(
        actor=actor,
        action="deputies.mandate_ended",
        obj=mandate,
        changes={"ended_on": ended_on.isoformat(), "reason": reason},
    )
    return mandate


@transaction.atomic
def add_post(
    *,
    actor: User,
    mandate: Mandate,
    position: str,
    started_on: dt.date,
    committee_kk: str = "",
    committee_ru: str = "",
    committee_en: str = "",
) -> MandatePost:
    refuse_unless(rules.may_manage(actor, mandate.convocation.body.branch))
    errors = {}
    if position not in Position.values:
        errors["position"] = _("Choose a post from the list.")
    if position == Position.COMMITTEE_CHAIR and not (committee_kk or "").strip():
        errors["committee_kk"] = _("Name the committee the deputy chairs.")
    if date_in_range("started_on", started_on) < mandate.started_on or (
        mandate.ended_on is not None and started_on > mandate.ended_on
    ):
        errors["started_on"] = _("A post is held within the mandate's term.")
    if errors:
        raise ValidationError(errors, code="invalid")
    if position in (Position.CHAIR, Position.SECRETARY):
        held = MandatePost.objects.filter(
            mandate__convocation=mandate.convocation, position=position, ended_on__isnull=True
        ).exclude(mandate=mandate)
        if held.exists():
            raise invalid(
                "position", _("Someone holds this post now; end their term first."), "post_taken"
            )
    post = MandatePost.objects.create(
        mandate=mandate,
        position=position,
        started_on=started_on,
        committee_kk=(committee_kk or "").strip(),
        committee_ru=(committee_ru or "").strip(),
        committee_en=(committee_en or "").strip(),
    )
    record_event(
        actor=actor, action="deputies.post_added", obj=mandate, changes={"position": position}
    )
    return post


@transaction.atomic
def end_post(*, actor: User, post: MandatePost, ended_on: dt.date) -> MandatePost:
    post = (
        MandatePost.objects.select_for_update()
        .select_related("mandate__convocation__body__branch")
        .get(pk=post.pk)
    )
    refuse_unless(rules.may_manage(actor, post.mandate.convocation.body.branch))
    if post.ended_on is not None:
        raise ValidationError(_("This post's term has already ended."), code="ended")
    if date_in_range("ended_on", ended_on) < post.started_on:
        raise invalid("ended_on", _("A term cannot end before it began."), "invalid")
    post.ended_on = ended_on
    post.save(update_fields=["ended_on"])
    record_event(
        actor=actor,
        action="deputies.post_ended",
        obj=post.mandate,
        changes={"position": post.position, "ended_on": ended_on.isoformat()},
    )
    return post


# ---------------------------------------------------------------- sittings and attendance


@transaction.atomic
def record_sitting(
    *,
    actor: User,
    convocation: Convocation,
    number: int,
    held_on: dt.date,
    marks: Mapping[int, tuple[str, str]],
    kind: str = Sitting.Kind.REGULAR,
) -> Sitting:
    """Record a sitting and the attendance of every deputy in office that day: `marks` maps
    each mandate's id to its mark and, for an absence, the reason."""
    refuse_unless(rules.may_record_sittings(actor, convocation))
    date_in_range("held_on", held_on)
    if held_on > timezone.localdate():
        raise invalid("held_on", _("A sitting is recorded once it is held."), "future")
    if held_on < convocation.started_on or (
        convocation.ended_on is not None and held_on > convocation.ended_on
    ):
        raise invalid("held_on", _("The sitting falls outside the convocation's term."), "invalid")
    if kind not in Sitting.Kind.values:
        raise invalid("kind", _("Choose a kind from the list."), "invalid")
    in_office = {m.pk: m for m in convocation.mandates.in_office(held_on)}
    missing = set(in_office) - set(marks)
    strangers = set(marks) - set(in_office)
    if missing or strangers:
        raise ValidationError(
            _("Mark the attendance of every deputy in office that day, and of no one else."),
            code="marks",
        )
    rows = [_mark(mandate_id, *marks[mandate_id]) for mandate_id in in_office]
    with unique("number", _("This convocation already has a sitting with this number.")):
        sitting = Sitting.objects.create(
            convocation=convocation, number=number, held_on=held_on, kind=kind, recorded_by=actor
        )
    for row in rows:
        row.sitting = sitting
    Attendance.objects.bulk_create(rows)
    record_event(
        actor=actor,
        action="deputies.sitting_recorded",
        obj=convocation.body,
        changes={"sitting": number, "held_on": held_on.isoformat(), "marks": len(rows)},
    )
    return sitting


def _mark(mandate_id: int, mark: str, reason: str = "") -> Attendance:
    if mark not in Attendance.Mark.values:
        raise ValidationError(_("Choose a mark from the list."), code="invalid")
    reason = (reason or "").strip()
    if mark == Attendance.Mark.EXCUSED and not reason:
        raise ValidationError(
            _("Give the reason of each absence for a valid reason."), code="reason_required"
        )
    return Attendance(
        mandate_id=mandate_id, mark=mark, reason=reason if mark != Attendance.Mark.PRESENT else ""
    )


@transaction.atomic
def set_attendance(
    *, actor: User, sitting: Sitting, mandate: Mandate, mark: str, reason: str = ""
) -> Attendance:
    """Change one deputy's mark at a sitting (the secretary's fix, or a confirmed correction)."""
    refuse_unless(rules.may_record_sittings(actor, sitting.convocation))
    if mandate.convocation_id != sitting.convocation_id or not mandate.days_in_office(
        sitting.held_on, sitting.held_on
    ):
        raise ValidationError(
            _("The deputy was not in office on the sitting's day."), code="invalid"
        )
    row = _mark(mandate.pk, mark, reason)
    attendance, _created = Attendance.objects.update_or_create(
        sitting=sitting, mandate=mandate, defaults={"mark": row.mark, "reason": row.reason}
    )
    record_event(
        actor=actor,
        action="deputies.attendance_set",
        obj=mandate,
        changes={"sitting": sitting.number, "mark": mark},
    )
    return attendance


# ---------------------------------------------------------------- what deputies do


def _refuse_unless_in_office(mandate: Mandate, field: str, day: dt.date) -> None:
    date_in_range(field, day)
    if day > timezone.localdate():
        raise invalid(field, _("This date is still to come."), "future")
    if not mandate.days_in_office(day, day):
        raise invalid(field, _("The deputy did not hold the mandate on this day."), "not_in_office")


@transaction.atomic
def record_inquiry(
    *, actor: User, mandate: Mandate, state_body: StateBody, subject: str, sent_on: dt.date
) -> Inquiry:
    refuse_unless(rules.may_manage(actor, mandate.convocation.body.branch))
    texts = required(subject=subject)
    _refuse_unless_in_office(mandate, "sent_on", sent_on)
    inquiry = Inquiry.objects.create(
        mandate=mandate,
        state_body=state_body,
        subject=texts["subject"],
        sent_on=sent_on,
        recorded_by=actor,
    )
    record_event(actor=actor, action="deputies.inquiry_recorded", obj=mandate)
    return inquiry


@transaction.atomic
def record_inquiry_answer(
    *, actor: User, inquiry: Inquiry, answer: str, answered_on: dt.date
) -> Inquiry:
    inquiry = (
        Inquiry.objects.select_for_update()
        .select_related("mandate__convocation__body__branch")
        .get(pk=inquiry.pk)
    )
    refuse_unless(rules.may_manage(actor, inquiry.mandate.convocation.body.branch))
    texts = required(answer=answer)
    if date_in_range("answered_on", answered_on) < inquiry.sent_on:
        raise invalid(
            "answered_on", _("An answer comes on or after the day the inquiry was sent."), "invalid"
        )
    inquiry.answer, inquiry.answered_on = texts["answer"], answered_on
    inquiry.save(update_fields=["answer", "answered_on"])
    record_event(actor=actor, action="deputies.inquiry_answered", obj=inquiry.mandate)
    return inquiry


@transaction.atomic
def record_initiative(
    *, actor: User, mandate: Mandate, kind: str, title: str, submitted_on: dt.date
) -> Initiative:
    refuse_unless(rules.may_manage(actor, mandate.convocation.body.branch))
    texts = required(title=title)
    if kind not in Initiative.Kind.values:
        raise invalid("kind", _("Choose a kind from the list."), "invalid")
    _refuse_unless_in_office(mandate, "submitted_on", submitted_on)
    initiative = Initiative.objects.create(
        mandate=mandate,
        kind=kind,
        title=texts["title"],
        submitted_on=submitted_on,
        recorded_by=actor,
    )
    record_event(actor=actor, action="deputies.initiative_recorded", obj=mandate)
    return initiative


@transaction.atomic
def record_voter_report(
    *, actor: User, mandate: Mandate, held_on: dt.date, place: str, people_attending: int
) -> VoterReport:
    refuse_unless(rules.may_manage(actor, mandate.convocation.body.branch))
    texts = required(place=place)
    _refuse_unless_in_office(mandate, "held_on", held_on)
    if people_attending is None or people_attending < 0:
        raise invalid("people_attending", _("Give how many people attended."), "invalid")
    report = VoterReport.objects.create(
        mandate=mandate,
        held_on=held_on,
        place=texts["place"],
        people_attending=people_attending,
        recorded_by=actor,
    )
    record_event(actor=actor, action="deputies.voter_report_recorded", obj=mandate)
    return report


# ---------------------------------------------------------------- the methodology


def _decimal(field: str, value: object) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise invalid(field, _("Enter a number."), "invalid") from None
    if not number.is_finite() or number <= 0 or number >= 1000:
        raise invalid(field, _("Enter a number greater than 0 and less than 1000."), "invalid")
    return number


@transaction.atomic
def add_method(
    *,
    actor: User,
    valid_from: dt.date,
    weights: Mapping[str, tuple[object, object]],
    notes_kk: str = "",
    notes_ru: str = "",
    notes_en: str = "",
) -> Method:
    """A new version of the methodology, applying from the first day of a month on: the
    weight and the standard of each component it counts. A month already published keeps
    the version it was computed with; so does one already computed, until recomputed."""
    refuse_unless(rules.may_manage_nationally(actor))
    if valid_from.day != 1:
        raise invalid(
            "valid_from", _("A version applies from the first day of a month."), "invalid"
        )
    date_in_range("valid_from", valid_from)
    if Publication.objects.filter(month__gte=valid_from).exists():
        raise invalid(
            "valid_from",
            _("A month from then on is already published; choose a later one."),
            "published",
        )
    if not weights:
        raise ValidationError(_("Give at least one component a weight."), code="empty")
    rows = []
    for component, (weight, standard) in weights.items():
        if component not in Component.values:
            raise ValidationError(_("Choose components from the list."), code="invalid")
        rows.append(
            Weight(
                component=component,
                weight=_decimal(f"{component}_weight", weight),
                standard=_decimal(f"{component}_standard", standard),
            )
        )
    version = (
        Method.objects.order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    with unique("valid_from", _("A version already applies from this month.")):
        method = Method.objects.create(
            version=version,
            valid_from=valid_from,
            notes_kk=notes_kk.strip(),
            notes_ru=notes_ru.strip(),
            notes_en=notes_en.strip(),
            created_by=actor,
        )
    for row in rows:
        row.method = method
    Weight.objects.bulk_create(rows)
    record_event(
        actor=actor, action="deputies.method_added", obj=method, changes={"version": version}
    )
    return method


# ---------------------------------------------------------------- corrections


def correction_window(month: dt.date, calendar: Calendar | None = None) -> tuple[dt.date, dt.date]:
    """The days a deputy may correct a month: from the day after it closes to the fifth
    working day after it, on the official calendar."""
    last = month_end(month_start(month))
    calendar = calendar or official_calendar()
    return last + dt.timedelta(days=1), calendar.add_working_days(last, rating.WINDOW_WORKING_DAYS)


@transaction.atomic
def submit_correction(
    *,
    actor: User,
    mandate: Mandate,
    month: dt.date,
    component: str,
    explanation: str,
    evidence: UploadedFile | None,
    adjustment: int = 0,
    sitting: Sitting | None = None,
    mark: str = "",
) -> Correction:
    """A deputy's correction of their month, with evidence, while the month's window is
    open; the branch's office may record one for a deputy at any time (a correction to a
    published month makes its next revision once confirmed)."""
    month = month_start(month)
    _opens, closes = correction_window(month)
    refused = rules.correction_refused(actor, mandate, month, timezone.localdate(), closes)
    refuse_unless(refused != "denied")
    if refused == "month_open":
        raise invalid("month", _("A month is corrected once it is over."), "month_open")
    if refused == "window_closed":
        raise invalid(
            "month",
            _("The correction window of this month closed on %(day)s.")
            % {"day": closes.strftime("%d.%m.%Y")},
            "window_closed",
        )
    if not mandate.days_in_office(month, month_end(month)):
        raise invalid(
            "month", _("The deputy did not hold the mandate in this month."), "not_in_office"
        )
    texts = required(explanation=explanation)
    if evidence is None:
        raise invalid("evidence", _("Attach the evidence."), "required")
    if component not in rating.COMPONENTS or not rating.COMPONENTS[component].correctable:
        raise invalid(
            "component",
            _("This component is read from esep's records and cannot be corrected."),
            "not_correctable",
        )
    if component == Component.ATTENDANCE:
        if (
            sitting is None
            or sitting.convocation_id != mandate.convocation_id
            or not (month <= sitting.held_on <= month_end(month))
        ):
            raise invalid(
                "sitting", _("Choose a sitting of the deputy's body in that month."), "invalid"
            )
        if mark not in Attendance.Mark.values:
            raise invalid("mark", _("Choose a mark from the list."), "invalid")
        adjustment = 0
    else:
        sitting, mark = None, ""
        if not adjustment or abs(adjustment) > 100:
            raise invalid(
                "adjustment",
                _("Give how many to add (or, with a minus, to subtract): 1 to 100."),
                "invalid",
            )
    name, sha256 = named_digest(evidence)
    correction = Correction.objects.create(
        mandate=mandate,
        month=month,
        component=component,
        adjustment=adjustment,
        sitting=sitting,
        mark=mark,
        explanation=texts["explanation"],
        evidence=evidence,
        evidence_name=name,
        evidence_sha256=sha256,
        submitted_by=actor,
    )
    record_event(
        actor=actor,
        action="deputies.correction_submitted",
        obj=correction,
        changes={"component": component, "month": month.isoformat()},
    )
    return correction


def _pending(correction: Correction) -> Correction:
    return (
        # The sitting (a nullable link) is read after the lock: PostgreSQL locks no outer join.
        Correction.objects.select_for_update()
        .select_related("mandate__convocation__body__branch")
        .get(pk=correction.pk)
    )


@transaction.atomic
def confirm_correction(*, actor: User, correction: Correction, note: str = "") -> Correction:
    """Confirm a correction: a sitting's mark is changed, a count counts; the deputy's month
    is recomputed at once."""
    correction = _pending(correction)
    refuse_unless(rules.may_decide(actor, correction))
    if correction.sitting is not None:
        Attendance.objects.update_or_create(
            sitting=correction.sitting,
            mandate=correction.mandate,
            defaults={
                "mark": correction.mark,
                "reason": correction.explanation[:255]
                if correction.mark == Attendance.Mark.EXCUSED
                else "",
            },
        )
    _decide(actor, correction, Correction.State.CONFIRMED, note)
    rating.compute(correction.month, mandate_ids=[correction.mandate_id])
    return correction


@transaction.atomic
def refuse_correction(*, actor: User, correction: Correction, note: str) -> Correction:
    correction = _pending(correction)
    refuse_unless(rules.may_decide(actor, correction))
    texts = required(note=note)
    _decide(actor, correction, Correction.State.REFUSED, texts["note"])
    return correction


def _decide(actor: User, correction: Correction, state: str, note: str) -> None:
    correction.state = state
    correction.decided_by = actor
    correction.decided_at = timezone.now()
    correction.decision_note = (note or "").strip()
    correction.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    record_event(
        actor=actor,
        action=f"deputies.correction_{state}",
        obj=correction,
        changes={"state": state},
    )


# ---------------------------------------------------------------- the month's rating


def branch_snapshots(branch: Branch, month: dt.date):  # type: ignore[no-untyped-def]
    """The month's snapshots of the deputies of the bodies in the branch's subtree."""
    return Snapshot.objects.filter(
        subtree_q([branch.path], "mandate__convocation__body__branch__path"),
        month=month_start(month),
    )


@transaction.atomic
def publish_rating(*, actor: User, branch: Branch, month: dt.date) -> Publication:
    """Publish a branch's rating of a month once its correction window has closed and no
    correction of it awaits a decision: the month is computed with what esep has now, and
    its latest snapshots are frozen as published (a later revision is published beside an
    earlier one)."""
    refuse_unless(rules.may_manage(actor, branch))
    month = month_start(month)
    _opens, closes = correction_window(month)
    if timezone.localdate() <= closes:
        raise ValidationError(
            _("The correction window of this month closes on %(day)s; publish after it.")
            % {"day": closes.strftime("%d.%m.%Y")},
            code="window_open",
        )
    scope = subtree_q([branch.path], "mandate__convocation__body__branch__path")
    if Correction.objects.filter(scope, month=month, state=Correction.State.PENDING).exists():
        raise ValidationError(
            _("Some corrections of this month still await a decision."), code="pending"
        )
    # The whole month, not only the branch's bodies: a band is a place among every peer in
    # the country, and it is frozen now.
    rating.compute(month)
    unpublished = branch_snapshots(branch, month).current().filter(publication__isnull=True)
    count = unpublished.count()
    if not count:
        raise ValidationError(
            _("Nothing new to publish for this month: it is published as it stands."),
            code="nothing_new",
        )
    revision = Publication.objects.filter(branch=branch, month=month).count() + 1
    publication = Publication.objects.create(
        branch=branch, month=month, revision=revision, published_by=actor, deputies=count
    )
    Snapshot.objects.filter(pk__in=list(unpublished.values_list("pk", flat=True))).update(
        publication=publication
    )
    record_event(
        actor=actor,
        action="deputies.rating_published",
        obj=publication,
        changes={"month": month.isoformat(), "revision": revision, "deputies": count},
    )
    return publication
