"""The appeal's state machine: every allowed transition, in one place.

registered → assigned → in_progress → answered → closed, and back to in_progress when the
citizen disputes an answered or closed appeal. Anything else is refused."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from esep.lib.lifecycle import Lifecycle


class Status(models.TextChoices):
    REGISTERED = "registered", _("registered")
    ASSIGNED = "assigned", _("assigned")
    IN_PROGRESS = "in_progress", _("in progress")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")


class Transition(models.TextChoices):
    ASSIGN = "assign", _("assign")
    START = "start", _("start work")
    ANSWER = "answer", _("record the answer")
    CLOSE = "close", _("close")
    REOPEN = "reopen", _("reopen on dispute")


LIFECYCLE = Lifecycle(
    {
        # Reassigning an assigned appeal to someone else is also an assignment.
        Transition.ASSIGN: ({Status.REGISTERED, Status.ASSIGNED}, Status.ASSIGNED),
        Transition.START: ({Status.ASSIGNED}, Status.IN_PROGRESS),
        Transition.ANSWER: ({Status.IN_PROGRESS}, Status.ANSWERED),
        Transition.CLOSE: ({Status.ANSWERED}, Status.CLOSED),
        Transition.REOPEN: ({Status.ANSWERED, Status.CLOSED}, Status.IN_PROGRESS),
    }
)

# An appeal is open — waiting for its answer, its deadline running — in these statuses. In
# this order, as the partial index of open appeals names them (appeals/models.py).
OPEN = [Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS]
OPEN_STATUSES = frozenset(OPEN)
