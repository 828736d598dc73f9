"""Background work of the programme: imports of a road map's spreadsheets (started by
`start_import`, run by the worker), as appeals' imports are."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django_tasks import task

from esep.access.models import User
from esep.lib.sheets import ImportFailed, RowError, internal_failure, problems_kept
from esep.lib.sqlite import when_locked
from esep.programme.models import ImportJob, RoadMap
from esep.programme.plans.imports import Imported, run


@task()
def run_import(*, job_id: int) -> str:
    """Import an uploaded file into its road map, keeping its progress on the job for the
    page to show. Every way it can end ends the job: done, or failed with a message in the
    uploader's language (the file's problems, or what went wrong, never a traceback)."""
    job = ImportJob.objects.select_related("created_by", "road_map").get(pk=job_id)
    when_locked(lambda: ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING))

    def progress(done: int, total: int) -> None:
        # Outside the import's transaction, so the page sees it while the import runs.
        ImportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    def attempt() -> Imported:
        # The road map as it is now, with the rights of the uploader as they are now.
        road_map = RoadMap.objects.select_related("branch", "territory").get(pk=job.road_map_id)
        return run(
            job.kind, bytes(job.content), actor=job.created_by, road_map=road_map, progress=progress
        )

    with translation.override(job.language):
        try:
            # Another writer holding SQLite longer than its busy timeout: the import wrote
            # nothing (all or nothing), so it is tried again.
            imported = when_locked(attempt)
        except ImportFailed as failure:
            return _failed(job, failure.errors, failure.more)
        except Exception as error:
            # The file's own content never reaches the log: the kind of error and where.
            return _failed(job, internal_failure(error, f"programme import job {job.pk}").errors)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.DONE, counts=imported.counts)
    return ImportJob.State.DONE


def _failed(job: ImportJob, errors: list[RowError], more: int = 0) -> str:
    kept = problems_kept(errors, more)
    when_locked(
        lambda: ImportJob.objects.filter(pk=job.pk).update(
            state=ImportJob.State.FAILED, errors=kept
        )
    )
    return ImportJob.State.FAILED


def start_import(
    *, actor: User, road_map: RoadMap, kind: str, file_name: str, content: bytes, language: str
) -> ImportJob:
    """Keep an uploaded spreadsheet as an import job and have the worker import it once
    the job is committed; the job's page follows its progress."""
    job = ImportJob.objects.create(
        kind=kind,
        road_map=road_map,
        created_by=actor,
        file_name=file_name[:255],
        content=content,
        language=language,
    )
    transaction.on_commit(lambda: run_import.enqueue(job_id=job.pk))
    return job
