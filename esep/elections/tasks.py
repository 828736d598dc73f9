"""Background work of elections: importing an uploaded protocol spreadsheet (`imports.py`),
as every import job runs (`lib.jobs.run_job`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django_tasks import task

from esep.elections import imports
from esep.elections.models import Election, ImportJob
from esep.lib.jobs import Progress, run_job, start_job

if TYPE_CHECKING:
    from esep.access.models import User


@task()
def run_import(*, job_id: int) -> str:
    """Import an uploaded protocol of an election."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)

    def attempt(progress: Progress) -> dict[str, dict[str, int]]:
        # The election as it is now (still open?), with the uploader's rights as they are now.
        election = Election.objects.select_related("branch", "territory").get(pk=job.election_id)
        imported = imports.import_protocol(
            bytes(job.content), actor=job.created_by, election=election, progress=progress
        )
        return {"counts": imported.counts}

    return run_job(job, attempt, source="election protocol import job")


def start_import(
    *, actor: User, election: Election, file_name: str, content: bytes, language: str
) -> ImportJob:
    """Keep an uploaded protocol as an import job and have the worker import it once the job
    is committed; the job's page follows its progress."""
    return start_job(
        ImportJob,
        run_import,
        election=election,
        created_by=actor,
        file_name=file_name,
        content=content,
        language=language,
    )
