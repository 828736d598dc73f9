"""Background work of the access app, run by the django-tasks database worker."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from esep.access.models import User


@task()
def notify_locked_out(*, user_id: int, language: str) -> bool:
    """Tell a user by e-mail that their account was locked after failed logins, so that an
    attack on it does not go unnoticed. Returns whether a message was sent."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.email:
        return False
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    with translation.override(language):
        subject = _("esep: your account is locked for a while")
        body = _(
            "Someone, perhaps you, entered a wrong password for the account %(username)s "
            "several times. The account is locked for %(minutes)s minutes. If it was not "
            "you, tell your administrator."
        ) % {"username": user.username, "minutes": minutes}
    send_mail(subject, body, None, [user.email])
    return True
