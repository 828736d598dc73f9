"""Open311 clients (civic apps holding an API key) and the appeals they submitted."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

KEY_PREFIX_LENGTH = 8


def hash_key(key: str) -> str:
    # Keys are 256 random bits: a plain SHA-256 is enough, no slow hash or salt needed.
    return hashlib.sha256(key.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ClientQuerySet(models.QuerySet["Client"]):
    def with_key(self, key: str) -> ClientQuerySet:
        """The active client holding this key (compared by its hash; the key is not kept)."""
        return self.filter(key_hash=hash_key(key), is_active=True) if key else self.none()


class Client(models.Model):
    """A civic app (FixMyStreet and the like) allowed to submit appeals served by a branch's
    subtree. Its key is shown once when issued; only its hash is stored."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    branch = models.ForeignKey(
        "org.Branch",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Appeals submitted with this key must be served by this branch or below."),
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(
        _("key begins with"), max_length=KEY_PREFIX_LENGTH, editable=False
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def set_new_key(self) -> str:
        """Give the client a fresh key (not saved) and return it: the only time it is seen."""
        key = secrets.token_urlsafe(32)
        self.key_hash, self.key_prefix = hash_key(key), key[:KEY_PREFIX_LENGTH]
        return key


class Submission(models.Model):
    """An appeal that came through Open311: which client sent it, and the token the client
    was given for it."""

    appeal = models.OneToOneField(
        "appeals.Appeal",
        verbose_name=_("appeal"),
        on_delete=models.CASCADE,
        related_name="open311_submission",
    )
    client = models.ForeignKey(
        Client,
        verbose_name=_("Open311 client"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    token = models.CharField(_("token"), max_length=40, unique=True, default=new_token)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 submission")
        verbose_name_plural = _("Open311 submissions")

    def __str__(self) -> str:
        return f"{self.client} → {self.appeal}"
