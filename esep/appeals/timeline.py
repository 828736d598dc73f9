"""What the public sees of an appeal's timeline: which steps, and what each says. One
definition for the citizen's tracking page (esep.portal) and Open311's service request
updates (esep.open311), so the two always tell the same story.

A step is named by its code: the event's action, for an answer its outcome
(`answer:resolved_positively`), and for a forwarding that hands the appeal itself over as
outside the branch's competence `forwarded:outside_competence` (one that only asks a body
for its answer stays `forwarded`). Notes, files, staff names, party control and ratings are
the staff's business and never public; a step says its label, never the note written
with it.

`late_registration` says why an appeal received after working hours or on a day off is
registered on a later day — the staff's timeline and the citizen's tracking page both show
it, on the clock of the appeal's territory."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from esep.appeals.models import Appeal, Forwarding, Outcome
from esep.lib.workdays import WORKDAY_END, WORKDAY_START, Calendar

LABELS: dict[str, StrOrPromise] = {
    "registered": gettext_lazy("The appeal was registered"),
    "imported": gettext_lazy("The appeal was registered"),
    "assign": gettext_lazy("An officer was assigned"),
    "start": gettext_lazy("Work on the appeal began"),
    "forwarded": gettext_lazy("A state body was asked to answer"),
    "forwarded:outside_competence": gettext_lazy(
        "The appeal was handed over to the competent state body"
    ),
    "body_answered": gettext_lazy("The state body gave its answer"),
    "extended": gettext_lazy("The deadline was extended"),
    "close": gettext_lazy("The appeal was closed"),
    "reopen": gettext_lazy("The appeal was reopened on the applicant's dispute"),
}
ANSWER = "answer"
# Every public step code there is (what Open311 maps onto FixMyStreet's statuses).
CODES = [*LABELS, *(f"{ANSWER}:{outcome}" for outcome in Outcome.values)]
# The events' actions that are public steps.
ACTIONS = sorted({code.split(":")[0] for code in CODES})


def public_q() -> Q:
    """The condition on AppealEvent rows for the public steps."""
    return Q(action__in=ACTIONS)


def step_code(action: str, data: dict[str, Any], handed_over: bool) -> str:
    if action == ANSWER and data.get("outcome") in Outcome.values:
        return f"{ANSWER}:{data['outcome']}"
    if action == "forwarded" and handed_over:
        return "forwarded:outside_competence"
    return action


def step_label(code: str) -> str:
    if code.startswith(f"{ANSWER}:"):
        outcome = Outcome(code.split(":", 1)[1]).label
        return _("The answer was given: %(outcome)s") % {"outcome": outcome}
    return str(LABELS[code])


def handovers(appeal_ids: set[int]) -> set[tuple[int, str, str]]:
    """(appeal, outgoing reference, state body code) of the forwardings that handed the
    appeal over as outside the branch's competence; a forwarding step names its letter by
    the reference and the body, so this tells which steps were handovers."""
    return set(
        Forwarding.objects.filter(appeal_id__in=appeal_ids, outside_competence=True).values_list(
            "appeal_id", "outgoing_reference", "state_body__code"
        )
    )


def was_handover(appeal_id: int, data: dict[str, Any], handed: set[tuple[int, str, str]]) -> bool:
    return (appeal_id, data.get("reference"), data.get("state_body")) in handed


def public_timeline(appeal: Appeal) -> list[tuple[dt.datetime, str]]:
    """The appeal's public steps, oldest first, as (when, what it says)."""
    events = list(appeal.events.filter(public_q()).order_by("pk").values("at", "action", "data"))
    handed = handovers({appeal.pk}) if any(e["action"] == "forwarded" for e in events) else set()
    return [
        (
            event["at"],
            step_label(
                step_code(
                    event["action"],
                    event["data"] or {},
                    was_handover(appeal.pk, event["data"] or {}, handed),
                )
            ),
        )
        for event in events
    ]


def late_registration(appeal: Appeal, calendar: Calendar) -> str:
    """Why the appeal was registered on a later day than it arrived (after working hours,
    or on a weekend, holiday or decreed day off, in the territory's zone); "" when it was
    registered the day it arrived. `calendar`: the official one (`actions.official_calendar`)."""
    zone = appeal.territory.time_zone
    local = appeal.received_at.astimezone(zoneinfo.ZoneInfo(zone))
    # Only what the rules explain: an imported appeal keeps the day its system gave it.
    if local.date() >= appeal.registered_on or appeal.registered_on != calendar.registration_day(
        appeal.received_at, zone
    ):
        return ""
    named = {
        "date": local.strftime("%d.%m.%Y"),
        "time": local.strftime("%H:%M"),
        "day": appeal.registered_on.strftime("%d.%m.%Y"),
    }
    if calendar.is_working_day(local.date()):
        return _(
            "Received on %(date)s at %(time)s, after working hours (%(start)s–%(end)s): "
            "registered on the next working day, %(day)s."
        ) % {
            **named,
            "start": WORKDAY_START.strftime("%H:%M"),
            "end": WORKDAY_END.strftime("%H:%M"),
        }
    return (
        _("Received on %(date)s, a day off: registered on the next working day, %(day)s.") % named
    )
