"""A branch's meetings (urgent weekly meetings, political council, civic committee, public
council) with their participants, agenda and minutes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from esep.control.issues.models import Issue
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: User) -> MeetingQuerySet:
        return self.filter(user.scope_q(Capability.VIEW_WORK, joined=True))


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
