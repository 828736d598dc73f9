"""What a branch's page shows of its party work: its receptions, control posts, acute
issues and instructions, counted over the branch with its sub-branches. The page is org's;
this section is added to it when the app is ready (`ControlConfig.ready`)."""

from __future__ import annotations

from django.utils import timezone

from esep.control.models import ControlPost, Instruction, Issue
from esep.lib.http import AuthedRequest
from esep.org.models import Branch
from esep.org.roles import Capability
from esep.receptions.models import Reception, Status


def branch_work(branch: Branch) -> dict:
    today = timezone.localdate()
    receptions = Reception.objects.filter(branch__path__startswith=branch.path).select_related(
        "territory"
    )
    issues = Issue.objects.filter(branch__path__startswith=branch.path)
    instructions = Instruction.objects.filter(executor_branch__path__startswith=branch.path)
    return {
        "upcoming": list(receptions.filter(status=Status.PLANNED, ends_at__gte=timezone.now())[:5]),
        "recent": list(receptions.filter(status=Status.HELD).order_by("-starts_at", "-pk")[:5]),
        "held": receptions.filter(status=Status.HELD).count(),
        "posts": ControlPost.objects.filter(
            branch__path__startswith=branch.path, status=ControlPost.Status.ACTIVE
        ).count(),
        "issues": issues.unresolved().count(),
        "issues_overdue": issues.overdue(today).count(),
        "instructions": instructions.open().count(),
        "instructions_overdue": instructions.overdue(today).count(),
    }


def branch_section(request: AuthedRequest, branch: Branch) -> dict | None:
    """The branch page's party work, for those who may see the party work of the branch."""
    if not request.user.can(Capability.VIEW_WORK, branch.path):
        return None
    return branch_work(branch)
