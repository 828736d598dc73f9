"""The list of instructions: its filters and columns (one definition for the page and its
export)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from esep.control.instructions.models import InstructionQuerySet
from esep.lib.tables import Column
from esep.org.models import subtree_q
from esep.org.roles import Capability


def filter_instructions(
    instructions: InstructionQuerySet, filters: dict[str, Any], *, today: dt.date, user
) -> InstructionQuerySet:
    status = filters.get("status")
    if status == "overdue":
        instructions = instructions.overdue(today)
    elif status:
        instructions = instructions.filter(status=status)
    if filters.get("mine"):
        mine = subtree_q(user.scope_paths(Capability.MANAGE_WORK), "executor_branch__path")
        if user.person_id:
            mine |= Q(executor_person_id=user.person_id)
        instructions = instructions.filter(mine)
    if branch := filters.get("branch"):
        instructions = instructions.filter(
            Q(branch__path__startswith=branch.path)
            | Q(executor_branch__path__startswith=branch.path)
        )
    return instructions.order_by("deadline", "pk")


INSTRUCTION_COLUMNS = [
    Column(_("Instruction"), lambda i: i.text),
    Column(_("Issuing branch"), lambda i: i.branch.name),
    Column(_("Meeting"), lambda i: i.meeting),
    Column(_("Given by"), lambda i: i.given_by and i.given_by.full_name),
    Column(_("Executor"), lambda i: i.executor),
    Column(_("Issued on"), lambda i: i.issued_on),
    Column(_("Deadline"), lambda i: i.deadline),
    Column(_("Status"), lambda i: i.get_status_display()),
    Column(_("Overdue"), lambda i: _("yes") if i.is_overdue() else ""),
    Column(_("Accepted on"), lambda i: i.accepted_on),
]
