"""Background work of appeals: the daily reminder of deadlines, and imports of spreadsheets
(started by `start_import`, run by the worker)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from esep.access.models import User
from esep.access.recipients import BranchHeads
from esep.appeals.actions import official_calendar
from esep.appeals.imports import import_appeals, importable_branches
from esep.appeals.models import Appeal, ImportJob
from esep.lib.jobs import Progress, run_job, start_job

# Reminders go out at 08:00 Astana time (UTC+5), before the working day starts.
REMIND_AT_UTC = dt.time(3, 0)
DUE_SOON_WORKING_DAYS = 3


def reminders(today: dt.date) -> dict[int, list]:
    """Open appeals overdue or due within three working days, by the user to remind:
    the assignee, and every branch head whose subtree holds the appeal."""

    last_day = official_calendar().add_working_days(today, DUE_SOON_WORKING_DAYS)
    pending = list(
        Appeal.objects.open()
        .filter(due_on__lte=last_day)
        .select_related("branch")
        .order_by("due_on")
    )
    heads = BranchHeads()
    by_user: dict[int, list] = defaultdict(list)
    for appeal in pending:
        recipients = heads.over(appeal.branch.path)
        if appeal.assignee_id is not None:
            recipients.add(appeal.assignee_id)
        for user in recipients:
            by_user[user].append(appeal)
    return by_user


@task()
def send_deadline_reminders(*, reschedule: bool = True) -> int:
    """E-mail each person their appeals that are overdue or nearly due; returns how many
    messages were sent. Enqueues itself again for the next morning."""
    today = timezone.localdate()
    sent = 0
    for user in User.objects.filter(pk__in=(plan := reminders(today))).exclude(email=""):
        appeals = plan[user.pk]
        overdue = sum(1 for a in appeals if a.due_on < today)
        with translation.override("kk"):
            subject = ngettext(
                "esep: %(count)d appeal needs attention",
                "esep: %(count)d appeals need attention",
                len(appeals),
            ) % {"count": len(appeals)}
            lines = [
                _("Overdue: %(overdue)d. Due within 3 working days: %(soon)d.")
                % {"overdue": overdue, "soon": len(appeals) - overdue}
            ] + [f"{a.number} — {a.due_on:%d.%m.%Y}" for a in appeals]
        send_mail(subject, "\n".join(lines), None, [user.email])
        sent += 1
    if reschedule:
        tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), REMIND_AT_UTC, dt.UTC)
        send_deadline_reminders.using(run_after=tomorrow).enqueue(reschedule=True)
    return sent


@task()
def run_import(*, job_id: int) -> str:
    """Import an uploaded file of appeals, as every import job runs (`lib.jobs.run_job`)."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)

    def attempt(progress: Progress) -> dict[str, int]:
        created, skipped = import_appeals(
            bytes(job.content),
            actor=job.created_by,
            branches=importable_branches(job.created_by),
            progress=progress,
        )
        return {"created": created, "skipped": skipped}

    return run_job(job, attempt, source="import job")


def start_import(*, actor: User, file_name: str, content: bytes, language: str) -> ImportJob:
    """Keep an uploaded spreadsheet as an import job and have the worker import it once
    the job is committed; the job's page follows its progress."""
    return start_job(
        ImportJob,
        run_import,
        created_by=actor,
        file_name=file_name,
        content=content,
        language=language,
    )
