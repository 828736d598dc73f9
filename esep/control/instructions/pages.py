"""What the pages of instructions show and allow, declared once for the HTML views and the
REST API: the list, giving an instruction, and an instruction's page, where the executor
takes it into work and reports, and the issuer accepts or returns the report."""

from __future__ import annotations

from django.forms import Form
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.control.common import managed_branches, office_holders
from esep.control.instructions import actions
from esep.control.instructions import forms as f
from esep.control.instructions.filters import InstructionFilterSet
from esep.control.instructions.lifecycle import Transition
from esep.control.instructions.models import Instruction
from esep.control.instructions.queries import INSTRUCTION_COLUMNS
from esep.control.issues.models import Issue
from esep.control.meetings.models import Meeting
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing
from esep.lib.steps import CreatePage, RecordPage, Shown, Step
from esep.org.roles import Capability

# Open to everyone signed in: staff see their scope's instructions, an executor (a deputy,
# a state-body contact) the instructions given to them.


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
            branches=managed_branches(user),
            people=office_holders(user),
            issues=Issue.objects.visible_to(user).unresolved(),
            executor_branches=managed_branches(user),
        ),
        lambda d: actions.issue_instruction(actor=user, **d),
        gettext_lazy("The instruction is given."),
    )


NEW_INSTRUCTION = CreatePage(
    new_instruction,
    "frame/form.html",
    Capability.MANAGE_WORK,
    url_name="control:instruction-new",
)


INSTRUCTIONS = Listing(
    title=gettext_lazy("Instructions"),
    stem="instructions",
    rows_template="control/_instruction_rows.html",
    records=lambda request: Instruction.objects.visible_to(request.user).select_related(
        "branch",
        "given_by",
        "meeting",
        "executor_branch",
        "executor_person",
        "executor_state_body",
    ),
    filterset=InstructionFilterSet,
    columns=INSTRUCTION_COLUMNS,
    export_url="control:instruction-export",
    create=NEW_INSTRUCTION,
)


def instruction_steps(request: AuthedRequest, instruction: Instruction) -> dict[str, Step]:
    user, steps = request.user, dict[str, Step]()
    if instruction.is_executor(user):
        if instruction.allows(Transition.START):
            steps["start"] = Step(
                gettext_lazy("Take into work"),
                lambda data=None, files=None: Form(data, files),
                lambda d: actions.start_instruction(actor=user, instruction=instruction),
                _("The instruction is in work."),
            )
        if instruction.allows(Transition.REPORT):
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
    deciding = instruction.allows(Transition.ACCEPT) or instruction.allows(Transition.RETURN)
    if deciding and pending and instruction.is_issuer(user):

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
    meeting = instruction.meeting_id
    return {
        "instruction": instruction,
        # An executor sees the instruction, not always the meeting that gave it: its name
        # then, without a link to a page that is not theirs to open.
        "meeting_open": meeting is not None
        and Meeting.objects.visible_to(request.user).filter(pk=meeting).exists(),
        "overdue": instruction.is_overdue(),
        "reports": instruction.reports.select_related("submitted_by", "decided_by"),
    }


# Open to every signed-in user: the scope (issuing branch, executor) decides.
INSTRUCTION_PAGE = RecordPage(
    template="control/instruction_detail.html",
    url_name="control:instruction",
    fetch=get_instruction_for_user,
    steps=instruction_steps,
    context=_instruction_context,
)
