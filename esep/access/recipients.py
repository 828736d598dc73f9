"""Who is told about a branch's affairs: its heads, and the heads of every branch above it."""

from __future__ import annotations

from esep.access.models import RoleGrant
from esep.org.roles import Role


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
