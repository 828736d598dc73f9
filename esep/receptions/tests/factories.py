from __future__ import annotations

import datetime as dt

from esep.org.models import Branch, Person
from esep.receptions import actions
from esep.receptions.models import Reception


def plan(
    branch: Branch,
    receivers: list[Person],
    *,
    day: dt.date,
    kind: str = "mobile",
    place_type: str = "market",
    address: str = "Орталық базар",
    actor=None,
) -> Reception:
    from esep.org.tests.factories import user_with_role

    actor = actor or user_with_role("reception_officer", branch, f"planner-{branch.code}")
    starts, ends = actions.local_times(branch.territory, day, dt.time(10), dt.time(13))
    return actions.plan_reception(
        actor=actor,
        branch=branch,
        territory=branch.territory,
        kind=kind,
        place_type=place_type if kind == "mobile" else "office",
        address=address,
        starts_at=starts,
        ends_at=ends,
        receivers=receivers,
    )
