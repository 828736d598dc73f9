"""Use cases of acute social issues: registering one (or raising a control-post finding as
one), linking appeals and findings, the plan of measures, the status and party control.
Each is atomic and goes on the issue's timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from esep.appeals.models import Appeal, Category, StateBody
from esep.control.issues.lifecycle import LIFECYCLE, Status, Transition
from esep.control.issues.models import Issue, IssueEvent, Measure
from esep.control.posts.models import Visit
from esep.lib.checks import required
from esep.org.models import Branch, Territory

if TYPE_CHECKING:
    from esep.access.models import User


def issue_event(actor: User | None, issue: Issue, action: str, note: str = "", **data) -> None:
    """A step on the issue's timeline (a meeting putting it on its agenda writes one too)."""
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
    required(title=title, description=description)
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
    issue_event(actor, issue, "registered", source=source)
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
    issue_event(
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
    issue_event(actor, issue, "state_body", state_body=state_body.code)
    return issue


def _forbidden(issue: Issue, target: str) -> ValidationError:
    return ValidationError(
        _("An issue that is “%(status)s” cannot become “%(target)s”."),
        params={
            "status": issue.get_status_display(),
            "target": dict(Status.choices).get(target, target),
        },
        code="forbidden_transition",
    )


def _move_issue(
    actor: User, issue: Issue, transition: str, reason: str = "", today: dt.date | None = None
) -> None:
    """Take the (locked) issue along `transition`, if the lifecycle allows it from where
    the issue is, and put the change on its timeline."""
    before = issue.status
    status = LIFECYCLE.target_of(transition, before)
    if status is None:
        raise _forbidden(issue, LIFECYCLE.transitions[transition][1])
    issue.status = status
    issue.status_reason = reason if status == Status.NOT_RESOLVED else ""
    issue.resolved_on = (today or timezone.localdate()) if issue.is_closed else None
    issue.save(update_fields=["status", "status_reason", "resolved_on"])
    issue_event(actor, issue, "status", reason, before=before, after=status)


@transaction.atomic
def add_measure(
    *, actor: User, issue: Issue, text: str, responsible: str, deadline: dt.date
) -> Measure:
    """A step of the plan; the first one puts an open issue in work."""
    issue = _locked_issue(issue)
    required(text=text, responsible=responsible)
    if issue.is_closed:
        raise ValidationError(_("The issue is closed: reopen it to plan more."), code="closed")
    measure = Measure.objects.create(
        issue=issue, text=text.strip(), responsible=responsible.strip(), deadline=deadline
    )
    issue_event(actor, issue, "measure_added", text.strip(), deadline=deadline.isoformat())
    if LIFECYCLE.target_of(Transition.START, issue.status):
        _move_issue(actor, issue, Transition.START)
    return measure


@transaction.atomic
def complete_measure(*, actor: User, measure: Measure, done_on: dt.date, result: str) -> Measure:
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    required(result=result)
    if measure.done_on is not None:
        raise ValidationError(_("This measure is already done."), code="done")
    measure.done_on, measure.result = done_on, result.strip()
    measure.save(update_fields=["done_on", "result"])
    issue_event(actor, measure.issue, "measure_done", result.strip(), measure=measure.pk)
    return measure


@transaction.atomic
def change_issue_status(
    *, actor: User, issue: Issue, status: str, reason: str = "", today: dt.date | None = None
) -> Issue:
    """Move the issue to `status` by the transition the lifecycle has for it; a move it
    does not allow (back to open, say) is refused and leaves no trace."""
    issue = _locked_issue(issue)
    if status == issue.status:
        raise ValidationError(_("The issue already has this status."), code="same")
    transition = LIFECYCLE.transition_to(issue.status, status)
    if transition is None:
        raise _forbidden(issue, status)
    if status == Status.NOT_RESOLVED and not reason.strip():
        raise ValidationError({"reason": _("Say why the issue was not resolved.")}, code="reason")
    _move_issue(actor, issue, transition, reason.strip(), today)
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
    required(reason=reason)
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
    issue_event(
        actor,
        issue,
        "taken_under_control",
        reason.strip(),
        controller=controller.username,
        deadline=deadline.isoformat(),
    )
    return issue
