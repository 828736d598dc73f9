"""Loading the demo: each app's builder in turn, in the order the apps stand on one another,
in one transaction. Each builder reads what the earlier ones made and adds its own."""

from __future__ import annotations

from django.db import connection, transaction

from esep.audit.log import record_event
from esep.demo import (
    access,
    aid,
    appeals,
    assemblies,
    audit,
    awards,
    control,
    deputies,
    elections,
    ethics,
    figures,
    org,
    outreach,
    programme,
    receptions,
)
from esep.demo.access import DEMO_PASSWORD
from esep.demo.context import Demo
from esep.org.models import Branch, Membership, Person, Territory


@transaction.atomic
def load(*, scale: int = 1) -> Demo:
    demo = Demo(scale=scale)
    org.build(demo)
    access.build(demo)
    appeals.build(demo)
    refresh_statistics()
    receptions.build(demo)
    control.build(demo)
    programme.build(demo)
    deputies.build(demo)
    assemblies.build(demo)
    outreach.build(demo)
    awards.build(demo)
    ethics.build(demo)
    aid.build(demo)
    elections.build(demo)
    figures.build(demo)
    audit.build(demo)
    record_event(
        actor=None,
        action="demo.loaded",
        obj=Branch.objects.get(code="central"),
        changes={"scale": scale},
    )
    return demo


def refresh_statistics() -> None:
    """After a bulk load, PostgreSQL's planner must learn the tables' new sizes: with the
    figures of a nearly empty database it joins thousands of people row by row."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def summary(demo: Demo) -> list[str]:
    """What the database holds now, what this run added, and the logins."""
    lines = [
        f"territories: {Territory.objects.count()}, branches: {Branch.objects.count()}, "
        f"people: {Person.objects.count()}, members: {Membership.objects.count()}, "
        f"appeals added: {demo.appeals}",
        f"receptions added: {demo.receptions}, control posts: {demo.control_posts}, "
        f"acute issues: {demo.issues}, meetings: {demo.meetings}, "
        f"instructions: {demo.instructions}, reports published: {demo.reports}",
        f"programme promises added: {demo.promises}, road-map measures: {demo.measures}, "
        f"observations: {demo.observations}, changes: {demo.changes}, "
        f"monitors: {demo.monitors}, citizens' proposals: {demo.proposals}",
        f"representative bodies added: {demo.representative_bodies}, deputies: {demo.deputies}, "
        f"sittings: {demo.sittings}, rating snapshots: {demo.snapshots}, "
        f"publications: {demo.publications}, corrections: {demo.corrections}",
        f"conferences added: {demo.conferences}, primaries: {demo.campaigns}, "
        f"ballots: {demo.assembly_ballots}",
        f"outreach meetings added: {demo.outreach_meetings}, door-to-door rounds: "
        f"{demo.outreach_rounds}",
        f"awards ceremonies added: {demo.award_ceremonies}, nominations: {demo.award_nominations}",
        f"ethics cases added: {demo.ethics_cases}",
        f"aid: households added: {demo.aid_households}, deliveries: {demo.aid_deliveries}",
        f"elections added: {demo.elections}",
        f"Demo logins (password for all: {DEMO_PASSWORD}):",
    ]
    width = max((len(str(role)) for _username, role, _branch in demo.users), default=0)
    lines += [
        f"  {username:<20} {role:<{width}}  {branch}" for username, role, branch in demo.users
    ]
    return lines
