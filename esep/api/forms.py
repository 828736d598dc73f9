"""The pages' own forms serve the API too: a call is checked by the same form, with the same
rules and the same messages, as the page that does the same thing. Here a JSON body or a
query string is bound to such a form, and the form described for the OpenAPI schema."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, cast

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from esep.api.errors import NON_FIELD

# Records the API names by a code rather than by their database id.
KEYS = {"assignee": "username", "state_body": "code"}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_form_data(data: Any) -> MultiValueDict:
    """A JSON object as a form's data: scalars as text, true/false as the form reads them,
    a list of scalars as the values of a multiple choice."""
    if not isinstance(data, Mapping):
        raise ValidationError({NON_FIELD: [_("Send a JSON object.")]})
    values: MultiValueDict = MultiValueDict()
    refused: dict[str, list[str]] = {}
    for name, value in data.items():
        if value is None:
            continue
        items = value if isinstance(value, list) else [value]
        if any(isinstance(item, dict | list) for item in items):
            refused[name] = [_("Give a single value.")]
        else:
            values.setlist(name, [_text(item) for item in items])
    if refused:
        raise ValidationError(refused)
    return values


def keyed(form: forms.Form) -> forms.Form:
    for name, key in KEYS.items():
        field = form.fields.get(name)
        if isinstance(field, forms.ModelChoiceField):
            field.to_field_name = key
    return form


# Records chosen by id: an id past 64 bits is no record (and no database can look it up).
LARGEST_ID = 2**63 - 1


def _beyond_ids(form: forms.Form) -> dict[str, list[str]]:
    refused = {}
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField) or field.to_field_name:
            continue
        values = form.data.getlist(name) if hasattr(form.data, "getlist") else []
        for value in values:
            try:
                too_large = abs(int(value)) > LARGEST_ID
            except ValueError:
                continue  # not a number: the field refuses it itself
            if too_large:
                message = field.error_messages["invalid_choice"]
                refused[name] = [str(message) % {"value": value}]
    return refused


def checked(form: forms.Form) -> dict[str, Any]:
    """The form's cleaned data, or a 400 with its errors by field."""
    if refused := _beyond_ids(form):
        raise ValidationError(refused)
    if form.is_valid():
        return form.cleaned_data
    raise ValidationError(
        {
            (NON_FIELD if name == "__all__" else name): [str(m) for m in messages]
            for name, messages in form.errors.items()
        }
    )


# --- the schema -------------------------------------------------------------------------


def _describe(name: str, field: forms.Field) -> serializers.Field:
    common: dict[str, Any] = {
        "required": field.required,
        "help_text": str(field.help_text or field.label or ""),
    }
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**{**common, "required": False})
    if isinstance(field, forms.ModelMultipleChoiceField):
        child = serializers.CharField() if field.to_field_name else serializers.IntegerField()
        return serializers.ListField(child=child, **common)
    if isinstance(field, forms.ModelChoiceField):
        key = KEYS.get(name) or field.to_field_name
        if key:
            return serializers.CharField(**common)
        return serializers.IntegerField(**common)
    if isinstance(field, forms.TypedChoiceField) and field.coerce is int:
        values = [int(v) for v, _label in cast(Any, field.choices) if str(v).strip()]
        return serializers.IntegerField(min_value=min(values), max_value=max(values), **common)
    if isinstance(field, forms.ChoiceField):
        choices = [v for v, _label in cast(Any, field.choices) if isinstance(v, str) and v]
        if not choices:  # filled per user at run time (branches, scopes)
            return serializers.CharField(**common)
        return serializers.ChoiceField(choices=choices, **common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(**common)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(**common)
    if isinstance(field, forms.CharField):
        return serializers.CharField(
            max_length=field.max_length, allow_blank=not field.required, **common
        )
    return serializers.CharField(**common)


@cache
def body_of(form_class: type[forms.Form], name: str) -> type[serializers.Serializer]:
    """A serializer describing `form_class` as a request body (for the schema only)."""
    fields = {
        field_name: _describe(field_name, field)
        for field_name, field in form_class.base_fields.items()
        if not isinstance(field, forms.FileField)
    }
    return type(name, (serializers.Serializer,), fields)
