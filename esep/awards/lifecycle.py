"""A nomination's state machine: every allowed transition, in one place.

nominated → granted (the granting body's decision, its number and date, the certificate's
number) or refused (the body's decision not to grant, with its reason). Both are final: a
person refused may be nominated again, as a new nomination."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from esep.lib.lifecycle import Lifecycle


class Status(models.TextChoices):
    NOMINATED = "nominated", _("nominated")
    GRANTED = "granted", _("granted")
    REFUSED = "refused", _("refused")


class Transition(StrEnum):
    GRANT = "grant"
    REFUSE = "refuse"


LIFECYCLE = Lifecycle(
    {
        Transition.GRANT: ({Status.NOMINATED}, Status.GRANTED),
        Transition.REFUSE: ({Status.NOMINATED}, Status.REFUSED),
    }
)

# A person holds an award, or is put forward for it: no second nomination while one is.
HELD_OR_PENDING = frozenset({Status.NOMINATED, Status.GRANTED})
