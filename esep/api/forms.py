"""The pages' own forms serve the API too: a call is checked by the same form, with the same
rules and the same messages, as the page that does the same thing. Here a JSON body or a
query string is bound to such a form, and the form described for the OpenAPI schema."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from esep.api.errors import NON_FIELD, NotFoundIn, Unprocessable

# Records the API names by a code rather than by their database id.
KEYS = {"assignee": "username", "state_body": "code"}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class FormData(MultiValueDict):
    """A JSON object as a form's data, with the object as sent: `checked` refuses a value
    of another JSON type than the schema gives its field, before the form reads its text."""

    sent: Mapping[str, Any] = {}


def as_form_data(data: Any) -> FormData:
    """A JSON object as a form's data: scalars as text, true/false as the form reads them,
    a list of scalars as the values of a multiple choice (an object, or a list holding one,
    no field reads: left out). Properties no field reads are ignored."""
    if not isinstance(data, Mapping):
        raise ValidationError({NON_FIELD: [_("Send a JSON object.")]})
    values = FormData()
    for name, value in data.items():
        if value is None:
            continue
        items = value if isinstance(value, list) else [value]
        if not any(isinstance(item, dict | list) for item in items):
            values.setlist(name, [_text(item) for item in items])
    values.sent = data
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


def _chosen_at_run_time(form: forms.Form, name: str) -> bool:
    """A field whose values are records (a model choice, or a choice filled per user when
    the form is made: branches, scopes, years): a value outside them names no record the
    user may use."""
    field = form.fields[name]
    if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
        return True
    declared = type(form).base_fields.get(name)
    return isinstance(declared, forms.ChoiceField) and not list(cast(Any, declared.choices))


REFERENCE_CODES = {"invalid_choice", "invalid_pk_value"}
# What a field refuses by its type and limits, as the schema states them.
SCHEMA_CODES = {
    "required",
    "invalid",
    "invalid_choice",
    "invalid_list",
    "list",
    "max_length",
    "min_length",
    "max_value",
    "min_value",
    "null_characters_not_allowed",
}


def _by_field(form: forms.Form, names: Any) -> dict[str, list[str]]:
    return {
        (NON_FIELD if name == "__all__" else name): [str(m) for m in form.errors[name]]
        for name in names
    }


def _stated(form: forms.Form, name: str, code: str | None) -> bool:
    """Whether the schema states what refused the value. An e-mail address or a link is
    described as text: which of them Django takes (its validators are stricter than any
    JSON Schema format) is the page's own rule."""
    field = form.fields.get(name)
    if code == "invalid" and isinstance(field, forms.EmailField | forms.URLField):
        return False
    return code in SCHEMA_CODES


def refusal(form: forms.Form) -> Exception:
    """The form's errors as the API answers them, by what the schema can tell a caller:
    - 400, every refused field, if a value breaks what the schema states (a type, a format,
      a limit, a choice, a required field);
    - else 404, naming the fields, if a value names no record the user may use (a record
      not found, as for a record's own URL);
    - else 422, every refused field: well-formed values that the page's own rules refuse
      (values that do not go together, an IIN whose check digit is wrong)."""
    errors = form.errors.as_data()
    references = [
        name
        for name, refused in errors.items()
        if name in form.fields
        and _chosen_at_run_time(form, name)
        and all(e.code in REFERENCE_CODES for e in refused)
    ]
    malformed = [
        name
        for name, refused in errors.items()
        if name not in references and any(_stated(form, name, e.code) for e in refused)
    ]
    if malformed:
        return ValidationError(_by_field(form, errors))
    if references:
        return NotFoundIn(_by_field(form, references))
    return Unprocessable(_by_field(form, errors))


def _json_type(value: Any, described: serializers.Field) -> bool:
    """Whether a JSON value has the type the schema gives the field."""
    if isinstance(described, serializers.ListField):
        return isinstance(value, list) and all(_json_type(v, described.child) for v in value)
    if isinstance(described, serializers.BooleanField):
        return isinstance(value, bool)
    if isinstance(described, serializers.ChoiceField):
        return any(type(value) is type(choice) for choice in described.choices)
    if isinstance(described, serializers.IntegerField):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(described, serializers.FloatField):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def _mistyped(form: forms.Form) -> dict[str, list[str]]:
    """Values of another JSON type than the schema states (a number for a text, a list for
    a single value): refused, as the schema refuses them, not read as their text."""
    sent = getattr(form.data, "sent", {})
    refused = {}
    for name, field in form.fields.items():
        value = sent.get(name)
        if value is None or isinstance(field, forms.FileField):
            continue
        if not _json_type(value, _describe(name, field)):
            if isinstance(value, list) and not isinstance(field, forms.MultipleChoiceField):
                refused[name] = [_("Give a single value.")]
            else:
                refused[name] = [_("This value is not of the type the schema gives.")]
    return refused


def checked(form: forms.Form) -> dict[str, Any]:
    """The form's cleaned data, or its refusal (see `refusal`)."""
    if refused := _mistyped(form):
        raise ValidationError(refused)
    if refused := _beyond_ids(form):
        raise ValidationError(refused)
    if form.is_valid():
        return form.cleaned_data
    raise refusal(form)


# --- the schema -------------------------------------------------------------------------


def _bounds(field: forms.Field) -> dict[str, Any]:
    """The field's own limits (its validators) as the serializer's."""
    limits: dict[str, Any] = {}
    for validator in field.validators:
        if isinstance(validator, MinValueValidator):
            limits["min_value"] = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            limits["max_value"] = validator.limit_value
    return limits


# What Django's TimeField reads: HH:MM, with seconds (and their fraction) if given.
TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"
# Not only blanks: a required text field strips its value, and blank is missing. Every
# character str.strip() takes away is named — U+0085 and U+001C–U+001F are not blank to the
# schema's validators' `\s` — so a value the schema allows is never refused as missing
# (esep/api/tests/test_inputs.py holds it to Python's own list of blanks).
NOT_BLANK = r"[^\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
# A record's code (branches, categories, state bodies, users) and a KATO code.
CODE = r"^[\w.@+-]+$"
# What Django's SlugField takes: Latin letters, digits, hyphens and underscores.
SLUG = r"^[-a-zA-Z0-9_]+$"


def _describe(name: str, field: forms.Field) -> serializers.Field:
    common: dict[str, Any] = {
        "required": field.required,
        "help_text": str(field.help_text or field.label or ""),
        # null is read as leaving the value out: allowed where that is
        "allow_null": not field.required,
    }
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**{**common, "required": False, "allow_null": True})
    if isinstance(field, forms.ModelMultipleChoiceField):
        child = (
            serializers.RegexField(CODE)
            if field.to_field_name
            else serializers.IntegerField(min_value=1, max_value=LARGEST_ID)
        )
        return serializers.ListField(
            child=child, min_length=1 if field.required else None, **common
        )
    if isinstance(field, forms.ModelChoiceField):
        key = KEYS.get(name) or field.to_field_name
        if key:
            return serializers.RegexField(CODE, **common)
        return serializers.IntegerField(min_value=1, max_value=LARGEST_ID, **common)
    if isinstance(field, forms.TypedChoiceField) and field.coerce is int:
        values = [int(v) for v, _label in cast(Any, field.choices) if str(v).strip()]
        if not values:  # filled per user at run time
            return serializers.IntegerField(**common)
        return serializers.ChoiceField(choices=values, **common)
    if isinstance(field, forms.ChoiceField):
        # With their labels: the same choices as a model's are the same enum in the schema.
        choices = [(v, label) for v, label in cast(Any, field.choices) if isinstance(v, str) and v]
        if not choices:  # filled per user at run time (branches, scopes)
            return serializers.RegexField(CODE, **common)
        return serializers.ChoiceField(choices=choices, **common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(**common)
    if isinstance(field, forms.TimeField):
        return serializers.RegexField(TIME, **common)
    # Decimals and floats are integer fields to Django: a JSON number, whole or not.
    if isinstance(field, forms.DecimalField | forms.FloatField):
        return serializers.FloatField(**_bounds(field), **common)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(**_bounds(field), **common)
    if isinstance(field, forms.SlugField) and not field.allow_unicode:
        limits = {"max_length": field.max_length, "min_length": field.min_length}
        return serializers.RegexField(SLUG, **limits, **common)
    if isinstance(field, forms.CharField):
        limits = {"max_length": field.max_length, "min_length": field.min_length}
        if field.required and field.strip:
            return serializers.RegexField(NOT_BLANK, **limits, **common)
        return serializers.CharField(**limits, allow_blank=not field.required, **common)
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
