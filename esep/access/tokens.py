"""A user's token for the REST API: one per user; a new one replaces the old at once."""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

from esep.access.models import User


def token_of(user: User) -> Token | None:
    return Token.objects.filter(user=user).first()


@transaction.atomic
def issue_token(user: User) -> str:
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user).key


def revoke_token(user: User) -> None:
    Token.objects.filter(user=user).delete()
