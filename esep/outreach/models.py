"""Outreach campaigns: meetings held and door-to-door rounds against their plan, and the people
reached.

A branch's campaign (an election campaign, a door-to-door action, meetings with voters) has a
period and a plan per territory (a district or town of the branch's territory): meetings to
hold, households to visit, people to reach. What was done is recorded as activities, each a
meeting (place, topic, who spoke, people attending) or a door-to-door round (households
visited, people reached, volunteers out). Both keep on one table (`Activity`, Django's
multi-table inheritance) the day, the territory and the people they reached, so the figure
"people reached" — the rounds' people reached plus the meetings' attendance — is one sum
over one table, placed in time and space as every other figure is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from esep.lib.i18n import TrilingualName
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


class OutreachCampaignQuerySet(models.QuerySet["Campaign"]):
    def visible_to(self, user: User) -> OutreachCampaignQuerySet:
        return self.filter(user.scope_q(Capability.VIEW_WORK, joined=True))

    def with_counts(self) -> OutreachCampaignQuerySet:
        """Each campaign with its meetings held (`meeting_count`) and people reached
        (`people_reached`), as its list, export and REST resource show them: counted in
        subqueries, so no join multiplies the rows or groups them."""
        activities = Activity.objects.filter(campaign=OuterRef("pk")).order_by().values("campaign")
        meetings = activities.filter(kind=Activity.Kind.MEETING).annotate(n=Count("pk"))
        people = activities.annotate(n=Sum("people"))
        return self.annotate(
            meeting_count=Coalesce(Subquery(meetings.values("n"), output_field=IntegerField()), 0),
            people_reached=Coalesce(Subquery(people.values("n"), output_field=IntegerField()), 0),
        )


class Campaign(TrilingualName):
    """A branch's outreach campaign over a period."""

    class Kind(models.TextChoices):
        ELECTION = "election", _("election campaign")
        DOOR_TO_DOOR = "door_to_door", _("door-to-door action")
        MEETINGS = "meetings", _("meetings with voters")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    branch = models.ForeignKey(
        "org.Branch",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="outreach_campaigns",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OutreachCampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("outreach campaign")
        verbose_name_plural = _("outreach campaigns")
        ordering = ["-starts_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="outreach_campaign_period"
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("outreach:campaign", args=[self.pk])


class Plan(models.Model):
    """What a campaign means to do in one territory of its branch."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="plans"
    )
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    meetings = models.PositiveIntegerField(_("meetings planned"))
    households = models.PositiveIntegerField(_("households to visit"))
    people = models.PositiveIntegerField(_("people to reach"))

    class Meta:
        verbose_name = _("plan line")
        verbose_name_plural = _("plan")
        ordering = ["campaign", "territory__path"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "territory"], name="outreach_plan_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign.code}: {self.territory.name}"


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ActivityQuerySet:
        return self.filter(user.scope_q(Capability.VIEW_WORK, "campaign__branch", joined=True))


class Activity(models.Model):
    """A meeting or a door-to-door round of a campaign: when, where, and the people it
    reached (those attending a meeting; those met at the doors on a round)."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("meeting with voters")
        ROUND = "round", _("door-to-door round")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, editable=False)
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("date"))
    people = models.PositiveIntegerField(_("people reached"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["held_on", "kind"], name="outreach_activity_day"),
            models.Index(fields=["campaign", "held_on"], name="outreach_activity_campaign"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.held_on:%d.%m.%Y}"


class Meeting(Activity):
    """A meeting with voters: where, on what, who spoke, how many came."""

    place = models.CharField(_("place"), max_length=255)
    topic = models.CharField(_("topic"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    speakers = models.ManyToManyField(
        "org.Person", verbose_name=_("speakers"), blank=True, related_name="outreach_meetings"
    )

    objects = ActivityQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("meeting with voters")
        verbose_name_plural = _("meetings with voters")
        ordering = ["-held_on", "-pk"]

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.kind = Activity.Kind.MEETING
        super().save(*args, **kwargs)


class Round(Activity):
    """A door-to-door round in a district on one day."""

    households = models.PositiveIntegerField(_("households visited"))
    volunteers = models.PositiveIntegerField(_("volunteers"))

    objects = ActivityQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("door-to-door round")
        verbose_name_plural = _("door-to-door rounds")
        ordering = ["-held_on", "-pk"]

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.kind = Activity.Kind.ROUND
        super().save(*args, **kwargs)
