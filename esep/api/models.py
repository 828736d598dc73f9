"""What the REST API keeps of its own: the keys of idempotent requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotentRequest(models.Model):
    """A creating call made with an Idempotency-Key: the same user sending the same key
    again gets what the first call made, never a second appeal."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("key"), max_length=255)
    # SHA-256 of the request body: the same key with a different body is refused.
    fingerprint = models.CharField(max_length=64)
    appeal = models.ForeignKey(
        "appeals.Appeal", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_request_per_user_key")
        ]

    def __str__(self) -> str:
        return self.key
