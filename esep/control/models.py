"""Party control beyond single appeals: control posts at social and engineering
infrastructure with their inspection visits, the register of acute social issues, and the
branch's meetings with the instructions they give."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.org.models import subtree_q

if TYPE_CHECKING:
    from esep.access.models import User


def _work_scope(user: User, field: str = "branch__path") -> Q:
    from esep.org.roles import Capability

    return subtree_q(user.scope_paths(Capability.VIEW_WORK), field)


# ---------------------------------------------------------------- control posts


class ControlPostQuerySet(models.QuerySet["ControlPost"]):
    def visible_to(self, user: User) -> ControlPostQuerySet:
        """The branch subtree's posts, and the posts the user heads or sits on, wherever."""
        scope = _work_scope(user)
        if user.person_id is not None:
            own = ControlPost.objects.filter(
                Q(head_id=user.person_id) | Q(members=user.person_id)
            ).values("pk")
            scope |= Q(pk__in=own)
        return self.filter(scope)


class ControlPost(models.Model):
    """A party control post at an object: a school under construction, a hospital, a road."""

    class ObjectKind(models.TextChoices):
        SCHOOL = "school", _("school")
        HOSPITAL = "hospital", _("hospital")
        CLINIC = "clinic", _("clinic")
        KINDERGARTEN = "kindergarten", _("kindergarten")
        ROAD = "road", _("road")
        UTILITY_NETWORK = "utility_network", _("utility network")
        HOUSING = "housing", _("housing")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")

    object_kind = models.CharField(_("object"), max_length=20, choices=ObjectKind.choices)
    object_name = models.CharField(_("name of the object"), max_length=255)
    address = models.CharField(_("address"), max_length=255)
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    branch = models.ForeignKey(
        "org.Branch",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="control_posts",
    )
    head = models.ForeignKey(
        "org.Person",
        verbose_name=_("heading deputy"),
        on_delete=models.PROTECT,
        related_name="control_posts_headed",
    )
    members = models.ManyToManyField(
        "org.Person", verbose_name=_("members"), blank=True, related_name="control_posts"
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ControlPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("party control post")
        verbose_name_plural = _("party control posts")
        ordering = ["-opened_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active", closed_on__isnull=True)
                | Q(status="closed", closed_on__isnull=False),
                name="control_post_closed_with_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.object_name} ({self.get_object_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse("control:post", args=[self.pk])

    def is_on_post(self, user: User) -> bool:
        """The heading deputy and the members record visits of their own post."""
        if user.person_id is None:
            return False
        return self.head_id == user.person_id or self.members.filter(pk=user.person_id).exists()


class Visit(models.Model):
    """An inspection visit of a control post and what it found."""

    class Situation(models.IntegerChoices):
        CRITICAL = 1, _("critical")
        POOR = 2, _("poor")
        FAIR = 3, _("fair")
        GOOD = 4, _("good")
        EXCELLENT = 5, _("excellent")

    post = models.ForeignKey(ControlPost, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    visitors = models.ManyToManyField(
        "org.Person", verbose_name=_("who visited"), related_name="control_visits"
    )
    findings = models.TextField(_("what was found"))
    situation = models.PositiveSmallIntegerField(
        _("rating of the situation"),
        choices=Situation.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    # A finding raised as an appeal (channel: control post), keeping the link.
    appeal = models.OneToOneField(
        "appeals.Appeal",
        verbose_name=_("appeal raised"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="control_visit",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection visit")
        verbose_name_plural = _("inspection visits")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.post.object_name}, {self.visited_on:%d.%m.%Y}"


def photo_path(instance: VisitPhoto, filename: str) -> str:
    return f"visits/{timezone.now():%Y/%m}/{secrets.token_hex(16)}"


class VisitPhoto(models.Model):
    """A photo of a visit; served only through esep to those who may see the post."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("file"), upload_to=photo_path)
    name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------- acute social issues


class IssueQuerySet(models.QuerySet["Issue"]):
    def visible_to(self, user: User) -> IssueQuerySet:
        return self.filter(_work_scope(user))

    def unresolved(self) -> IssueQuerySet:
        return self.filter(status__in=[Issue.Status.OPEN, Issue.Status.IN_WORK])

    def under_control(self) -> IssueQuerySet:
        return self.filter(control_deadline__isnull=False)

    def control_overdue(self, today: dt.date) -> IssueQuerySet:
        return self.unresolved().filter(control_deadline__lt=today)

    def plan_overdue(self, today: dt.date) -> IssueQuerySet:
        late = Measure.objects.filter(done_on__isnull=True, deadline__lt=today)
        return self.unresolved().filter(pk__in=late.values("issue_id"))

    def overdue(self, today: dt.date) -> IssueQuerySet:
        return self.control_overdue(today) | self.plan_overdue(today)


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

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_WORK = "in_work", _("in work")
        RESOLVED = "resolved", _("resolved")
        NOT_RESOLVED = "not_resolved", _("not resolved")

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
        return self.status in (self.Status.RESOLVED, self.Status.NOT_RESOLVED)


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


# ---------------------------------------------------------------- meetings and instructions


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: User) -> MeetingQuerySet:
        return self.filter(_work_scope(user))


class Meeting(models.Model):
    class Kind(models.TextChoices):
        URGENT = "urgent", _("urgent weekly meeting")
        POLITICAL_COUNCIL = "political_council", _("political council")
        CIVIC_COMMITTEE = "civic_committee", _("civic committee")
        PUBLIC_COUNCIL = "public_council", _("public council")

    branch = models.ForeignKey(
        "org.Branch", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    participants = models.ManyToManyField(
        "org.Person", verbose_name=_("participants"), blank=True, related_name="meetings"
    )
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.held_on:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("control:meeting", args=[self.pk])


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("item"))
    title = models.CharField(_("question"), max_length=255)
    issue = models.ForeignKey(
        Issue,
        verbose_name=_("acute social issue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    appeal = models.ForeignKey(
        "appeals.Appeal",
        verbose_name=_("appeal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class InstructionQuerySet(models.QuerySet["Instruction"]):
    def visible_to(self, user: User) -> InstructionQuerySet:
        """The issuing branch's people, and the executor: a branch in the user's scope,
        or the user's own person (a deputy, an official, a state-body contact)."""
        mine = Q(executor_person_id=user.person_id) if user.person_id else Q(pk__in=[])
        return self.filter(_work_scope(user) | _work_scope(user, "executor_branch__path") | mine)

    def open(self) -> InstructionQuerySet:
        return self.exclude(status=Instruction.Status.ACCEPTED)

    def overdue(self, today: dt.date) -> InstructionQuerySet:
        return self.open().filter(deadline__lt=today)


class Instruction(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", _("issued")
        IN_WORK = "in_work", _("in work")
        REPORTED = "reported", _("reported")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned for rework")

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
        from esep.org.roles import Capability

        if user.person_id is not None and self.executor_person_id == user.person_id:
            return True
        return self.executor_branch is not None and user.can(
            Capability.MANAGE_WORK, self.executor_branch.path
        )

    def is_issuer(self, user: User) -> bool:
        from esep.org.roles import Capability

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
