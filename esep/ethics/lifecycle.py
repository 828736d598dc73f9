"""An ethics case's state machine: every allowed transition, in one place.

opened → notified (the member is told of the complaint and by when to answer) → answered,
or unanswered once the deadline to answer has passed → decided by the branch's body (no
breach, or a sanction) → under review when the member appeals a sanction to the parent
branch's body → reviewed. Nothing goes back: a case decided is reopened only by its review."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from esep.lib.lifecycle import Lifecycle


class State(models.TextChoices):
    OPENED = "opened", _("opened")
    NOTIFIED = "notified", _("member notified")
    ANSWERED = "answered", _("member answered")
    UNANSWERED = "unanswered", _("no answer by the deadline")
    DECIDED = "decided", _("decided")
    UNDER_REVIEW = "under_review", _("under review")
    REVIEWED = "reviewed", _("reviewed")


class Transition(StrEnum):
    NOTIFY = "notify"
    ANSWER = "answer"
    LAPSE = "lapse"  # the deadline to answer passed with no answer
    DECIDE = "decide"
    APPEAL = "appeal"  # the member appeals the sanction to the parent branch's body
    REVIEW = "review"


LIFECYCLE = Lifecycle(
    {
        Transition.NOTIFY: ({State.OPENED}, State.NOTIFIED),
        Transition.ANSWER: ({State.NOTIFIED}, State.ANSWERED),
        Transition.LAPSE: ({State.NOTIFIED}, State.UNANSWERED),
        Transition.DECIDE: ({State.ANSWERED, State.UNANSWERED}, State.DECIDED),
        Transition.APPEAL: ({State.DECIDED}, State.UNDER_REVIEW),
        Transition.REVIEW: ({State.UNDER_REVIEW}, State.REVIEWED),
    }
)
