"""A form field's input tied to its help and its errors, so screen readers read them with it."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def described_widget(field: BoundField) -> SafeString:
    ids = []
    if field.errors:
        ids.append(f"{field.auto_id}-errors")
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    attrs: dict[str, Any] = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
