"""Amounts of tenge as the user's language writes numbers: `{{ amount|tenge }}` → 265 000 000 ₸
(kk, ru) or 265,000,000 ₸ (en)."""

from __future__ import annotations

from typing import Any

from django import template

from esep.aid.rules import tenge as in_tenge

register = template.Library()


@register.filter
def tenge(value: Any) -> str:
    return in_tenge(int(value or 0))
