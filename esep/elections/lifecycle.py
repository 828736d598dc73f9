"""An election's state machine: open while it is prepared and counted (lists, candidates,
protocol rows), certified once the protocol is final — then the seats are shared, the
winners named and their mandates recorded. Nothing goes back: a certified election is
corrected only by a court's decision, recorded as a new election."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from esep.lib.lifecycle import Lifecycle


class State(models.TextChoices):
    OPEN = "open", _("being counted")
    CERTIFIED = "certified", _("results certified")


class Transition(StrEnum):
    CERTIFY = "certify"


LIFECYCLE = Lifecycle({Transition.CERTIFY: ({State.OPEN}, State.CERTIFIED)})
