"""Use cases of the appeal's lifecycle. Each is atomic, locks the appeal row, refuses a
change made from a stale copy, and writes its step on the appeal's timeline."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from esep.appeals.lifecycle import Status, Transition, allowed_from, target_of
from esep.appeals.models import (
    Appeal,
    AppealCounter,
    AppealEvent,
    CalendarDay,
    Category,
    Outcome,
)
from esep.lib.workdays import Calendar
from esep.org.models import Branch, Person, Territory

if TYPE_CHECKING:
    from esep.access.models import User

# Administrative Procedural Code of the Republic of Kazakhstan: an appeal is considered
# within 15 working days of registration.
CONSIDERATION_WORKING_DAYS = 15


class StaleAppeal(ValidationError):
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
) -> Appeal:
    """Register an appeal. Received after working hours or on a day off, it is registered
    on the next working day (in the territory's time zone); it is due 15 working days
    later. An anonymous appeal is registered and marked not to be considered unless it
    reports a crime or a threat to security."""
    if not text.strip():
        raise ValidationError(_("The appeal has no text."), code="empty_text")
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
        is_anonymous=submitter is None,
        reports_crime=reports_crime,
        text=text.strip(),
        language=language,
        received_at=received_at,
        registered_on=registered_on,
        due_on=calendar.add_working_days(registered_on, CONSIDERATION_WORKING_DAYS),
    )
    note = "" if appeal.is_considered else _("Anonymous: not subject to consideration.")
    AppealEvent.objects.create(
        appeal=appeal, actor=actor, action="registered", to_status=Status.REGISTERED, note=note
    )
    return appeal


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
    target = target_of(transition, current.status)
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
    AppealEvent.objects.create(
        appeal=current,
        actor=actor,
        action=transition,
        from_status=previous,
        to_status=target,
        note=note,
        data={k: str(v.pk if isinstance(v, models.Model) else v) for k, v in changes.items()},
    )
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
    return _move(
        appeal,
        Transition.ANSWER,
        actor=actor,
        outcome=outcome,
        answer=answer.strip(),
        answered_at=answered_at or timezone.now(),
    )


@transaction.atomic
def close_appeal(*, actor: User | None, appeal: Appeal, note: str = "") -> Appeal:
    return _move(appeal, Transition.CLOSE, actor=actor, note=note, closed_at=timezone.now())


@transaction.atomic
def reopen_on_dispute(*, actor: User | None, appeal: Appeal, reason: str) -> Appeal:
    """The citizen disputes the answer: the appeal goes back to work, its outcome cleared."""
    if not reason.strip():
        raise ValidationError(_("Say why the answer is disputed."), code="no_reason")
    return _move(appeal, Transition.REOPEN, actor=actor, note=reason, outcome="", closed_at=None)


def available_transitions(appeal: Appeal) -> list[str]:
    return allowed_from(appeal.status)
