"""Background work of the assemblies: importing an uploaded list of a conference's delegates
(`conferences/imports.py`), as every import job runs (`lib.jobs.run_job`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django_tasks import task

from esep.assemblies.conferences import imports
from esep.assemblies.models import Conference, ImportJob
from esep.lib.jobs import Progress, run_job, start_job

if TYPE_CHECKING:
    from esep.access.models import User


@task()
def run_import(*, job_id: int) -> str:
    """Import an uploaded file of a conference's delegates."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)

    def attempt(progress: Progress) -> dict[str, dict[str, int]]:
        # The conference as it is now, with the rights of the uploader as they are now.
        conference = Conference.objects.select_related("branch").get(pk=job.conference_id)
        imported = imports.import_delegates(
            bytes(job.content), actor=job.created_by, conference=conference, progress=progress
        )
        return {"counts": imported.counts}

    # lib.jobs keeps the uploaded file with the job and offers no way to clear it once the
    # job ends; it stays, as every other import's does.
    return run_job(job, attempt, source="delegates import job")


def start_import(
    *, actor: User, conference: Conference, file_name: str, content: bytes, language: str
) -> ImportJob:
    """Keep an uploaded spreadsheet as an import job and have the worker import it once
    the job is committed; the job's page follows its progress."""
    return start_job(
        ImportJob,
        run_import,
        conference=conference,
        created_by=actor,
        file_name=file_name,
        content=content,
        language=language,
    )
