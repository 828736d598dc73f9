"""The acute social issue's state machine: every allowed transition, in one place.

open → in work (its plan has begun) → resolved, or not resolved with a reason; an issue
settled before any plan is closed straight from open. A closed issue is reopened back into
work. Anything else is refused: an issue never goes back to open, nor from one closed
status straight to the other."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    OPEN = "open", _("open")
    IN_WORK = "in_work", _("in work")
    RESOLVED = "resolved", _("resolved")
    NOT_RESOLVED = "not_resolved", _("not resolved")


class Transition(StrEnum):
    START = "start"  # the first measure of the plan, or the status changed by hand
    RESOLVE = "resolve"
    LEAVE_UNRESOLVED = "leave_unresolved"  # needs the reason
    REOPEN = "reopen"


# transition → (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    Transition.START: (frozenset({Status.OPEN}), Status.IN_WORK),
    Transition.RESOLVE: (frozenset({Status.OPEN, Status.IN_WORK}), Status.RESOLVED),
    Transition.LEAVE_UNRESOLVED: (frozenset({Status.OPEN, Status.IN_WORK}), Status.NOT_RESOLVED),
    Transition.REOPEN: (frozenset({Status.RESOLVED, Status.NOT_RESOLVED}), Status.IN_WORK),
}

UNRESOLVED = frozenset({Status.OPEN, Status.IN_WORK})


def target_of(transition: str, current: str) -> str | None:
    """The status `transition` leads to from `current`, or None when it is not allowed."""
    sources, target = TRANSITIONS[transition]
    return target if current in sources else None


def allowed_from(current: str) -> list[str]:
    return [t for t, (sources, _target) in TRANSITIONS.items() if current in sources]


def transition_to(current: str, target: str) -> str | None:
    """The transition that takes an issue from `current` to `target`, or None."""
    return next((t for t in allowed_from(current) if TRANSITIONS[t][1] == target), None)


def targets_from(current: str) -> list[str]:
    """The statuses an issue may be moved to from `current`, in the order of `Status`."""
    reachable = {TRANSITIONS[t][1] for t in allowed_from(current)}
    return [status for status in Status.values if status in reachable]
