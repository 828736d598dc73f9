"""Login lockout (django-axes), counted two ways from the same attempts:

- an account from one address (AXES_LOCKOUT_PARAMETERS, the pair): AXES_FAILURE_LIMIT wrong
  passwords lock that account for that address only, so a stranger elsewhere cannot lock
  a known account out of its office;
- an address as a whole: ESEP_ADDRESS_FAILURE_LIMIT wrong passwords over any accounts lock
  the address, so guessing across many accounts is stopped too. It is higher than the
  account's limit because a reception office's staff share one address.

Both last AXES_COOLOFF_TIME. An administrator unlocks in the admin site (Access attempts:
delete the rows) or with `esep axes_reset_username USER` / `esep axes_reset_ip ADDRESS`."""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

ACCOUNT = "account"
ADDRESS = "address"


def _sum(attempts: Any) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        """Failures that count against the account's limit; an address past its own limit
        counts as the account's limit reached. Which of the two locked is noted on the
        request for the lockout page and the owner's notice."""
        limit = get_failure_limit(request, credentials)
        recent = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        username = get_client_username(request, credentials)
        by_account = _sum(recent.filter(username=username)) if username else 0
        if by_account >= limit:
            request.esep_locked_by = ACCOUNT
            return by_account
        if _sum(recent) >= settings.ESEP_ADDRESS_FAILURE_LIMIT:
            request.esep_locked_by = ADDRESS
            return limit
        return by_account


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The lockout page, saying what is locked and for how long, in the user's language."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"by_address": getattr(request, "esep_locked_by", ACCOUNT) == ADDRESS}
    context["minutes"] = minutes
    return render(request, "registration/locked_out.html", context, status=429)


def client_address(request: HttpRequest) -> str | None:
    """The client's address: from the header the reverse proxy sets, if one is configured
    (ESEP_CLIENT_IP_HEADER), else the connection's. In a list (X-Forwarded-For) the last
    address is the one the nearest proxy saw; those before it are the client's to invent."""
    header = settings.ESEP_CLIENT_IP_HEADER
    if header:
        given = request.headers.get(header, "")
        if given.strip():
            return given.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")
