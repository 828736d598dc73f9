"""Use cases that change users and their grants."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from esep.access.models import RoleGrant, User
from esep.audit.log import record_event
from esep.org.models import Branch
from esep.org.roles import Role


@transaction.atomic
def grant_role(
    *,
    username: str,
    role: str,
    branch: Branch,
    password: str | None = None,
    actor: User | None = None,
) -> tuple[User, bool]:
    """Give `username` the role on the branch (and its subtree), creating the user if needed.
    A password given must pass the password validators (ValidationError, nothing saved).
    Returns the user and whether the grant is new."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    user, user_created = User.objects.get_or_create(username=username)
    if password:
        validate_password(password, user)
        user.set_password(password)
    elif user_created:
        user.set_unusable_password()
    if role == Role.CENTRAL_ADMIN:
        # Central administrators configure esep in the admin site.
        user.is_staff = user.is_superuser = True
    user.save()
    if user_created:
        record_event(actor=actor, action="user.created", obj=user)
    _grant, created = RoleGrant.objects.get_or_create(user=user, role=role, branch=branch)
    if created:
        record_event(
            actor=actor,
            action="access.role_granted",
            obj=user,
            changes={"role": role, "branch": branch.code},
        )
    return user, created


@transaction.atomic
def revoke_role(*, user: User, role: str, branch: Branch, actor: User | None = None) -> bool:
    deleted, _ = RoleGrant.objects.filter(user=user, role=role, branch=branch).delete()
    if deleted:
        record_event(
            actor=actor,
            action="access.role_revoked",
            obj=user,
            changes={"role": role, "branch": branch.code},
        )
    return bool(deleted)
