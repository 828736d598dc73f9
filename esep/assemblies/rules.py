"""Who may do what in the party's assemblies. The office of a branch (MANAGE_CONFERENCES
there) convenes its conferences and primaries, counts quotas, keeps the agenda, freezes the
roll, registers delegates in the hall, runs the polls, enters the counting commission's
paper count and certifies; a sub-branch's office registers the delegates its meeting elected;
a delegate registers online and votes for themself; an elector votes in the primaries; nobody
certifies a count they entered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from esep.assemblies.models import (
    Campaign,
    Conference,
    Delegate,
    Elector,
    Poll,
    campaign_of,
    conference_of,
)
from esep.org.models import Branch
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


def may_run(user: User, branch: Branch) -> bool:
    return user.is_authenticated and user.can(Capability.MANAGE_CONFERENCES, branch.path)


def may_keep_delegates(user: User, conference: Conference, branch: Branch) -> bool:
    """The conference's office, or the office of the sub-branch that sends the delegates."""
    return may_run(user, conference.branch) or may_run(user, branch)


def owner_branch(poll: Poll) -> Branch:
    if poll.item_id is not None:
        return conference_of(poll).branch
    return campaign_of(poll).branch


def vote_refused(user: User, poll: Poll) -> str:
    """Why the user may not vote in the poll now — "closed", "not_entitled",
    "not_registered" — or "" if they may."""
    conference_id = conference_of(poll).pk if poll.item_id is not None else None
    return standing(
        user, state=poll.state, campaign_id=poll.campaign_id, conference_id=conference_id
    )[0]


def standing(
    user: User, *, state: str, campaign_id: int | None, conference_id: int | None
) -> tuple[str, str]:
    """`vote_refused` from a poll's bare terms, as casting reads them, and the voter's
    attendance (a delegate's; "" for an elector): one query."""
    if state != Poll.State.OPEN:
        return "closed", ""
    person_id = getattr(user, "person_id", None)
    if not user.is_authenticated or person_id is None:
        return "not_entitled", ""
    if campaign_id is not None:
        entitled = Elector.objects.filter(campaign_id=campaign_id, person_id=person_id)
        return ("" if entitled.exists() else "not_entitled"), ""
    assert conference_id is not None, "a poll is of a conference or of primaries"
    attendance = (
        Delegate.objects.filter(conference_id=conference_id, person_id=person_id)
        .values_list("attendance", flat=True)
        .first()
    )
    if attendance is None:
        return "not_entitled", ""
    if attendance == Delegate.Attendance.ABSENT:
        return "not_registered", attendance
    return "", attendance


def may_certify(user: User, poll: Poll) -> bool:
    return (
        poll.state == Poll.State.CLOSED
        and may_run(user, owner_branch(poll))
        and (poll.entered_by_id is None or poll.entered_by_id != user.pk)
    )


def may_run_campaign(user: User, campaign: Campaign) -> bool:
    return may_run(user, campaign.branch)
