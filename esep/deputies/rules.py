"""Who may do what on deputies' records. The central office and a branch's office (those
with MANAGE_DEPUTIES there) record the bodies of their territory, the convocations, mandates
and posts, the deputies' work, decide on corrections and publish the month's rating; the
secretary of a body records its sittings and attendance; a deputy corrects their own month
while its window is open; nobody decides a correction they asked for."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from esep.deputies.models import Convocation, Correction, Mandate, MandatePost, Position
from esep.lib.dates import month_end
from esep.org.models import Branch
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


def may_manage(user: User, branch: Branch) -> bool:
    return user.is_authenticated and user.can(Capability.MANAGE_DEPUTIES, branch.path)


def may_manage_nationally(user: User) -> bool:
    """The central office's: the parties and the rating's methodology."""
    root = Branch.objects.get_first_root_node()
    return root is not None and may_manage(user, root)


def is_secretary(user: User, convocation: Convocation, on: dt.date | None = None) -> bool:
    """Whether the user's own person is the convocation's secretary (on a day, or ever)."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return False
    posts = MandatePost.objects.filter(
        mandate__convocation=convocation,
        mandate__person_id=person_id,
        position=Position.SECRETARY,
    )
    if on is not None:
        posts = posts.filter(started_on__lte=on).exclude(ended_on__lt=on)
    return posts.exists()


def may_record_sittings(user: User, convocation: Convocation) -> bool:
    return may_manage(user, convocation.body.branch) or is_secretary(user, convocation)


def is_own(user: User, mandate: Mandate) -> bool:
    person_id = getattr(user, "person_id", None)
    return person_id is not None and mandate.person_id == person_id


def correction_refused(
    user: User, mandate: Mandate, month: dt.date, today: dt.date, closes: dt.date
) -> str:
    """Why the user may not correct the mandate's month (starting on `month`, its window
    closing on `closes`) today — "denied", "month_open", "window_closed" — or "" if they
    may: the deputy while the window is open, the branch's office once the month is over."""
    office = may_manage(user, mandate.convocation.body.branch)
    if not (office or is_own(user, mandate)):
        return "denied"
    if today <= month_end(month):
        return "month_open"
    if not office and today > closes:
        return "window_closed"
    return ""


def may_decide(user: User, correction: Correction) -> bool:
    return (
        correction.state == Correction.State.PENDING
        and correction.submitted_by_id != user.pk
        and not is_own(user, correction.mandate)
        and may_manage(user, correction.mandate.convocation.body.branch)
    )
