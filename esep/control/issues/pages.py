"""What the pages of acute social issues show and allow, declared once for the HTML views and
the REST API: the register, registering an issue, and an issue's page with the steps the
branch's staff may take on it now."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User, users_holding
from esep.control.common import managed_branches, manages, visible_appeals
from esep.control.issues import actions
from esep.control.issues import forms as f
from esep.control.issues.filters import IssueFilterSet
from esep.control.issues.models import Issue
from esep.control.issues.queries import ISSUE_COLUMNS
from esep.control.meetings.models import Meeting
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing
from esep.lib.steps import CreatePage, RecordPage, Shown, Step
from esep.org.models import Branch
from esep.org.roles import Capability


def get_issue_for_user(user: User, pk: int) -> Issue:
    return get_object_or_404(
        Issue.objects.visible_to(user).select_related(
            "branch", "territory", "category", "state_body", "controller"
        ),
        pk=pk,
    )


def new_issue(user: User) -> Step:
    return Step(
        gettext_lazy("Register an acute social issue"),
        lambda data=None, files=None: f.IssueForm(
            data, files, branches=managed_branches(user), appeals=visible_appeals(user)
        ),
        lambda d: actions.register_issue(actor=user, **d),
        gettext_lazy("The acute social issue is registered."),
    )


NEW_ISSUE = CreatePage(
    new_issue,
    "frame/form.html",
    Capability.MANAGE_WORK,
    url_name="control:issue-new",
)


ISSUES = Listing(
    title=gettext_lazy("Acute social issues"),
    stem="issues",
    rows_template="control/_issue_rows.html",
    records=lambda request: Issue.objects.visible_to(request.user).select_related(
        "branch", "territory", "category", "state_body"
    ),
    filterset=IssueFilterSet,
    columns=ISSUE_COLUMNS,
    export_url="control:issue-export",
    capability=Capability.VIEW_WORK,
    create=NEW_ISSUE,
)


def _controllers(issue: Issue) -> QuerySet[User]:
    """Who may be made the issue's controller: those seeing party work in its branch or
    above it."""
    return users_holding(Capability.VIEW_WORK, Branch.objects.and_above(issue.branch))


def issue_steps(request: AuthedRequest, issue: Issue) -> dict[str, Step]:
    user, steps = request.user, dict[str, Step]()
    if not manages(user, issue.branch):
        return steps
    if not issue.is_closed:
        steps["measure"] = Step(
            gettext_lazy("Add a measure to the plan"),
            lambda data=None, files=None: f.MeasureForm(data, files),
            lambda d: actions.add_measure(actor=user, issue=issue, **d),
            _("The measure is added to the plan."),
        )
    pending = issue.measures.filter(done_on__isnull=True)
    if first_pending := pending.values_list("pk", flat=True).first():

        def done(d: dict) -> str:
            measure = get_object_or_404(pending, pk=d.pop("measure"))
            actions.complete_measure(actor=user, measure=measure, **d)
            return _("The measure is recorded as done.")

        steps["measure-done"] = Step(
            gettext_lazy("Record a measure done"),
            lambda data=None, files=None: f.MeasureDoneForm(
                data, files, initial={"measure": first_pending, "done_on": timezone.localdate()}
            ),
            done,
        )
    if statuses := issue.next_statuses():
        steps["status"] = Step(
            gettext_lazy("Change the status"),
            lambda data=None, files=None: f.IssueStatusForm(data, files, statuses=statuses),
            lambda d: actions.change_issue_status(actor=user, issue=issue, **d),
            _("The status is changed."),
        )
    steps["state-body"] = Step(
        gettext_lazy("Set the responsible state body"),
        lambda data=None, files=None: f.StateBodyForm(data, files),
        lambda d: actions.set_state_body(actor=user, issue=issue, **d),
        _("The responsible state body is set."),
    )
    steps["link"] = Step(
        gettext_lazy("Link appeals"),
        lambda data=None, files=None: f.LinkAppealsForm(data, files, appeals=visible_appeals(user)),
        lambda d: actions.link_to_issue(actor=user, issue=issue, **d),
        _("The appeals are linked."),
    )
    if not issue.is_closed and user.can(Capability.DECIDE_APPEALS, issue.branch.path):
        steps["control"] = Step(
            gettext_lazy("Take under party control")
            if issue.control_deadline is None
            else gettext_lazy("Change the control"),
            lambda data=None, files=None: f.IssueControlForm(
                data,
                files,
                controllers=_controllers(issue),
                initial={"controller": issue.controller_id, "deadline": issue.control_deadline},
            ),
            lambda d: actions.take_issue_under_control(actor=user, issue=issue, **d),
            _("The issue is under party control."),
        )
    return steps


def _issue_context(request: AuthedRequest, issue: Issue, steps: list[Shown]) -> dict:
    today = timezone.localdate()
    agenda = list(issue.agenda_items.select_related("meeting"))
    events = list(issue.events.select_related("actor"))
    meetings = {item.meeting_id for item in agenda} | {
        event.data["meeting"] for event in events if (event.data or {}).get("meeting")
    }
    return {
        "issue": issue,
        # The meetings this reader may open: the others are named, not linked.
        "open_meetings": set(
            Meeting.objects.visible_to(request.user)
            .filter(pk__in=meetings)
            .values_list("pk", flat=True)
        ),
        "today": today,
        "control_overdue": issue.control_deadline
        and not issue.is_closed
        and issue.control_deadline < today,
        "measures": issue.measures.all(),
        # Only the appeals the user may see are listed, even if more are linked.
        "appeals": issue.appeals.filter(pk__in=visible_appeals(request.user).values("pk"))
        .select_related("category")
        .order_by("registered_on"),
        "visits": issue.visits.select_related("post"),
        "instructions": issue.instructions.order_by("deadline"),
        "agenda": agenda,
        "events": events,
    }


ISSUE_PAGE = RecordPage(
    template="control/issue_detail.html",
    url_name="control:issue",
    fetch=get_issue_for_user,
    steps=issue_steps,
    context=_issue_context,
    capability=Capability.VIEW_WORK,
)
