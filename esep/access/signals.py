from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import get_language

from esep.access import sessions, twofactor
from esep.access.lockout import ADDRESS
from esep.access.models import User
from esep.access.tasks import notify_locked_out
from esep.audit.log import events_for, record_event


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: Any, username: str | None, **kwargs: Any) -> None:
    """Record the lockout and tell the account's owner, once per lockout: axes signals
    again on every attempt made while the account is locked. An address locked for guesses
    across many accounts is not the owner's news."""
    if getattr(request, "esep_locked_by", None) == ADDRESS:
        return
    user = User.objects.filter(username=username).first() if username else None
    if user is None:
        return
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    if events_for(user).filter(action="access.locked_out", at__gte=since).exists():
        return
    with transaction.atomic():
        record_event(actor=None, action="access.locked_out", obj=user)
    notify_locked_out.enqueue(user_id=user.pk, language=get_language() or "kk")


@receiver(user_logged_in)
def on_logged_in(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    """A new session starts its idle clock, and remembers whether its user has a second
    factor to pass (so the pages need not ask the database on every request)."""
    if request is None or not hasattr(request, "session"):
        return
    sessions.touch(request)
    request.session[twofactor.ENROLLED_KEY] = twofactor.is_enrolled(user)
