"""Pages of party control: control posts and visits, acute social issues, meetings and
instructions. Each page authorises through the models' visible_to (404 outside scope) and
offers only the steps the user may take (esep.lib.steps)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.appeals.models import Appeal
from esep.control import actions
from esep.control import forms as f
from esep.control.instructions.queries import INSTRUCTION_COLUMNS, filter_instructions
from esep.control.issues.queries import ISSUE_COLUMNS, filter_issues
from esep.control.meetings.queries import MEETING_COLUMNS, filter_meetings
from esep.control.models import ControlPost, Instruction, Issue, Meeting, Report, Visit, VisitPhoto
from esep.control.posts.queries import POST_COLUMNS, filter_posts
from esep.lib.forms import apply_errors
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing
from esep.lib.permissions import require
from esep.lib.steps import RecordPage, Shown, Step
from esep.org.forms import BranchScopedForm
from esep.org.models import Branch, Person, subtree_q
from esep.org.roles import Capability, roles_with


def _managed_paths(user: User) -> list[str]:
    return user.scope_paths(Capability.MANAGE_WORK)


def _managed_branches(user: User):
    return Branch.objects.filter(subtree_q(_managed_paths(user))).order_by("path")


def _office_holders(user: User):
    return Person.objects.office_holders(_managed_paths(user))


def _manages(user: User, branch: Branch) -> bool:
    return user.can(Capability.MANAGE_WORK, branch.path)


def _visible_appeals(user: User) -> QuerySet[Appeal]:
    return Appeal.objects.visible_to(user)


def _branch_filter(form_class: type[BranchScopedForm]) -> Callable[[AuthedRequest], Form]:
    def build(request: AuthedRequest) -> Form:
        return form_class(request.GET or None, branches=Branch.objects.visible_to(request.user))

    return build


POSTS = Listing(
    title=gettext_lazy("Party control posts"),
    stem="control-posts",
    rows_template="control/_post_rows.html",
    filter_form=_branch_filter(f.PostFilterForm),
    records=lambda request: ControlPost.objects.visible_to(request.user).select_related(
        "branch", "territory", "head"
    ),
    filter=lambda posts, data, request: filter_posts(posts, data),
    columns=POST_COLUMNS,
    export_url="control:post-export",
    capability=Capability.VIEW_WORK,
    create_url="control:post-new",
    create_capability=Capability.MANAGE_WORK,
)
ISSUES = Listing(
    title=gettext_lazy("Acute social issues"),
    stem="issues",
    rows_template="control/_issue_rows.html",
    filter_form=_branch_filter(f.IssueFilterForm),
    records=lambda request: Issue.objects.visible_to(request.user).select_related(
        "branch", "territory", "category", "state_body"
    ),
    filter=lambda issues, data, request: filter_issues(issues, data, today=timezone.localdate()),
    columns=ISSUE_COLUMNS,
    export_url="control:issue-export",
    capability=Capability.VIEW_WORK,
    create_url="control:issue-new",
    create_capability=Capability.MANAGE_WORK,
)
MEETINGS = Listing(
    title=gettext_lazy("Meetings"),
    stem="meetings",
    rows_template="control/_meeting_rows.html",
    filter_form=_branch_filter(f.MeetingFilterForm),
    records=lambda request: Meeting.objects.visible_to(request.user).select_related("branch"),
    filter=lambda meetings, data, request: filter_meetings(meetings, data),
    columns=MEETING_COLUMNS,
    export_url="control:meeting-export",
    capability=Capability.VIEW_WORK,
    create_url="control:meeting-new",
    create_capability=Capability.MANAGE_WORK,
)
# Open to everyone signed in: staff see their scope's instructions, an executor (a deputy,
# a state-body contact) the instructions given to them.
INSTRUCTIONS = Listing(
    title=gettext_lazy("Instructions"),
    stem="instructions",
    rows_template="control/_instruction_rows.html",
    filter_form=_branch_filter(f.InstructionFilterForm),
    records=lambda request: Instruction.objects.visible_to(request.user).select_related(
        "branch",
        "given_by",
        "meeting",
        "executor_branch",
        "executor_person",
        "executor_state_body",
    ),
    filter=lambda instructions, data, request: filter_instructions(
        instructions, data, today=timezone.localdate(), user=request.user
    ),
    columns=INSTRUCTION_COLUMNS,
    export_url="control:instruction-export",
    create_url="control:instruction-new",
    create_capability=Capability.MANAGE_WORK,
)
post_list, post_export = POSTS.views
issue_list, issue_export = ISSUES.views
meeting_list, meeting_export = MEETINGS.views
instruction_list, instruction_export = INSTRUCTIONS.views


def _create_page(request: AuthedRequest, step: Step) -> HttpResponse:
    """A page that makes a record: its form, then the record's page."""
    form = step.form(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            obj = step.perform(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, str(step.done))
            return redirect(obj)
    return render(
        request,
        "control/form.html",
        {"form": form, "title": step.label},
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------- control posts


def get_post_for_user(user: User, pk: int) -> ControlPost:
    return get_object_or_404(
        ControlPost.objects.visible_to(user).select_related("branch", "territory", "head"), pk=pk
    )


def new_post(user: User) -> Step:
    """Opening a control post (its page and the API's create)."""
    return Step(
        gettext_lazy("Open a control post"),
        lambda data=None, files=None: f.PostForm(
            data,
            files,
            branches=_managed_branches(user),
            people=_office_holders(user),
            initial={"opened_on": timezone.localdate()},
        ),
        lambda d: actions.open_post(actor=user, **d),
        gettext_lazy("The control post is opened."),
    )


@login_required
def post_new(request: AuthedRequest) -> HttpResponse:
    require(request.user, Capability.MANAGE_WORK)
    return _create_page(request, new_post(request.user))


def _post_steps(request: AuthedRequest, post: ControlPost) -> dict[str, Step]:
    user, steps = request.user, dict[str, Step]()
    manages = _manages(user, post.branch)
    on_post = post.is_on_post(user)
    active = post.status == ControlPost.Status.ACTIVE
    if active and (manages or on_post):
        people = Person.objects.filter(pk=post.head_id) | post.members.all()
        steps["visit"] = Step(
            gettext_lazy("Record an inspection visit"),
            lambda data=None, files=None: f.VisitForm(
                data, files, people=people.distinct(), initial={"visited_on": timezone.localdate()}
            ),
            lambda d: actions.record_visit(actor=user, post=post, **d),
            _("The visit is recorded."),
            multipart=True,
        )
    if active and manages:
        steps["close"] = Step(
            gettext_lazy("Close the post"),
            lambda data=None, files=None: f.ClosePostForm(
                data, files, initial={"closed_on": timezone.localdate()}
            ),
            lambda d: actions.close_post(actor=user, post=post, **d),
            _("The control post is closed."),
        )
    if manages or on_post:  # the post's own deputies raise what they found
        for visit in post.visits.all():
            if visit.appeal_id is None:
                steps[f"appeal-{visit.pk}"] = _raise_appeal_step(user, visit)
            steps[f"issue-{visit.pk}"] = _raise_issue_step(user, visit)
    return steps


def _raise_appeal_step(user: User, visit: Visit) -> Step:
    def perform(data: dict) -> str:
        appeal = actions.raise_appeal(actor=user, visit=visit, **data)
        return _("Appeal %(number)s is registered.") % {"number": appeal.number}

    return Step(
        gettext_lazy("Raise as an appeal"),
        lambda data=None, files=None: f.RaiseAppealForm(data, files),
        perform,
    )


def _raise_issue_step(user: User, visit: Visit) -> Step:
    def perform(data: dict) -> str:
        actions.raise_issue(actor=user, visit=visit, **data)
        return _("The acute social issue is registered.")

    return Step(
        gettext_lazy("Raise as an acute social issue"),
        lambda data=None, files=None: f.RaiseIssueForm(
            data, files, initial={"title": visit.post.object_name}
        ),
        perform,
    )


def _post_context(request: AuthedRequest, post: ControlPost, steps: list[Shown]) -> dict:
    """The post's own steps on top; each visit's (raise as appeal or issue) beside it."""
    visits = list(
        post.visits.prefetch_related("visitors", "photos", "issues").select_related("appeal")
    )
    for visit in visits:
        visit.steps = [s for s in steps if s.name.endswith(f"-{visit.pk}")]  # type: ignore[attr-defined]
    return {
        "post": post,
        "members": post.members.order_by("surname"),
        "visits": visits,
        "steps": [s for s in steps if s.name in ("visit", "close")],
    }


POST_PAGE = RecordPage(
    template="control/post_detail.html",
    url_name="control:post",
    fetch=get_post_for_user,
    steps=_post_steps,
    context=_post_context,
    capability=Capability.VIEW_WORK,
)
post_detail, post_step = POST_PAGE.views


@login_required
def visit_photo(request: AuthedRequest, pk: int, photo_id: int) -> FileResponse:
    post = get_post_for_user(request.user, pk)
    photo = get_object_or_404(VisitPhoto, pk=photo_id, visit__post=post)
    return FileResponse(photo.file.open("rb"), content_type=photo.content_type)


# ---------------------------------------------------------------- acute social issues


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
            data, files, branches=_managed_branches(user), appeals=_visible_appeals(user)
        ),
        lambda d: actions.register_issue(actor=user, **d),
        gettext_lazy("The acute social issue is registered."),
    )


@login_required
def issue_new(request: AuthedRequest) -> HttpResponse:
    require(request.user, Capability.MANAGE_WORK)
    return _create_page(request, new_issue(request.user))


def _controllers(issue: Issue) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True,
            grants__role__in=roles_with(Capability.VIEW_WORK),
            grants__branch__in=Branch.objects.get_ancestors(issue.branch)
            | Branch.objects.filter(pk=issue.branch_id),
        )
        .distinct()
        .order_by("username")
    )


def _issue_steps(request: AuthedRequest, issue: Issue) -> dict[str, Step]:
    user, steps = request.user, dict[str, Step]()
    if not _manages(user, issue.branch):
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
    steps["status"] = Step(
        gettext_lazy("Change the status"),
        lambda data=None, files=None: f.IssueStatusForm(data, files),
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
        lambda data=None, files=None: f.LinkAppealsForm(
            data, files, appeals=_visible_appeals(user)
        ),
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
    return {
        "issue": issue,
        "today": today,
        "control_overdue": issue.control_deadline
        and not issue.is_closed
        and issue.control_deadline < today,
        "measures": issue.measures.all(),
        # Only the appeals the user may see are listed, even if more are linked.
        "appeals": issue.appeals.filter(pk__in=_visible_appeals(request.user).values("pk"))
        .select_related("category")
        .order_by("registered_on"),
        "visits": issue.visits.select_related("post"),
        "instructions": issue.instructions.order_by("deadline"),
        "agenda": issue.agenda_items.select_related("meeting"),
        "events": issue.events.select_related("actor"),
    }


ISSUE_PAGE = RecordPage(
    template="control/issue_detail.html",
    url_name="control:issue",
    fetch=get_issue_for_user,
    steps=_issue_steps,
    context=_issue_context,
    capability=Capability.VIEW_WORK,
)
issue_detail, issue_step = ISSUE_PAGE.views


# ---------------------------------------------------------------- meetings


def get_meeting_for_user(user: User, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.visible_to(user).select_related("branch"), pk=pk)


def new_meeting(user: User) -> Step:
    return Step(
        gettext_lazy("Record a meeting"),
        lambda data=None, files=None: f.MeetingForm(
            data,
            files,
            branches=_managed_branches(user),
            people=_office_holders(user),
            initial={"held_on": timezone.localdate(), "kind": Meeting.Kind.URGENT},
        ),
        lambda d: actions.hold_meeting(actor=user, **d),
        gettext_lazy("The meeting is recorded."),
    )


@login_required
def meeting_new(request: AuthedRequest) -> HttpResponse:
    require(request.user, Capability.MANAGE_WORK)
    return _create_page(request, new_meeting(request.user))


def _instruction_form_kwargs(user: User, branch: Branch) -> dict:
    return {
        "branches": Branch.objects.filter(pk=branch.pk),
        "people": Person.objects.office_holders([branch.path]),
        "issues": Issue.objects.visible_to(user).unresolved(),
        "executor_branches": Branch.objects.filter(subtree_q([branch.path])).order_by("path"),
    }


def _meeting_steps(request: AuthedRequest, meeting: Meeting) -> dict[str, Step]:
    user, steps = request.user, dict[str, Step]()
    if not _manages(user, meeting.branch):
        return steps
    issues = Issue.objects.visible_to(user).unresolved()

    def add_item(d: dict) -> str:
        actions.add_agenda_item(actor=user, meeting=meeting, **d)
        return _("The item is added to the agenda.")

    steps["item"] = Step(
        gettext_lazy("Add an agenda item"),
        lambda data=None, files=None: f.AgendaItemForm(
            data, files, issues=issues, appeals=_visible_appeals(user)
        ),
        add_item,
    )
    steps["instruction"] = Step(
        gettext_lazy("Give an instruction"),
        lambda data=None, files=None: f.InstructionForm(
            data,
            files,
            items=meeting.items.all(),
            initial={"branch": meeting.branch.code},
            **_instruction_form_kwargs(user, meeting.branch),
        ),
        lambda d: actions.issue_instruction(actor=user, meeting=meeting, **d),
        _("The instruction is given."),
    )
    steps["minutes"] = Step(
        gettext_lazy("Record the minutes"),
        lambda data=None, files=None: f.MinutesForm(
            data, files, initial={"minutes": meeting.minutes}
        ),
        lambda d: actions.record_minutes(actor=user, meeting=meeting, **d),
        _("The minutes are saved."),
    )
    return steps


def _meeting_context(request: AuthedRequest, meeting: Meeting, steps: list[Shown]) -> dict:
    return {
        "meeting": meeting,
        "participants": meeting.participants.order_by("surname"),
        "items": meeting.items.select_related("issue", "appeal"),
        "instructions": meeting.instructions.select_related(
            "executor_branch", "executor_person", "executor_state_body"
        ),
        "today": timezone.localdate(),
    }


MEETING_PAGE = RecordPage(
    template="control/meeting_detail.html",
    url_name="control:meeting",
    fetch=get_meeting_for_user,
    steps=_meeting_steps,
    context=_meeting_context,
    capability=Capability.VIEW_WORK,
)
meeting_detail, meeting_step = MEETING_PAGE.views


# ---------------------------------------------------------------- instructions


def get_instruction_for_user(user: User, pk: int) -> Instruction:
    return get_object_or_404(
        Instruction.objects.visible_to(user).select_related(
            "branch",
            "given_by",
            "meeting",
            "issue",
            "issued_by",
            "executor_branch",
            "executor_person",
            "executor_state_body",
        ),
        pk=pk,
    )


def new_instruction(user: User) -> Step:
    return Step(
        gettext_lazy("Give an instruction"),
        lambda data=None, files=None: f.InstructionForm(
            data,
            files,
            branches=_managed_branches(user),
            people=_office_holders(user),
            issues=Issue.objects.visible_to(user).unresolved(),
            executor_branches=_managed_branches(user),
        ),
        lambda d: actions.issue_instruction(actor=user, **d),
        gettext_lazy("The instruction is given."),
    )


@login_required
def instruction_new(request: AuthedRequest) -> HttpResponse:
    require(request.user, Capability.MANAGE_WORK)
    return _create_page(request, new_instruction(request.user))


def _instruction_steps(request: AuthedRequest, instruction: Instruction) -> dict[str, Step]:
    user, steps = request.user, dict[str, Step]()
    status = instruction.status
    if instruction.is_executor(user):
        if status in (Instruction.Status.ISSUED, Instruction.Status.RETURNED):
            steps["start"] = Step(
                gettext_lazy("Take into work"),
                lambda data=None, files=None: Form(data, files),
                lambda d: actions.start_instruction(actor=user, instruction=instruction),
                _("The instruction is in work."),
            )
        if status in (
            Instruction.Status.ISSUED,
            Instruction.Status.IN_WORK,
            Instruction.Status.RETURNED,
        ):
            steps["report"] = Step(
                gettext_lazy("Report the execution"),
                lambda data=None, files=None: f.ReportForm(data, files),
                lambda d: actions.report_execution(
                    actor=user, instruction=instruction, text=d["text"], upload=d["file"]
                ),
                _("The report is sent to the issuer."),
                multipart=True,
            )
    pending = instruction.reports.filter(decision="").last()
    if status == Instruction.Status.REPORTED and pending and instruction.is_issuer(user):

        def decide(d: dict) -> str:
            accept = d["decision"] == "accept"
            actions.decide_report(actor=user, report=pending, accept=accept, comment=d["comment"])
            return _("The report is accepted.") if accept else _("The report is returned.")

        steps["decide"] = Step(
            gettext_lazy("Decide on the report"),
            lambda data=None, files=None: f.DecideReportForm(data, files),
            decide,
        )
    return steps


def _instruction_context(
    request: AuthedRequest, instruction: Instruction, steps: list[Shown]
) -> dict:
    return {
        "instruction": instruction,
        "overdue": instruction.is_overdue(),
        "reports": instruction.reports.select_related("submitted_by", "decided_by"),
    }


# Open to every signed-in user: the scope (issuing branch, executor) decides.
INSTRUCTION_PAGE = RecordPage(
    template="control/instruction_detail.html",
    url_name="control:instruction",
    fetch=get_instruction_for_user,
    steps=_instruction_steps,
    context=_instruction_context,
)
instruction_detail, instruction_step = INSTRUCTION_PAGE.views


@login_required
def report_file(request: AuthedRequest, pk: int, report_id: int) -> FileResponse:
    instruction = get_instruction_for_user(request.user, pk)
    report = get_object_or_404(Report, pk=report_id, instruction=instruction)
    if not report.file:
        raise Http404
    return FileResponse(
        report.file.open("rb"),
        content_type=report.file_type,
        as_attachment=True,
        filename=report.file_name,
    )
