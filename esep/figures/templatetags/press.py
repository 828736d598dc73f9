"""Filters for press-release templates and figure pages: numbers as kk and ru write them."""

from __future__ import annotations

from functools import cache
from typing import Any

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

from esep.figures import grammar

register = template.Library()


def _language() -> str:
    return (get_language() or "kk")[:2]


MISSING = "—"  # a figure the report does not hold


def _missing(value: Any) -> bool:
    return value is None or value == ""


@register.filter
def num(value: Any) -> str:
    """13007 → 13 007."""
    if _missing(value):
        return MISSING
    if isinstance(value, float) and not value.is_integer():
        return grammar.decimal(value, _language())
    return grammar.group(int(value), _language())


@register.filter
def pct(value: Any) -> str:
    """57.5 → 57,5%."""
    return MISSING if _missing(value) else grammar.percent(value, _language())


@register.filter
def case(value: Any, name: str) -> str:
    """Kazakh: 1600|case:"abl" → 1 600-ден; 10|case:"poss" → 10-ы."""
    return MISSING if _missing(value) else grammar.kk(int(value), name)


@register.filter
def plural(value: Any, forms: str) -> str:
    """Russian: 13007|plural:"обращение,обращения,обращений" → 13 007 обращений."""
    one, few, many = (f.strip() for f in forms.split(","))
    return MISSING if _missing(value) else grammar.ru(int(value), (one, few, many))


@register.filter
def more_kk(value: Any) -> str:
    """103456 → 103 мыңнан астам."""
    return MISSING if _missing(value) else grammar.kk_more_than(int(value))


@register.filter
def more_ru(value: Any, forms: str) -> str:
    """103456|more_ru:"человек,человека,человек" → более 103 тысяч человек."""
    one, few, many = (f.strip() for f in forms.split(","))
    return MISSING if _missing(value) else grammar.ru_more_than(int(value), (one, few, many))


@register.filter
def figure_value(value: Any, unit: str) -> str:
    """A figure's value as the page shows it, by its unit."""
    if _missing(value):
        return MISSING
    if unit == "percent":
        return pct(value)
    return num(value)


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """A dictionary's value in a template: values|lookup:code."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def share_kk(value: Any) -> str:
    """Kazakh, after a genitive: 67 → "67 пайызы" (Мәселенің 67 пайызы оң шешілді)."""
    return MISSING if _missing(value) else f"{grammar.decimal(value, 'kk')} пайызы"


@register.filter
def money(value: Any) -> str:
    """265000000 → 265 миллион теңге (kk) / 265 млн тенге (ru)."""
    return MISSING if _missing(value) else grammar.money(int(value), _language())


@register.filter
def drill_url(code: str) -> str:
    """The drill-down page of a figure: reversed once per figure, language and prefix, not
    once per cell (a dashboard links a few hundred cells to some sixty figures)."""
    return _drill_url(code, get_language(), get_script_prefix())


@cache
def _drill_url(code: str, language: str | None, prefix: str) -> str:
    return reverse("figures:drill", args=[code])
