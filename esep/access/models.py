"""Users, their role grants on branches, and the scope those grants give."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from esep.org.models import branch_ids, hold_every_tree, in_branches_q, subtree_q
from esep.org.roles import CAPABILITIES, Capability, Role, roles_with


def outermost(paths: list[str]) -> list[str]:
    """Drop paths that lie under another path in the list."""
    result: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(kept) for kept in result):
            result.append(path)
    return result


class User(AbstractUser):
    person = models.OneToOneField(
        "org.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def _grants(self) -> list[tuple[str, str]]:
        """(role, branch path) pairs, read once per user object (that is, per request)."""
        if not hasattr(self, "_grant_cache"):
            self._grant_cache = (
                list(self.grants.values_list("role", "branch__path")) if self.pk else []
            )
        return self._grant_cache

    def scope_paths(self, capability: Capability) -> list[str]:
        """The branch paths whose subtrees this user may act on with `capability`."""
        if not self.is_active or not self.is_authenticated:
            return []
        if self.is_superuser:
            return [""]
        return outermost(
            [path for role, path in self._grants() if capability in CAPABILITIES[role]]
        )

    def scope_q(self, capability: Capability, field: str = "branch", *, joined: bool = False) -> Q:
        """The records (by their branch `field`) this user may act on with `capability`:
        none, all (whoever holds every tree: no condition for the database to check), or
        those of the branches in scope: listed by id (`org.models.in_branches_q`), or
        `joined` to the branches by their paths — for the smaller tables, where writing and
        planning a region's hundreds of ids costs more than the join (the appeals list them,
        so that the planner weighs each branch's share by its statistics). Whether the
        scope holds every tree, and else which branches it holds, is read once per user
        object (that is, per request)."""
        paths = self.scope_paths(capability)
        cache = self.__dict__.setdefault("_scope_cache", {})
        if capability not in cache:
            cache[capability] = hold_every_tree(paths)
        if cache[capability]:
            return in_branches_q(paths, field, everything=True)
        if joined:
            return subtree_q(paths, f"{field}__path")
        if (capability, "ids") not in cache:
            cache[capability, "ids"] = branch_ids(paths)
        return in_branches_q(paths, field, ids=cache[capability, "ids"])

    def can(self, capability: Capability, branch_path: str | None = None) -> bool:
        """May this user use `capability` somewhere (or on the branch with that path)?"""
        paths = self.scope_paths(capability)
        if branch_path is None:
            return bool(paths)
        return any(branch_path.startswith(path) for path in paths)

    @property
    def roles(self) -> set[str]:
        return {role for role, _path in self._grants()}


def users_holding(capability: Capability, branches: models.QuerySet) -> models.QuerySet[User]:
    """Active users whose role on one of `branches` gives `capability`: who an appeal may be
    given to, who may control an issue."""
    return (
        User.objects.filter(
            is_active=True, grants__role__in=roles_with(capability), grants__branch__in=branches
        )
        .distinct()
        .order_by("username")
    )


class RoleGrant(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    branch = models.ForeignKey(
        "org.Branch", verbose_name=_("branch"), on_delete=models.CASCADE, related_name="grants"
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "branch"], name="one_grant_per_role_branch"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.branch.code}"


class ApiToken(models.Model):
    """A named REST API token of a user. Only a SHA-256 digest of the token is kept (with its
    first characters to find it by and to tell tokens apart): the token itself is shown once,
    when made. A token ends at its expiry or when revoked."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("first characters"), max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} — {self.name} ({self.prefix}…)"
