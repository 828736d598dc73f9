"""Refusing a page to a role that has no use of it at all (objects outside the user's
scope are a 404 through the get_<noun>_for_user fetches instead).

The capability is whatever `user.can` takes (esep.org.roles.Capability): this floor knows
no domain, only that a user can or cannot."""

from __future__ import annotations

from typing import Any, Protocol

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class Able(Protocol):
    def can(self, capability: Any, branch_path: str | None = None) -> bool: ...


def require(user: Able, capability: Any) -> None:
    if not user.can(capability):
        raise PermissionDenied(_("Your role does not give access to this page."))
