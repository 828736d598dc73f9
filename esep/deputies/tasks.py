"""Background work of the deputies' rating: each morning the months still open to change —
the month just closed while its correction window lasts, and the current one — are
recomputed, so a deputy's own page and the correction queue read fresh figures; a month is
also computed on demand (`esep rating`, the publish step)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone
from django_tasks import task

from esep.appeals.tasks import REMIND_AT_UTC
from esep.deputies import rating
from esep.deputies.models import Convocation, ImportJob
from esep.deputies.registry import imports
from esep.lib.dates import month_start
from esep.lib.jobs import Progress, run_job, start_job

if TYPE_CHECKING:
    from esep.access.models import User


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


# ---------------------------------------------------------------- imports (registry/imports.py)


@task()
def run_import(*, job_id: int) -> str:
    """Import an uploaded file of a convocation's mandates or attendance, as every import
    job runs (`lib.jobs.run_job`)."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)

    def attempt(progress: Progress) -> dict[str, dict[str, int]]:
        # The convocation as it is now, with the rights of the uploader as they are now.
        convocation = Convocation.objects.select_related("body__branch").get(pk=job.convocation_id)
        imported = imports.run(
            job.kind,
            bytes(job.content),
            actor=job.created_by,
            convocation=convocation,
            progress=progress,
        )
        return {"counts": imported.counts}

    return run_job(job, attempt, source="deputies import job")


def start_import(
    *,
    actor: User,
    convocation: Convocation,
    kind: str,
    file_name: str,
    content: bytes,
    language: str,
) -> ImportJob:
    """Keep an uploaded spreadsheet as an import job and have the worker import it once
    the job is committed; the job's page follows its progress."""
    return start_job(
        ImportJob,
        run_import,
        kind=kind,
        convocation=convocation,
        created_by=actor,
        file_name=file_name,
        content=content,
        language=language,
    )
