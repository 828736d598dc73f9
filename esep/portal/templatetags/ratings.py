"""How the rating's pages write a number: as exact as it was computed (a standard of 0.25
stays 0,25; a score 87,45), in the page's language, without trailing zeros."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from esep.figures import grammar

register = template.Library()


@register.filter
def exact(value: Any, places: int = 2) -> str:
    """87.4500 → 87,45 (kk, ru) or 87.45 (en); 0.25 → 0,25; 2.000 → 2."""
    if value is None or value == "":
        return "—"
    return grammar.decimal(value, (get_language() or "kk")[:2], places=int(places))
