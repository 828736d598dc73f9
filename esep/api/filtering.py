"""A list's filters in the API: the page's FilterSet (django-filter's DRF backend), read as
strictly as the schema describes them. A parameter given twice or empty is a 400 (leave it
out to filter nothing), a yes/no filter takes `true` or `false`, a value the FilterSet refuses
is a 400 naming it, and a value naming no record the user may use (a branch, a territory, a
category) a 404 naming it, as `forms.refusal` answers a body."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Field
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.drainage import has_override, set_override
from rest_framework.exceptions import ValidationError

from esep.api.forms import CODE, refusal

BOOLEANS = ("true", "false")


def unreadable(query: Any, names: Any, many: Any = ()) -> dict[str, list[str]]:
    """Query parameters among `names` given empty, or given twice (unless in `many`)."""
    refused: dict[str, list[str]] = {}
    for name in names:
        values = query.getlist(name)
        if len(values) > 1 and name not in many:
            refused[name] = [_("Give one value.")]
        elif "" in values:
            refused[name] = [_("Give a value, or leave the parameter out.")]
    return refused


def malformed(filterset: Any, query: Any) -> dict[str, list[str]]:
    refused = unreadable(query, filterset.base_filters)
    for name, declared in filterset.base_filters.items():
        values = query.getlist(name)
        if name in refused or not values:
            continue
        if isinstance(declared, django_filters.BooleanFilter) and values[0] not in BOOLEANS:
            refused[name] = [_("Give true or false.")]
    return refused


class Filters(DjangoFilterBackend):
    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        if getattr(view, "detail", False):
            # One record by its address: a list's filters are not asked of it, and their
            # form (the trees' choices) is not built for nothing on every call.
            return queryset
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if refused := malformed(filterset, request.query_params):
            raise ValidationError(refused)
        if not filterset.is_valid():
            raise refusal(filterset.form)
        return filterset.qs


class FiltersSchema(DjangoFilterExtension):
    """The FilterSet's parameters as django-filter's extension gives them, with what `Filters`
    holds them to: no empty value, the form field's length or a number's limits, a record
    named by its code."""

    target_class = "esep.api.filtering.Filters"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):  # type: ignore[no-untyped-def]
        if (
            isinstance(filter_field, django_filters.ModelChoiceFilter)
            and filter_field.extra.get("to_field_name")
            and not has_override(filter_field, "field")
            and not isinstance(self._get_model_field(filter_field, model), Field)
        ):
            # A record named by its code whose filter reaches it by a method (a measure's
            # branch is its road map's): a string, as every code is.
            label = str(filter_field.label or field_name)
            set_override(filter_field, "field", {"type": "string", "description": label})
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            schema = parameter["schema"]
            if schema.get("type") in ("number", "integer"):
                # A number's limits, as its filter's form field holds it to (a year).
                for limit, key in (("min_value", "minimum"), ("max_value", "maximum")):
                    if (value := filter_field.extra.get(limit)) is not None:
                        schema[key] = value
                continue
            if schema.get("type") != "string" or "enum" in schema or "format" in schema:
                continue
            schema["minLength"] = 1
            if max_length := filter_field.extra.get("max_length"):
                schema["maxLength"] = max_length
            if isinstance(filter_field, django_filters.ModelChoiceFilter):
                schema["pattern"] = CODE
        return parameters
