"""Background work of the programme: imports of a road map's spreadsheets (started by
`start_import`, run by the worker), as appeals' imports are; and the morning's reminder of
changes awaiting approval and measures awaiting a verdict."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from esep.access.models import User
from esep.access.recipients import BranchHeads, mail_each
from esep.appeals.tasks import REMIND_AT_UTC
from esep.lib.jobs import Progress, run_job, start_job
from esep.programme import progress
from esep.programme.models import Change, ImportJob, Measure, RoadMap
from esep.programme.plans.imports import run
from esep.programme.plans.queries import needs_verdict_q
from esep.programme.plans.rules import subject_branch


@task()
def run_import(*, job_id: int) -> str:
    """Import an uploaded file into its road map, as every import job runs
    (`lib.jobs.run_job`)."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)

    def attempt(progress: Progress) -> dict[str, dict[str, int]]:
        # The road map as it is now, with the rights of the uploader as they are now.
        road_map = RoadMap.objects.select_related("branch", "territory").get(pk=job.road_map_id)
        imported = run(
            job.kind, bytes(job.content), actor=job.created_by, road_map=road_map, progress=progress
        )
        return {"counts": imported.counts}

    return run_job(job, attempt, source="programme import job")


def start_import(
    *, actor: User, road_map: RoadMap, kind: str, file_name: str, content: bytes, language: str
) -> ImportJob:
    """Keep an uploaded spreadsheet as an import job and have the worker import it once
    the job is committed; the job's page follows its progress."""
    return start_job(
        ImportJob,
        run_import,
        kind=kind,
        road_map=road_map,
        created_by=actor,
        file_name=file_name,
        content=content,
        language=language,
    )


# ---------------------------------------------------------------- the morning's reminder


def reminders(today: dt.date) -> dict[int, list[tuple[dt.date, str, str]]]:
    """By user to remind: (since, what, link) of every change awaiting a second person's
    approval and every measure past its deadline below target that still has no verdict.
    Both go to the heads of the branch that decides them and of the branches above it (who
    proposed a change is not asked to approve it)."""
    heads = BranchHeads()
    by_user: dict[int, list[tuple[dt.date, str, str]]] = defaultdict(list)
    with translation.override("kk"):
        pending = Change.objects.filter(state=Change.State.PENDING).select_related(
            "promise__section__programme__branch", "measure__road_map__branch"
        )
        for change in pending:
            subject = change.subject
            users = heads.over(subject_branch(subject).path) - {change.proposed_by_id}
            what = _("Awaiting your approval: %s") % str(subject)[:80]
            for user in users:
                by_user[user].append(
                    (change.proposed_at.date(), what, reverse("programme:change", args=[change.pk]))
                )
        candidates = list(
            Measure.objects.filter(needs_verdict_q(today)).select_related("road_map__branch")
        )
        found = progress.measures_progress(candidates, on=today)
        for measure in candidates:
            reading = found.get(measure.pk)
            if reading is None or not reading.needs_verdict:
                continue
            what = (
                _("Past its deadline below target, awaiting a verdict: %s")
                % (f"{measure.road_map.code} {measure.code} {measure.title}"[:100])
            )
            link = reverse("programme:measure", args=[measure.pk])
            for user in heads.over(measure.road_map.branch.path):
                by_user[user].append((measure.deadline, what, link))
    return by_user


@task()
def send_programme_reminders(*, reschedule: bool = True) -> int:
    """E-mail each branch head the changes awaiting their approval and the measures awaiting
    a verdict; returns how many messages were sent. Enqueues itself for the next morning."""
    today = timezone.localdate()

    def compose(found: list[tuple[dt.date, str, str]]) -> tuple[str, list[str]]:
        items = sorted(found)
        subject = ngettext(
            "esep: %(count)d item of the programme needs you",
            "esep: %(count)d items of the programme need you",
            len(items),
        ) % {"count": len(items)}
        return subject, [f"{since:%d.%m.%Y} — {what} ({link})" for since, what, link in items]

    sent = mail_each(reminders(today), compose)
    if reschedule:
        tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), REMIND_AT_UTC, dt.UTC)
        send_programme_reminders.using(run_after=tomorrow).enqueue(reschedule=True)
    return sent
