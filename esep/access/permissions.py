"""Refusing a page to a role that has no use of it at all (objects outside the user's
scope are a 404 through the get_<noun>_for_user fetches instead)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from esep.access.models import User
from esep.access.roles import Capability


def require(user: User, capability: Capability) -> None:
    if not user.can(capability):
        raise PermissionDenied(_("Your role does not give access to this page."))
