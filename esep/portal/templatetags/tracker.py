"""How the promise tracker writes progress: a share of 0..1 as a percentage in the page's
language (57 %), a pace to two decimals, a number as typed without trailing zeros."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from esep.figures.templatetags.press import num, pct

register = template.Library()


@register.filter
def of_one(value: float | None) -> str:
    """0.575 → 57,5% (the figures' way of writing a share)."""
    return pct(None if value is None else round(100 * value, 1))


@register.filter
def amount(value: Any) -> str:
    """A measured or target value: 60.0000 → 60, 12.5000 → 12,5, 13007 → 13 007."""
    if value is None:
        return num(None)
    if isinstance(value, Decimal):
        value = float(value.normalize())
    return num(float(value) if not float(value).is_integer() else int(value))


@register.filter
def meter(value: float | None) -> str:
    """A share of 0..1 for a <meter>'s value attribute, whatever the page's language."""
    return "0" if value is None else f"{min(max(value, 0.0), 1.0):.3f}"
