"""Instructions with their executor and deadline, given at a meeting or on their own, and
the execution reports the issuer accepts or returns."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.control.common import work_scope
from esep.control.instructions.lifecycle import LIFECYCLE, Status
from esep.control.issues.models import Issue
from esep.control.meetings.models import AgendaItem, Meeting
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


class InstructionQuerySet(models.QuerySet["Instruction"]):
    def visible_to(self, user: User) -> InstructionQuerySet:
        """The issuing branch's people, and the executor: a branch in the user's scope,
        or the user's own person (a deputy, an official, a state-body contact)."""
        mine = Q(executor_person_id=user.person_id) if user.person_id else Q(pk__in=[])
        return self.filter(work_scope(user) | work_scope(user, "executor_branch__path") | mine)

    def open(self) -> InstructionQuerySet:
        return self.exclude(status=Instruction.Status.ACCEPTED)

    def overdue(self, today: dt.date) -> InstructionQuerySet:
        return self.open().filter(deadline__lt=today)


class Instruction(models.Model):
    Status = Status  # its transitions are in lifecycle.py

    text = models.TextField(_("instruction"))
    branch = models.ForeignKey(
        "org.Branch",
        verbose_name=_("issuing branch"),
        on_delete=models.PROTECT,
        related_name="instructions",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instructions",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="instructions",
    )
    issue = models.ForeignKey(
        Issue,
        verbose_name=_("acute social issue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="instructions",
    )
    # Who recorded it; they (or a head of the branch) accept or return the reports.
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="instructions_issued",
    )
    # Who gave it, when that is someone else: the akim chairing the meeting, a deputy.
    given_by = models.ForeignKey(
        "org.Person",
        verbose_name=_("given by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instructions_given",
    )
    executor_branch = models.ForeignKey(
        "org.Branch",
        verbose_name=_("executing branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instructions_to_execute",
    )
    executor_person = models.ForeignKey(
        "org.Person",
        verbose_name=_("executor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instructions",
    )
    executor_state_body = models.ForeignKey(
        "appeals.StateBody",
        verbose_name=_("state body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instructions",
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ISSUED
    )
    issued_on = models.DateField(_("issued on"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)

    objects = InstructionQuerySet.as_manager()

    class Meta:
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="instruction_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(executor_branch__isnull=False)
                | Q(executor_person__isnull=False)
                | Q(executor_state_body__isnull=False),
                name="instruction_has_executor",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("control:instruction", args=[self.pk])

    def allows(self, transition: str) -> bool:
        """Whether the lifecycle lets the instruction take `transition` now."""
        return LIFECYCLE.target_of(transition, self.status) is not None

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.status != self.Status.ACCEPTED and self.deadline < (
            today or timezone.localdate()
        )

    @property
    def executor(self) -> str:
        parts = [
            str(x)
            for x in (self.executor_branch, self.executor_state_body, self.executor_person)
            if x is not None
        ]
        return " · ".join(parts)

    def is_executor(self, user: User) -> bool:
        if user.person_id is not None and self.executor_person_id == user.person_id:
            return True
        return self.executor_branch is not None and user.can(
            Capability.MANAGE_WORK, self.executor_branch.path
        )

    def is_issuer(self, user: User) -> bool:
        return self.issued_by_id == user.pk or user.can(Capability.DECIDE_APPEALS, self.branch.path)


def report_path(instance: Report, filename: str) -> str:
    return f"reports/{timezone.now():%Y/%m}/{secrets.token_hex(16)}"


class Report(models.Model):
    """An execution report on an instruction, accepted or returned by the issuer."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned for rework")

    instruction = models.ForeignKey(Instruction, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField(_("what was done"))
    file = models.FileField(_("file"), upload_to=report_path, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("reported"), auto_now_add=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("execution report")
        verbose_name_plural = _("execution reports")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
