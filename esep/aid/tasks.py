"""Background work of aid campaigns: importing an uploaded spreadsheet of a campaign's
beneficiaries or deliveries (`imports.py`), as every import job runs (`lib.jobs.run_job`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django_tasks import task

from esep.aid import imports
from esep.aid.models import Campaign, ImportJob
from esep.lib.jobs import Progress, run_job, start_job
from esep.org.models import Branch

if TYPE_CHECKING:
    from esep.access.models import User


@task()
def run_import(*, job_id: int) -> str:
    """Import an uploaded file of a campaign's beneficiaries or deliveries."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)

    def attempt(progress: Progress) -> dict[str, dict[str, int]]:
        # The campaign as it is now, with the rights of the uploader as they are now.
        campaign = Campaign.objects.select_related("branch").get(pk=job.campaign_id)
        if job.what == ImportJob.What.HOUSEHOLDS:
            branch = Branch.objects.select_related("territory").get(pk=job.branch_id)
            imported = imports.import_households(
                bytes(job.content),
                actor=job.created_by,
                campaign=campaign,
                branch=branch,
                progress=progress,
            )
        else:
            imported = imports.import_deliveries(
                bytes(job.content), actor=job.created_by, campaign=campaign, progress=progress
            )
        return {"counts": imported.counts}

    return run_job(job, attempt, source=f"aid {job.what} import job")


def start_import(
    *,
    actor: User,
    campaign: Campaign,
    what: str,
    file_name: str,
    content: bytes,
    language: str,
    branch: Branch | None = None,
) -> ImportJob:
    """Keep an uploaded spreadsheet of `what` (ImportJob.What) as an import job and have
    the worker import it once the job is committed; the job's page follows its progress.
    Beneficiaries are registered as helped by `branch` (the campaign's own by default)."""
    return start_job(
        ImportJob,
        run_import,
        campaign=campaign,
        what=what,
        branch=(branch or campaign.branch) if what == ImportJob.What.HOUSEHOLDS else None,
        created_by=actor,
        file_name=file_name,
        content=content,
        language=language,
    )
