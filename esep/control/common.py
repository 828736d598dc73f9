"""What the four areas of party control share: the scope of party work, the check of
required texts, the lists' branch and territory filters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from esep.org.models import subtree_q
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


def work_scope(user: User, field: str = "branch__path") -> Q:
    """The records of the branch subtrees whose party work the user sees."""
    return subtree_q(user.scope_paths(Capability.VIEW_WORK), field)


def required(**texts: str) -> None:
    for field, text in texts.items():
        if not (text or "").strip():
            raise ValidationError({field: gettext("This field is required.")}, code="required")


def in_subtrees(items: QuerySet, filters: dict[str, Any]) -> QuerySet:
    if branch := filters.get("branch"):
        items = items.filter(branch__path__startswith=branch.path)
    if territory := filters.get("territory"):
        items = items.filter(territory__path__startswith=territory.path)
    return items
