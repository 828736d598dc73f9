"""Background work of the deputies' rating: each morning the months still open to change —
the month just closed while its correction window lasts, and the current one — are
recomputed, so a deputy's own page and the correction queue read fresh figures; a month is
also computed on demand (`esep rating`, the publish step)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from esep.appeals.tasks import REMIND_AT_UTC
from esep.deputies import rating
from esep.deputies.models import month_start


@task()
def compute_rating(*, month: str, bodies: list[str] | None = None) -> dict[str, object]:
    """Compute one month (YYYY-MM-01) of the rating; returns what it did."""
    return rating.compute(dt.date.fromisoformat(month), bodies=bodies or ()).as_dict()


@task()
def compute_rating_daily(*, reschedule: bool = True) -> list[dict[str, object]]:
    today = timezone.localdate()
    current = month_start(today)
    previous = month_start(current - dt.timedelta(days=1))
    done = [rating.compute(month).as_dict() for month in (previous, current)]
    if reschedule:
        tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), REMIND_AT_UTC, dt.UTC)
        compute_rating_daily.using(run_after=tomorrow).enqueue(reschedule=True)
    return done
