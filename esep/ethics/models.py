"""Members' ethics cases under the party's ethics code: the complaint, the member's answer, the
body's decision, sanctions with their terms, reviews by the parent branch's body.

The periods the ethics code sets are constants here, so the rules, the pages and the tests
read the same numbers:

- the member has ANSWER_WORKING_DAYS working days (the official calendar, esep.lib.workdays)
  from the day they were notified to answer;
- a warning or a reprimand (plain or severe) stays on the member's record for
  DEFAULT_TERM_YEARS year unless the decision gives its own end; a suspension's term is
  always given; an exclusion has none;
- a sanction may be appealed to the parent branch's body within REVIEW_DAYS calendar days
  of the decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from esep.ethics.lifecycle import LIFECYCLE, State
from esep.org.models import subtree_q
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User

ANSWER_WORKING_DAYS = 10
DEFAULT_TERM_YEARS = 1
REVIEW_DAYS = 30


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, user: User) -> CaseQuerySet:
        """The cases of the branch subtrees where the user's role reads ethics cases, and
        the member's own cases (their esep login's person is the member)."""
        own = Q(member__person__user=user) if user.is_authenticated and user.person_id else Q()
        scoped = subtree_q(user.scope_paths(Capability.VIEW_ETHICS), "branch__path")
        return self.filter(scoped | own) if own else self.filter(scoped)

    def sanctioned(self) -> CaseQuerySet:
        """Cases whose decision is a sanction that stands: not annulled on review."""
        return self.filter(sanction__isnull=False).exclude(sanction__state=Sanction.State.ANNULLED)


class Case(models.Model):
    """A complaint that a member broke the party's ethics code, examined by the body of the
    branch handling it (the member's branch or one above it)."""

    class Source(models.TextChoices):
        APPEAL = "appeal", _("citizen's appeal")
        CONTROL_FINDING = "control_finding", _("control-post finding")
        MEDIA = "media", _("media report")
        BODY = "body", _("raised by a party body")

    class Channel(models.TextChoices):
        LETTER = "letter", _("letter")
        EMAIL = "email", _("e-mail")
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("phone")

    class Decision(models.TextChoices):
        NO_BREACH = "no_breach", _("no breach found")
        SANCTION = "sanction", _("sanction")

    State = State  # its transitions are in lifecycle.py

    number = models.CharField(_("number"), max_length=40, unique=True)
    branch = models.ForeignKey(
        "org.Branch", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "org.Membership",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="ethics_cases",
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    appeal = models.ForeignKey(
        "appeals.Appeal",
        verbose_name=_("appeal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    visit = models.ForeignKey(
        "control.Visit",
        verbose_name=_("control-post visit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    media_note = models.TextField(_("media report"), blank=True)
    raised_by = models.ForeignKey(
        "org.Body",
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    grounds = models.TextField(_("grounds"))
    articles = models.CharField(_("articles of the ethics code"), max_length=100)
    opened_on = models.DateField(_("opened on"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPENED)
    # The notice to the member and their answer.
    notified_on = models.DateField(_("notified on"), null=True, blank=True)
    notice_channel = models.CharField(
        _("notified by"), max_length=10, choices=Channel.choices, blank=True
    )
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    answer = models.TextField(_("member's answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # The body's decision.
    body = models.ForeignKey(
        "org.Body",
        verbose_name=_("deciding body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sitting_on = models.DateField(_("sitting on"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=40, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    reasoning = models.TextField(_("reasoning"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("ethics case")
        verbose_name_plural = _("ethics cases")
        ordering = ["-opened_on", "-pk"]
        indexes = [models.Index(fields=["branch", "state"], name="ethics_case_branch_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(source="appeal", appeal__isnull=False)
                | Q(source="control_finding", visit__isnull=False)
                | (Q(source="media") & ~Q(media_note=""))
                | Q(source="body", raised_by__isnull=False),
                name="ethics_case_source_linked",
            ),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decided_on__isnull=False, body__isnull=False),
                name="ethics_case_decision_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("ethics:case", args=[self.pk])

    def allows(self, transition: str) -> bool:
        return LIFECYCLE.target_of(transition, self.state) is not None


class Sanction(models.Model):
    """The sanction a case's decision imposed, its term and what became of it."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("warning")
        REPRIMAND = "reprimand", _("reprimand")
        SEVERE_REPRIMAND = "severe_reprimand", _("severe reprimand")
        SUSPENSION = "suspension", _("suspension of membership")
        EXCLUSION = "exclusion", _("exclusion from the party")

    class State(models.TextChoices):
        IN_FORCE = "in_force", _("in force")
        EXPIRED = "expired", _("expired")
        ANNULLED = "annulled", _("annulled on review")
        CHANGED = "changed", _("changed on review")

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="sanction"
    )
    kind = models.CharField(_("sanction"), max_length=20, choices=Kind.choices)
    # The kind the body first decided, when a review changed it to a lighter one.
    decided_kind = models.CharField(
        _("sanction decided"), max_length=20, choices=Kind.choices, blank=True
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.IN_FORCE
    )
    ended_on = models.DateField(_("lifted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
                name="ethics_sanction_ends_after_start",
            ),
            # A suspension always has its term; an exclusion never has one.
            models.CheckConstraint(
                condition=~Q(kind="suspension") | Q(ends_on__isnull=False),
                name="ethics_suspension_has_term",
            ),
            models.CheckConstraint(
                condition=~Q(kind="exclusion") | Q(ends_on__isnull=True),
                name="ethics_exclusion_has_no_term",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.case})"

    @property
    def in_force(self) -> bool:
        return self.state in (Sanction.State.IN_FORCE, Sanction.State.CHANGED)


# How heavy each kind is: a review may only change a sanction to a lighter one.
WEIGHT = {kind: i for i, kind in enumerate(Sanction.Kind.values)}


class Review(models.Model):
    """The member's appeal of the sanction to the parent branch's body, and its decision."""

    class Decision(models.TextChoices):
        UPHELD = "upheld", _("sanction upheld")
        ANNULLED = "annulled", _("sanction annulled")
        CHANGED = "changed", _("changed to a lighter sanction")

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="review"
    )
    filed_on = models.DateField(_("filed on"))
    grounds = models.TextField(_("grounds of the appeal"))
    body = models.ForeignKey(
        "org.Body", verbose_name=_("reviewing body"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    new_kind = models.CharField(
        _("lighter sanction"), max_length=20, choices=Sanction.Kind.choices, blank=True
    )
    number = models.CharField(_("decision number"), max_length=40, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    reasoning = models.TextField(_("reasoning"), blank=True)

    class Meta:
        verbose_name = _("review of a sanction")
        verbose_name_plural = _("reviews of sanctions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="changed") | ~Q(new_kind=""),
                name="ethics_review_change_names_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} — {self.get_decision_display() or self.filed_on}"


EVENT_LABELS = {
    "ethics.case_opened": _("case opened"),
    "ethics.member_notified": _("member notified"),
    "ethics.answered": _("member answered"),
    "ethics.answer_lapsed": _("no answer by the deadline"),
    "ethics.decided": _("decision taken"),
    "ethics.review_filed": _("appeal of the sanction filed"),
    "ethics.reviewed": _("appeal decided"),
    "ethics.sanction_expired": _("sanction expired"),
}
