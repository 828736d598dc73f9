"""Background work of ethics cases: every morning the deadlines to answer that passed are
recorded as such, and the sanctions whose term ended are lifted (`actions.lift_expired`),
a suspended member reinstated."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from esep.appeals.tasks import REMIND_AT_UTC
from esep.ethics.actions import lapse_unanswered, lift_expired


@task()
def lift_expired_sanctions(*, reschedule: bool = True) -> int:
    """Record the answers not given by their deadline and lift the sanctions whose term
    ended; the number of cases touched. Enqueues itself for the next morning."""
    today = timezone.localdate()
    done = lapse_unanswered(on=today) + lift_expired(on=today)
    if reschedule:
        tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), REMIND_AT_UTC, dt.UTC)
        lift_expired_sanctions.using(run_after=tomorrow).enqueue(reschedule=True)
    return done
