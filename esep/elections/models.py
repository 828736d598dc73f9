"""Public elections the party takes part in: the Mazhilis, the maslikhats of every level and
the akims elected directly (a rural district, a town, a district); their constituencies,
the parties' lists and the candidates, the commission's protocols (the tallies, by
constituency and polling station where known), the seats the law gives each list
(`seats.allocate`) and who won.

An election is recorded while it is prepared and counted (`State.OPEN`) and certified once
the protocol is final: then the winners are named — the list candidates in list order, the
district's and the akim's winner by most votes — and their mandates recorded: a deputy's
mandate in the body's new convocation (`esep.deputies`), an akim's `Tenure` here. The
figures of elections (`esep.figures.elections`) are computed from these records only.

A candidate's age on election day is kept on their registration (`Candidate.age`): the
commission publishes it with the name, and it lets the figures average it in the database
without reading anyone's birth date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from esep.elections.lifecycle import State
from esep.lib import jobs
from esep.lib.i18n import TrilingualName
from esep.org.models import subtree_q
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


class Kind(models.TextChoices):
    """What is elected."""

    MAZHILIS = "mazhilis", _("Mazhilis of Parliament")
    MASLIKHAT = "maslikhat", _("maslikhat")
    AKIM = "akim", _("akim")


class Office(models.TextChoices):
    """Whose akim is elected directly."""

    RURAL_DISTRICT = "rural_district", _("akim of a rural district")
    TOWN = "town", _("akim of a town")
    DISTRICT = "district", _("akim of a district")


class System(models.TextChoices):
    PARTY_LIST = "party_list", _("party lists")
    SINGLE_MEMBER = "single_member", _("single-member districts")
    MIXED = "mixed", _("mixed: party lists and single-member districts")


class Base(models.TextChoices):
    """What the threshold's percentage is of."""

    LIST_VOTES = "list_votes", _("the votes cast for the party lists")
    WITH_AGAINST_ALL = "with_against_all", _("the votes for the lists and “against all”")
    TOOK_PART = "took_part", _("the voters who took part")


class Tie(models.TextChoices):
    """Who takes a mandate when two lists' remainders are equal (`seats.Tie`)."""

    EARLIER_REGISTRATION = "earlier_registration", _("the list registered earlier (the law)")
    MORE_VOTES = "more_votes", _("the list with more votes, then the one registered earlier")


class ElectionCampaignQuerySet(models.QuerySet["Campaign"]):
    # Named apart from aid's CampaignQuerySet: the type checker's generated managers are
    # named after the queryset class, and two of one name take each other's place.
    def certified(self) -> ElectionCampaignQuerySet:
        return self.filter(elections__state=State.CERTIFIED).distinct()


class Campaign(TrilingualName):
    """The elections held on one day by one call, seen together: "the elections of rural
    akims of 25 July 2021", "the Mazhilis and maslikhats of 10 January 2021"."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    held_on = models.DateField(_("election day"))

    objects = ElectionCampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("election campaign")
        verbose_name_plural = _("election campaigns")
        ordering = ["-held_on", "code"]

    def get_absolute_url(self) -> str:
        return reverse("elections:campaign", args=[self.code])


class ElectionQuerySet(models.QuerySet["Election"]):
    def visible_to(self, user: User) -> ElectionQuerySet:
        """The elections followed by the branch subtrees where the user reads the work."""
        return self.filter(subtree_q(user.scope_paths(Capability.VIEW_WORK), "branch__path"))

    def certified(self) -> ElectionQuerySet:
        return self.filter(state=State.CERTIFIED)


class Election(models.Model):
    """One election: of a body's deputies or of one akim, in its territory, on its day,
    under its rules (the system, the threshold and what it is a share of, the tie rule, the
    version of the law), followed by the party's branch of the territory."""

    State = State

    code = models.SlugField(_("code"), max_length=80, unique=True)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("election campaign"),
        on_delete=models.PROTECT,
        related_name="elections",
    )
    kind = models.CharField(_("what is elected"), max_length=10, choices=Kind.choices)
    office = models.CharField(_("akim of"), max_length=16, choices=Office.choices, blank=True)
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    branch = models.ForeignKey(
        "org.Branch", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(
        "deputies.RepresentativeBody",
        verbose_name=_("representative body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="elections",
        help_text=_("Where the winners sit; empty for an akim's election."),
    )
    held_on = models.DateField(_("election day"))
    term_starts_on = models.DateField(
        _("winners take office on"), help_text=_("The new convocation's or akim's first day.")
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    system = models.CharField(_("electoral system"), max_length=14, choices=System.choices)
    list_seats = models.PositiveSmallIntegerField(
        _("seats shared among the party lists"), default=0
    )
    threshold = models.DecimalField(_("threshold, %"), max_digits=5, decimal_places=2, default=0)
    base = models.CharField(
        _("the threshold is a share of"),
        max_length=16,
        choices=Base.choices,
        default=Base.LIST_VOTES,
    )
    tie = models.CharField(
        _("equal remainders"), max_length=20, choices=Tie.choices, default=Tie.EARLIER_REGISTRATION
    )
    runner_up = models.BooleanField(
        _("the runner-up list is admitted when only one passes"),
        default=False,
        help_text=_("The law of 2009–2021: its quotient × 0.7, at least two mandates."),
    )
    law_version = models.CharField(
        _("version of the law"),
        max_length=255,
        help_text=_("The election law and the date of its wording the election was held under."),
    )
    has_against_all = models.BooleanField(_("the ballot has “against all”"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    convocation = models.ForeignKey(
        "deputies.Convocation",
        verbose_name=_("convocation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    certified_at = models.DateTimeField(_("certified"), null=True, blank=True)
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("certified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ElectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-held_on", "kind", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="election_has_seats"),
            models.CheckConstraint(
                condition=Q(list_seats__lte=F("seats")), name="election_list_seats_within"
            ),
            models.CheckConstraint(
                condition=Q(threshold__gte=0, threshold__lte=100), name="election_threshold_pct"
            ),
            models.CheckConstraint(
                condition=~Q(kind="akim") | (~Q(office="") & Q(body__isnull=True, seats=1)),
                name="akim_election_has_office",
            ),
            models.CheckConstraint(
                condition=Q(kind="akim") | Q(office=""), name="office_only_for_akims"
            ),
            models.CheckConstraint(
                condition=Q(term_starts_on__gte=F("held_on")), name="term_starts_after_vote"
            ),
        ]
        indexes = [models.Index(fields=["kind", "held_on"], name="election_kind_day_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("elections:election", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("portal:election", args=[self.code])

    @property
    def title(self) -> str:
        what = self.get_office_display() if self.kind == Kind.AKIM else self.get_kind_display()
        return f"{what}: {self.territory}, {self.held_on:%d.%m.%Y}"


class Constituency(models.Model):
    """A single-member district (or a multi-member one) of an election, bound to its
    territory. A party-list election's whole territory is its one constituency and needs
    no record; an akim's election is one district."""

    election = models.ForeignKey(
        Election,
        verbose_name=_("election"),
        on_delete=models.CASCADE,
        related_name="constituencies",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)

    class Meta:
        verbose_name = _("constituency")
        verbose_name_plural = _("constituencies")
        ordering = ["election", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "number"], name="constituency_number_unique"
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="constituency_has_seats"),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} — {self.territory}"


class PartyList(models.Model):
    """A party's list registered for the election; `registered` is its place in the order
    the commission registered the lists (the law's tie rule reads it). `seats` is written
    when the election is certified."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="lists"
    )
    party = models.ForeignKey(
        "deputies.Party", verbose_name=_("party"), on_delete=models.PROTECT, related_name="+"
    )
    registered = models.PositiveSmallIntegerField(_("order of registration"))
    seats = models.PositiveSmallIntegerField(_("seats won"), null=True, blank=True)

    class Meta:
        verbose_name = _("party list")
        verbose_name_plural = _("party lists")
        ordering = ["election", "registered"]
        constraints = [
            models.UniqueConstraint(fields=["election", "party"], name="one_list_per_party"),
            models.UniqueConstraint(
                fields=["election", "registered"], name="list_registration_order_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.party)


class CandidateQuerySet(models.QuerySet["Candidate"]):
    def standing(self) -> CandidateQuerySet:
        return self.filter(withdrawn_on__isnull=True)

    def winners(self) -> CandidateQuerySet:
        return self.filter(elected=True)


class Candidate(models.Model):
    """A person standing: on a party's list at a position, or in a constituency (for a
    party or self-nominated), or for akim (the election itself is the district). The
    nominating branch is where the party put them forward; the name is public, their
    personal data never is."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="candidates"
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="+"
    )
    party = models.ForeignKey(
        "deputies.Party",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: self-nominated."),
    )
    party_list = models.ForeignKey(
        PartyList,
        verbose_name=_("party list"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="candidates",
    )
    position = models.PositiveSmallIntegerField(_("place on the list"), null=True, blank=True)
    constituency = models.ForeignKey(
        Constituency,
        verbose_name=_("constituency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
    )
    nominated_by = models.ForeignKey(
        "org.Branch",
        verbose_name=_("nominated by the branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    age = models.PositiveSmallIntegerField(_("age on election day"), null=True, blank=True)
    registered_on = models.DateField(_("registered on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    elected = models.BooleanField(_("elected"), default=False)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["election", "party_list", "position", "constituency", "person__surname"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "person"], name="one_candidacy_per_election"
            ),
            models.UniqueConstraint(
                fields=["party_list", "position"],
                condition=Q(party_list__isnull=False),
                name="one_candidate_per_list_place",
            ),
            models.CheckConstraint(
                condition=Q(party_list__isnull=True, position__isnull=True)
                | Q(party_list__isnull=False, position__gte=1, constituency__isnull=True),
                name="list_candidate_has_place",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(elected=False),
                name="withdrawn_not_elected",
            ),
        ]
        indexes = [models.Index(fields=["election", "elected"], name="candidate_elected_idx")]

    def __str__(self) -> str:
        return self.person.full_name


class Tally(models.Model):
    """One row of the commission's protocol: a polling station's count, or a constituency's
    or a territory's where the stations are not known. Rows at one level only per place:
    the election's totals are their sums."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="tallies"
    )
    constituency = models.ForeignKey(
        Constituency,
        verbose_name=_("constituency"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tallies",
    )
    territory = models.ForeignKey(
        "org.Territory",
        verbose_name=_("counted in"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    station = models.CharField(_("polling station"), max_length=20, blank=True)
    registered_voters = models.PositiveIntegerField(_("voters on the lists"))
    took_part = models.PositiveIntegerField(_("voters who took part"))
    invalid = models.PositiveIntegerField(_("invalid ballots"), default=0)
    against_all = models.PositiveIntegerField(_("against all"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("protocol row")
        verbose_name_plural = _("protocol rows")
        ordering = ["election", "constituency", "territory", "station"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "constituency", "territory", "station"],
                name="one_tally_per_place",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(took_part__lte=F("registered_voters")), name="turnout_within_roll"
            ),
            models.CheckConstraint(
                condition=Q(invalid__lte=F("took_part")), name="invalid_within_ballots"
            ),
        ]

    def __str__(self) -> str:
        return self.station or str(self.constituency or self.territory)


class Votes(models.Model):
    """The votes one list or one candidate received in one protocol row."""

    tally = models.ForeignKey(
        Tally, verbose_name=_("protocol row"), on_delete=models.CASCADE, related_name="votes"
    )
    party_list = models.ForeignKey(
        PartyList,
        verbose_name=_("party list"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="votes",
    )
    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="votes",
    )
    votes = models.PositiveIntegerField(_("votes"))

    class Meta:
        verbose_name = _("votes")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=Q(party_list__isnull=True) ^ Q(candidate__isnull=True),
                name="votes_for_a_list_or_a_candidate",
            ),
            models.UniqueConstraint(
                fields=["tally", "party_list"],
                condition=Q(party_list__isnull=False),
                name="one_count_per_list",
            ),
            models.UniqueConstraint(
                fields=["tally", "candidate"],
                condition=Q(candidate__isnull=False),
                name="one_count_per_candidate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_list or self.candidate}: {self.votes}"


class TenureQuerySet(models.QuerySet["Tenure"]):
    def held_on(self, day) -> TenureQuerySet:  # type: ignore[no-untyped-def]
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day)


class Tenure(models.Model):
    """An akim's term of office in a territory: appointed (before direct elections, or
    between them) or elected (`election` names the vote). The corps of akims at a day is
    the tenures held on it."""

    person = models.ForeignKey(
        "org.Person", verbose_name=_("akim"), on_delete=models.PROTECT, related_name="+"
    )
    office = models.CharField(_("akim of"), max_length=16, choices=Office.choices)
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("term start"))
    ended_on = models.DateField(_("term end"), null=True, blank=True)
    election = models.OneToOneField(
        Election,
        verbose_name=_("elected at"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tenure",
        help_text=_("Empty: appointed."),
    )

    objects = TenureQuerySet.as_manager()

    class Meta:
        verbose_name = _("akim's term")
        verbose_name_plural = _("akims' terms")
        ordering = ["territory", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="tenure_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["office", "started_on"], name="tenure_office_idx")]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_office_display()}, {self.territory}"


class ImportJob(jobs.ImportJob):
    """An uploaded protocol spreadsheet of an open election (a row per polling station,
    constituency or territory: the roll, the turnout, the ballots and each list's and
    candidate's votes), imported by the background worker, all rows or none."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="+"
    )
    # What the import wrote: {"rows": 12}.
    counts = models.JSONField(default=dict, blank=True)

    class Meta(jobs.ImportJob.Meta):
        verbose_name = _("import of a protocol")
        verbose_name_plural = _("imports of protocols")
