"""The election programme and the road maps that carry it out: programme → sections →
promises; road maps (national or a branch's regional one) → measures → indicators →
observations; the changes of status and verdict proposed with evidence and approved by a
second person, and their append-only public history; the monitors of each road map; and
citizens' proposals to the programme.

Progress is never stored: it is computed from the observations (`progress.py`). What is
stored is what people decide — a progress status and a verdict — and only an approved
change (`Change`) writes them."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from esep.audit.models import AppendOnly, AppendOnlyQuerySet
from esep.lib import jobs
from esep.lib.crypto import DigestField, EncryptedEmailField, EncryptedTextField
from esep.lib.i18n import in_language
from esep.org.models import Branch, subtree_q
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


class Trilingual(models.Model):
    """A text kept in Kazakh, Russian and English (`title_kk`, …), shown in the active
    language with Kazakh, then Russian, as the fallback."""

    title_kk = models.TextField(_("title in Kazakh"))
    title_ru = models.TextField(_("title in Russian"))
    title_en = models.TextField(_("title in English"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self, "title")


# ---------------------------------------------------------------- what is decided


class Status(models.TextChoices):
    """How far the work has gone — kept apart from the verdict on the promise."""

    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    STALLED = "stalled", _("stalled")
    COMPLETED = "completed", _("completed")


class Verdict(models.TextChoices):
    """Whether the promise was kept, judged on evidence."""

    NOT_RATED = "not_rated", _("not yet rated")
    KEPT = "kept", _("kept")
    PARTIALLY_KEPT = "partially_kept", _("partially kept")
    BROKEN = "broken", _("broken")
    NOT_ASSESSABLE = "not_assessable", _("not assessable")


class BrokenReason(models.TextChoices):
    NO_MAJORITY = "no_majority", _("no majority to pass it")
    NOT_PRIORITISED = "not_prioritised", _("not prioritised")
    REVERSED = "reversed", _("reversed")
    EXTERNAL_SHOCK = "external_shock", _("external shock")
    OTHER = "other", _("other")


def verdict_constraints(prefix: str) -> list[models.CheckConstraint]:
    """A broken verdict carries its reason; any other verdict carries none."""
    return [
        models.CheckConstraint(
            condition=Q(verdict=Verdict.BROKEN, broken_reason__gt="")
            | (~Q(verdict=Verdict.BROKEN) & Q(broken_reason="")),
            name=f"{prefix}_broken_has_reason",
        )
    ]


# ---------------------------------------------------------------- the programme


def programme_scope(user: User, field: str = "") -> Q:
    """The programmes whose staff pages a user opens: those adopted in the branch subtrees
    whose party work they see or by a branch above them (a regional office works on the
    party's national programme), and those whose road maps they monitor. The programme
    itself is public (the tracker); this only says whose staff pages lead to it."""
    paths = user.scope_paths(Capability.VIEW_WORK)
    step = Branch.steplen
    above = {path[:end] for path in paths for end in range(step, len(path), step)}
    scope = subtree_q(paths, f"{field}branch__path") | Q(**{f"{field}branch__path__in": above})
    if getattr(user, "person_id", None) is not None:
        scope |= Q(
            **{
                f"{field}road_maps__monitors__person_id": user.person_id,
                f"{field}road_maps__monitors__until__isnull": True,
            }
        )
    return scope


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def visible_to(self, user: User) -> ProgrammeQuerySet:
        return self.filter(pk__in=Programme.objects.filter(programme_scope(user)).values("pk"))


class Programme(Trilingual):
    """The programme a party went to an election with (e.g. «Путь перемен: достойную жизнь
    каждому!», Mazhilis 2021), owned by the branch that adopted it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    branch = models.ForeignKey(
        "org.Branch", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    election = models.CharField(_("election"), max_length=255)
    adopted_on = models.DateField(_("adopted on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("election programme")
        verbose_name_plural = _("election programmes")
        ordering = ["-adopted_on", "pk"]

    def get_absolute_url(self) -> str:
        return reverse("programme:programme", args=[self.pk])


class Section(Trilingual):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField(_("number"))

    class Meta:
        verbose_name = _("programme section")
        verbose_name_plural = _("programme sections")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="section_number_unique")
        ]


class PromiseQuerySet(models.QuerySet["Promise"]):
    def visible_to(self, user: User) -> PromiseQuerySet:
        """The promises of the programmes the user's staff pages lead to."""
        return self.filter(section__programme__in=Programme.objects.visible_to(user))


class Promise(models.Model):
    """One promise of the programme: its text in three languages, the appeal topics it
    answers (so the appeals citizens still bring on them sit beside it), where it applies
    and by when. Its status and verdict change only through an approved `Change`."""

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="promises")
    code = models.CharField(_("code"), max_length=20)
    text_kk = models.TextField(_("text in Kazakh"))
    text_ru = models.TextField(_("text in Russian"))
    text_en = models.TextField(_("text in English"), blank=True)
    topics = models.ManyToManyField(
        "appeals.Category", verbose_name=_("topics"), blank=True, related_name="+"
    )
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("term"))
    status = models.CharField(
        _("progress status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    verdict = models.CharField(
        _("verdict"), max_length=16, choices=Verdict.choices, default=Verdict.NOT_RATED
    )
    broken_reason = models.CharField(
        _("why broken"), max_length=16, choices=BrokenReason.choices, blank=True
    )

    objects = PromiseQuerySet.as_manager()

    class Meta:
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        ordering = ["section__programme", "section__number", "code"]
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="promise_code_unique"),
            *verdict_constraints("promise"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("programme:promise", args=[self.pk])

    @property
    def text(self) -> str:
        return in_language(self, "text")


# ---------------------------------------------------------------- road maps


class RoadMapQuerySet(models.QuerySet["RoadMap"]):
    def visible_to(self, user: User) -> RoadMapQuerySet:
        """The road maps of the branches whose party work the user sees, and those the
        user's own person monitors."""
        scope = subtree_q(user.scope_paths(Capability.VIEW_WORK), "branch__path")
        if user.person_id is not None:
            scope |= Q(monitors__person_id=user.person_id, monitors__until__isnull=True)
        return self.filter(scope).distinct()


class RoadMap(Trilingual):
    """A plan of measures that carries promises out: the national one (the central
    office's) or a branch's regional one, as approved with the akimat."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="road_maps"
    )
    branch = models.ForeignKey(
        "org.Branch", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(_("approved on"))
    promises = models.ManyToManyField(
        Promise, verbose_name=_("promises it serves"), related_name="road_maps"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RoadMapQuerySet.as_manager()

    class Meta:
        verbose_name = _("road map")
        verbose_name_plural = _("road maps")
        ordering = ["programme", "code"]

    def get_absolute_url(self) -> str:
        return reverse("programme:road-map", args=[self.pk])


class Monitor(models.Model):
    """A party member assigned to follow a road map: records its observations and
    proposes changes of status and verdict. An assignment ends, it is never deleted."""

    road_map = models.ForeignKey(RoadMap, on_delete=models.CASCADE, related_name="monitors")
    person = models.ForeignKey(
        "org.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    since = models.DateField(_("assigned on"))
    until = models.DateField(_("assignment ended on"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("monitor")
        verbose_name_plural = _("monitors")
        ordering = ["road_map", "person__surname", "person__given_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["road_map", "person"],
                condition=Q(until__isnull=True),
                name="monitor_one_open_assignment",
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="monitor_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.road_map}"


class MeasureQuerySet(models.QuerySet["Measure"]):
    def visible_to(self, user: User) -> MeasureQuerySet:
        return self.filter(road_map__in=RoadMap.objects.visible_to(user).values("pk"))


class Measure(Trilingual):
    """One measure of a road map: what is to be done, by which state body, by when, with
    what weight in the road map, where, and the people answering for it."""

    road_map = models.ForeignKey(RoadMap, on_delete=models.CASCADE, related_name="measures")
    code = models.CharField(_("code"), max_length=20)
    state_body = models.ForeignKey(
        "appeals.StateBody",
        verbose_name=_("responsible state body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deadline = models.DateField(_("deadline"))
    weight = models.DecimalField(_("weight"), max_digits=7, decimal_places=3, null=True, blank=True)
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    responsible = models.ManyToManyField(
        "org.Person", verbose_name=_("responsible people"), blank=True, related_name="+"
    )
    promises = models.ManyToManyField(
        Promise, verbose_name=_("promises"), blank=True, related_name="measures"
    )
    status = models.CharField(
        _("progress status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    verdict = models.CharField(
        _("verdict"), max_length=16, choices=Verdict.choices, default=Verdict.NOT_RATED
    )
    broken_reason = models.CharField(
        _("why broken"), max_length=16, choices=BrokenReason.choices, blank=True
    )

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["road_map", "code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["road_map", "code"], name="measure_code_unique"),
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | Q(weight__gt=0), name="measure_weight_positive"
            ),
            *verdict_constraints("measure"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("programme:measure", args=[self.pk])


class Direction(models.TextChoices):
    INCREASE = "increase", _("increase")
    DECREASE = "decrease", _("decrease")
    BAND = "band", _("keep within a band")
    YES_NO = "yes_no", _("yes or no")


class Aggregation(models.TextChoices):
    """How the regions' values add up to the whole."""

    SUM = "sum", _("sum")
    MEAN = "mean", _("mean")
    WEIGHTED = "weighted", _("weighted mean")
    RATIO = "ratio", _("recomputed from numerator and denominator")


class Indicator(Trilingual):
    """A target indicator of a measure: its unit, the direction that counts as progress
    (mandatory), where it started and where it must get to, by when."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=30)
    unit = models.CharField(_("unit"), max_length=40)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    band_low = models.DecimalField(
        _("band from"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    band_high = models.DecimalField(
        _("band to"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline = models.DecimalField(_("baseline"), max_digits=20, decimal_places=4)
    baseline_on = models.DateField(_("baseline date"))
    target = models.DecimalField(_("target"), max_digits=20, decimal_places=4)
    target_on = models.DateField(_("target date"))
    aggregation = models.CharField(
        _("how regions add up"), max_length=10, choices=Aggregation.choices, default="sum"
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["measure", "code", "pk"]
        constraints = [
            # An indicator's code names it within its road map: observations are imported by it.
            models.UniqueConstraint(fields=["measure", "code"], name="indicator_code_unique"),
            models.CheckConstraint(
                condition=Q(target_on__gt=models.F("baseline_on")),
                name="indicator_target_after_baseline",
            ),
            models.CheckConstraint(
                condition=~Q(direction="band")
                | Q(
                    band_low__isnull=False,
                    band_high__isnull=False,
                    band_low__lte=models.F("band_high"),
                ),
                name="indicator_band_has_bounds",
            ),
            models.CheckConstraint(
                condition=~Q(direction="yes_no") | (Q(baseline__in=[0, 1]) & Q(target__in=[0, 1])),
                name="indicator_yes_no_is_0_or_1",
            ),
        ]


class Milestone(models.Model):
    """A value the indicator should have reached by a date on its way to the target."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["indicator", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "due_on"], name="milestone_date_unique")
        ]

    def __str__(self) -> str:
        return f"{self.due_on}: {self.value}"


def document_path(instance: models.Model, filename: str) -> str:
    """Documents are stored under a random name: the original name is kept on the row."""
    return f"programme/{secrets.token_hex(16)}"


class Observation(models.Model):
    """One measured value of an indicator for a territory and a period, with where it came
    from. A later value for the same territory and period is a new observation that
    replaces the earlier one (`replaces`); nothing is overwritten."""

    class Kind(models.TextChoices):
        ACTUAL = "actual", _("actual")
        PROVISIONAL = "provisional", _("provisional")
        ESTIMATED = "estimated", _("estimated")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    numerator = models.DecimalField(
        _("numerator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    kind = models.CharField(_("status"), max_length=12, choices=Kind.choices, default=Kind.ACTUAL)
    source = models.CharField(_("source"), max_length=500)
    document = models.FileField(_("document"), upload_to=document_path, blank=True)
    document_name = models.CharField(_("file name"), max_length=255, blank=True)
    document_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["indicator", "period_end", "territory", "pk"]
        indexes = [models.Index(fields=["indicator", "period_end"], name="observation_period_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="observation_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_end} {self.value}"


# ---------------------------------------------------------------- changes and history


class Change(models.Model):
    """A proposed change of a promise's or a measure's progress status or verdict, with
    its evidence; it takes effect only when a second person approves it."""

    class State(models.TextChoices):
        PENDING = "pending", _("awaiting approval")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned")

    promise = models.ForeignKey(
        Promise, on_delete=models.PROTECT, null=True, blank=True, related_name="changes"
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, null=True, blank=True, related_name="changes"
    )
    status = models.CharField(
        _("new progress status"), max_length=12, choices=Status.choices, blank=True
    )
    verdict = models.CharField(_("new verdict"), max_length=16, choices=Verdict.choices, blank=True)
    broken_reason = models.CharField(
        _("why broken"), max_length=16, choices=BrokenReason.choices, blank=True
    )
    reason = models.TextField(_("reason"))
    # A correction of an approved change already in the history: approved, it is recorded
    # as a new entry naming the one it corrects.
    corrects = models.ForeignKey(
        "HistoryEntry",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(promise__isnull=False, measure__isnull=True)
                | Q(promise__isnull=True, measure__isnull=False),
                name="change_of_one_record",
            ),
            models.CheckConstraint(
                condition=~Q(status="", verdict=""), name="change_changes_something"
            ),
            models.CheckConstraint(
                condition=Q(verdict=Verdict.BROKEN, broken_reason__gt="")
                | (~Q(verdict=Verdict.BROKEN) & Q(broken_reason="")),
                name="change_broken_has_reason",
            ),
            # Four eyes, in the database itself: whoever proposed it cannot decide it.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("proposed_by")),
                name="change_decided_by_another",
            ),
            models.CheckConstraint(
                condition=Q(state="pending", decided_by__isnull=True)
                | (~Q(state="pending") & Q(decided_by__isnull=False, decided_at__isnull=False)),
                name="change_decision_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.status or self.verdict}"

    @property
    def subject(self) -> Promise | Measure:
        subject = self.promise or self.measure
        assert subject is not None
        return subject


class Evidence(models.Model):
    """What a proposed change rests on: a link or an uploaded document (kept with its
    SHA-256), who published it, of what kind, when, and the words that matter."""

    class Kind(models.TextChoices):
        LEGAL_ACT = "legal_act", _("legal act")
        BUDGET = "budget", _("budget")
        STATISTICS = "statistics", _("statistics")
        OFFICIAL_RELEASE = "official_release", _("official release")
        MEDIA = "media", _("media")
        CITIZEN_REPORT = "citizen_report", _("citizen report")

    change = models.ForeignKey(Change, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    document = models.FileField(_("document"), upload_to=document_path, blank=True)
    document_name = models.CharField(_("file name"), max_length=255, blank=True)
    document_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    publisher = models.CharField(_("publisher"), max_length=255)
    published_on = models.DateField(_("date"))
    quote = models.TextField(_("quote"), blank=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["change", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(document=""), name="evidence_has_link_or_document"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class HistoryQuerySet(AppendOnlyQuerySet, models.QuerySet["HistoryEntry"]):
    pass


class HistoryEntry(AppendOnly):
    """One approved change of a promise's or a measure's status or verdict, as the public
    reads it: what it was, what it became, why, on whose proposal and whose approval. The
    database refuses to update or delete these rows; a mistake is put right by a correction,
    a new entry that names the one it corrects."""

    promise = models.ForeignKey(
        Promise, on_delete=models.PROTECT, null=True, blank=True, related_name="history"
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, null=True, blank=True, related_name="history"
    )
    change = models.OneToOneField(
        Change, on_delete=models.PROTECT, null=True, blank=True, related_name="history_entry"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    old_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    new_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    old_verdict = models.CharField(max_length=16, choices=Verdict.choices, blank=True)
    new_verdict = models.CharField(max_length=16, choices=Verdict.choices, blank=True)
    broken_reason = models.CharField(max_length=16, choices=BrokenReason.choices, blank=True)
    reason = models.TextField(_("reason"))
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = HistoryQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(promise__isnull=False, measure__isnull=True)
                | Q(promise__isnull=True, measure__isnull=False),
                name="history_of_one_record",
            ),
        ]

    def __str__(self) -> str:
        old, new = self.old_status or self.old_verdict, self.new_status or self.new_verdict
        return f"{self.at:%Y-%m-%d} {old} → {new}"


# ---------------------------------------------------------------- citizens' proposals


def new_tracking_code() -> str:
    """A code the citizen follows the proposal by: unguessable, easy to type."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def visible_to(self, user: User) -> ProposalQuerySet:
        return self.filter(subtree_q(user.scope_paths(Capability.VIEW_WORK), "branch__path"))


class Proposal(models.Model):
    """A citizen's proposal to the programme, online or at a reception, and the branch's
    decision on it: included (into a promise or a section), merged with another, or not
    included with a reason. Who sent it is personal data, as for appeals."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        RECEPTION = "reception", _("at a reception")
        MEETING = "meeting", _("at a meeting with voters")
        LETTER = "letter", _("letter")

    class Decision(models.TextChoices):
        PENDING = "pending", _("awaiting a decision")
        INCLUDED = "included", _("included")
        MERGED = "merged", _("merged with another")
        NOT_INCLUDED = "not_included", _("not included")

    number = models.CharField(_("number"), max_length=40, unique=True)
    tracking_code = models.CharField(
        _("tracking code"), max_length=16, unique=True, default=new_tracking_code
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="proposals"
    )
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    category = models.ForeignKey(
        "appeals.Category",
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    branch = models.ForeignKey(
        "org.Branch", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    reception = models.ForeignKey(
        "receptions.Reception",
        verbose_name=_("reception"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who sent it: a person of the register when known, and what they gave, encrypted.
    submitter = models.ForeignKey(
        "org.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(_("name given"), max_length=255, blank=True)
    contact_phone = EncryptedTextField(_("phone given"), max_length=16, blank=True)
    contact_phone_digest = DigestField(source="contact_phone", db_index=True)
    contact_email = EncryptedEmailField(_("e-mail given"), max_length=254, blank=True)
    received_on = models.DateField(_("received on"))
    decision = models.CharField(
        _("decision"), max_length=14, choices=Decision.choices, default=Decision.PENDING
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    promise = models.ForeignKey(
        Promise,
        verbose_name=_("included into the promise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("included into the section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged with"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen's proposal")
        verbose_name_plural = _("citizens' proposals")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["branch", "decision"], name="proposal_branch_decision_idx"),
            models.Index(fields=["received_on"], name="proposal_received_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="pending", decided_on__isnull=True)
                | (~Q(decision="pending") & Q(decided_on__isnull=False)),
                name="proposal_decision_dated",
            ),
            models.CheckConstraint(
                condition=~Q(decision="included")
                | Q(promise__isnull=False)
                | Q(section__isnull=False),
                name="proposal_included_somewhere",
            ),
            models.CheckConstraint(
                condition=~Q(decision="merged") | Q(merged_into__isnull=False),
                name="proposal_merged_into_another",
            ),
            models.CheckConstraint(
                condition=~Q(decision="not_included") | ~Q(decision_reason=""),
                name="proposal_not_included_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("programme:proposal", args=[self.pk])


class ProposalCounter(models.Model):
    """The last proposal number given in a year (PR-2021-000123): its row is locked while a
    number is taken, so two proposals registered at once never share one."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


# ---------------------------------------------------------------- spreadsheet imports


class ImportJob(jobs.ImportJob):
    """An uploaded spreadsheet of a road map's measures and indicators or of its
    observations, imported by the background worker (`programme.tasks`), as appeals' are."""

    class Kind(models.TextChoices):
        ROAD_MAP = "road_map", _("measures and indicators")
        OBSERVATIONS = "observations", _("observations")

    kind = models.CharField(_("what"), max_length=12, choices=Kind.choices)
    road_map = models.ForeignKey(
        RoadMap, verbose_name=_("road map"), on_delete=models.CASCADE, related_name="+"
    )
    # What the import wrote, by record: {"measures": 3, "indicators": 7, …}.
    counts = models.JSONField(default=dict, blank=True)

    class Meta(jobs.ImportJob.Meta):
        verbose_name = _("import into a road map")
        verbose_name_plural = _("imports into road maps")
