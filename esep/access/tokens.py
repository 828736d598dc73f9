"""A user's tokens for the REST API: several per user, each named, with an expiry, kept only
as a SHA-256 digest. A token is a 32-byte random string; its first characters find the row,
and the digest is compared in constant time."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from esep.access.models import ApiToken, User
from esep.audit.log import record_event

PREFIX_LENGTH = 8
DEFAULT_DAYS = 90
# The lifetimes offered when a token is made, in days.
LIFETIMES = (30, 90, 180, 365)
# How often the last use of a token is written down: not on every call.
LAST_USED_EVERY = dt.timedelta(minutes=1)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(user: User, *, name: str = "", days: int = DEFAULT_DAYS) -> str:
    """Make a token for the user and return it: the only time it is seen whole."""
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name or "API",
            prefix=key[:PREFIX_LENGTH],
            digest=digest(key),
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        record_event(
            actor=user,
            action="access.token_issued",
            obj=user,
            changes={"token": token.prefix, "name": token.name, "days": days},
        )
    return key


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's tokens that still work, newest first."""
    return ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def revoke_token(user: User, token_id: int | None = None, *, actor: User | None = None) -> int:
    """Revoke one of the user's tokens (or all of them): calls with it are refused at once.
    Returns how many were revoked."""
    found = tokens_of(user)
    if token_id is not None:
        found = found.filter(pk=token_id)
    with transaction.atomic():
        prefixes = list(found.values_list("prefix", flat=True))
        found.update(revoked_at=timezone.now())
        for prefix in prefixes:
            record_event(
                actor=actor or user,
                action="access.token_revoked",
                obj=user,
                changes={"token": prefix},
            )
    return len(prefixes)


def user_for(key: str) -> tuple[User | None, ApiToken | None]:
    """The active user a token belongs to, if the token is known, unexpired and unrevoked;
    with the token found (even when it no longer works, so the caller can say why)."""
    wanted = digest(key)
    for token in ApiToken.objects.filter(prefix=key[:PREFIX_LENGTH]).select_related("user"):
        if hmac.compare_digest(token.digest, wanted):
            now = timezone.now()
            if token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
                return None, token
            if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            return token.user, token
    return None, None
