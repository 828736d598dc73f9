"""Assemblies: the party's own democracy — report-election conferences with their delegates,
quotas, registration, agenda and polls, and primaries with their candidates, electors and the
list they make.

The rules that make a vote trustworthy are kept by the schema itself:
- a conference's roll of delegates is frozen before it opens, with a SHA-256 of it published;
- one vote per voter per poll is a unique constraint on `Participation`;
- a secret ballot (`Ballot`) has a random id, no time and no link to the voter: who voted is
  `Participation`, a separate table with nothing the ballot shares;
- each ballot's `receipt` is a SHA-256 over the poll, the ballot's random id and its choices:
  the voter keeps it and finds it, with the same choices, in the published list of ballots;
- every change of a poll's state and every ballot is an entry of a hash-chained log
  (`LogEntry`), which the database keeps append-only and `esep verify-log` checks;
- a poll's result is computed from its ballots (or the counting commission's protocol) by the
  poll's majority rule (`counting.py`), never typed."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from esep.lib import jobs
from esep.lib.i18n import TrilingualName
from esep.org.models import Body, subtree_q
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


# ---------------------------------------------------------------- rules as data


class Quorum(models.TextChoices):
    """How many of the elected delegates must be registered for the conference to decide."""

    MORE_THAN_HALF = "more_than_half", _("more than half of the elected delegates")
    TWO_THIRDS = "two_thirds", _("at least two thirds of the elected delegates")


class Majority(models.TextChoices):
    """What share of the base a motion or a candidate needs."""

    MORE_THAN_HALF = "more_than_half", _("more than half")
    TWO_THIRDS = "two_thirds", _("at least two thirds")
    # The primaries rank their candidates: the most votes win the places, with no threshold.
    PLURALITY = "plurality", _("the most votes")


class Base(models.TextChoices):
    """What the majority is counted of."""

    VOTING = "voting", _("of those voting")
    PRESENT = "present", _("of the delegates registered")
    ELECTED = "elected", _("of the delegates elected")


# ---------------------------------------------------------------- conferences


class ConferenceQuerySet(models.QuerySet["Conference"]):
    def visible_to(self, user: User) -> ConferenceQuerySet:
        return self.filter(user.scope_q(Capability.VIEW_ORG, joined=True))


class Conference(TrilingualName):
    """A branch's conference: its date and places, its quorum rule, the rule that sets the
    sub-branches' delegate quotas, and where it stands (convened → the roll frozen → open →
    closed)."""

    class Kind(models.TextChoices):
        REPORT_ELECTION = "report_election", _("report-election conference")
        REGULAR = "regular", _("conference")
        EXTRAORDINARY = "extraordinary", _("extraordinary conference")

    class State(models.TextChoices):
        CONVENED = "convened", _("convened")
        FROZEN = "frozen", _("roll frozen")
        OPEN = "open", _("in session")
        CLOSED = "closed", _("closed")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    branch = models.ForeignKey(
        "org.Branch", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    hall = models.CharField(_("hall"), max_length=255)
    online = models.BooleanField(_("delegates may take part online"), default=True)
    quorum = models.CharField(
        _("quorum"), max_length=20, choices=Quorum.choices, default=Quorum.MORE_THAN_HALF
    )
    members_per_delegate = models.PositiveIntegerField(_("members per delegate"), default=100)
    minimum_quota = models.PositiveSmallIntegerField(_("delegates at least"), default=1)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.CONVENED
    )
    roll_digest = models.CharField(_("roll's SHA-256"), max_length=64, blank=True)
    roll_frozen_at = models.DateTimeField(_("roll frozen"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("convened by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-held_on", "branch"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "number"], name="conference_number_unique"),
            models.CheckConstraint(
                condition=Q(members_per_delegate__gte=1), name="conference_quota_rule"
            ),
            models.CheckConstraint(
                condition=Q(state="convened") | ~Q(roll_digest=""),
                name="conference_frozen_roll_has_digest",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("assemblies:conference", args=[self.code])


class Quota(models.Model):
    """How many delegates a sub-branch sends: from its active members on the day the quotas
    were counted, by the conference's rule; the secretary may set it by hand."""

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="quotas"
    )
    branch = models.ForeignKey(
        "org.Branch", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    members = models.PositiveIntegerField(_("members"))
    seats = models.PositiveSmallIntegerField(_("delegates"))

    class Meta:
        verbose_name = _("delegate quota")
        verbose_name_plural = _("delegate quotas")
        ordering = ["conference", "branch__path"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "branch"], name="quota_per_branch"),
        ]

    def __str__(self) -> str:
        return f"{self.branch}: {self.seats}"


class Delegate(models.Model):
    """A delegate on a conference's roll: elected by a sub-branch's meeting (its protocol),
    and on the day registered in the hall by the secretary or online by themselves."""

    class Attendance(models.TextChoices):
        ABSENT = "absent", _("not registered")
        IN_PERSON = "in_person", _("in the hall")
        ONLINE = "online", _("online")

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="delegates"
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    branch = models.ForeignKey(
        "org.Branch", verbose_name=_("elected by"), on_delete=models.PROTECT, related_name="+"
    )
    elected_on = models.DateField(_("elected on"))
    protocol = models.CharField(_("meeting's protocol"), max_length=100, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.ABSENT
    )
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["conference", "branch__path", "person__surname", "person__given_name"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "person"], name="one_delegate_seat"),
            models.CheckConstraint(
                condition=Q(attendance="absent", registered_at__isnull=True)
                | (~Q(attendance="absent") & Q(registered_at__isnull=False)),
                name="delegate_registered_with_time",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def registered(self) -> bool:
        return self.attendance != self.Attendance.ABSENT


class Item(TrilingualName):
    """A point of the agenda: a report, an election of a body, a decision, or procedure."""

    class Kind(models.TextChoices):
        REPORT = "report", _("report")
        ELECTION = "election", _("election")
        DECISION = "decision", _("decision")
        PROCEDURE = "procedure", _("procedure")

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    speaker = models.CharField(_("speaker"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["conference", "number"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "number"], name="conference_item_number"),
        ]


# ---------------------------------------------------------------- primaries


class Campaign(TrilingualName):
    """Primaries for an election: the list they make for a representative body, its places,
    the list rules (young candidates at least, women at least where set), the convocation the
    list renews, and where it stands."""

    class State(models.TextChoices):
        NOMINATION = "nomination", _("nomination")
        VOTING = "voting", _("voting")
        COUNTED = "counted", _("counted")
        LISTED = "listed", _("list formed")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    branch = models.ForeignKey(
        "org.Branch", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(
        "deputies.RepresentativeBody",
        verbose_name=_("representative body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    previous = models.ForeignKey(
        "deputies.Convocation",
        verbose_name=_("previous convocation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    nominations_close_on = models.DateField(_("nominations close"))
    vote_on = models.DateField(_("vote"))
    places = models.PositiveSmallIntegerField(_("places on the list"))
    young_share = models.DecimalField(
        _("young candidates at least, %"), max_digits=5, decimal_places=2, default=20
    )
    women_share = models.DecimalField(
        _("women at least, %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.NOMINATION
    )
    roll_digest = models.CharField(_("roll's SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("primaries")
        verbose_name_plural = _("primaries")
        ordering = ["-vote_on", "branch"]
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="campaign_has_places"),
            models.CheckConstraint(
                condition=Q(vote_on__gte=F("nominations_close_on")),
                name="campaign_vote_after_nominations",
            ),
            models.CheckConstraint(
                condition=Q(young_share__gte=0, young_share__lte=100),
                name="campaign_young_share_percent",
            ),
            models.CheckConstraint(
                condition=Q(women_share__isnull=True) | Q(women_share__gte=0, women_share__lte=100),
                name="campaign_women_share_percent",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("assemblies:campaign", args=[self.code])


class Candidate(models.Model):
    """A person nominated in primaries: who nominated them, their documents and consent, the
    checks made, and whether they were registered (or refused, with the reason)."""

    class State(models.TextChoices):
        NOMINATED = "nominated", _("nominated")
        REGISTERED = "registered", _("registered")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("primaries"), on_delete=models.CASCADE, related_name="candidates"
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    nominated_on = models.DateField(_("nominated on"))
    nominated_by = models.ForeignKey(
        "org.Branch",
        verbose_name=_("nominated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The party organisation that nominated the candidate; empty if self-nominated."
        ),
    )
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    documents = models.FileField(_("documents"), upload_to="assemblies/candidates/%Y/", blank=True)
    documents_digest = models.CharField(_("documents' SHA-256"), max_length=64, blank=True)
    checks = models.JSONField(_("checks"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.NOMINATED
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["campaign", "person__surname", "person__given_name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="one_candidacy"),
            models.CheckConstraint(
                condition=~Q(state="registered") | Q(consent_on__isnull=False),
                name="candidate_registered_with_consent",
            ),
            models.CheckConstraint(
                condition=~Q(state="refused") | ~Q(reason=""),
                name="candidate_refused_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


class Debate(TrilingualName):
    """A debate of the primaries' candidates: when, where, who took part."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("primaries"), on_delete=models.CASCADE, related_name="debates"
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255)
    candidates = models.ManyToManyField(Candidate, verbose_name=_("candidates"), related_name="+")

    class Meta:
        verbose_name = _("debate")
        verbose_name_plural = _("debates")
        ordering = ["campaign", "held_on"]


class Elector(models.Model):
    """One person on the primaries' frozen roll: a member (or elector) entitled to vote."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("primaries"), on_delete=models.CASCADE, related_name="electors"
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("elector")
        verbose_name_plural = _("electors")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="one_elector_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.person_id}"


class Place(models.Model):
    """A place on the list the primaries made: the candidates in the order of their votes."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("primaries"), on_delete=models.CASCADE, related_name="places_taken"
    )
    number = models.PositiveSmallIntegerField(_("place on the list"))
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="+"
    )
    votes = models.PositiveIntegerField(_("votes"))

    class Meta:
        verbose_name = _("place on the list")
        verbose_name_plural = _("places on the list")
        ordering = ["campaign", "number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="one_candidate_a_place"),
            models.UniqueConstraint(fields=["campaign", "candidate"], name="one_place_a_candidate"),
        ]

    # ---------------------------------------------------------------- polls

    def __str__(self) -> str:
        return f"{self.number}. {self.candidate}"


class PollQuerySet(models.QuerySet["Poll"]):
    def visible_to(self, user: User) -> PollQuerySet:
        paths = user.scope_paths(Capability.VIEW_ORG)
        return self.filter(
            subtree_q(paths, "item__conference__branch__path")
            | subtree_q(paths, "campaign__branch__path")
        )


class Poll(TrilingualName):
    """A vote on an agenda item of a conference, or the primaries' vote: open and named
    (yes, no, abstain), a secret ballot on a motion, or a secret election of a body's seats
    among candidates (each voter choosing up to `seats`). The majority rule and what it is
    counted of are fields; the result is computed. A paper count by the counting commission
    is entered with its protocol and marked as such."""

    class Kind(models.TextChoices):
        OPEN = "open", _("open vote")
        SECRET = "secret", _("secret ballot")
        ELECTION = "election", _("election")

    class State(models.TextChoices):
        CREATED = "created", _("prepared")
        OPEN = "open", _("voting")
        CLOSED = "closed", _("closed")
        CERTIFIED = "certified", _("certified")

    class Source(models.TextChoices):
        ONLINE = "online", _("online ballots")
        PAPER = "paper", _("paper ballots")
        MIXED = "mixed", _("online and paper ballots")

    item = models.ForeignKey(
        Item,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="polls",
    )
    campaign = models.OneToOneField(
        Campaign,
        verbose_name=_("primaries"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="poll",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    body_kind = models.CharField(
        _("body elected"), max_length=30, choices=Body.Kind.choices, blank=True
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    majority = models.CharField(
        _("majority"), max_length=20, choices=Majority.choices, default=Majority.MORE_THAN_HALF
    )
    base = models.CharField(
        _("counted of"), max_length=10, choices=Base.choices, default=Base.VOTING
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.CREATED
    )
    source = models.CharField(
        _("result from"), max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    certified_at = models.DateTimeField(_("certified"), null=True, blank=True)
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("certified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The counting commission's paper count: its protocol (kept with its SHA-256) and who
    # entered it; certified by someone else.
    protocol = models.FileField(
        _("counting protocol"), upload_to="assemblies/protocols/%Y/", blank=True
    )
    protocol_digest = models.CharField(_("protocol's SHA-256"), max_length=64, blank=True)
    paper_valid = models.PositiveIntegerField(_("valid paper ballots"), default=0)
    paper_invalid = models.PositiveIntegerField(_("invalid paper ballots"), default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PollQuerySet.as_manager()

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["item__conference", "item__number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False, campaign__isnull=True)
                | Q(item__isnull=True, campaign__isnull=False),
                name="poll_of_a_conference_or_primaries",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="poll_has_seats"),
            models.CheckConstraint(
                condition=~Q(kind="open") | Q(seats=1), name="open_vote_one_choice"
            ),
            models.CheckConstraint(
                condition=~Q(state="certified") | Q(certified_at__isnull=False),
                name="poll_certified_with_time",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("assemblies:poll", args=[self.pk])

    @property
    def secret(self) -> bool:
        return self.kind != self.Kind.OPEN

    @property
    def is_election(self) -> bool:
        return self.kind == self.Kind.ELECTION


def conference_of(poll: Poll) -> Conference:
    assert poll.item is not None, "a poll of primaries has no conference"
    return poll.item.conference


def campaign_of(poll: Poll) -> Campaign:
    assert poll.campaign is not None, "a conference's poll has no primaries"
    return poll.campaign


class Option(models.Model):
    """What a voter may choose: yes, no, abstain; or a candidate, nominated with consent.
    `votes` and `elected` are the computed result, filled when the poll closes."""

    class Kind(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")
        ABSTAIN = "abstain", _("abstain")
        CANDIDATE = "candidate", _("candidate")

    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="options"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    person = models.ForeignKey(
        "org.Person",
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    nominated_by = models.CharField(_("nominated by"), max_length=255, blank=True)
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    paper_votes = models.PositiveIntegerField(_("votes on paper"), default=0)
    passed = models.BooleanField(_("elected or adopted"), null=True, blank=True)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["poll", "number"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "number"], name="option_number"),
            models.UniqueConstraint(
                fields=["poll", "person"],
                condition=Q(person__isnull=False),
                name="one_candidacy_a_poll",
            ),
            models.UniqueConstraint(
                fields=["poll", "kind"], condition=~Q(kind="candidate"), name="one_answer_of_a_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind="candidate", person__isnull=False, consent_on__isnull=False)
                | (~Q(kind="candidate") & Q(person__isnull=True)),
                name="candidate_option_with_consent",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person) if self.person_id else self.get_kind_display()


class Participation(models.Model):
    """That a person voted in a poll — and, the database's unique constraint, only once. It
    carries no time and a random id: nothing in it orders or joins it to a ballot."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        HALL = "hall", _("in the hall")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="participations"
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("voter"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["poll", "person"], name="one_vote_per_voter"),
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}/{self.pk}"


class Ballot(models.Model):
    """A ballot as cast: a random id, its choices and its receipt. In an open vote it names
    its voter (`voter`); in a secret one it carries nothing that leads to them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="ballots"
    )
    voter = models.ForeignKey(
        "org.Person",
        verbose_name=_("voter (open votes only)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    choices = models.ManyToManyField(
        Option, verbose_name=_("choices"), related_name="+", blank=True
    )
    receipt = models.CharField(_("receipt"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "voter"], condition=Q(voter__isnull=False), name="one_named_ballot"
            ),
        ]

    def __str__(self) -> str:
        return self.receipt


class Entitled(models.Model):
    """Who was entitled to vote in a poll, saved when it closed."""

    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="entitled"
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("entitled voter")
        verbose_name_plural = _("entitled voters")
        constraints = [
            models.UniqueConstraint(fields=["poll", "person"], name="entitled_once"),
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}/{self.person_id}"


class Result(models.Model):
    """A poll's result as computed when it closed (and again when a paper count is entered):
    how many were entitled, voted, valid and invalid, the base the majority is counted of,
    the votes it needed, and the outcome."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("not adopted")
        ELECTED = "elected", _("all seats filled")
        PARTLY = "partly", _("some seats left unfilled")
        NOT_ELECTED = "not_elected", _("nobody elected")
        RANKED = "ranked", _("ranked")

    poll = models.OneToOneField(
        Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="result"
    )
    entitled = models.PositiveIntegerField(_("entitled"))
    roll = models.PositiveIntegerField(_("on the roll"))
    voted = models.PositiveIntegerField(_("voted"))
    valid = models.PositiveIntegerField(_("valid ballots"))
    invalid = models.PositiveIntegerField(_("invalid ballots"))
    base = models.PositiveIntegerField(_("base"))
    needed = models.PositiveIntegerField(_("votes needed"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    tied = models.BooleanField(_("a tie left a seat open"), default=False)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")

    # ---------------------------------------------------------------- the log and the minutes

    def __str__(self) -> str:
        return self.get_outcome_display()


class LogEntry(models.Model):
    """One entry of a conference's (or primaries') hash-chained log: its number in the
    chain, what happened (`kind`, `payload`), the previous entry's digest and its own, the
    SHA-256 of `prev` + the canonical JSON of (chain, seq, kind, payload). The database keeps
    the table append-only."""

    chain = models.CharField(_("log"), max_length=60, db_index=True)
    seq = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=30)
    payload = models.JSONField(_("payload"))
    prev = models.CharField(_("previous digest"), max_length=64)
    digest = models.CharField(_("digest"), max_length=64)
    written_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["chain", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="log_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq}"


class Minutes(models.Model):
    """A conference's minutes in Kazakh and Russian: drafted from the agenda, attendance,
    votes and decisions, edited by the secretary, then signed — after which they are fixed,
    with their SHA-256 in the log."""

    conference = models.OneToOneField(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="minutes"
    )
    text_kk = models.TextField(_("text in Kazakh"))
    text_ru = models.TextField(_("text in Russian"))
    drafted_at = models.DateTimeField(_("drafted"), auto_now_add=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    digest = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True) | ~Q(digest=""),
                name="signed_minutes_have_digest",
            ),
        ]

    def __str__(self) -> str:
        return str(self.conference)


class ImportJob(jobs.ImportJob):
    """An uploaded spreadsheet of a conference's delegates (each row: IIN, the sending
    branch's code, the day and protocol of the meeting that elected them), imported by the
    background worker, all rows or none."""

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="+"
    )
    # What the import wrote: {"delegates": 80}.
    counts = models.JSONField(default=dict, blank=True)

    class Meta(jobs.ImportJob.Meta):
        verbose_name = _("import of delegates")
        verbose_name_plural = _("imports of delegates")
