"""Who may do what on elections: the central office and a branch's election headquarters
(those with MANAGE_ELECTIONS in the branch that follows the election) record the elections,
lists, candidates and protocols and certify the results; the central office records the
campaigns. Certifying a body's election records the winners' mandates, which also needs
MANAGE_DEPUTIES there (the deputies' actions check it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from esep.org.models import Branch
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


def may_manage(user: User, branch: Branch) -> bool:
    return user.is_authenticated and user.can(Capability.MANAGE_ELECTIONS, branch.path)


def may_manage_nationally(user: User) -> bool:
    root = Branch.objects.get_first_root_node()
    return root is not None and may_manage(user, root)
