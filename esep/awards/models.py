"""The party's awards: the catalogue (badges, certificates of honour, medals, letters of
gratitude, each granted at one level of the branch tree), the branches' ceremonies, and the
nominations — a person put forward by a branch, decided by the granting body of a branch of
the award's level above it, recorded with the decision's number and date and the
certificate's number — with the person's consent to have their name published."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from esep.awards.lifecycle import HELD_OR_PENDING, Status
from esep.lib.i18n import TrilingualName
from esep.org.models import Branch, subtree_q
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


def awards_scope(user: User, field: str = "branch__path") -> Q:
    """The records of the branch subtrees whose awards the user reads: party work
    (VIEW_WORK), or the awards' office (MANAGE_AWARDS)."""
    paths = user.scope_paths(Capability.VIEW_WORK) + user.scope_paths(Capability.MANAGE_AWARDS)
    return subtree_q(paths, field)


class Award(TrilingualName):
    """An award of the party's catalogue, kept by the central office in the admin."""

    class Kind(models.TextChoices):
        BADGE = "badge", _("badge")
        CERTIFICATE_OF_HONOUR = "certificate_of_honour", _("certificate of honour")
        MEDAL = "medal", _("medal")
        LETTER_OF_GRATITUDE = "letter_of_gratitude", _("letter of gratitude")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # The kind of branch whose bureau or political council grants it.
    level = models.CharField(
        _("granted at the level of"), max_length=20, choices=Branch.Kind.choices
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["code"]


class CeremonyQuerySet(models.QuerySet["Ceremony"]):
    def visible_to(self, user: User) -> CeremonyQuerySet:
        return self.filter(awards_scope(user))


class Ceremony(models.Model):
    """A branch's awards ceremony."""

    branch = models.ForeignKey(
        "org.Branch", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255)
    title = models.CharField(_("title"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = CeremonyQuerySet.as_manager()

    class Meta:
        verbose_name = _("awards ceremony")
        verbose_name_plural = _("awards ceremonies")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("awards:ceremony", args=[self.pk])


class NominationQuerySet(models.QuerySet["Nomination"]):
    def visible_to(self, user: User) -> NominationQuerySet:
        return self.filter(awards_scope(user))


class Nomination(models.Model):
    """A person put forward for an award by a branch, and the granting body's decision."""

    Status = Status  # its transitions are in lifecycle.py

    person = models.ForeignKey(
        "org.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="award_nominations",
    )
    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="nominations"
    )
    branch = models.ForeignKey(
        "org.Branch",
        verbose_name=_("nominating branch"),
        on_delete=models.PROTECT,
        related_name="award_nominations",
    )
    grounds = models.TextField(_("grounds"))
    grounds_ru = models.TextField(_("grounds in Russian"), blank=True)
    ceremony = models.ForeignKey(
        Ceremony,
        verbose_name=_("ceremony"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOMINATED
    )
    granting_body = models.ForeignKey(
        "org.Body",
        verbose_name=_("granting body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_number = models.CharField(_("decision number"), max_length=40, blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    certificate_number = models.CharField(
        _("certificate number"), max_length=40, null=True, blank=True, unique=True
    )
    consent_to_publish = models.BooleanField(
        _("consents to publication of the name"), default=False
    )
    consent_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("nominated"), auto_now_add=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "decided_on"], name="nomination_status_day_idx"),
        ]
        constraints = [
            # One person gets the same award once, and is not put forward for it twice.
            models.UniqueConstraint(
                fields=["person", "award"],
                condition=Q(status__in=sorted(HELD_OR_PENDING)),
                name="nomination_one_award_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(status="granted")
                | Q(
                    granting_body__isnull=False,
                    decided_on__isnull=False,
                    certificate_number__isnull=False,
                )
                & ~Q(decision_number=""),
                name="nomination_granted_is_decided",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | Q(decided_on__isnull=False),
                name="nomination_refused_is_decided",
            ),
            models.CheckConstraint(
                condition=Q(consent_to_publish=False) | Q(consent_on__isnull=False),
                name="nomination_consent_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.award}"

    def get_absolute_url(self) -> str:
        return reverse("awards:nomination", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.status != Status.NOMINATED


NOMINATION_EVENTS = {
    "awards.nominated": _("nominated"),
    "awards.granted": _("award granted"),
    "awards.refused": _("award refused"),
    "awards.consent": _("consent to publication changed"),
    "awards.ceremony": _("ceremony set"),
}
