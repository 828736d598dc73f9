"""What the four areas of party control share: the scope of party work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from esep.org.models import subtree_q
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


def work_scope(user: User, field: str = "branch__path") -> Q:
    """The records of the branch subtrees whose party work the user sees."""
    return subtree_q(user.scope_paths(Capability.VIEW_WORK), field)
