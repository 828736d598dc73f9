"""The rules of outreach records, each a refusal with its code in the user's language:

- `period_reversed`: a campaign ends before it starts;
- `outside_period`: a meeting or round dated outside its campaign's period;
- `outside_territory`: a plan line, meeting or round in a territory outside the campaign's
  branch's territory (the branch's own territory and those below it are inside);
- `negative`: a count below zero (people, households, meetings, volunteers) — none is
  compared with another: a round's people reached may exceed its households visited;
- `speaker_outside`: a speaker who is neither a member of the campaign's branch subtree nor
  holds a post in its bodies (candidates, deputies and members are);
- `duplicate_code`, `duplicate`, `required`: a campaign's code taken, a territory's plan
  line made twice at once, a required text left blank."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from esep.lib.checks import invalid
from esep.org.models import Person, PersonQuerySet

if TYPE_CHECKING:
    from esep.org.models import Territory
    from esep.outreach.models import Campaign


def check_period(starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        raise invalid("ends_on", _("A campaign cannot end before it starts."), "period_reversed")


def check_day(campaign: Campaign, day: dt.date) -> None:
    if not campaign.starts_on <= day <= campaign.ends_on:
        raise invalid(
            "held_on",
            _("The date must be within the campaign's period, %(start)s to %(end)s.")
            % {
                "start": date_format(campaign.starts_on, "SHORT_DATE_FORMAT"),
                "end": date_format(campaign.ends_on, "SHORT_DATE_FORMAT"),
            },
            "outside_period",
        )


def check_territory(campaign: Campaign, territory: Territory) -> None:
    if not territory.path.startswith(campaign.branch.territory.path):
        raise invalid(
            "territory",
            _("%(territory)s is outside the territory of the campaign's branch, %(branch)s.")
            % {"territory": territory.name, "branch": campaign.branch.territory.name},
            "outside_territory",
        )


def check_counts(**counts: int) -> None:
    for field, count in counts.items():
        if count is None or count < 0:
            raise invalid(field, _("A count cannot be negative."), "negative")


def speakers_for(campaign: Campaign) -> PersonQuerySet:
    """Who may speak at a campaign's meeting: the members of its branch subtree and the
    holders of posts in its bodies (candidates, deputies, members)."""
    return Person.objects.in_branches([campaign.branch.path])


def check_speakers(campaign: Campaign, speakers: Sequence[Person]) -> None:
    if not speakers:
        return
    allowed = set(
        speakers_for(campaign).filter(pk__in=[p.pk for p in speakers]).values_list("pk", flat=True)
    )
    outside = [p for p in speakers if p.pk not in allowed]
    if outside:
        raise invalid(
            "speakers",
            _("%(names)s is not a member of the campaign's branch or of its bodies.")
            % {"names": ", ".join(p.full_name for p in outside)},
            "speaker_outside",
        )
