"""Use cases of the appeal's lifecycle. Each is atomic, locks the appeal row, refuses a
change made from a stale copy, and writes its step on the appeal's timeline."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from esep.appeals.attachments import attach_file
from esep.appeals.lifecycle import LIFECYCLE, OPEN_STATUSES, Status, Transition
from esep.appeals.models import (
    RECEPTION_CHANNELS,
    Appeal,
    AppealCounter,
    AppealEvent,
    AppealGroup,
    CalendarDay,
    Category,
    Channel,
    Extension,
    Forwarding,
    Outcome,
    PartyControl,
    StateBody,
)
from esep.appeals.notify import queue_news
from esep.appeals.similarity import queue_suggestions
from esep.lib.steps import Stale
from esep.lib.workdays import Calendar
from esep.org.actions import given_person, identify
from esep.org.models import Branch, Person, Territory, branch_for
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User
    from esep.receptions.models import Reception

# Administrative Procedural Code of the Republic of Kazakhstan: an appeal is considered
# within 15 working days of registration.
CONSIDERATION_WORKING_DAYS = 15


class StaleAppeal(Stale):
    """Someone else changed the appeal since this copy was read."""


def official_calendar() -> Calendar:
    changes = CalendarDay.objects.values_list("day", "kind")
    return Calendar(
        extra_days_off=[day for day, kind in changes if kind == CalendarDay.Kind.DAY_OFF],
        extra_working_days=[day for day, kind in changes if kind == CalendarDay.Kind.WORKING_DAY],
    )


def next_number(branch: Branch, year: int) -> str:
    """ATYRAU-2021-00042: readable, unique, per branch and year. Must run in a transaction:
    the counter row is locked until it commits, so two registrations never share a number."""
    AppealCounter.objects.get_or_create(branch=branch, year=year)
    counter = AppealCounter.objects.select_for_update().get(branch=branch, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{branch.code.upper()}-{year}-{counter.last:05d}"


@transaction.atomic
def register_appeal(
    *,
    actor: User | None,
    channel: str,
    kind: str,
    category: Category,
    territory: Territory,
    branch: Branch,
    submitter: Person | None,
    text: str,
    language: str,
    received_at: dt.datetime,
    reports_crime: bool = False,
    number: str | None = None,
    reception: Reception | None = None,
    given: Person | None = None,
    notify_by_email: bool = False,
    notify_by_sms: bool = False,
) -> Appeal:
    """Register an appeal. Received after working hours or on a day off, it is registered
    on the next working day (in the territory's time zone); it is due 15 working days
    later. An anonymous appeal is registered and marked not to be considered unless it
    reports a crime or a threat to security.

    `given` is the applicant as given at intake (`org.actions.given_person`); the appeal
    keeps those names and contacts. Without it, the submitter's names are kept and no
    contacts (a post's head bringing a problem, a demo record)."""
    if not text.strip():
        raise ValidationError(_("The appeal has no text."), code="empty_text")
    if reception is not None:
        # Read afresh and held: a reception cancelled meanwhile takes no appeals.
        reception = type(reception).objects.select_for_update().get(pk=reception.pk)
        if reception.status == "cancelled":
            raise ValidationError(
                _("The reception was cancelled: appeals cannot be registered at it."),
                code="reception_cancelled",
            )
        channel = RECEPTION_CHANNELS[reception.kind]
    repeat_of = find_repeated(submitter, category, received_at)
    calendar = official_calendar()
    registered_on = calendar.registration_day(received_at, territory.time_zone)
    appeal = Appeal.objects.create(
        number=number or next_number(branch, registered_on.year),
        kind=kind,
        channel=channel,
        category=category,
        territory=territory,
        branch=branch,
        submitter=submitter,
        **applicant_fields(given or submitter, contacts=given is not None),
        is_anonymous=submitter is None,
        reports_crime=reports_crime,
        text=text.strip(),
        language=language,
        received_at=received_at,
        registered_on=registered_on,
        due_on=calendar.add_working_days(registered_on, CONSIDERATION_WORKING_DAYS),
        repeat_of=repeat_of,
        reception=reception,
        # News goes to the contacts given, so an anonymous appeal gets none.
        notify_by_email=notify_by_email and given is not None,
        notify_by_sms=notify_by_sms and given is not None,
    )
    note = "" if appeal.is_considered else _("Anonymous: not subject to consideration.")
    event = AppealEvent.objects.create(
        appeal=appeal, actor=actor, action="registered", to_status=Status.REGISTERED, note=note
    )
    queue_news(event)
    queue_suggestions(appeal)
    return appeal


def applicant_fields(person: Person | None, *, contacts: bool) -> dict[str, str]:
    """The appeal's own copy of its applicant: names, and the contacts given at intake."""
    if person is None:
        return {}
    fields = {
        "applicant_surname": person.surname,
        "applicant_given_name": person.given_name,
        "applicant_patronymic": person.patronymic,
    }
    if contacts:
        fields |= {
            "contact_iin": person.iin or "",
            "contact_phone": person.phone,
            "contact_email": person.email,
        }
    return fields


@transaction.atomic
def register_brought(
    *,
    actor: User | None,
    anonymous: bool,
    iin: str = "",
    phone: str = "",
    surname: str = "",
    given_name: str = "",
    patronymic: str = "",
    email: str = "",
    **appeal: Any,
) -> Appeal:
    """An appeal brought to staff (in person, by letter, through a script) or sent from
    outside (the public site, a civic app): the citizen is found by IIN, or by phone and
    name, or recorded, and the appeal registered now — both or neither. The appeal keeps
    the applicant as given; the person's own record stays where it was."""
    given = (
        None
        if anonymous
        else given_person(
            iin=iin,
            phone=phone,
            surname=surname,
            given_name=given_name,
            patronymic=patronymic,
            email=email,
        )
    )
    submitter = None if given is None else identify(actor=actor, given=given)
    return register_appeal(
        actor=actor, submitter=submitter, given=given, received_at=timezone.now(), **appeal
    )


def serving_branch(territory: Territory) -> Branch:
    """The branch that takes appeals from this place (those sent from outside esep)."""
    branch = branch_for(territory)
    if branch is None:
        raise ValidationError({"territory": _("No branch serves this place yet.")})
    return branch


# A repeat appeal contests an answer given within this many days.
REPEAT_WINDOW_DAYS = 365


@transaction.atomic
def submit_online(
    *,
    kind: str,
    category: Category,
    territory: Territory,
    text: str,
    language: str,
    anonymous: bool,
    reports_crime: bool = False,
    surname: str = "",
    given_name: str = "",
    phone: str = "",
    email: str = "",
    notify_by_email: bool = False,
    notify_by_sms: bool = False,
    attachment: UploadedFile | None = None,
) -> Appeal:
    """An appeal a citizen submits on the public site: the branch serving the place takes
    it; the citizen is found by phone or recorded; the attachment, if any, is checked. With
    the citizen's consent, the receipt and each public step go to them (appeals/notify.py)."""
    appeal = register_brought(
        actor=None,
        anonymous=anonymous,
        phone=phone,
        surname=surname,
        given_name=given_name,
        email=email,
        notify_by_email=notify_by_email,
        notify_by_sms=notify_by_sms,
        channel=Channel.ONLINE_PORTAL,
        kind=kind,
        category=category,
        territory=territory,
        branch=serving_branch(territory),
        text=text,
        language=language,
        reports_crime=reports_crime,
    )
    if attachment is not None:
        attach_file(actor=None, appeal=appeal, upload=attachment)
    return appeal


def find_repeated(
    submitter: Person | None, category: Category, received_at: dt.datetime
) -> Appeal | None:
    """The same person's latest answered appeal on the same topic, if this one repeats it."""
    if submitter is None:
        return None
    since = received_at - dt.timedelta(days=REPEAT_WINDOW_DAYS)
    return (
        Appeal.objects.filter(
            submitter=submitter,
            category=category,
            answered_at__isnull=False,
            answered_at__gte=since,
            answered_at__lte=received_at,
        )
        .order_by("-answered_at")
        .first()
    )


def _locked(appeal: Appeal) -> Appeal:
    current = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if current.version != appeal.version:
        raise StaleAppeal(
            _(
                "Someone else changed this appeal a moment ago. Your change was not saved: "
                "reload the page to see the appeal as it is now."
            ),
            code="stale",
        )
    return current


def _move(
    appeal: Appeal, transition: str, *, actor: User | None, note: str = "", **changes: object
) -> Appeal:
    current = _locked(appeal)
    target = LIFECYCLE.target_of(transition, current.status)
    if target is None:
        raise ValidationError(
            _("An appeal that is “%(status)s” cannot be moved this way (“%(action)s”)."),
            params={
                "status": current.get_status_display(),
                "action": Transition(transition).label,
            },
            code="forbidden_transition",
        )
    previous = current.status
    for field, value in changes.items():
        setattr(current, field, value)
    current.status = target
    current.version += 1
    current.save()
    event = AppealEvent.objects.create(
        appeal=current,
        actor=actor,
        action=transition,
        from_status=previous,
        to_status=target,
        note=note,
        data={k: str(v.pk if isinstance(v, models.Model) else v) for k, v in changes.items()},
    )
    queue_news(event)
    appeal.__dict__.update(current.__dict__)
    return current


@transaction.atomic
def assign_appeal(*, actor: User | None, appeal: Appeal, assignee: User, note: str = "") -> Appeal:
    return _move(appeal, Transition.ASSIGN, actor=actor, note=note, assignee=assignee)


@transaction.atomic
def start_work(*, actor: User | None, appeal: Appeal, note: str = "") -> Appeal:
    return _move(appeal, Transition.START, actor=actor, note=note)


@transaction.atomic
def record_answer(
    *,
    actor: User | None,
    appeal: Appeal,
    outcome: str,
    answer: str,
    answered_at: dt.datetime | None = None,
) -> Appeal:
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose the outcome."), code="no_outcome")
    if not answer.strip():
        raise ValidationError(_("Write the answer given to the applicant."), code="no_answer")
    answered_at = answered_at or timezone.now()
    if answered_at < appeal.received_at:
        raise ValidationError(
            _("The answer cannot be dated before the appeal was received."),
            code="before_receipt",
        )
    answered_on = answer_day(appeal, answered_at)
    return _move(
        appeal,
        Transition.ANSWER,
        actor=actor,
        outcome=outcome,
        answer=answer.strip(),
        answered_at=answered_at,
        answered_on=answered_on,
        answer_working_days=official_calendar().working_days_between(
            appeal.registered_on, answered_on
        ),
    )


def local_today(appeal: Appeal) -> dt.date:
    """Today on the clock of the appeal's territory (the site's clock is UTC)."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(appeal.territory.time_zone))


def _not_before_registration(appeal: Appeal, field: str, day: dt.date | None) -> None:
    """A day something was done about the appeal: never before it was registered."""
    if day is not None and day < appeal.registered_on:
        raise ValidationError(
            {
                field: _("The date cannot be earlier than the appeal's registration on %(day)s.")
                % {"day": appeal.registered_on.strftime("%d.%m.%Y")}
            },
            code="before_registration",
        )


def answer_day(appeal: Appeal, answered_at: dt.datetime) -> dt.date:
    """The day of the answer on the clock of the appeal's territory, never before the
    registration day (an answer recorded the evening before a holiday registration)."""
    local = timezone.localtime(answered_at, zoneinfo.ZoneInfo(appeal.territory.time_zone))
    return max(local.date(), appeal.registered_on)


@transaction.atomic
def close_appeal(*, actor: User | None, appeal: Appeal, note: str = "") -> Appeal:
    return _move(appeal, Transition.CLOSE, actor=actor, note=note, closed_at=timezone.now())


@transaction.atomic
def reopen_on_dispute(*, actor: User | None, appeal: Appeal, reason: str) -> Appeal:
    """The citizen disputes the answer: the appeal goes back to work, its outcome cleared."""
    if not reason.strip():
        raise ValidationError(_("Say why the answer is disputed."), code="no_reason")
    return _move(
        appeal,
        Transition.REOPEN,
        actor=actor,
        note=reason,
        outcome="",
        closed_at=None,
        disputed=True,
    )


# An appeal outside the branch's competence is sent on within 3 working days, and the
# applicant told; an extension is announced to the applicant within 3 working days.
HANDOVER_WORKING_DAYS = 3
NOTICE_WORKING_DAYS = 3
# Extensions may not take consideration past two months from registration.
MAX_CONSIDERATION_MONTHS = 2


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def extension_limit(appeal: Appeal) -> dt.date:
    return _add_months(appeal.registered_on, MAX_CONSIDERATION_MONTHS)


@transaction.atomic
def forward_to_state_body(
    *,
    actor: User | None,
    appeal: Appeal,
    state_body: StateBody,
    outgoing_reference: str,
    sent_on: dt.date,
    outside_competence: bool = False,
    applicant_told_on: dt.date | None = None,
) -> Forwarding:
    """Send the appeal (or a question about it) to a state body while it is in progress."""
    current = _locked(appeal)
    if current.status != Status.IN_PROGRESS:
        raise ValidationError(
            _("Only an appeal in progress can be forwarded to a state body."),
            code="not_in_progress",
        )
    if not outgoing_reference.strip():
        raise ValidationError(_("Give the outgoing reference."), code="no_reference")
    _not_before_registration(current, "sent_on", sent_on)
    _not_before_registration(current, "applicant_told_on", applicant_told_on)
    forwarding = Forwarding.objects.create(
        appeal=current,
        state_body=state_body,
        outgoing_reference=outgoing_reference.strip(),
        sent_on=sent_on,
        outside_competence=outside_competence,
        applicant_told_on=applicant_told_on,
    )
    if outside_competence and applicant_told_on is None:
        raise ValidationError(
            _("When handing the appeal over, record the day the applicant was told."),
            code="applicant_not_told",
        )
    handover_by = official_calendar().add_working_days(current.registered_on, HANDOVER_WORKING_DAYS)
    late = outside_competence and max(sent_on, applicant_told_on or sent_on) > handover_by
    _touch(
        current,
        appeal,
        actor,
        "forwarded",
        {"state_body": state_body.code, "reference": forwarding.outgoing_reference, "late": late},
    )
    return forwarding


@transaction.atomic
def record_body_answer(
    *, actor: User | None, forwarding: Forwarding, answer: str, answered_on: dt.date
) -> Forwarding:
    current = _locked(forwarding.appeal)
    if forwarding.answered_on is not None:
        raise ValidationError(_("The body's answer is already recorded."), code="already_answered")
    if not answer.strip():
        raise ValidationError(_("Write the body's answer."), code="no_answer")
    _not_before_registration(current, "answered_on", answered_on)
    if answered_on < forwarding.sent_on:
        raise ValidationError(
            {
                "answered_on": _(
                    "The body's answer cannot be dated before the letter was sent on %(day)s."
                )
                % {"day": forwarding.sent_on.strftime("%d.%m.%Y")}
            },
            code="before_sending",
        )
    forwarding.answer, forwarding.answered_on = answer.strip(), answered_on
    forwarding.save(update_fields=["answer", "answered_on"])
    _touch(current, forwarding.appeal, actor, "body_answered", {"forwarding": forwarding.pk})
    return forwarding


@transaction.atomic
def extend_deadline(*, actor: User, appeal: Appeal, new_due_on: dt.date, reason: str) -> Extension:
    """Only the head of the appeal's branch (or above) may extend, with reasons, and never
    past two months from registration."""
    current = _locked(appeal)
    if not actor.can(Capability.DECIDE_APPEALS, current.branch.path):
        raise ValidationError(
            _("Only the branch head may extend the deadline."), code="not_branch_head"
        )
    if current.status not in OPEN_STATUSES:
        raise ValidationError(_("The appeal is already answered."), code="not_open")
    if not reason.strip():
        raise ValidationError(_("An extension needs a reasoned decision."), code="no_reason")
    if new_due_on <= current.due_on:
        raise ValidationError(
            _("The new deadline must be later than the current one."), code="not_later"
        )
    limit = extension_limit(current)
    if new_due_on > limit:
        raise ValidationError(
            _("The deadline can be extended to %(limit)s at the latest (two months in total)."),
            params={"limit": limit.strftime("%d.%m.%Y")},
            code="too_long",
        )
    today = local_today(current)
    extension = Extension.objects.create(
        appeal=current,
        decided_by=actor,
        previous_due_on=current.due_on,
        new_due_on=new_due_on,
        reason=reason.strip(),
        notify_by=official_calendar().add_working_days(today, NOTICE_WORKING_DAYS),
    )
    current.due_on = new_due_on
    _touch(
        current,
        appeal,
        actor,
        "extended",
        {"from": str(extension.previous_due_on), "to": str(new_due_on)},
        note=reason.strip(),
    )
    return extension


@transaction.atomic
def record_applicant_notified(
    *, actor: User | None, extension: Extension, notified_on: dt.date
) -> Extension:
    current = _locked(extension.appeal)
    _not_before_registration(current, "notified_on", notified_on)
    extension.applicant_notified_on = notified_on
    extension.save(update_fields=["applicant_notified_on"])
    _touch(
        current,
        extension.appeal,
        actor,
        "applicant_notified",
        {"late": notified_on > extension.notify_by},
    )
    return extension


def _touch(
    current: Appeal, copy: Appeal, actor: User | None, action: str, data: dict, note: str = ""
) -> None:
    """Save a change that does not move the status: bump the version and log the step."""
    current.version += 1
    current.save()
    event = AppealEvent.objects.create(
        appeal=current,
        actor=actor,
        action=action,
        from_status=current.status,
        to_status=current.status,
        note=note,
        data=data,
    )
    queue_news(event)
    copy.__dict__.update(current.__dict__)


@transaction.atomic
def group_appeals(*, actor: User, appeals: list[Appeal], title: str) -> AppealGroup:
    """Link similar appeals of different people into one group (joining an existing
    group when one of them already has one)."""
    if len(appeals) < 2:
        raise ValidationError(_("Choose at least two appeals to link."), code="too_few")
    existing = next((a.group for a in appeals if a.group_id), None)
    group = existing or AppealGroup.objects.create(
        title=title.strip() or appeals[0].number, created_by=actor
    )
    for appeal in appeals:
        if appeal.group_id != group.pk:
            current = _locked(appeal)
            current.group = group
            # Joining a group under control brings the appeal under it too.
            current.controlled = current.controlled or group.controls.exists()
            _touch(current, appeal, actor, "grouped", {"group": group.pk})
    return group


@transaction.atomic
def take_under_control(
    *,
    actor: User,
    deadline: dt.date,
    reason: str,
    appeal: Appeal | None = None,
    group: AppealGroup | None = None,
) -> PartyControl:
    """Take an appeal, or a group of linked appeals, under the party control of the
    appeal's branch, with the actor as controller."""
    if (appeal is None) == (group is None):
        raise ValueError("control an appeal or a group")
    if not reason.strip():
        raise ValidationError(_("Say why it is taken under control."), code="no_reason")
    members = [appeal] if appeal is not None else list(Appeal.objects.filter(group=group))
    if (
        PartyControl.objects.filter(released_at__isnull=True)
        .filter(Q(appeal__in=members) | Q(group=group) if group else Q(appeal=appeal))
        .exists()
    ):
        raise ValidationError(_("It is already under party control."), code="already_controlled")
    control = PartyControl.objects.create(
        appeal=appeal,
        group=group,
        branch=members[0].branch,
        controller=actor,
        deadline=deadline,
        reason=reason.strip(),
    )
    for member in members:
        current = _locked(member)
        current.controlled = True
        _touch(
            current,
            member,
            actor,
            "taken_under_control",
            {"control": control.pk, "deadline": str(deadline)},
            note=reason.strip(),
        )
    return control


def _controlled(control: PartyControl) -> list[Appeal]:
    if control.appeal is not None:
        return [control.appeal]
    return list(Appeal.objects.filter(group_id=control.group_id))


@transaction.atomic
def escalate_control(*, actor: User, control: PartyControl, reason: str) -> PartyControl:
    """Hand the control up to the parent branch."""
    control = PartyControl.objects.select_for_update().get(pk=control.pk)
    parent = Branch.objects.get_parent(control.branch)
    if control.released_at is not None or parent is None:
        raise ValidationError(_("This control cannot be escalated."), code="cannot_escalate")
    control.branch = parent
    control.save(update_fields=["branch"])
    for member in _controlled(control):
        _touch(
            _locked(member),
            member,
            actor,
            "control_escalated",
            {"branch": parent.code},
            note=reason,
        )
    return control


@transaction.atomic
def release_control(*, actor: User, control: PartyControl, result: str) -> PartyControl:
    control = PartyControl.objects.select_for_update().get(pk=control.pk)
    if control.released_at is not None:
        raise ValidationError(_("This control is already released."), code="already_released")
    if not result.strip():
        raise ValidationError(_("Record the result of the control."), code="no_result")
    control.released_at, control.result = timezone.now(), result.strip()
    control.save(update_fields=["released_at", "result"])
    for member in _controlled(control):
        _touch(
            _locked(member), member, actor, "control_released", {"control": control.pk}, note=result
        )
    return control


@transaction.atomic
def rate_answer(*, actor: User | None, appeal: Appeal, rating: int) -> Appeal:
    """The applicant's rating of the answer, 1 to 5: one per appeal, which the applicant may
    change. A change is one step on the timeline, from the old rating to the new; the same
    rating again changes nothing. An appeal not subject to consideration (anonymous) has no
    answer to rate."""
    current = _locked(appeal)
    if not current.is_considered:
        raise ValidationError(
            _("An anonymous appeal is not subject to consideration: there is no answer to rate."),
            code="not_considered",
        )
    if current.status not in (Status.ANSWERED, Status.CLOSED):
        raise ValidationError(_("Only an answer can be rated."), code="not_answered")
    if rating not in range(1, 6):
        raise ValidationError(_("A rating is from 1 to 5."), code="bad_rating")
    if current.rating == rating:
        return current
    previous, current.rating = current.rating, rating
    change = {"rating": rating} | ({"from": previous} if previous else {})
    _touch(current, appeal, actor, "rated", change)
    return current


def available_transitions(appeal: Appeal) -> list[str]:
    return LIFECYCLE.allowed_from(appeal.status)
