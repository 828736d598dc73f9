"""Deputies: the representative bodies (the Mazhilis and the maslikhats of every level) by
convocation, the mandates people hold in them and their posts, the parties, the sittings and
who attended them, the deputies' inquiries, initiatives and reports to voters; the rating's
methodology as versioned data, the deputies' corrections of their month, and the monthly
snapshots of the rating with their publications.

What the rating counts is read from records esep keeps — receptions, appeals, control-post
visits, road-map measures (their own apps) and the records here; a deputy adds what is
missing only through a correction that a branch officer confirms (`Correction`). The
formula and the components are in `rating.py`."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.lib.i18n import TrilingualName, in_language
from esep.org.models import subtree_q
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


# ---------------------------------------------------------------- bodies and mandates


class Level(models.TextChoices):
    """The level of a representative body; with the deputy's role it makes the peer group
    the rating compares within."""

    MAZHILIS = "mazhilis", _("Mazhilis")
    OBLAST = "oblast", _("oblast maslikhat")
    CITY = "city", _("maslikhat of a city of republican significance")
    DISTRICT = "district", _("district or town maslikhat")


class RepresentativeBodyQuerySet(models.QuerySet["RepresentativeBody"]):
    def visible_to(self, user: User) -> RepresentativeBodyQuerySet:
        return self.filter(subtree_q(user.scope_paths(Capability.VIEW_ORG), "branch__path"))


class RepresentativeBody(TrilingualName):
    """The Mazhilis or a maslikhat, bound to its territory and followed by the party branch
    of that territory (whose faction sits in it and who publishes its deputies' rating)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    branch = models.ForeignKey(
        "org.Branch",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="representative_bodies",
    )

    objects = RepresentativeBodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("representative body")
        verbose_name_plural = _("representative bodies")
        ordering = ["level", "code"]

    def get_absolute_url(self) -> str:
        return reverse("deputies:body", args=[self.code])


class Convocation(models.Model):
    """One convocation of a body: its term and its seats."""

    body = models.ForeignKey(
        RepresentativeBody,
        verbose_name=_("representative body"),
        on_delete=models.CASCADE,
        related_name="convocations",
    )
    number = models.PositiveSmallIntegerField(_("convocation"))
    elected_on = models.DateField(_("elected on"))
    started_on = models.DateField(_("term start"))
    ended_on = models.DateField(_("term end"), null=True, blank=True)
    seats = models.PositiveSmallIntegerField(_("seats"))

    class Meta:
        verbose_name = _("convocation")
        verbose_name_plural = _("convocations")
        ordering = ["body", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="convocation_number_unique"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="convocation_has_seats"),
            models.CheckConstraint(
                condition=Q(started_on__gte=F("elected_on")), name="convocation_starts_after_vote"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="convocation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} — {self.number}"


class PartyQuerySet(models.QuerySet["Party"]):
    def own(self) -> Party | None:
        return self.filter(is_own=True).first()


class Party(TrilingualName):
    """A political party mandates are held for. `is_own` marks the party this esep serves:
    its deputies sit in its factions and are rated."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    is_own = models.BooleanField(_("the party esep serves"), default=False)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["-is_own", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_own"], condition=Q(is_own=True), name="one_own_party"
            ),
        ]


class MandateQuerySet(models.QuerySet["Mandate"]):
    def visible_to(self, user: User) -> MandateQuerySet:
        """The mandates of the bodies of the branch subtree the user sees, and their own."""
        scope = subtree_q(user.scope_paths(Capability.VIEW_ORG), "convocation__body__branch__path")
        if getattr(user, "person_id", None) is not None:
            scope |= Q(person_id=user.person_id)
        return self.filter(scope)

    def in_office(self, first: dt.date, last: dt.date | None = None) -> MandateQuerySet:
        """Mandates held on at least one day from `first` to `last` (one day if no last)."""
        last = last or first
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first), started_on__lte=last)

    def of_own_party(self) -> MandateQuerySet:
        return self.filter(party__is_own=True)


class Mandate(models.Model):
    """A person's mandate in one convocation of a body: won on a party list or in a
    single-member district, held for a party (none: self-nominated) from a day until a
    day, and the faction membership it gives (a post in the branch's faction, kept by the
    actions in step with the mandate)."""

    class Kind(models.TextChoices):
        PARTY_LIST = "party_list", _("party list")
        DISTRICT = "district", _("single-member district")

    class EndReason(models.TextChoices):
        TERM_ENDED = "term_ended", _("the convocation's term ended")
        RESIGNED = "resigned", _("resigned")
        APPOINTED = "appointed", _("appointed to an incompatible office")
        RECALLED = "recalled", _("recalled by the party")
        LEFT_PARTY = "left_party", _("left the party")
        COURT = "court", _("by a court's decision")
        DIED = "died", _("died")

    person = models.ForeignKey(
        "org.Person", verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="mandates"
    )
    convocation = models.ForeignKey(
        Convocation,
        verbose_name=_("convocation"),
        on_delete=models.PROTECT,
        related_name="mandates",
    )
    kind = models.CharField(_("mandate"), max_length=12, choices=Kind.choices)
    district = models.CharField(_("electoral district"), max_length=120, blank=True)
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
    )
    started_on = models.DateField(_("mandate start"))
    ended_on = models.DateField(_("mandate end"), null=True, blank=True)
    end_reason = models.CharField(
        _("how it ended"), max_length=12, choices=EndReason.choices, blank=True
    )
    faction_post = models.OneToOneField(
        "org.Post",
        verbose_name=_("faction membership"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mandate",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["convocation", "person__surname", "person__given_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "convocation"], name="one_mandate_per_convocation"
            ),
            models.CheckConstraint(
                condition=~Q(kind="district") | ~Q(district=""),
                name="district_mandate_has_district",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | Q(ended_on__gte=F("started_on"), end_reason__gt=""),
                name="mandate_end_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["started_on", "ended_on"], name="mandate_term_idx")]

    def __str__(self) -> str:
        return f"{self.person} — {self.convocation}"

    def get_absolute_url(self) -> str:
        return reverse("deputies:mandate", args=[self.pk])

    def days_in_office(self, first: dt.date, last: dt.date) -> int:
        """Days from `first` to `last` (inclusive) the mandate was held."""
        start = max(first, self.started_on, self.convocation.started_on)
        ends = [last, *(d for d in (self.ended_on, self.convocation.ended_on) if d)]
        return max((min(ends) - start).days + 1, 0)


class Position(models.TextChoices):
    """A deputy's post in the body; the highest held in a month is their role in the rating's
    peer groups (chairs compare with chairs)."""

    CHAIR = "chair", _("chair")
    SECRETARY = "secretary", _("secretary")
    COMMITTEE_CHAIR = "committee_chair", _("committee chair")
    MEMBER = "member", _("member")


# The role a deputy with no post holds; and the order in which a post outranks another.
ROLE_ORDER = [Position.CHAIR, Position.SECRETARY, Position.COMMITTEE_CHAIR, Position.MEMBER]


class MandatePost(models.Model):
    """A post a deputy holds in the body: chair, secretary, a committee's chair or member."""

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="posts")
    position = models.CharField(_("post"), max_length=16, choices=Position.choices)
    committee_kk = models.CharField(_("committee in Kazakh"), max_length=255, blank=True)
    committee_ru = models.CharField(_("committee in Russian"), max_length=255, blank=True)
    committee_en = models.CharField(_("committee in English"), max_length=255, blank=True)
    started_on = models.DateField(_("term start"))
    ended_on = models.DateField(_("term end"), null=True, blank=True)

    class Meta:
        verbose_name = _("deputy's post")
        verbose_name_plural = _("deputies' posts")
        ordering = ["mandate", "started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="mandate_post_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(position="committee_chair") | ~Q(committee_kk=""),
                name="committee_chair_names_committee",
            ),
        ]

    def __str__(self) -> str:
        committee = self.committee
        label = self.get_position_display()
        return f"{label}, {committee}" if committee else str(label)

    @property
    def committee(self) -> str:
        return in_language(self, "committee")


# ---------------------------------------------------------------- what deputies do


class Sitting(models.Model):
    """A sitting (session) of a convocation; its attendance is marked for every deputy in
    office that day."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular session")
        EXTRAORDINARY = "extraordinary", _("extraordinary session")

    convocation = models.ForeignKey(
        Convocation,
        verbose_name=_("convocation"),
        on_delete=models.PROTECT,
        related_name="sittings",
    )
    number = models.PositiveSmallIntegerField(_("session number"))
    held_on = models.DateField(_("held on"))
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.REGULAR)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")
        ordering = ["convocation", "-held_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["convocation", "number"], name="sitting_number_unique")
        ]
        indexes = [models.Index(fields=["held_on"], name="sitting_day_idx")]

    def __str__(self) -> str:
        return f"{self.convocation}, № {self.number} ({self.held_on:%d.%m.%Y})"


class Attendance(models.Model):
    class Mark(models.TextChoices):
        PRESENT = "present", _("present")
        EXCUSED = "excused", _("absent for a valid reason")
        ABSENT = "absent", _("absent without a valid reason")

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="attendance")
    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="attendance")
    mark = models.CharField(_("attendance"), max_length=8, choices=Mark.choices)
    reason = models.CharField(_("reason of absence"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["sitting", "mandate"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "mandate"], name="one_mark_per_sitting"),
        ]

    def __str__(self) -> str:
        return f"{self.sitting}: {self.get_mark_display()}"


class Inquiry(models.Model):
    """A deputy's inquiry (депутаттық сауал) to a state body, and its answer."""

    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="inquiries")
    state_body = models.ForeignKey(
        "appeals.StateBody",
        verbose_name=_("state body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=500)
    sent_on = models.DateField(_("sent on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("deputy's inquiry")
        verbose_name_plural = _("deputies' inquiries")
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["sent_on"], name="inquiry_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True, answer="")
                | Q(answered_on__gte=F("sent_on"), answer__gt=""),
                name="inquiry_answer_with_date",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class Initiative(models.Model):
    """A draft decision, amendment or question a deputy brought before the body."""

    class Kind(models.TextChoices):
        DRAFT_DECISION = "draft_decision", _("draft decision")
        AMENDMENT = "amendment", _("amendment")
        QUESTION = "question", _("question for the session")
        PROPOSAL = "proposal", _("proposal")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("under consideration")
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="initiatives")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    submitted_on = models.DateField(_("submitted on"))
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-submitted_on", "-pk"]
        indexes = [models.Index(fields=["submitted_on"], name="initiative_day_idx")]

    def __str__(self) -> str:
        return self.title


class VoterReport(models.Model):
    """A deputy's report to their voters: a public meeting where they gave account."""

    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="voter_reports")
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=255)
    people_attending = models.PositiveIntegerField(_("people attending"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("report to voters")
        verbose_name_plural = _("reports to voters")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on"], name="voter_report_day_idx")]

    def __str__(self) -> str:
        return f"{self.place}, {self.held_on:%d.%m.%Y}"


# ---------------------------------------------------------------- the rating's methodology


class Component(models.TextChoices):
    """What the rating can weigh; how each is read from the records is `rating.COMPONENTS`."""

    RECEPTIONS = "receptions", _("receptions held")
    APPEALS = "appeals", _("appeals answered")
    APPEALS_ON_TIME = "appeals_on_time", _("appeals answered on time")
    APPEALS_RESOLVED = "appeals_resolved", _("appeals resolved positively")
    CONTROL_VISITS = "control_visits", _("control-post visits")
    INQUIRIES = "inquiries", _("inquiries")
    ATTENDANCE = "attendance", _("session attendance")
    INITIATIVES = "initiatives", _("initiatives")
    VOTER_REPORTS = "voter_reports", _("reports to voters")
    MEASURES = "measures", _("road-map measures on schedule")


class Method(models.Model):
    """A version of the rating's methodology. It applies from its first month on, until a
    later version's; a month keeps the version it was computed with."""

    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    valid_from = models.DateField(_("applies from the month"), unique=True)
    notes_kk = models.TextField(_("what changed, in Kazakh"), blank=True)
    notes_ru = models.TextField(_("what changed, in Russian"), blank=True)
    notes_en = models.TextField(_("what changed, in English"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("rating methodology")
        verbose_name_plural = _("rating methodologies")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"v{self.version}"

    @property
    def notes(self) -> str:
        return in_language(self, "notes")

    @classmethod
    def for_month(cls, month: dt.date) -> Method | None:
        return cls.objects.filter(valid_from__lte=month).order_by("-valid_from").first()


class Weight(models.Model):
    """One component of a methodology: its weight, and the standard a deputy meets in 30
    days in office (a count) or as a share. Doing more than the standard earns nothing more:
    each component is capped at its standard."""

    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="weights")
    component = models.CharField(_("component"), max_length=20, choices=Component.choices)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    standard = models.DecimalField(_("standard"), max_digits=7, decimal_places=3)

    class Meta:
        verbose_name = _("component weight")
        verbose_name_plural = _("component weights")
        ordering = ["method", "-weight", "component"]
        constraints = [
            models.UniqueConstraint(
                fields=["method", "component"], name="one_weight_per_component"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="weight_positive"),
            models.CheckConstraint(condition=Q(standard__gt=0), name="standard_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_component_display()}: {self.weight}"


# ---------------------------------------------------------------- corrections


def evidence_path(instance: Correction, filename: str) -> str:
    return f"deputies/{timezone.now():%Y/%m}/{secrets.token_hex(16)}"


class CorrectionQuerySet(models.QuerySet["Correction"]):
    def visible_to(self, user: User) -> CorrectionQuerySet:
        """A branch's corrections to those who see its work, and a deputy's own."""
        scope = subtree_q(
            user.scope_paths(Capability.VIEW_WORK), "mandate__convocation__body__branch__path"
        )
        if getattr(user, "person_id", None) is not None:
            scope |= Q(mandate__person_id=user.person_id)
        return self.filter(scope)


class Correction(models.Model):
    """A deputy's correction of their month, with evidence: a count of a component raised
    or lowered (a reception or an inquiry esep does not have), or the mark of one sitting.
    A branch officer — never the one who asked — confirms or refuses it; only a confirmed
    correction counts."""

    class State(models.TextChoices):
        PENDING = "pending", _("awaiting a decision")
        CONFIRMED = "confirmed", _("confirmed")
        REFUSED = "refused", _("refused")

    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="corrections")
    month = models.DateField(_("month"))
    component = models.CharField(_("component"), max_length=20, choices=Component.choices)
    adjustment = models.SmallIntegerField(_("count to add (or subtract)"), default=0)
    sitting = models.ForeignKey(
        Sitting,
        verbose_name=_("sitting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    mark = models.CharField(
        _("attendance that should be marked"),
        max_length=8,
        choices=Attendance.Mark.choices,
        blank=True,
    )
    explanation = models.TextField(_("explanation"))
    evidence = models.FileField(_("evidence"), upload_to=evidence_path)
    evidence_name = models.CharField(_("file"), max_length=255)
    evidence_sha256 = models.CharField(_("SHA-256"), max_length=64)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("reason"), blank=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["month", "state"], name="correction_month_idx")]
        constraints = [
            # A sitting's mark, or a count: never both, never neither.
            models.CheckConstraint(
                condition=Q(component="attendance", sitting__isnull=False, adjustment=0)
                & ~Q(mark="")
                | ~Q(component="attendance") & Q(sitting__isnull=True, mark="") & ~Q(adjustment=0),
                name="correction_count_or_mark",
            ),
            models.CheckConstraint(
                condition=Q(state="pending", decided_by__isnull=True, decided_at__isnull=True)
                | Q(state__in=["confirmed", "refused"], decided_by__isnull=False)
                & Q(decided_at__isnull=False)
                & ~Q(decided_by=F("submitted_by")),
                name="correction_decided_by_another",
            ),
            models.CheckConstraint(
                condition=~Q(state="refused") | ~Q(decision_note=""),
                name="correction_refused_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_component_display()}, {self.month:%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("deputies:correction", args=[self.pk])


# ---------------------------------------------------------------- the monthly rating


class Publication(models.Model):
    """A branch's publication of its deputies' rating for a month: from then on the month's
    snapshots of its bodies are frozen; a correction confirmed later makes a new revision,
    published beside the first."""

    branch = models.ForeignKey(
        "org.Branch", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))
    revision = models.PositiveSmallIntegerField(_("revision"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    deputies = models.PositiveIntegerField(_("deputies"))

    class Meta:
        verbose_name = _("rating publication")
        verbose_name_plural = _("rating publications")
        ordering = ["-month", "-revision", "branch"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "month", "revision"], name="one_publication_per_revision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.branch}, {self.month:%m.%Y} ({self.revision})"


class SnapshotQuerySet(models.QuerySet["Snapshot"]):
    def published(self) -> SnapshotQuerySet:
        return self.filter(publication__isnull=False)

    def visible_to(self, user: User) -> SnapshotQuerySet:
        scope = subtree_q(
            user.scope_paths(Capability.VIEW_WORK), "mandate__convocation__body__branch__path"
        )
        if getattr(user, "person_id", None) is not None:
            scope |= Q(mandate__person_id=user.person_id)
        return self.filter(scope)

    def current(self) -> SnapshotQuerySet:
        """Each deputy's month at its latest revision."""
        later = Snapshot.objects.filter(
            mandate_id=models.OuterRef("mandate_id"),
            month=models.OuterRef("month"),
            revision__gt=models.OuterRef("revision"),
        )
        return self.filter(~models.Exists(later))

    def latest_published(self) -> SnapshotQuerySet:
        """Each deputy's month at its latest published revision: what the public reads."""
        later = Snapshot.objects.filter(
            mandate_id=models.OuterRef("mandate_id"),
            month=models.OuterRef("month"),
            revision__gt=models.OuterRef("revision"),
            publication__isnull=False,
        )
        return self.published().filter(~models.Exists(later))


class Snapshot(models.Model):
    """One deputy's month of the rating as computed: the method version, the days in
    office, each component's raw value, normalised value and score (`components`, keyed by
    component), the score, the peer group and the band in it, and a hash of the data it was
    computed from. Recomputing with the same data changes nothing; once published the row
    is frozen (the database refuses to change it) and changed data makes the next revision."""

    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="snapshots")
    month = models.DateField(_("month"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    method = models.ForeignKey(
        Method, verbose_name=_("method version"), on_delete=models.PROTECT, related_name="+"
    )
    days_in_office = models.PositiveSmallIntegerField(_("days in office"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    role = models.CharField(_("role"), max_length=16, choices=Position.choices)
    # Age on the month's last day in office (from the encrypted birth date: kept here so
    # figures count young deputies and the average age in the database; never shown alone).
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    young = models.BooleanField(_("young deputy"))
    components = models.JSONField(_("components"), default=dict)
    # None: fewer days in office than the method needs ("not enough data"), unranked.
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    # 1 is the top fifth of the peer group; none when unranked or the group is under five.
    band = models.PositiveSmallIntegerField(_("band"), null=True, blank=True)
    peers = models.PositiveIntegerField(_("peers ranked"), default=0)
    data_hash = models.CharField(_("hash of the data"), max_length=64)
    computed_at = models.DateTimeField(_("computed"))
    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="snapshots",
    )

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating snapshot")
        verbose_name_plural = _("rating snapshots")
        ordering = ["-month", "level", "role", "band", "-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mandate", "month", "revision"], name="one_snapshot_per_revision"
            ),
            models.CheckConstraint(
                condition=Q(band__isnull=True) | Q(band__gte=1, band__lte=5), name="band_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="score_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=False) | Q(band__isnull=True),
                name="unscored_has_no_band",
            ),
        ]
        indexes = [models.Index(fields=["month", "level", "role"], name="snapshot_peers_idx")]

    def __str__(self) -> str:
        return f"{self.mandate.person}, {self.month:%m.%Y}"


# ---------------------------------------------------------------- imports
# Spreadsheets of a convocation's mandates and of its sittings' attendance, run as every
# import job is (`lib.jobs`); read and written by `registry/imports.py`.

from esep.lib import jobs  # noqa: E402 - kept with the imports' own block


class ImportJob(jobs.ImportJob):
    """An uploaded spreadsheet of a convocation's mandates or of its sittings with their
    attendance, imported by the background worker (`tasks.run_import`)."""

    class Kind(models.TextChoices):
        MANDATES = "mandates", _("mandates")
        ATTENDANCE = "attendance", _("attendance")

    kind = models.CharField(_("what"), max_length=12, choices=Kind.choices)
    convocation = models.ForeignKey(
        Convocation, verbose_name=_("convocation"), on_delete=models.CASCADE, related_name="+"
    )
    # What the import wrote, by record: {"mandates": 30, "people": 12, "posts": 4, …}.
    counts = models.JSONField(default=dict, blank=True)

    class Meta(jobs.ImportJob.Meta):
        verbose_name = _("import of deputies' records")
        verbose_name_plural = _("imports of deputies' records")
