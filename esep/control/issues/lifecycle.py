"""The acute social issue's state machine: every allowed transition, in one place.

open → in work (its plan has begun) → resolved, or not resolved with a reason; an issue
settled before any plan is closed straight from open. A closed issue is reopened back into
work. Anything else is refused: an issue never goes back to open, nor from one closed
status straight to the other."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from esep.lib.lifecycle import Lifecycle


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


LIFECYCLE = Lifecycle(
    {
        Transition.START: ({Status.OPEN}, Status.IN_WORK),
        Transition.RESOLVE: ({Status.OPEN, Status.IN_WORK}, Status.RESOLVED),
        Transition.LEAVE_UNRESOLVED: ({Status.OPEN, Status.IN_WORK}, Status.NOT_RESOLVED),
        Transition.REOPEN: ({Status.RESOLVED, Status.NOT_RESOLVED}, Status.IN_WORK),
    }
)

UNRESOLVED = frozenset({Status.OPEN, Status.IN_WORK})
