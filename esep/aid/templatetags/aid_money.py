"""The aid templates' filters: amounts of tenge as the user's language writes numbers
(`{{ amount|tenge }}` → 265 000 000 ₸ in kk and ru, 265,000,000 ₸ in en), and whether a
user's VIEW_AID reaches a branch (`{{ user|sees_aid:path }}`, for the figures' drill-down)."""

from __future__ import annotations

from typing import Any

from django import template

from esep.aid.rules import tenge as in_tenge
from esep.org.roles import Capability

register = template.Library()


@register.filter
def tenge(value: Any) -> str:
    return in_tenge(int(value or 0))


@register.filter
def sees_aid(user: Any, branch_path: str) -> bool:
    """Whether the user's VIEW_AID reaches the branch: the household's page and category
    are theirs to see."""
    return bool(
        getattr(user, "is_authenticated", False) and user.can(Capability.VIEW_AID, branch_path)
    )
