"""The schema's account of the error answers, in one place: every operation documents those
it can give, each with the one error format (`errors.handle`), so that a caller — and a
fuzzer checking answers against the schema — finds every status it may meet."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import permissions, serializers

from esep.api.errors import NON_FIELD


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, again")
    code = serializers.CharField(
        help_text=(
            "invalid (400, 422), not_authenticated or authentication_failed (401), "
            "permission_denied (403), not_found (404), method_not_allowed (405), "
            "conflict (409), too_large (413), unsupported_media_type (415), parse_error (400)"
        )
    )
    message = serializers.CharField(help_text="In the language of Accept-Language")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=f"The refused values' messages by field (`{NON_FIELD}`: the call as a whole)",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


ANSWERS = {
    400: "The request is malformed: a value breaks what this schema states, or the body is "
    "not JSON (`fields` names the refused values)",
    401: "No credentials, or a token that is unknown, expired or revoked",
    403: "The user's roles do not give this, or the step is not open to them on the record now",
    404: "No such record in the user's scope, a page past the last, or a value naming a "
    "record the user cannot find (`fields` names it)",
    409: "The record changed since it was read (a stale `version`), the record as it is now "
    "refuses the values, or an Idempotency-Key reused for another body",
    413: "The body is larger than esep accepts",
    415: "The body is not JSON",
    422: "Well-formed values that the page's own rules refuse (values that do not go "
    "together, a check digit that is wrong); `fields` names them",
}


class AutoSchema(SpectacularAutoSchema):
    def error_statuses(self) -> list[int]:
        view = self.view
        public = any(isinstance(p, permissions.AllowAny) for p in view.get_permissions())
        statuses = [400, 401]
        if not public:
            statuses.append(403)
        if not getattr(view, "never_missing", False):
            statuses.append(404)
        if self.method == "POST":
            statuses += [409, 413, 415, 422]
        elif getattr(view, "reads_a_form", False) or getattr(view, "filterset_class", None):
            statuses.append(422)
        return statuses

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for status in self.error_statuses():
            answer = self._get_response_for_code(ErrorSerializer, str(status), direction=direction)
            answer["description"] = ANSWERS[status]
            responses.setdefault(str(status), answer)
        return responses
