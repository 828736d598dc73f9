"""The REST API's token authentication: `Authorization: Token <key>`, checked against the
hashed tokens of `tokens.py`. An unknown, expired or revoked token is a 401 in the API's
error format (the API's exception handler writes it). It reads the header as DRF's own token
authentication does (and the schema describes it the same way), but never its clear-text
token table."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from esep.access.tokens import user_for


class ApiTokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = user_for(key)
        if user is not None:
            return user, token
        if token is not None and token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("The token was revoked."))
        if token is not None and token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(_("The token has expired."))
        raise exceptions.AuthenticationFailed(_("The token is not valid."))
