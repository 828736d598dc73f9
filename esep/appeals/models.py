"""Appeals: what citizens bring, tracked from registration to an outcome within the
legal deadline."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager

from esep.appeals.lifecycle import OPEN, Status, Transition
from esep.lib import jobs
from esep.lib.crypto import DigestField, EncryptedEmailField, EncryptedTextField
from esep.lib.i18n import TrilingualName
from esep.org.roles import Capability
from esep.receptions.models import Kind as ReceptionKind

if TYPE_CHECKING:
    from esep.access.models import User

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read aloud or copied by hand stays unambiguous.
TRACKING_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
TRACKING_LENGTH = 10  # 25**10 ≈ 10**14 codes: not guessable at any rate limit


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


class Channel(models.TextChoices):
    RECEPTION_OFFICE = "reception_office", _("reception office")
    MOBILE_RECEPTION = "mobile_reception", _("mobile reception")
    ONLINE_PORTAL = "online_portal", _("online portal")
    HOTLINE = "hotline", _("hotline")
    CONTROL_POST = "control_post", _("party control post")
    PUBLIC_COUNCIL = "public_council", _("public council")
    LETTER = "letter", _("letter")
    EMAIL = "email", _("e-mail")
    SOCIAL_MEDIA = "social_media", _("social media")
    OPEN311 = "open311", _("Open311 client")


# The channel an appeal registered at a reception comes by.
RECEPTION_CHANNELS: dict[str, Channel] = {
    ReceptionKind.OFFICE: Channel.RECEPTION_OFFICE,
    ReceptionKind.MOBILE: Channel.MOBILE_RECEPTION,
}


class Kind(models.TextChoices):
    STATEMENT = "statement", _("statement")
    COMPLAINT = "complaint", _("complaint")
    PROPOSAL = "proposal", _("proposal")
    INFORMATION_REQUEST = "information_request", _("request for information")
    MESSAGE = "message", _("message")
    RESPONSE = "response", _("response")


class Outcome(models.TextChoices):
    RESOLVED_POSITIVELY = "resolved_positively", _("resolved positively")
    RESOLVED_PARTIALLY = "resolved_partially", _("resolved partially")
    EXPLAINED = "explained", _("explained")
    REFUSED = "refused", _("refused")
    FORWARDED = "forwarded", _("forwarded to the competent body")
    LEFT_WITHOUT_CONSIDERATION = "left_without_consideration", _("left without consideration")


class Category(TrilingualName, MP_Node):
    """A topic of appeals; a configurable tree."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    node_order_by = ["code"]
    objects: MP_NodeManager = MP_NodeManager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class StateBody(TrilingualName):
    """A state body appeals are forwarded to (an akimat, a department, a utility)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("state body")
        verbose_name_plural = _("state bodies")


class CalendarDay(models.Model):
    """A day the government's decree changed after the `holidays` package was released."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("day off")
        WORKING_DAY = "working_day", _("working day")

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    note = models.CharField(_("decree"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("calendar change")
        verbose_name_plural = _("calendar changes")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y} {self.get_kind_display()}"


class AppealCounter(models.Model):
    """The last registration number given in a branch in a year."""

    branch = models.ForeignKey("org.Branch", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["branch", "year"], name="one_counter_per_branch_year")
        ]

    def __str__(self) -> str:
        return f"{self.branch_id}/{self.year}: {self.last}"


def open_q() -> Q:
    """The condition for an open appeal: what the inbox, reminders, figures and the partial
    index of open appeals all mean by open."""
    return Q(status__in=OPEN)


def open_first() -> Case:
    """0 for an open appeal, 1 for one answered or closed: the inbox's default order puts
    open appeals first by this expression, and two indexes are built on this very
    expression, so that order is read from an index however many appeals there are."""
    return Case(When(open_q(), then=Value(0)), default=Value(1))


def overdue_q(today: dt.date) -> Q:
    """Open and past its deadline today (the deadline day itself is still in time)."""
    return open_q() & Q(due_on__lt=today)


# Up to this many ids are written into a query as values rather than asked of a subquery.
LITERAL_IDS = 5_000


def controlled_ids() -> models.QuerySet:
    """The ids of the appeals under a party control not yet released, their own or their
    group's: read from the controls (a few in a hundred appeals) and the group's index,
    never by going through every appeal."""
    active = PartyControl.objects.filter(released_at__isnull=True)
    own = active.filter(appeal__isnull=False).order_by().values_list("appeal_id", flat=True)
    grouped = Appeal.objects.filter(
        group_id__in=active.filter(group__isnull=False).values("group_id")
    )
    return own.union(grouped.order_by().values_list("id", flat=True))


class AppealQuerySet(models.QuerySet["Appeal"]):
    def visible_to(self, user: User) -> AppealQuerySet:
        return self.filter(user.scope_q(Capability.VIEW_APPEALS))

    def open(self) -> AppealQuerySet:
        return self.settled(False)

    def settled(self, answered_or_closed: bool) -> AppealQuerySet:
        """Open appeals, or those answered or closed, asked of `open_first` alone: the
        expression the inbox's indexes lead with, so an index serves either half in the
        inbox's order, and the planner weighs the half by that index's own statistics.
        (Asked of the statuses as well, it took the two conditions for independent, thought
        the open half a few dozen rows in a million and sorted all of it.)"""
        return self.alias(open_first=open_first()).filter(open_first=int(answered_or_closed))

    def overdue(self, today: dt.date) -> AppealQuerySet:
        return self.open().filter(due_on__lt=today)

    def needing_attention(self, today: dt.date) -> AppealQuerySet:
        """Overdue, or under party control now: a condition on each row, not a list of the
        overdue's ids, so the inbox's order is still walked on its index (the overdue are
        the open appeals due soonest, the first that order meets). The controls under way
        are few: their appeals' ids are read once and written into the query as values, so
        the planner weighs them as what they are and a count joins two index reads."""
        controlled: list[int] | models.QuerySet = list(controlled_ids()[: LITERAL_IDS + 1])
        if len(controlled) > LITERAL_IDS:
            controlled = controlled_ids()
        return self.alias(open_first=open_first()).filter(
            Q(open_first=0, due_on__lt=today) | Q(pk__in=controlled)
        )

    def under_control(self) -> AppealQuerySet:
        """Under a party control not yet released, their own or their group's: found from
        the controls (a few in a hundred appeals), never by reading every appeal."""
        return self.filter(pk__in=controlled_ids())

    def due_within(self, today: dt.date, last_day: dt.date) -> AppealQuerySet:
        return self.open().filter(due_on__gte=today, due_on__lte=last_day)


class Appeal(models.Model):
    number = models.CharField(_("registration number"), max_length=40, unique=True)
    tracking_code = models.CharField(
        _("tracking code"), max_length=TRACKING_LENGTH, unique=True, default=new_tracking_code
    )
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=24, choices=Channel.choices)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="appeals"
    )
    # No index of their own: the indexes below that lead with them serve them (every write
    # of an appeal keeps each index).
    territory = models.ForeignKey(
        "org.Territory",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    branch = models.ForeignKey(
        "org.Branch",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="appeals",
        db_index=False,
    )
    submitter = models.ForeignKey(
        "org.Person",
        verbose_name=_("submitter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
    )
    # The applicant as given at intake — what the officer typed, what the citizen wrote. The
    # appeal shows these, never the matched person's record: registering with an IIN or a
    # phone tells the registering branch nothing it did not type itself.
    applicant_surname = models.CharField(_("applicant's surname"), max_length=100, blank=True)
    applicant_given_name = models.CharField(_("applicant's name"), max_length=100, blank=True)
    applicant_patronymic = models.CharField(_("applicant's patronymic"), max_length=100, blank=True)
    contact_iin = EncryptedTextField(_("IIN given"), max_length=12, blank=True)
    contact_phone = EncryptedTextField(_("phone given"), max_length=16, blank=True)
    contact_email = EncryptedEmailField(_("e-mail given"), max_length=254, blank=True)
    # The IIN and phone given, found again by their keyed digests: the inbox finds an
    # appeal by its applicant's IIN or phone (queries.ApplicantSearch).
    # Indexed in Meta: a digest is looked up whole, never by a prefix (a field's own index
    # would have a pattern-matching twin on PostgreSQL).
    contact_iin_digest = DigestField(source="contact_iin")
    contact_phone_digest = DigestField(source="contact_phone")
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    # The applicant agreed to hear of each public step (appeals/notify.py): by e-mail at the
    # e-mail given, by SMS at the phone given (when an SMS sender is configured); the link
    # in each message withdraws the consent.
    notify_by_email = models.BooleanField(_("news by e-mail"), default=False)
    notify_by_sms = models.BooleanField(_("news by SMS"), default=False)
    # Anonymous appeals are not considered unless they report a crime or a threat to
    # security (Administrative Procedural Code, art. 89).
    reports_crime = models.BooleanField(_("reports a crime or a threat to security"), default=False)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_appeals",
        db_index=False,  # appeal_assignee_open_first_idx leads with it
    )
    received_at = models.DateTimeField(_("received"))
    registered_on = models.DateField(_("registered on"))
    due_on = models.DateField(_("due"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Kept beside answered_at so figures aggregate in the database: the day of the answer
    # where the appeal was registered, and the working days it took from registration.
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    # The applicant disputed an answer at least once (the appeal was reopened).
    disputed = models.BooleanField(_("disputed"), default=False)
    # Taken under party control at some time, alone or with its group (figures count it;
    # whether a control is active now is read from the controls themselves).
    controlled = models.BooleanField(_("taken under party control"), default=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("applicant's rating of the answer"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    # The same person again on the same issue, contesting an earlier answer.
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("repeat of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeats",
    )
    # Appeals of many people about one problem, linked by staff.
    group = models.ForeignKey(
        "AppealGroup",
        verbose_name=_("group of similar appeals"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appeals",
    )
    # The reception (office or mobile) at which the appeal was brought.
    reception = models.ForeignKey(
        "receptions.Reception",
        verbose_name=_("reception"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
    )
    # Optimistic lock: every change bumps it; a change made from a stale copy is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-registered_on", "-pk"]
        indexes = [
            # The inbox's default order, open first and soonest due first: the whole
            # country's from the first, a branch's from the second (`open_first`).
            models.Index(open_first(), F("due_on"), F("id"), name="appeal_open_first_idx"),
            models.Index(
                F("branch"), open_first(), F("due_on"), F("id"), name="appeal_branch_open_first_idx"
            ),
            # An officer's own ("assigned to me"), in the same order; with their branch, so
            # a count of them within the officer's scope is read from the index alone.
            models.Index(
                F("assignee"),
                open_first(),
                F("due_on"),
                F("id"),
                include=["branch"],
                name="appeal_assignee_open_first_idx",
            ),
            # Newest or oldest first.
            models.Index(fields=["registered_on", "id"], name="appeal_registered_id_idx"),
            # A new appeal's similar ones are looked for about the same place and time.
            models.Index(
                fields=["territory", "registered_on", "id"], name="appeal_territory_day_idx"
            ),
            # Open311 lists appeals by the time they were received, newest first.
            models.Index(fields=["received_at"], name="appeal_received_idx"),
            # An applicant's other appeals, by the digest of the IIN or phone they gave.
            models.Index(fields=["contact_iin_digest"], name="appeal_contact_iin_idx"),
            models.Index(fields=["contact_phone_digest"], name="appeal_contact_phone_idx"),
            models.Index(fields=["branch", "registered_on"], name="appeal_branch_registered_idx"),
            # Open appeals by registration day: "overdue now" reads only these, and an open
            # status's count reads them with their status (both from the index alone).
            models.Index(
                fields=["registered_on", "due_on"],
                include=["branch", "territory", "status"],
                condition=open_q(),
                name="appeal_open_status_idx",
            ),
            # Figures read a year of appeals from this index alone (PostgreSQL: index-only).
            models.Index(
                fields=["registered_on"],
                include=[
                    "branch",
                    "territory",
                    "category",
                    "channel",
                    "kind",
                    "status",
                    "outcome",
                    "due_on",
                    "answered_on",
                    "answer_working_days",
                    "disputed",
                    "controlled",
                ],
                name="appeal_figures_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=True, submitter__isnull=True)
                | Q(is_anonymous=False, submitter__isnull=False),
                name="appeal_submitter_unless_anonymous",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("registered_on")),
                name="appeal_due_after_registration",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def applicant_name(self) -> str:
        return " ".join(
            p
            for p in (self.applicant_surname, self.applicant_given_name, self.applicant_patronymic)
            if p
        )

    @property
    def is_considered(self) -> bool:
        return not self.is_anonymous or self.reports_crime

    @property
    def answer_open_to_opinion(self) -> bool:
        """An answer its applicant may rate or dispute: given, to an appeal subject to
        consideration (an anonymous one is registered, not considered: no answer to judge)."""
        return self.is_considered and self.status in (Status.ANSWERED, Status.CLOSED)

    def active_control(self) -> PartyControl | None:
        """The party control over the appeal not yet released: its own, or its group's (an
        appeal linked with similar ones is controlled together with them). An appeal never
        taken under control, alone or with its group (`controlled`, set as it is), has none:
        most appeals' pages ask nothing."""
        if not self.controlled:
            return None
        own = self.controls.filter(released_at__isnull=True).first()
        if own is not None or not self.group_id:
            return own
        return PartyControl.objects.filter(group_id=self.group_id, released_at__isnull=True).first()


class AppealGroup(models.Model):
    """Similar appeals from different people about one problem."""

    title = models.CharField(_("title"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("group of similar appeals")
        verbose_name_plural = _("groups of similar appeals")

    def __str__(self) -> str:
        return self.title


class PartyControl(models.Model):
    """An appeal or a group of appeals taken under party control by a branch."""

    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, null=True, blank=True, related_name="controls"
    )
    group = models.ForeignKey(
        AppealGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="controls"
    )
    branch = models.ForeignKey(
        "org.Branch",
        verbose_name=_("controlling branch"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    controller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("controller"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("control deadline"))
    reason = models.TextField(_("reason"))
    taken_at = models.DateTimeField(_("taken under control"), auto_now_add=True)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("party control")
        verbose_name_plural = _("party controls")
        constraints = [
            models.CheckConstraint(
                condition=Q(appeal__isnull=False, group__isnull=True)
                | Q(appeal__isnull=True, group__isnull=False),
                name="control_of_an_appeal_or_a_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appeal or self.group} ({self.deadline:%d.%m.%Y})"


class Forwarding(models.Model):
    """The appeal sent to a state body, with the outgoing reference, and the body's answer."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="forwardings")
    state_body = models.ForeignKey(
        StateBody, verbose_name=_("state body"), on_delete=models.PROTECT, related_name="+"
    )
    outgoing_reference = models.CharField(_("outgoing reference"), max_length=60)
    sent_on = models.DateField(_("sent on"))
    # Outside the branch's competence: the appeal itself is handed over (within 3 working
    # days, the applicant told), rather than a question asked of the body.
    outside_competence = models.BooleanField(_("outside the branch's competence"), default=False)
    applicant_told_on = models.DateField(_("applicant told on"), null=True, blank=True)
    answer = models.TextField(_("the body's answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("forwarding")
        verbose_name_plural = _("forwardings")
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.outgoing_reference} → {self.state_body}"


class Extension(models.Model):
    """A reasoned decision of the branch head to extend the deadline (at most two months
    from registration in total); the applicant must be told within 3 working days."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="extensions")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    previous_due_on = models.DateField(_("previous deadline"))
    new_due_on = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    notify_by = models.DateField(_("applicant to be told by"))
    applicant_notified_on = models.DateField(_("applicant told on"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.previous_due_on:%d.%m.%Y} → {self.new_due_on:%d.%m.%Y}"


# What each timeline step is called; transitions take their labels from the lifecycle.
EVENT_LABELS = {
    "registered": _("registered"),
    "imported": _("imported from a spreadsheet"),
    "forwarded": _("forwarded to a state body"),
    "body_answered": _("the state body answered"),
    "extended": _("deadline extended"),
    "applicant_notified": _("applicant told of the extension"),
    "grouped": _("linked with similar appeals"),
    "taken_under_control": _("taken under party control"),
    "control_escalated": _("control escalated to the parent branch"),
    "control_released": _("released from control"),
    "rated": _("the applicant rated the answer"),
    "attached": _("file attached"),
    "client_update": _("the applicant wrote through an Open311 client"),
    "news_stopped": _("the applicant asked to hear no more news"),
}


class AppealEvent(models.Model):
    """One step on an appeal's timeline: who, when, what, why."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Status.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("appeal event")
        verbose_name_plural = _("appeal events")
        ordering = ["pk"]  # the order they happened in, whatever the clocks say
        # Open311's request updates read the steps of a period.
        indexes = [models.Index(fields=["at"], name="appeal_event_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def label(self) -> str:
        if self.action in Transition.values:
            return str(Transition(self.action).label)
        return str(EVENT_LABELS.get(self.action, self.action))


class ImportJob(jobs.ImportJob):
    """An uploaded spreadsheet of appeals, imported by the background worker."""

    created = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)

    class Meta(jobs.ImportJob.Meta):
        verbose_name = _("import of appeals")
        verbose_name_plural = _("imports of appeals")


def attachment_path(instance: Attachment, filename: str) -> str:
    # Stored under a random name: the original name is kept in the row, never in a URL.
    return f"appeals/{timezone.now():%Y/%m}/{secrets.token_hex(16)}"


class Attachment(models.Model):
    """A document or photo of an appeal; served only through esep to those who may see
    the appeal, never from a public media URL."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    # None: the applicant, with the appeal they submitted online.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class SimilarAppeal(models.Model):
    """Another person's appeal with a text like this one's, as `similarity.py` found it
    once the appeal arrived (or the command `similar-appeals` found it later): the appeal's
    page reads these, best first, and computes nothing. A pair is stored both ways."""

    # Read by the two indexes below, which both begin with it: no index of its own.
    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, related_name="similar", db_index=False
    )
    other = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["appeal", "other"], name="one_similarity_per_pair")
        ]
        indexes = [
            # The appeal's page: its suggestions best first.
            models.Index(F("appeal"), F("score").desc(), name="similar_appeal_best_idx")
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id} ~ {self.other_id}: {self.score:.2f}"
