"""Staff sessions end after ESEP_SESSION_IDLE_MINUTES without a request. The time of the
last request is kept in the session, written at most once a minute (not on every request,
so that reading pages does not write to the database each time)."""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest

SEEN_KEY = "esep_seen"
WRITE_EVERY = 60  # seconds


def touch(request: HttpRequest) -> None:
    request.session[SEEN_KEY] = int(time.time())


def idle_too_long(request: HttpRequest) -> bool:
    """Has this session been idle past the limit? If not, note that it is in use."""
    now = int(time.time())
    seen = request.session.get(SEEN_KEY)
    if seen is not None and now - seen > settings.ESEP_SESSION_IDLE_MINUTES * 60:
        return True
    if seen is None or now - seen >= WRITE_EVERY:
        request.session[SEEN_KEY] = now
    return False
