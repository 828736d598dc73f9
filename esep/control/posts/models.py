"""Party control posts at social and engineering infrastructure, their inspection visits
and the visits' photos."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.control.common import work_scope

if TYPE_CHECKING:
    from esep.access.models import User


class ControlPostQuerySet(models.QuerySet["ControlPost"]):
    def visible_to(self, user: User) -> ControlPostQuerySet:
        """The branch subtree's posts, and the posts the user heads or sits on, wherever."""
        scope = work_scope(user)
        if user.person_id is not None:
            own = ControlPost.objects.filter(
                Q(head_id=user.person_id) | Q(members=user.person_id)
            ).values("pk")
            scope |= Q(pk__in=own)
        return self.filter(scope)


class ControlPost(models.Model):
    """A party control post at an object: a school under construction, a hospital, a road."""

    class ObjectKind(models.TextChoices):
        SCHOOL = "school", _("school")
        HOSPITAL = "hospital", _("hospital")
        CLINIC = "clinic", _("clinic")
        KINDERGARTEN = "kindergarten", _("kindergarten")
        ROAD = "road", _("road")
        UTILITY_NETWORK = "utility_network", _("utility network")
        HOUSING = "housing", _("housing")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")

    object_kind = models.CharField(_("object"), max_length=20, choices=ObjectKind.choices)
    object_name = models.CharField(_("name of the object"), max_length=255)
    address = models.CharField(_("address"), max_length=255)
    territory = models.ForeignKey(
        "org.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    branch = models.ForeignKey(
        "org.Branch",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="control_posts",
    )
    head = models.ForeignKey(
        "org.Person",
        verbose_name=_("heading deputy"),
        on_delete=models.PROTECT,
        related_name="control_posts_headed",
    )
    members = models.ManyToManyField(
        "org.Person", verbose_name=_("members"), blank=True, related_name="control_posts"
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ControlPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("party control post")
        verbose_name_plural = _("party control posts")
        ordering = ["-opened_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active", closed_on__isnull=True)
                | Q(status="closed", closed_on__isnull=False),
                name="control_post_closed_with_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.object_name} ({self.get_object_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse("control:post", args=[self.pk])

    def is_on_post(self, user: User) -> bool:
        """The heading deputy and the members record visits of their own post."""
        if user.person_id is None:
            return False
        return self.head_id == user.person_id or self.members.filter(pk=user.person_id).exists()


class Visit(models.Model):
    """An inspection visit of a control post and what it found."""

    class Situation(models.IntegerChoices):
        CRITICAL = 1, _("critical")
        POOR = 2, _("poor")
        FAIR = 3, _("fair")
        GOOD = 4, _("good")
        EXCELLENT = 5, _("excellent")

    post = models.ForeignKey(ControlPost, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    visitors = models.ManyToManyField(
        "org.Person", verbose_name=_("who visited"), related_name="control_visits"
    )
    findings = models.TextField(_("what was found"))
    situation = models.PositiveSmallIntegerField(
        _("rating of the situation"),
        choices=Situation.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    # A finding raised as an appeal (channel: control post), keeping the link.
    appeal = models.OneToOneField(
        "appeals.Appeal",
        verbose_name=_("appeal raised"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="control_visit",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection visit")
        verbose_name_plural = _("inspection visits")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.post.object_name}, {self.visited_on:%d.%m.%Y}"


def photo_path(instance: VisitPhoto, filename: str) -> str:
    return f"visits/{timezone.now():%Y/%m}/{secrets.token_hex(16)}"


class VisitPhoto(models.Model):
    """A photo of a visit; served only through esep to those who may see the post."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("file"), upload_to=photo_path)
    name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
