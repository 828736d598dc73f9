"""Use cases of receptions: plan one (or the same slot for several weeks), record it held or
cancel it. Each is atomic and writes its event to the audit log."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.utils.translation import gettext as _

from esep.audit.log import record_event
from esep.org.models import Branch, Person, Territory
from esep.receptions.models import Kind, Place, Reception, Status

if TYPE_CHECKING:
    from esep.access.models import User

MAX_WEEKS = 8  # how many weeks in a row one plan may take


def local_times(
    territory: Territory, day: dt.date, start: dt.time, end: dt.time
) -> tuple[dt.datetime, dt.datetime]:
    """A reception's start and end, given as the clock reads where it is held."""
    zone = zoneinfo.ZoneInfo(territory.time_zone)
    return dt.datetime.combine(day, start, zone), dt.datetime.combine(day, end, zone)


def _check_place(kind: str, place_type: str, address: str) -> None:
    if kind == Kind.OFFICE and place_type != Place.OFFICE:
        raise ValidationError(
            {"place_type": _("An office reception is held at the office.")}, code="place"
        )
    if kind == Kind.MOBILE and place_type == Place.OFFICE:
        raise ValidationError(
            {"place_type": _("A mobile reception is held away from the office: choose where.")},
            code="place",
        )
    if not address.strip():
        raise ValidationError({"address": _("Say where the reception is held.")}, code="address")


def _checked(
    kind: str,
    place_type: str,
    address: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    receivers: Iterable[Person],
) -> list[Person]:
    _check_place(kind, place_type, address)
    if ends_at <= starts_at:
        raise ValidationError({"ends": _("The reception must end after it starts.")}, code="times")
    receivers = list(receivers)
    if not receivers:
        raise ValidationError(
            {"receivers": _("Name at least one deputy or official who receives.")},
            code="receivers",
        )
    return receivers


@transaction.atomic
def plan_reception(
    *,
    actor: User,
    branch: Branch,
    territory: Territory,
    kind: str,
    place_type: str,
    address: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    receivers: Iterable[Person],
    notes: str = "",
) -> Reception:
    receivers = _checked(kind, place_type, address, starts_at, ends_at, receivers)
    reception = Reception.objects.create(
        branch=branch,
        territory=territory,
        kind=kind,
        place_type=place_type,
        address=address.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        notes=notes,
        created_by=actor,
    )
    reception.receivers.set(receivers)
    record_event(
        actor=actor,
        action="reception.planned",
        obj=reception,
        changes={"kind": kind, "place_type": place_type, "starts_at": starts_at.isoformat()},
    )
    return reception


@transaction.atomic
def plan_receptions(
    *,
    actor: User,
    branch: Branch,
    territory: Territory,
    kind: str,
    place_type: str,
    address: str,
    day: dt.date,
    starts: dt.time,
    ends: dt.time,
    receivers: Iterable[Person],
    notes: str = "",
    weeks: int = 1,
) -> list[Reception]:
    """Plan a reception on `day` from `starts` to `ends` as the clock reads in `territory`,
    and the same slot in each of the following weeks, `weeks` in all: every one of them or,
    if one is refused, none."""
    try:
        MinValueValidator(1)(weeks)
        MaxValueValidator(MAX_WEEKS)(weeks)
    except ValidationError as exc:
        raise ValidationError({"repeat_weeks": exc.error_list}) from exc
    receivers = list(receivers)
    planned = []
    for week in range(weeks):
        starts_at, ends_at = local_times(territory, day + dt.timedelta(weeks=week), starts, ends)
        planned.append(
            plan_reception(
                actor=actor,
                branch=branch,
                territory=territory,
                kind=kind,
                place_type=place_type,
                address=address,
                starts_at=starts_at,
                ends_at=ends_at,
                receivers=receivers,
                notes=notes,
            )
        )
    return planned


def _locked(reception: Reception) -> Reception:
    return Reception.objects.select_for_update().get(pk=reception.pk)


@transaction.atomic
def record_held(
    *, actor: User, reception: Reception, people_received: int, notes: str = ""
) -> Reception:
    """Mark the reception held with the number of people received: at least everyone who
    left an appeal there. A held reception's count can be corrected the same way."""
    reception = _locked(reception)
    if reception.status == Status.CANCELLED:
        raise ValidationError(_("A cancelled reception cannot be recorded as held."), code="state")
    registered = reception.appeals.count()
    if people_received < registered:
        raise ValidationError(
            {
                "people_received": _(
                    "At least %(count)d people were received: that many appeals were "
                    "registered at this reception."
                )
                % {"count": registered}
            },
            code="too_few",
        )
    before = {"status": reception.status, "people_received": reception.people_received}
    reception.status = Status.HELD
    reception.people_received = people_received
    if notes:
        reception.notes = notes
    reception.save(update_fields=["status", "people_received", "notes"])
    record_event(
        actor=actor,
        action="reception.held",
        obj=reception,
        changes={"before": before, "people_received": people_received},
    )
    return reception


@transaction.atomic
def cancel_reception(*, actor: User, reception: Reception, reason: str) -> Reception:
    reception = _locked(reception)
    if reception.status != Status.PLANNED:
        raise ValidationError(_("Only a planned reception can be cancelled."), code="state")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for cancelling.")}, code="reason")
    if reception.appeals.exists():
        raise ValidationError(
            _("Appeals were registered at this reception: record it as held instead."),
            code="has_appeals",
        )
    reception.status = Status.CANCELLED
    reception.cancel_reason = reason.strip()
    reception.save(update_fields=["status", "cancel_reason"])
    record_event(actor=actor, action="reception.cancelled", obj=reception, reason=reason)
    return reception


@transaction.atomic
def change_reception(
    *,
    actor: User,
    reception: Reception,
    place_type: str,
    address: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    receivers: Iterable[Person],
    notes: str = "",
) -> Reception:
    """Move a planned reception, or change its place or receivers; the schedule shows the
    change at once, and the audit log keeps what it was."""
    reception = _locked(reception)
    if reception.status != Status.PLANNED:
        raise ValidationError(_("Only a planned reception can be changed."), code="state")
    receivers = _checked(reception.kind, place_type, address, starts_at, ends_at, receivers)
    before = {
        "place_type": reception.place_type,
        "address": reception.address,
        "starts_at": reception.starts_at.isoformat(),
        "ends_at": reception.ends_at.isoformat(),
        "receivers": sorted(reception.receivers.values_list("pk", flat=True)),
    }
    reception.place_type, reception.address = place_type, address.strip()
    reception.starts_at, reception.ends_at, reception.notes = starts_at, ends_at, notes
    reception.save(update_fields=["place_type", "address", "starts_at", "ends_at", "notes"])
    reception.receivers.set(receivers)
    record_event(
        actor=actor,
        action="reception.changed",
        obj=reception,
        changes={"before": before, "starts_at": starts_at.isoformat(), "address": address},
    )
    return reception
