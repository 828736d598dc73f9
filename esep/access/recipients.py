"""Who is told about a branch's affairs: its heads, and the heads of every branch above it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from django.core.mail import send_mail
from django.utils import translation

from esep.access.models import RoleGrant, User
from esep.org.roles import Role

T = TypeVar("T")


class BranchHeads:
    """The active branch heads, read once, asked per branch path."""

    def __init__(self) -> None:
        self.grants = list(
            RoleGrant.objects.filter(role=Role.BRANCH_HEAD, user__is_active=True).values_list(
                "user_id", "branch__path"
            )
        )

    def over(self, branch_path: str) -> set[int]:
        return {user for user, path in self.grants if branch_path.startswith(path)}


def mail_each(plan: Mapping[int, T], compose: Callable[[T], tuple[str, list[str]]]) -> int:
    """E-mail each active user of `plan` who has an address what `compose` makes of their
    items — (subject, lines), written in Kazakh, the site's language —; the number sent.
    The morning's reminders of the apps send their lists this way."""
    sent = 0
    for user in User.objects.filter(pk__in=plan, is_active=True).exclude(email=""):
        with translation.override("kk"):
            subject, lines = compose(plan[user.pk])
        send_mail(subject, "\n".join(lines), None, [user.email])
        sent += 1
    return sent
