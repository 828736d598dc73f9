"""Who grants an award to whom: the granting branch is the branch of the award's level at
or above the nominating branch (the nominating branch in its subtree), and the granting body
that branch's bureau or political council."""

from __future__ import annotations

from django.db.models import QuerySet

from esep.awards.models import Award
from esep.org.models import Body, Branch

GRANTING_BODY_KINDS = (Body.Kind.BUREAU, Body.Kind.POLITICAL_COUNCIL)


def granting_branch(award: Award, nominating: Branch) -> Branch | None:
    """The nearest branch of the award's level at or above the nominating branch."""
    above = Branch.objects.and_above(nominating).filter(kind=award.level)
    return max(above, key=lambda branch: len(branch.path), default=None)


def granting_bodies(award: Award, nominating: Branch) -> QuerySet[Body]:
    """The bodies that may decide the nomination: the granting branch's bureau or
    political council."""
    branch = granting_branch(award, nominating)
    if branch is None:
        return Body.objects.none()
    return Body.objects.filter(branch=branch, kind__in=GRANTING_BODY_KINDS).select_related("branch")


def may_grant(body: Body, award: Award, nominating: Branch) -> bool:
    return (
        body.kind in GRANTING_BODY_KINDS
        and body.branch.kind == award.level
        and nominating.path.startswith(body.branch.path)
    )
