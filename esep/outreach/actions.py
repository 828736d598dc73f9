"""Use cases of outreach: opening a campaign, setting its plan for a territory, recording a
meeting with voters and a door-to-door round. Each is keyword-only and atomic, checks the
rules (`rules.py`) and writes an event to the audit log; a refusal is a ValidationError
with a code, in the user's language, nothing changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from esep.audit.log import record_event
from esep.lib.checks import invalid, required, unique
from esep.outreach import rules
from esep.outreach.models import Campaign, Meeting, Plan, Round

if TYPE_CHECKING:
    from esep.access.models import User
    from esep.org.models import Branch, Person, Territory


@transaction.atomic
def open_campaign(
    *,
    actor: User,
    branch: Branch,
    code: str,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date,
    name_kk: str,
    name_ru: str,
    name_en: str = "",
) -> Campaign:
    code = code.strip().lower()
    rules.check_period(starts_on, ends_on)
    required(name_kk=name_kk, name_ru=name_ru)
    if Campaign.objects.filter(code=code).exists():
        raise invalid(
            "code",
            _("A campaign with the code %(code)s exists already.") % {"code": code},
            "duplicate_code",
        )
    campaign = Campaign.objects.create(
        branch=branch,
        code=code,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        name_kk=name_kk.strip(),
        name_ru=name_ru.strip(),
        name_en=name_en.strip(),
        created_by=actor,
    )
    record_event(
        actor=actor,
        action="outreach.campaign_opened",
        obj=campaign,
        changes={"branch": branch.code, "kind": kind, "from": str(starts_on), "to": str(ends_on)},
    )
    return campaign


@transaction.atomic
def set_plan(
    *,
    actor: User,
    campaign: Campaign,
    territory: Territory,
    meetings: int,
    households: int,
    people: int,
) -> Plan:
    """The campaign's plan for a territory: made, or changed where it has one already (the
    event keeps what it was)."""
    rules.check_territory(campaign, territory)
    rules.check_counts(meetings=meetings, households=households, people=people)
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()  # one writer at a time
    plan = Plan.objects.filter(campaign=campaign, territory=territory).first()
    before = {}
    if plan is None:
        plan = Plan(campaign=campaign, territory=territory)
    else:
        before = {"was": [plan.meetings, plan.households, plan.people]}
    plan.meetings, plan.households, plan.people = meetings, households, people
    # Another writer's line for the same territory is refused as a duplicate.
    with unique("territory", _("This territory has a plan line already.")):
        plan.save()
    record_event(
        actor=actor,
        action="outreach.plan_set",
        obj=campaign,
        changes={
            "territory": territory.kato,
            "meetings": meetings,
            "households": households,
            "people": people,
            **before,
        },
    )
    return plan


@transaction.atomic
def record_meeting(
    *,
    actor: User,
    campaign: Campaign,
    territory: Territory,
    held_on: dt.date,
    place: str,
    people: int,
    speakers: Iterable[Person] = (),
    topic: str = "",
    note: str = "",
) -> Meeting:
    rules.check_day(campaign, held_on)
    rules.check_territory(campaign, territory)
    rules.check_counts(people=people)
    if not (place or "").strip():
        raise invalid("place", _("Say where the meeting was."), "required")
    speakers = list(speakers)
    rules.check_speakers(campaign, speakers)
    meeting = Meeting.objects.create(
        campaign=campaign,
        territory=territory,
        held_on=held_on,
        place=place.strip(),
        people=people,
        topic=topic.strip(),
        note=note.strip(),
        created_by=actor,
    )
    meeting.speakers.set(speakers)
    record_event(
        actor=actor,
        action="outreach.meeting_recorded",
        obj=meeting,
        changes={
            "campaign": campaign.code,
            "territory": territory.kato,
            "held_on": str(held_on),
            "people": people,
            "speakers": [person.pk for person in speakers],
        },
    )
    return meeting


@transaction.atomic
def record_round(
    *,
    actor: User,
    campaign: Campaign,
    territory: Territory,
    held_on: dt.date,
    households: int,
    people: int,
    volunteers: int,
) -> Round:
    """A door-to-door round. People reached may be more than the households visited (a
    household has several voters) or fewer (a door not opened)."""
    rules.check_day(campaign, held_on)
    rules.check_territory(campaign, territory)
    rules.check_counts(households=households, people=people, volunteers=volunteers)
    round_ = Round.objects.create(
        campaign=campaign,
        territory=territory,
        held_on=held_on,
        households=households,
        people=people,
        volunteers=volunteers,
        created_by=actor,
    )
    record_event(
        actor=actor,
        action="outreach.round_recorded",
        obj=round_,
        changes={
            "campaign": campaign.code,
            "territory": territory.kato,
            "held_on": str(held_on),
            "households": households,
            "people": people,
            "volunteers": volunteers,
        },
    )
    return round_
