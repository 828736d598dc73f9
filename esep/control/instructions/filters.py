"""The list of instructions' filters, for its page, its export and the REST API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.control.instructions.models import Instruction, InstructionQuerySet
from esep.org.filters import BranchScopedFilterSet, branch_filter
from esep.org.models import Branch, subtree_q
from esep.org.roles import Capability


class InstructionFilterSet(BranchScopedFilterSet):
    field_order = ["status", "mine", "branch"]
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[*Instruction.Status.choices, ("overdue", _("overdue"))],
        empty_label=_("Any"),
        method="in_status",
    )
    mine = django_filters.BooleanFilter(
        label=_("Only those I execute"), widget=forms.CheckboxInput, method="executed_by_me"
    )
    branch = branch_filter(method="given_or_executed_in")

    def in_status(
        self, instructions: InstructionQuerySet, name: str, status: str
    ) -> InstructionQuerySet:
        if status == "overdue":
            return instructions.overdue(timezone.localdate())
        return instructions.filter(status=status)

    def executed_by_me(
        self, instructions: InstructionQuerySet, name: str, checked: bool
    ) -> InstructionQuerySet:
        if not checked:
            return instructions
        user = self.request.user
        mine = subtree_q(user.scope_paths(Capability.MANAGE_WORK), "executor_branch__path")
        if user.person_id:
            mine |= Q(executor_person_id=user.person_id)
        return instructions.filter(mine)

    def given_or_executed_in(
        self, instructions: InstructionQuerySet, name: str, branch: Branch
    ) -> InstructionQuerySet:
        """Given by the branch's subtree or to it."""
        return instructions.filter(
            Q(branch__path__startswith=branch.path)
            | Q(executor_branch__path__startswith=branch.path)
        )

    def arrange(self, instructions: QuerySet[Instruction]) -> QuerySet[Instruction]:
        return instructions.order_by("deadline", "pk")
