"""What the demo's builders hand on: each reads what the earlier ones made from here (or
from the database) and adds what it made, so no builder calls another."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from esep.access.models import User
from esep.org.models import Branch

# The regions built in detail (every district, members, bodies, appeals, party work), by
# KATO code, with their branch codes.
DETAILED_REGIONS = {"750000000": "almaty", "230000000": "atyrau", "390000000": "kostanay"}


@dataclass
class RegionWork:
    """A region whose party work this run makes. Its receptions, then its control posts,
    issues and meetings draw in turn from one seeded generator, handed on here."""

    region: Branch
    officer: User
    head: User
    rng: random.Random


@dataclass
class Demo:
    scale: int
    # org
    branches: list[Branch] = field(default_factory=list)
    seats_filled: int = 0
    # access: (username, role, branch code) of each demo login
    users: list[tuple[str, str, str]] = field(default_factory=list)
    # appeals
    appeals: int = 0
    # receptions: a region that had receptions already is left alone, whole
    receptions: int = 0
    work: dict[str, RegionWork] = field(default_factory=dict)
    # control
    control_posts: int = 0
    issues: int = 0
    meetings: int = 0
    instructions: int = 0
    # programme: the election programme, its road maps and citizens' proposals
    promises: int = 0
    measures: int = 0
    observations: int = 0
    changes: int = 0
    monitors: int = 0
    proposals: int = 0
    # deputies: bodies, mandates, sittings, the rating's snapshots, publications, corrections
    representative_bodies: int = 0
    deputies: int = 0
    sittings: int = 0
    snapshots: int = 0
    publications: int = 0
    corrections: int = 0
    # assemblies: conferences, primaries and the ballots cast in them
    conferences: int = 0
    campaigns: int = 0
    assembly_ballots: int = 0
    # outreach: Almaty's 2021 election campaign
    outreach_meetings: int = 0
    outreach_rounds: int = 0
    # awards: Kostanay's ceremony and its nominations
    award_ceremonies: int = 0
    award_nominations: int = 0
    # ethics: Atyrau's cases
    ethics_cases: int = 0
    # aid: Atyrau's "Biz birgemiz" and Almaty's "Бақытты отбасы"
    aid_households: int = 0
    aid_deliveries: int = 0
    # elections: the Mazhilis and Almaty's maslikhat of 10.01.2021, the rural akims of 25.07.2021
    elections: int = 0
    # figures
    reports: int = 0
