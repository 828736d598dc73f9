"""Who may do what on the programme's records. A branch's programme office (those with
MANAGE_PROGRAMME there) loads and edits its road maps, assigns monitors and decides on
proposed changes; a monitor (a member assigned to a road map) records its observations and
proposes changes; nobody decides a change they proposed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from esep.org.models import Branch
from esep.org.roles import Capability
from esep.programme.models import Change, Measure, Monitor, Observation, Promise, RoadMap

if TYPE_CHECKING:
    from esep.access.models import User


def may_manage(user: User, branch: Branch) -> bool:
    return user.is_authenticated and user.can(Capability.MANAGE_PROGRAMME, branch.path)


def active_monitors() -> QuerySet[Monitor]:
    return Monitor.objects.filter(until__isnull=True)


def monitors(user: User, road_map: RoadMap) -> bool:
    """Whether the user's own person is assigned to follow the road map now."""
    person_id = getattr(user, "person_id", None)
    return (
        person_id is not None
        and active_monitors().filter(road_map=road_map, person_id=person_id).exists()
    )


def may_record(user: User, road_map: RoadMap) -> bool:
    return may_manage(user, road_map.branch) or monitors(user, road_map)


def subject_branch(subject: Promise | Measure) -> Branch:
    """The branch that decides on the record: a measure's road map's, a promise's
    programme's."""
    if isinstance(subject, Measure):
        return subject.road_map.branch
    return subject.section.programme.branch


def may_propose(user: User, subject: Promise | Measure) -> bool:
    if may_manage(user, subject_branch(subject)):
        return True
    if isinstance(subject, Measure):
        return monitors(user, subject.road_map)
    person_id = getattr(user, "person_id", None)
    return (
        person_id is not None
        and active_monitors().filter(road_map__promises=subject, person_id=person_id).exists()
    )


def may_decide(user: User, change: Change) -> bool:
    return (
        change.state == Change.State.PENDING
        and change.proposed_by_id != user.pk
        and may_manage(user, subject_branch(change.subject))
    )


def current_observations() -> QuerySet[Observation]:
    """The observations in force: each not replaced by a later value for its territory
    and period."""
    return Observation.objects.filter(replaced_by__isnull=True)
