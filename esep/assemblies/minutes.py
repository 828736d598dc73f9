"""Drafting a conference's minutes in Kazakh or Russian from its records: the agenda, the
attendance and quorum, and each poll's votes and decision. The draft is the secretary's
starting point; they edit it before it is signed (actions.edit_minutes, sign_minutes)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from esep.assemblies.models import Conference, Delegate, Poll


def draft(conference: Conference, language: str) -> str:
    from esep.assemblies.actions import quorum

    registered, roll, needed, met = quorum(conference)
    attendance = dict(
        (kind, conference.delegates.filter(attendance=kind).count())
        for kind in (Delegate.Attendance.IN_PERSON, Delegate.Attendance.ONLINE)
    )
    items = []
    for item in conference.items.order_by("number"):
        polls = []
        for poll in item.polls.exclude(state=Poll.State.CREATED).prefetch_related(
            "options__person"
        ):
            options = list(poll.options.all())
            polls.append(
                {
                    "poll": poll,
                    "result": getattr(poll, "result", None),
                    "options": options,
                    "elected": [o for o in options if o.passed and o.person_id],
                }
            )
        items.append({"item": item, "polls": polls})
    with translation.override(language):
        text = render_to_string(
            "assemblies/minutes.txt",
            {
                "conference": conference,
                "roll": roll,
                "registered": registered,
                "in_person": attendance[Delegate.Attendance.IN_PERSON],
                "online": attendance[Delegate.Attendance.ONLINE],
                "needed": needed,
                "quorum_met": met,
                "items": items,
            },
        )
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return "\n".join(lines)
