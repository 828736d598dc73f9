"""Receptions of citizens: at the branch's office, and mobile ones away from it (markets,
stations, enterprises, settlements, online)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


class Kind(models.TextChoices):
    OFFICE = "office", _("office reception")
    MOBILE = "mobile", _("mobile reception")


class Place(models.TextChoices):
    OFFICE = "office", _("office")
    MARKET = "market", _("market")
    STATION = "station", _("station")
    ENTERPRISE = "enterprise", _("enterprise")
    SETTLEMENT = "settlement", _("settlement")
    ONLINE = "online", _("online")


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class ReceptionQuerySet(models.QuerySet["Reception"]):
    def visible_to(self, user: User) -> ReceptionQuerySet:
        return self.filter(user.scope_q(Capability.VIEW_WORK, joined=True))

    def public(self) -> ReceptionQuerySet:
        """What the public schedule shows: planned and held receptions, never cancelled
        ones' reasons or anything about the people received."""
        return self.exclude(status=Status.CANCELLED)


class Reception(models.Model):
    branch = models.ForeignKey(
        "org.Branch", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="receptions"
    )
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    place_type = models.CharField(_("place"), max_length=12, choices=Place.choices)
    address = models.CharField(_("address or link"), max_length=255)
    starts_at = models.DateTimeField(_("starts"))
    # The local date it is held on (in the territory's zone), for figures by period.
    day = models.DateField(_("date"), editable=False, db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    receivers = models.ManyToManyField(
        "org.Person", verbose_name=_("receivers"), related_name="receptions_held"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    # Counted when held: everyone received, whether or not they left a written appeal.
    people_received = models.PositiveIntegerField(_("people received"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ReceptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("reception")
        verbose_name_plural = _("receptions")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="reception_schedule_idx"),
            models.Index(fields=["branch", "starts_at"], name="reception_branch_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="reception_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(people_received__isnull=False),
                name="reception_held_counts_people",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="reception_cancelled_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} {self.local(self.starts_at):%d.%m.%Y %H:%M}, {self.address}"
        )

    def save(self, *args, **kwargs) -> None:
        self.day = self.local(self.starts_at).date()
        if update_fields := kwargs.get("update_fields"):
            kwargs["update_fields"] = {*update_fields, "day"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("receptions:detail", args=[self.pk])

    def local(self, moment: dt.datetime) -> dt.datetime:
        """A moment of this reception on the clock where it is held."""
        return timezone.localtime(moment, zoneinfo.ZoneInfo(self.territory.time_zone))
