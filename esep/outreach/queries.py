"""What the outreach pages read: the lists' columns (one definition for the page and its
export) and a campaign's plan against what was done, per territory.

Plan against fact: each plan line's territory takes the meetings and rounds recorded in it
or in a territory below it (a rural district of a district); what was recorded in a
territory no line plans is shown apart. A share is what was done as a percentage of the
plan (none where nothing was planned). The share of the period gone by (the campaign's days
up to today, of all its days) is what the plan expects by now: a line whose people reached
fall short of it is behind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from esep.lib.tables import Column
from esep.org.models import Territory
from esep.outreach.models import Activity, Campaign, Plan

CAMPAIGN_COLUMNS = [
    Column(_("Code"), lambda c: c.code),
    Column(_("Campaign"), lambda c: c.name),
    Column(_("Branch"), lambda c: c.branch.name),
    Column(_("Kind"), lambda c: c.get_kind_display()),
    Column(_("Starts on"), lambda c: c.starts_on),
    Column(_("Ends on"), lambda c: c.ends_on),
    Column(_("Meetings held"), lambda c: c.meeting_count),
    Column(_("People reached"), lambda c: c.people_reached),
]

PLAN_COLUMNS = [
    Column(_("Campaign"), lambda p: p.campaign.code),
    Column(_("Territory"), lambda p: p.territory.name),
    Column(_("KATO code"), lambda p: p.territory.kato),
    Column(_("Meetings planned"), lambda p: p.meetings),
    Column(_("Households to visit"), lambda p: p.households),
    Column(_("People to reach"), lambda p: p.people),
]

MEETING_COLUMNS = [
    Column(_("Date"), lambda m: m.held_on),
    Column(_("Campaign"), lambda m: m.campaign.code),
    Column(_("Territory"), lambda m: m.territory.name),
    Column(_("Place"), lambda m: m.place),
    Column(_("Topic"), lambda m: m.topic),
    Column(_("People attending"), lambda m: m.people),
    Column(_("Who spoke"), lambda m: ", ".join(p.full_name for p in m.speakers.all())),
]

ROUND_COLUMNS = [
    Column(_("Date"), lambda r: r.held_on),
    Column(_("Campaign"), lambda r: r.campaign.code),
    Column(_("Territory"), lambda r: r.territory.name),
    Column(_("Households visited"), lambda r: r.households),
    Column(_("People reached"), lambda r: r.people),
    Column(_("Volunteers"), lambda r: r.volunteers),
]


def share(done: int, planned: int | None) -> float | None:
    if not planned:
        return None
    return round(100 * done / planned, 1)


@dataclass
class Line:
    """A territory's plan and what was done there."""

    territory: Territory | None  # None: territories no plan line names
    plan: Plan | None
    meetings: int = 0
    rounds: int = 0
    households: int = 0
    people: int = 0
    behind: bool = False
    shares: dict[str, float | None] = field(default_factory=dict)

    def add(self, kind: str, count: int, people: int, households: int) -> None:
        if kind == Activity.Kind.MEETING:
            self.meetings += count
        else:
            self.rounds += count
            self.households += households
        self.people += people

    def measure(self, expected: float) -> None:
        plan = self.plan
        if plan is None:
            return
        self.shares = {
            "meetings": share(self.meetings, plan.meetings),
            "households": share(self.households, plan.households),
            "people": share(self.people, plan.people),
        }
        people_share = self.shares["people"]
        self.behind = people_share is not None and people_share < expected


@dataclass
class Progress:
    lines: list[Line]
    total: Line
    expected: float  # the share of the period gone by, in percent


def expected_share(campaign: Campaign, today: dt.date) -> float:
    days = (campaign.ends_on - campaign.starts_on).days + 1
    gone = (min(today, campaign.ends_on) - campaign.starts_on).days + 1
    return round(100 * max(0, min(gone, days)) / days, 1)


def plan_against_fact(campaign: Campaign, today: dt.date) -> Progress:
    """The campaign's plan lines in the order of the territory tree, each with what was done
    in its territory; one read of the plan and one grouped read of the activities."""
    plans = list(campaign.plans.select_related("territory").order_by("territory__path"))
    lines = [Line(plan.territory, plan) for plan in plans]
    elsewhere = Line(None, None)
    total = Line(None, None)
    done = (
        Activity.objects.filter(campaign=campaign)
        .values("territory__path", "kind")
        .annotate(n=Count("pk"), people_sum=Sum("people"), households_sum=Sum("round__households"))
        .order_by()
    )
    # The deepest plan line whose territory holds the record's territory takes it.
    by_depth = sorted(lines, key=lambda line: -len(line.territory.path if line.territory else ""))
    for row in done:
        path = row["territory__path"]
        into = next(
            (line for line in by_depth if line.territory and path.startswith(line.territory.path)),
            elsewhere,
        )
        counts = (row["kind"], row["n"], row["people_sum"] or 0, row["households_sum"] or 0)
        into.add(*counts)
        total.add(*counts)
    total.plan = Plan(
        campaign=campaign,
        meetings=sum(plan.meetings for plan in plans),
        households=sum(plan.households for plan in plans),
        people=sum(plan.people for plan in plans),
    )
    expected = expected_share(campaign, today)
    for line in [*lines, total]:
        line.measure(expected)
    if elsewhere.meetings or elsewhere.rounds:
        lines.append(elsewhere)
    return Progress(lines, total, expected)
