"""The instruction's state machine: every allowed transition, in one place.

issued → in work → reported → accepted; a report may also come straight from issued. The
issuer accepts a report or returns it for rework, and a returned instruction is taken into
work or reported again. Accepted is final. Overdue is no status: it is computed from the
deadline (`Instruction.is_overdue`)."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from esep.lib.lifecycle import Lifecycle


class Status(models.TextChoices):
    ISSUED = "issued", _("issued")
    IN_WORK = "in_work", _("in work")
    REPORTED = "reported", _("reported")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned for rework")


class Transition(StrEnum):
    START = "start"  # the executor takes it into work
    REPORT = "report"  # the executor reports the execution
    ACCEPT = "accept"  # the issuer accepts the report
    RETURN = "return"  # the issuer returns the report for rework


LIFECYCLE = Lifecycle(
    {
        Transition.START: ({Status.ISSUED, Status.RETURNED}, Status.IN_WORK),
        Transition.REPORT: ({Status.ISSUED, Status.IN_WORK, Status.RETURNED}, Status.REPORTED),
        Transition.ACCEPT: ({Status.REPORTED}, Status.ACCEPTED),
        Transition.RETURN: ({Status.REPORTED}, Status.RETURNED),
    }
)
