from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.dispatch import receiver
from django.utils.translation import get_language


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: Any, username: str | None, **kwargs: Any) -> None:
    from esep.access.models import User
    from esep.access.tasks import notify_locked_out

    user = User.objects.filter(username=username).only("pk").first() if username else None
    if user is not None:
        notify_locked_out.enqueue(user_id=user.pk, language=get_language() or "kk")
