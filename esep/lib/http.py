"""Request types for views, so the type checker knows what middleware attaches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from esep.access.models import User


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails


class AuthedRequest(HtmxRequest):
    """A request behind login_required: the user is a real esep User."""

    user: User  # type: ignore[assignment]
