"""Outreach as figures (`outreach.*`): the meetings with voters a branch's campaigns held and
the people they reached, door to door and at meetings.

Both read the campaigns' activities (`esep.outreach.models.Activity`: each meeting and each
door-to-door round, one row with its day, territory and people), placed by the campaign's
branch and the activity's own territory (a district's round counts in the district and the
city above it), dated by the day it was held, seen with VIEW_WORK over the campaign's
branch subtree as the campaign's pages are. By type: meetings and rounds. The drill-down
lists the activities — date, territory, counts and who spoke (candidates, deputies and
members speaking in public: their names only, never anything else of them).

The registry (`registry.py`) imports this module and reads these figures from `figures()`
when it is first built; this module binds only the registry module and reads its classes when
`figures()` runs, so the two import each other safely."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from esep.figures import registry
from esep.org.roles import Capability
from esep.outreach.models import Activity

# What the drill-down joins to show the activities, and reads for a page at once (a
# meeting's speakers).
RELATED = {"outreach": ("campaign", "territory", "meeting", "round")}
PREFETCHED = {"outreach": ("meeting__speakers",)}
# What the value of a sum is of, as the drill-down names it.
TOTALLED = {"people": _("People reached")}


def _activities() -> registry.Source:
    return registry.Source(
        name="outreach",
        records=lambda: Activity.objects.all(),
        visible=lambda user: Activity.objects.visible_to(user),
        date="held_on",
        branch="campaign__branch",
        territory="territory",
        fields={"kind": "kind"},
        seen_by=Capability.VIEW_WORK,
    )


def figures() -> list[registry.Figure]:
    Figure, Unit = registry.Figure, registry.Unit
    activities = _activities()
    return [
        Figure(
            "outreach.meetings_held",
            _("Meetings with voters held"),
            _(
                "Meetings with voters held in the period by the branches' outreach campaigns "
                "(election campaigns, door-to-door actions, meetings with voters)."
            ),
            Unit.COUNT,
            activities,
            lambda today: Q(kind=Activity.Kind.MEETING),
        ),
        Figure(
            "outreach.people_reached",
            _("People reached by outreach"),
            _(
                "People the branches' outreach campaigns reached in the period: the people "
                "reached by door-to-door rounds plus those attending meetings with voters, "
                "added up as recorded (a person met twice counts twice)."
            ),
            Unit.PEOPLE,
            activities,
            total=("sum", "people"),
        ),
    ]
