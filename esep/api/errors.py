"""One error format for every call of the REST API, in the language asked for:

    {"error": {"status": 400, "code": "invalid", "message": "…",
               "fields": {"text": ["…"]}}}

`fields` is there only for values that were refused (a 400), or that name a record the user
cannot find (a 404: the record does not exist or lies outside their scope — as a related
resource that does not exist is answered by JSON:API). Django's own exceptions raised by
esep's actions (ValidationError, PermissionDenied, Http404) and a body over
DATA_UPLOAD_MAX_MEMORY_SIZE (413) come out the same way."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

NON_FIELD = "non_field_errors"


def from_django(error: DjangoValidationError) -> exceptions.ValidationError:
    """An action's refusal as an API validation error, keeping which field it concerns."""
    if hasattr(error, "error_dict"):
        detail: Any = {
            (NON_FIELD if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in error.message_dict.items()
        }
    else:
        detail = {NON_FIELD: [str(m) for m in error.messages]}
    return exceptions.ValidationError(detail)


class Conflict(exceptions.APIException):
    """The record changed since it was read, or the step does not fit it as it is now: the
    values were well formed (the form took them) but the action refused them."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, detail: Any = None, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(detail)
        self.fields = fields or {}


def conflict(error: DjangoValidationError) -> Conflict:
    """An action's refusal of well-formed values, keeping which fields it concerns."""
    detail = from_django(error).detail
    assert isinstance(detail, dict)
    general = _flatten(detail.get(NON_FIELD, []))
    fields = {k: _flatten(v) for k, v in detail.items() if k != NON_FIELD}
    return Conflict(" ".join(general) or _("The record as it is now refuses these values."), fields)


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self) -> None:
        super().__init__(_("The request body is larger than esep accepts."))


class NotFoundIn(exceptions.NotFound):
    """Values naming records the user cannot find: by field, as a 400 names refused ones."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        super().__init__(
            _("A value names a record that does not exist or lies outside your scope.")
        )
        self.fields = fields


class Unprocessable(exceptions.ValidationError):
    """Well-formed values the page's rules refuse (a 422): `fields` as a 400 has them."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _flatten(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _flatten(value)]
    return [str(detail)]


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = from_django(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found, or outside what your roles let you see."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, RequestDataTooBig):
        exc = TooLarge()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response  # an unexpected failure: Django's 500, logged without personal data
    error: dict[str, Any] = {"status": response.status_code}
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {NON_FIELD: exc.detail}
        general = _flatten(detail.get(NON_FIELD, []))
        fields = {k: _flatten(v) for k, v in detail.items() if k != NON_FIELD}
        error["code"] = "invalid"
        error["message"] = " ".join(general) or _("Some values are not valid: see the fields.")
        if fields:
            error["fields"] = fields
    else:
        codes = exc.get_codes()
        error["code"] = codes if isinstance(codes, str) else exc.default_code
        error["message"] = " ".join(_flatten(exc.detail))
        if isinstance(exc, NotFoundIn | Conflict) and exc.fields:
            error["fields"] = exc.fields
    response.data = {"error": error}
    return response
