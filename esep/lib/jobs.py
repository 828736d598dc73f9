"""Import jobs: a spreadsheet someone uploaded, kept until the background worker imports
it, with its progress for the page that follows it. One mechanism for every importer
(appeals, a road map's measures and observations, deputies' mandates and attendance): each
app's job model inherits `ImportJob` (the shared fields; its own table) and adds what its
imports need (what it imports into, what they wrote); its task calls `run_job` with the
import to attempt, and its upload page calls `start_job`.

`run_job` ends the job in every way it can end — and either way clears the uploaded file,
which holds people's names and IINs: done, with what the import wrote; or failed, with the
file's problems (`sheets.problems_kept`) or one message saying what went wrong inside esep —
in the uploader's language, never a traceback or the file's content in the log
(`sheets.internal_failure`). The import itself runs all or nothing; if SQLite stays
locked by another writer longer than its busy timeout, it wrote nothing and is tried again
(`lib.sqlite.when_locked`). A management command imports at once through `run_in_command`,
its file read by `command_file`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser, OutputWrapper
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from esep.lib.sheets import (
    ImportFailed,
    RowError,
    SpreadsheetForm,
    failure_lines,
    internal_failure,
    problems_kept,
)
from esep.lib.sqlite import when_locked

Progress = Callable[[int, int], None]
T = TypeVar("T")


class ImportJob(models.Model):
    """An uploaded spreadsheet, imported by the background worker: who uploaded it, the
    file, the language its messages are written in, its state and progress, and the
    problems that stopped it."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    file_name = models.CharField(_("file"), max_length=255)
    content = models.BinaryField()
    language = models.CharField(max_length=2, default="kk")
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def running(self) -> bool:
        """Still to end: its page keeps asking how it goes."""
        return self.state in (self.State.QUEUED, self.State.RUNNING)


Job = TypeVar("Job", bound=ImportJob)


class Enqueueable(Protocol):
    def enqueue(self, *, job_id: int) -> Any: ...


def start_job(model: type[Job], task: Enqueueable, **fields: Any) -> Job:
    """Keep an uploaded spreadsheet as a job of `model` and have the worker run `task` on
    it once the job is committed; the job's page follows its progress."""
    fields["file_name"] = str(fields.get("file_name", ""))[:255]
    job = model._default_manager.create(**fields)
    transaction.on_commit(lambda: task.enqueue(job_id=job.pk))
    return job


def run_job(
    job: ImportJob, attempt: Callable[[Progress], Mapping[str, Any]], *, source: str
) -> str:
    """Run an import job: `attempt(progress)` imports the job's file (all or nothing) and
    gives the job's fields that say what it wrote; `source` names the import in the log.
    Returns the state the job ended in."""
    jobs = type(job)._default_manager.filter(pk=job.pk)
    when_locked(lambda: jobs.update(state=ImportJob.State.RUNNING))

    def progress(done: int, total: int) -> None:
        # Outside the import's transaction, so the page sees it while the import runs.
        jobs.update(done=done, total=total)

    with translation.override(job.language):
        try:
            # Another writer holding SQLite longer than its busy timeout: the import wrote
            # nothing (all or nothing), so it is tried again.
            written = when_locked(lambda: attempt(progress))
        except ImportFailed as failure:
            return failed(job, failure.errors, failure.more)
        except Exception as error:
            # The file's own content never reaches the log: the kind of error and where.
            return failed(job, internal_failure(error, f"{source} {job.pk}").errors)
    # The file (names, IINs) is not kept once imported: what it wrote is in the records.
    when_locked(lambda: jobs.update(state=ImportJob.State.DONE, content=b"", **written))
    return ImportJob.State.DONE


def failed(job: ImportJob, errors: list[RowError], more: int = 0) -> str:
    """The job ends failed, with its problems (the first IMPORT_MAX_ERRORS) and, after them,
    how many more there were."""
    kept = problems_kept(errors, more)
    jobs = type(job)._default_manager.filter(pk=job.pk)
    # Nor is a file that failed: its uploader has it, and fixes and uploads it again.
    when_locked(lambda: jobs.update(state=ImportJob.State.FAILED, errors=kept, content=b""))
    return ImportJob.State.FAILED


# ---------------------------------------------------------------- an import run by a command


def command_file(file: Path) -> bytes:
    """The file a command imports, or a CommandError saying why it cannot be read."""
    if not file.is_file():
        raise CommandError(gettext("No such file: %(file)s") % {"file": file})
    if file.stat().st_size > settings.IMPORT_MAX_BYTES:
        raise CommandError(
            gettext("The file is larger than %(size)d MB.")
            % {"size": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    try:
        return file.read_bytes()
    except OSError as unread:
        raise CommandError(
            gettext("The file cannot be read: %(file)s") % {"file": file}
        ) from unread


def run_in_command(attempt: Callable[[], T], *, source: str, stderr: OutputWrapper) -> T:
    """An import run at once by a management command: what it gives, or a CommandError
    after the file's problems, one a line on `stderr` — never a traceback (what went wrong
    inside esep is logged as `run_job` logs it)."""
    try:
        try:
            return attempt()
        except ImportFailed:
            raise
        except Exception as unexpected:
            raise internal_failure(unexpected, source) from unexpected
    except ImportFailed as failure:
        lines, summary = failure_lines(failure)
        for line in lines:
            stderr.write(line)
        raise CommandError(summary) from None


class Starts(Protocol):
    def __call__(self, *, file_name: str, content: bytes, language: str) -> ImportJob: ...


def upload_page(
    request: HttpRequest,
    *,
    template: str,
    context: Mapping[str, Any],
    start: Starts,
    job_page: str,
) -> HttpResponse:
    """An import's upload page: the spreadsheet form, checked as every import's upload is
    (`sheets.SpreadsheetForm`); once valid, `start` keeps the file as a job (the app's
    `start_import`, queuing it) and the user follows it on the job's page (URL name
    `job_page`); refused, the form is shown again with its errors (400)."""
    form = SpreadsheetForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        job = start(
            file_name=file.name,
            content=file.read(),
            language=getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        )
        return redirect(job_page, pk=job.pk)
    return render(request, template, {"form": form, **context}, status=400 if form.errors else 200)


def add_command_options(parser: CommandParser) -> None:
    """An import command's options: who writes the records, and the messages' language."""
    parser.add_argument(
        "--user",
        required=True,
        help="the username the records are written by; it needs the rights the import "
        "page asks for",
    )
    parser.add_argument(
        "--language",
        choices=[code for code, _name in settings.LANGUAGES],
        default=settings.LANGUAGE_CODE,
        help="the language of the messages (default: %(default)s)",
    )


def command_actor(username: str) -> Any:
    """The active account an import command writes as (its rights checked by the actions,
    as on the pages)."""
    actor = get_user_model().objects.filter(username=username, is_active=True).first()
    if actor is None:
        raise CommandError(gettext("No active user “%(name)s”.") % {"name": username})
    return actor
