"""Use cases of party control: posts and visits, acute social issues, meetings and
instructions. Each is atomic and leaves its trace: an issue's step goes on its timeline,
everything else into the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from esep.appeals.attachments import check_file
from esep.appeals.models import Appeal, Category, Channel, StateBody
from esep.audit.log import record_event
from esep.control.models import (
    AgendaItem,
    ControlPost,
    Instruction,
    Issue,
    IssueEvent,
    Measure,
    Meeting,
    Report,
    Visit,
    VisitPhoto,
)
from esep.org.models import Branch, Person, Territory

if TYPE_CHECKING:
    from esep.access.models import User


def _required(**texts: str) -> None:
    for field, text in texts.items():
        if not (text or "").strip():
            raise ValidationError({field: _("This field is required.")}, code="required")


# ---------------------------------------------------------------- control posts


@transaction.atomic
def open_post(
    *,
    actor: User,
    branch: Branch,
    territory: Territory,
    object_kind: str,
    object_name: str,
    address: str,
    head: Person,
    members: Iterable[Person] = (),
    opened_on: dt.date,
) -> ControlPost:
    _required(object_name=object_name, address=address)
    post = ControlPost.objects.create(
        branch=branch,
        territory=territory,
        object_kind=object_kind,
        object_name=object_name.strip(),
        address=address.strip(),
        head=head,
        opened_on=opened_on,
        created_by=actor,
    )
    post.members.set([m for m in members if m.pk != head.pk])
    record_event(actor=actor, action="control_post.opened", obj=post)
    return post


@transaction.atomic
def close_post(*, actor: User, post: ControlPost, closed_on: dt.date) -> ControlPost:
    post = ControlPost.objects.select_for_update().get(pk=post.pk)
    if post.status == ControlPost.Status.CLOSED:
        raise ValidationError(_("The post is already closed."), code="state")
    if closed_on < post.opened_on:
        raise ValidationError(
            {"closed_on": _("A post cannot close before it opened.")}, code="date"
        )
    post.status, post.closed_on = ControlPost.Status.CLOSED, closed_on
    post.save(update_fields=["status", "closed_on"])
    record_event(actor=actor, action="control_post.closed", obj=post)
    return post


def check_photo(upload: UploadedFile) -> str:
    content_type = check_file(upload)
    if not content_type.startswith("image/"):
        raise ValidationError(_("A photo must be a JPEG or PNG image."), code="not_image")
    return content_type


@transaction.atomic
def record_visit(
    *,
    actor: User,
    post: ControlPost,
    visited_on: dt.date,
    visitors: Iterable[Person],
    findings: str,
    situation: int,
    photos: Iterable[UploadedFile] = (),
) -> Visit:
    _required(findings=findings)
    if post.status == ControlPost.Status.CLOSED:
        raise ValidationError(_("The post is closed: no more visits."), code="closed")
    if visited_on < post.opened_on or visited_on > timezone.localdate():
        raise ValidationError(
            {"visited_on": _("A visit is dated between the post's opening and today.")},
            code="date",
        )
    photos = list(photos)
    types = [check_photo(photo) for photo in photos]  # all checked before anything is saved
    visit = Visit.objects.create(
        post=post,
        visited_on=visited_on,
        findings=findings.strip(),
        situation=situation,
        recorded_by=actor,
    )
    visit.visitors.set(list(visitors) or [post.head])
    for photo, content_type in zip(photos, types, strict=True):
        VisitPhoto.objects.create(
            visit=visit,
            file=photo,
            name=(photo.name or "photo")[:255],
            content_type=content_type,
            size=photo.size or 0,
        )
    record_event(actor=actor, action="control_post.visited", obj=post, changes={"visit": visit.pk})
    return visit


@transaction.atomic
def raise_appeal(*, actor: User, visit: Visit, kind: str, category: Category, text: str) -> Appeal:
    """A finding becomes an appeal brought by the post's heading deputy, channel: control
    post, linked to the visit."""
    from esep.appeals.actions import register_appeal

    visit = Visit.objects.select_for_update().select_related("post").get(pk=visit.pk)
    if visit.appeal_id is not None:
        raise ValidationError(_("This finding is already an appeal."), code="raised")
    post = visit.post
    appeal = register_appeal(
        actor=actor,
        channel=Channel.CONTROL_POST,
        kind=kind,
        category=category,
        territory=post.territory,
        branch=post.branch,
        submitter=post.head,
        text=text or visit.findings,
        language=(get_language() or "kk")[:2],
        received_at=timezone.now(),
    )
    visit.appeal = appeal
    visit.save(update_fields=["appeal"])
    return appeal


# ---------------------------------------------------------------- acute social issues


def _issue_event(actor: User | None, issue: Issue, action: str, note: str = "", **data) -> None:
    IssueEvent.objects.create(issue=issue, actor=actor, action=action, note=note, data=data)


def _locked_issue(issue: Issue) -> Issue:
    return Issue.objects.select_for_update().get(pk=issue.pk)


@transaction.atomic
def register_issue(
    *,
    actor: User,
    title: str,
    description: str,
    category: Category,
    territory: Territory,
    branch: Branch,
    source: str,
    appeals: Iterable[Appeal] = (),
    visits: Iterable[Visit] = (),
    state_body: StateBody | None = None,
) -> Issue:
    _required(title=title, description=description)
    issue = Issue.objects.create(
        title=title.strip(),
        description=description.strip(),
        category=category,
        territory=territory,
        branch=branch,
        source=source,
        state_body=state_body,
        created_by=actor,
    )
    _issue_event(actor, issue, "registered", source=source)
    appeals, visits = list(appeals), list(visits)
    if appeals or visits:
        link_to_issue(actor=actor, issue=issue, appeals=appeals, visits=visits)
    return issue


@transaction.atomic
def link_to_issue(
    *, actor: User, issue: Issue, appeals: Iterable[Appeal] = (), visits: Iterable[Visit] = ()
) -> Issue:
    appeals, visits = list(appeals), list(visits)
    issue.appeals.add(*appeals)
    issue.visits.add(*visits)
    _issue_event(
        actor,
        issue,
        "linked",
        appeals=[a.number for a in appeals],
        visits=[v.pk for v in visits],
    )
    return issue


@transaction.atomic
def raise_issue(*, actor: User, visit: Visit, title: str, category: Category) -> Issue:
    """A control-post finding becomes an acute social issue, keeping the link."""
    post = visit.post
    return register_issue(
        actor=actor,
        title=title,
        description=visit.findings,
        category=category,
        territory=post.territory,
        branch=post.branch,
        source=Issue.Source.CONTROL_POST,
        visits=[visit],
    )


@transaction.atomic
def set_state_body(*, actor: User, issue: Issue, state_body: StateBody) -> Issue:
    issue = _locked_issue(issue)
    issue.state_body = state_body
    issue.save(update_fields=["state_body"])
    _issue_event(actor, issue, "state_body", state_body=state_body.code)
    return issue


def _move_issue(
    actor: User, issue: Issue, status: str, reason: str = "", today: dt.date | None = None
) -> None:
    before = issue.status
    issue.status = status
    issue.status_reason = reason if status == Issue.Status.NOT_RESOLVED else ""
    issue.resolved_on = (today or timezone.localdate()) if issue.is_closed else None
    issue.save(update_fields=["status", "status_reason", "resolved_on"])
    _issue_event(actor, issue, "status", reason, before=before, after=status)


@transaction.atomic
def add_measure(
    *, actor: User, issue: Issue, text: str, responsible: str, deadline: dt.date
) -> Measure:
    """A step of the plan; the first one puts an open issue in work."""
    issue = _locked_issue(issue)
    _required(text=text, responsible=responsible)
    if issue.is_closed:
        raise ValidationError(_("The issue is closed: reopen it to plan more."), code="closed")
    measure = Measure.objects.create(
        issue=issue, text=text.strip(), responsible=responsible.strip(), deadline=deadline
    )
    _issue_event(actor, issue, "measure_added", text.strip(), deadline=deadline.isoformat())
    if issue.status == Issue.Status.OPEN:
        _move_issue(actor, issue, Issue.Status.IN_WORK)
    return measure


@transaction.atomic
def complete_measure(*, actor: User, measure: Measure, done_on: dt.date, result: str) -> Measure:
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    _required(result=result)
    if measure.done_on is not None:
        raise ValidationError(_("This measure is already done."), code="done")
    measure.done_on, measure.result = done_on, result.strip()
    measure.save(update_fields=["done_on", "result"])
    _issue_event(actor, measure.issue, "measure_done", result.strip(), measure=measure.pk)
    return measure


@transaction.atomic
def change_issue_status(
    *, actor: User, issue: Issue, status: str, reason: str = "", today: dt.date | None = None
) -> Issue:
    issue = _locked_issue(issue)
    if status == issue.status:
        raise ValidationError(_("The issue already has this status."), code="same")
    if status == Issue.Status.NOT_RESOLVED and not reason.strip():
        raise ValidationError({"reason": _("Say why the issue was not resolved.")}, code="reason")
    _move_issue(actor, issue, status, reason.strip(), today)
    return issue


@transaction.atomic
def take_issue_under_control(
    *,
    actor: User,
    issue: Issue,
    controller: User,
    deadline: dt.date,
    reason: str,
    today: dt.date | None = None,
) -> Issue:
    issue = _locked_issue(issue)
    _required(reason=reason)
    if issue.is_closed:
        raise ValidationError(_("A closed issue cannot be taken under control."), code="closed")
    today = today or timezone.localdate()
    if deadline < today:
        raise ValidationError(
            {"deadline": _("The control deadline cannot be in the past.")}, code="past"
        )
    issue.controller, issue.control_deadline = controller, deadline
    issue.taken_under_control_on = issue.taken_under_control_on or today
    issue.save(update_fields=["controller", "control_deadline", "taken_under_control_on"])
    _issue_event(
        actor,
        issue,
        "taken_under_control",
        reason.strip(),
        controller=controller.username,
        deadline=deadline.isoformat(),
    )
    return issue


# ---------------------------------------------------------------- meetings and instructions


@transaction.atomic
def hold_meeting(
    *,
    actor: User,
    branch: Branch,
    kind: str,
    held_on: dt.date,
    participants: Iterable[Person] = (),
    minutes: str = "",
) -> Meeting:
    meeting = Meeting.objects.create(
        branch=branch, kind=kind, held_on=held_on, minutes=minutes, created_by=actor
    )
    meeting.participants.set(list(participants))
    record_event(actor=actor, action="meeting.recorded", obj=meeting)
    return meeting


@transaction.atomic
def record_minutes(*, actor: User, meeting: Meeting, minutes: str) -> Meeting:
    meeting.minutes = minutes.strip()
    meeting.save(update_fields=["minutes"])
    record_event(actor=actor, action="meeting.minutes", obj=meeting)
    return meeting


@transaction.atomic
def add_agenda_item(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    issue: Issue | None = None,
    appeal: Appeal | None = None,
) -> AgendaItem:
    _required(title=title)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    number = (meeting.items.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting, number=number, title=title.strip(), issue=issue, appeal=appeal
    )
    if issue is not None:
        _issue_event(actor, issue, "meeting", meeting=meeting.pk)
    return item


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
    _required(text=text)
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


@transaction.atomic
def start_instruction(*, actor: User, instruction: Instruction) -> Instruction:
    instruction = _locked_instruction(instruction)
    if instruction.status not in (Instruction.Status.ISSUED, Instruction.Status.RETURNED):
        raise ValidationError(_("The instruction is not waiting to be taken up."), code="state")
    instruction.status = Instruction.Status.IN_WORK
    instruction.save(update_fields=["status"])
    record_event(actor=actor, action="instruction.in_work", obj=instruction)
    return instruction


@transaction.atomic
def report_execution(
    *, actor: User, instruction: Instruction, text: str, upload: UploadedFile | None = None
) -> Report:
    instruction = _locked_instruction(instruction)
    _required(text=text)
    if instruction.status in (Instruction.Status.REPORTED, Instruction.Status.ACCEPTED):
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
    instruction.status = Instruction.Status.REPORTED
    instruction.save(update_fields=["status"])
    record_event(actor=actor, action="instruction.reported", obj=instruction)
    return report


@transaction.atomic
def decide_report(
    *, actor: User, report: Report, accept: bool, comment: str, today: dt.date | None = None
) -> Report:
    """The issuer accepts the report (the instruction is executed) or returns it for rework
    with a comment saying what is missing."""
    instruction = _locked_instruction(report.instruction)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.decision or instruction.status != Instruction.Status.REPORTED:
        raise ValidationError(_("This report has already been decided."), code="decided")
    if not accept and not comment.strip():
        raise ValidationError({"comment": _("Say what must be reworked.")}, code="comment_required")
    report.decision = Report.Decision.ACCEPTED if accept else Report.Decision.RETURNED
    report.comment, report.decided_by, report.decided_at = comment.strip(), actor, timezone.now()
    report.save(update_fields=["decision", "comment", "decided_by", "decided_at"])
    instruction.status = Instruction.Status.ACCEPTED if accept else Instruction.Status.RETURNED
    instruction.accepted_on = (today or timezone.localdate()) if accept else None
    instruction.save(update_fields=["status", "accepted_on"])
    record_event(
        actor=actor,
        action=f"instruction.{report.decision}",
        obj=instruction,
        reason=comment.strip(),
    )
    return report
