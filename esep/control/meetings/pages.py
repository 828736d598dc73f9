"""What the pages of meetings show and allow, declared once for the HTML views and the REST
API: the list, recording a meeting, and a meeting's page where the branch's staff add agenda
items, give instructions and record the minutes."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.control.common import (
    managed_branches,
    manages,
    office_holders,
    visible_appeals,
)
from esep.control.instructions.actions import issue_instruction
from esep.control.instructions.forms import InstructionForm
from esep.control.issues.models import Issue
from esep.control.meetings import actions
from esep.control.meetings import forms as f
from esep.control.meetings.filters import MeetingFilterSet
from esep.control.meetings.models import Meeting
from esep.control.meetings.queries import MEETING_COLUMNS
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing
from esep.lib.steps import CreatePage, RecordPage, Shown, Step
from esep.org.models import Branch, Person, subtree_q
from esep.org.roles import Capability


def get_meeting_for_user(user: User, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.visible_to(user).select_related("branch"), pk=pk)


def new_meeting(user: User) -> Step:
    return Step(
        gettext_lazy("Record a meeting"),
        lambda data=None, files=None: f.MeetingForm(
            data,
            files,
            branches=managed_branches(user),
            people=office_holders(user),
            initial={"held_on": timezone.localdate(), "kind": Meeting.Kind.URGENT},
        ),
        lambda d: actions.hold_meeting(actor=user, **d),
        gettext_lazy("The meeting is recorded."),
    )


NEW_MEETING = CreatePage(
    new_meeting,
    "frame/form.html",
    Capability.MANAGE_WORK,
    url_name="control:meeting-new",
)


MEETINGS = Listing(
    title=gettext_lazy("Meetings"),
    stem="meetings",
    rows_template="control/_meeting_rows.html",
    records=lambda request: Meeting.objects.visible_to(request.user).select_related("branch"),
    filterset=MeetingFilterSet,
    columns=MEETING_COLUMNS,
    export_url="control:meeting-export",
    capability=Capability.VIEW_WORK,
    create=NEW_MEETING,
)


def _instruction_form_kwargs(user: User, branch: Branch) -> dict:
    """An instruction given at a meeting is issued by the meeting's branch, to an executing
    branch within its subtree."""
    return {
        "branches": Branch.objects.filter(pk=branch.pk),
        "people": Person.objects.office_holders([branch.path]),
        "issues": Issue.objects.visible_to(user).unresolved(),
        "executor_branches": Branch.objects.filter(subtree_q([branch.path])).order_by("path"),
    }


def meeting_steps(request: AuthedRequest, meeting: Meeting) -> dict[str, Step]:
    user, steps = request.user, dict[str, Step]()
    if not manages(user, meeting.branch):
        return steps
    issues = Issue.objects.visible_to(user).unresolved()

    def add_item(d: dict) -> str:
        actions.add_agenda_item(actor=user, meeting=meeting, **d)
        return _("The item is added to the agenda.")

    steps["item"] = Step(
        gettext_lazy("Add an agenda item"),
        lambda data=None, files=None: f.AgendaItemForm(
            data, files, issues=issues, appeals=visible_appeals(user)
        ),
        add_item,
    )
    steps["instruction"] = Step(
        gettext_lazy("Give an instruction"),
        lambda data=None, files=None: InstructionForm(
            data,
            files,
            items=meeting.items.all(),
            initial={"branch": meeting.branch.code},
            **_instruction_form_kwargs(user, meeting.branch),
        ),
        lambda d: issue_instruction(actor=user, meeting=meeting, **d),
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
    steps=meeting_steps,
    context=_meeting_context,
    capability=Capability.VIEW_WORK,
)
