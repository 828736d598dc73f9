"""The register of acute social issues: each with its plan of measures, party control and
the timeline of every step taken on it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from esep.control.issues.lifecycle import LIFECYCLE, UNRESOLVED, Status
from esep.control.posts.models import Visit
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


def overdue_q(today: dt.date) -> Q:
    """The condition for an issue overdue today: unresolved, and its control deadline past
    or a measure of its plan late — what the lists, the branch page and the figures mean."""
    late = Measure.objects.filter(issue=OuterRef("pk"), done_on__isnull=True, deadline__lt=today)
    return Q(status__in=UNRESOLVED) & (Q(control_deadline__lt=today) | Q(Exists(late)))


class IssueQuerySet(models.QuerySet["Issue"]):
    def visible_to(self, user: User) -> IssueQuerySet:
        return self.filter(user.scope_q(Capability.VIEW_WORK, joined=True))

    def unresolved(self) -> IssueQuerySet:
        return self.filter(status__in=UNRESOLVED)

    def under_control(self) -> IssueQuerySet:
        return self.filter(control_deadline__isnull=False)

    def control_overdue(self, today: dt.date) -> IssueQuerySet:
        return self.unresolved().filter(control_deadline__lt=today)

    def plan_overdue(self, today: dt.date) -> IssueQuerySet:
        late = Measure.objects.filter(done_on__isnull=True, deadline__lt=today)
        return self.unresolved().filter(pk__in=late.values("issue_id"))

    def overdue(self, today: dt.date) -> IssueQuerySet:
        return self.filter(overdue_q(today))


class Issue(models.Model):
    """An acute social issue: a problem many people share, taken under party control and
    followed with the responsible state body through a plan of measures."""

    class Source(models.TextChoices):
        PUBLIC_COUNCIL = "public_council", _("public council")
        CIVIC_COMMITTEE = "civic_committee", _("civic committee")
        APPEALS = "appeals", _("cluster of appeals")
        CONTROL_POST = "control_post", _("control-post finding")
        MEDIA = "media", _("media")
        MEETING = "meeting", _("meeting")

    Status = Status  # its transitions are in lifecycle.py

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"))
    category = models.ForeignKey(
        "appeals.Category", verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    branch = models.ForeignKey(
        "org.Branch", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="issues"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    appeals = models.ManyToManyField(
        "appeals.Appeal", verbose_name=_("appeals"), blank=True, related_name="issues"
    )
    visits = models.ManyToManyField(
        Visit, verbose_name=_("control-post findings"), blank=True, related_name="issues"
    )
    state_body = models.ForeignKey(
        "appeals.StateBody",
        verbose_name=_("responsible state body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    status_reason = models.TextField(_("why it was not resolved"), blank=True)
    controller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("controller"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    control_deadline = models.DateField(_("control deadline"), null=True, blank=True)
    taken_under_control_on = models.DateField(_("taken under party control"), null=True, blank=True)
    resolved_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("acute social issue")
        verbose_name_plural = _("acute social issues")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["branch", "status"], name="issue_branch_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="not_resolved") | ~Q(status_reason=""),
                name="issue_not_resolved_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(control_deadline__isnull=True)
                | Q(controller__isnull=False, taken_under_control_on__isnull=False),
                name="issue_control_has_controller",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("control:issue", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status not in UNRESOLVED

    def next_statuses(self) -> list[str]:
        """The statuses the issue may be moved to now."""
        return LIFECYCLE.targets_from(self.status, Status.values)


class Measure(models.Model):
    """One step of an issue's plan of measures, with its deadline."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="measures")
    text = models.TextField(_("measure"))
    responsible = models.CharField(_("who carries it out"), max_length=255)
    deadline = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("plan of measures")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


ISSUE_EVENT_LABELS = {
    "registered": _("registered"),
    "linked": _("appeals or findings linked"),
    "state_body": _("responsible state body set"),
    "measure_added": _("measure added to the plan"),
    "measure_done": _("measure done"),
    "status": _("status changed"),
    "taken_under_control": _("taken under party control"),
    "control_released": _("released from control"),
    "meeting": _("discussed at a meeting"),
}


class IssueEvent(models.Model):
    """One step on an acute issue's timeline: who, when, what, why."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=30)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def label(self) -> str:
        return str(ISSUE_EVENT_LABELS.get(self.action, self.action))
