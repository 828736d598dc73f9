"""Use cases of instructions: giving one, the executor taking it into work and reporting,
the issuer accepting or returning the report. Each is atomic and written to the audit log."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from esep.appeals.attachments import check_file
from esep.appeals.models import StateBody
from esep.audit.log import record_event
from esep.control.instructions.lifecycle import LIFECYCLE, Transition
from esep.control.instructions.models import Instruction, Report
from esep.control.issues.models import Issue
from esep.control.meetings.models import AgendaItem, Meeting
from esep.lib.checks import required
from esep.org.models import Branch, Person

if TYPE_CHECKING:
    from esep.access.models import User


@transaction.atomic
def issue_instruction(
    *,
    actor: User,
    branch: Branch,
    text: str,
    deadline: dt.date,
    executor_branch: Branch | None = None,
    executor_person: Person | None = None,
    executor_state_body: StateBody | None = None,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    issue: Issue | None = None,
    given_by: Person | None = None,
    today: dt.date | None = None,
) -> Instruction:
    """`today` is the day it is given: today, unless a past meeting's record is entered."""
    required(text=text)
    if not (executor_branch or executor_person or executor_state_body):
        raise ValidationError(
            _("Name the executor: a branch, a person or a state body."), code="executor"
        )
    today = today or timezone.localdate()
    if deadline < today:
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")}, code="past")
    if agenda_item is not None:
        meeting = agenda_item.meeting
        issue = issue or agenda_item.issue
    instruction = Instruction.objects.create(
        text=text.strip(),
        branch=branch,
        meeting=meeting,
        agenda_item=agenda_item,
        issue=issue,
        issued_by=actor,
        given_by=given_by,
        executor_branch=executor_branch,
        executor_person=executor_person,
        executor_state_body=executor_state_body,
        deadline=deadline,
        issued_on=today,
    )
    record_event(actor=actor, action="instruction.issued", obj=instruction)
    return instruction


def _locked_instruction(instruction: Instruction) -> Instruction:
    return Instruction.objects.select_for_update().get(pk=instruction.pk)


def _move(
    actor: User, instruction: Instruction, status: str, reason: str = "", **changes: object
) -> None:
    """Put the (locked) instruction in `status`, which the caller had from the lifecycle,
    with what goes with it, and log it as `instruction.<status>`."""
    for field, value in changes.items():
        setattr(instruction, field, value)
    instruction.status = status
    instruction.save(update_fields=["status", *changes])
    record_event(actor=actor, action=f"instruction.{status}", obj=instruction, reason=reason)


@transaction.atomic
def start_instruction(*, actor: User, instruction: Instruction) -> Instruction:
    instruction = _locked_instruction(instruction)
    status = LIFECYCLE.target_of(Transition.START, instruction.status)
    if status is None:
        raise ValidationError(_("The instruction is not waiting to be taken up."), code="state")
    _move(actor, instruction, status)
    return instruction


@transaction.atomic
def report_execution(
    *, actor: User, instruction: Instruction, text: str, upload: UploadedFile | None = None
) -> Report:
    instruction = _locked_instruction(instruction)
    required(text=text)
    status = LIFECYCLE.target_of(Transition.REPORT, instruction.status)
    if status is None:
        raise ValidationError(
            _("A report is already waiting for a decision, or the instruction is accepted."),
            code="state",
        )
    file_type = check_file(upload) if upload is not None else ""
    report = Report.objects.create(
        instruction=instruction,
        text=text.strip(),
        file=upload,
        file_name=(upload.name or "file")[:255] if upload is not None else "",
        file_type=file_type,
        submitted_by=actor,
    )
    _move(actor, instruction, status)
    return report


@transaction.atomic
def decide_report(
    *, actor: User, report: Report, accept: bool, comment: str, today: dt.date | None = None
) -> Report:
    """The issuer accepts the report (the instruction is executed) or returns it for rework
    with a comment saying what is missing."""
    instruction = _locked_instruction(report.instruction)
    report = Report.objects.select_for_update().get(pk=report.pk)
    status = LIFECYCLE.target_of(
        Transition.ACCEPT if accept else Transition.RETURN, instruction.status
    )
    if report.decision or status is None:
        raise ValidationError(_("This report has already been decided."), code="decided")
    if not accept and not comment.strip():
        raise ValidationError({"comment": _("Say what must be reworked.")}, code="comment_required")
    report.decision = Report.Decision.ACCEPTED if accept else Report.Decision.RETURNED
    report.comment, report.decided_by, report.decided_at = comment.strip(), actor, timezone.now()
    report.save(update_fields=["decision", "comment", "decided_by", "decided_at"])
    accepted_on = (today or timezone.localdate()) if accept else None
    _move(actor, instruction, status, comment.strip(), accepted_on=accepted_on)
    return report
