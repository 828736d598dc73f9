"""Helpers for forms shared by every app's pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form


def apply_errors(form: Form, error: ValidationError) -> None:
    """Show an action's refusal on the form: beside the field it names when the form has
    that field, above the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
