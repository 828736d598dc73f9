from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from esep.lib.listing import COUNT_LIMIT, Bounded


def _whole(request: Any, name: str, largest: int | None = None) -> int | None:
    """The query's whole number `name` (None if not given); one that is not, or is out of
    range, is a 400 naming it, as the schema says."""
    values = request.query_params.getlist(name)
    if not values:
        return None
    try:
        number = int(values[-1]) if len(values) == 1 and values[0].isdecimal() else 0
    except ValueError:
        number = 0
    if number < 1 or (largest is not None and number > largest):
        if largest is None:
            message = _("Give a whole number from 1.")
        else:
            message = _("Give a whole number from 1 to %(largest)d.") % {"largest": largest}
        raise ValidationError({name: [message]})
    return number


class Pages(PageNumberPagination):
    """?page=N&page_size=M (at most 200); the answer carries count, count_exact, next and
    previous. Lists are counted as the HTML lists are (`lib.listing.Bounded`): exactly up to
    COUNT_LIMIT records, and past that `count` is COUNT_LIMIT with `count_exact` false — a
    list of ten million appeals is never counted whole. `next` says whether a page follows
    either way. A page past the last is a 404; a page or size that is not a whole number in
    range, a 400."""

    django_paginator_class = Bounded
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    last_page_strings = ()

    def get_page_size(self, request: Any) -> int:
        return _whole(request, self.page_size_query_param, self.max_page_size) or self.page_size

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        return _whole(request, self.page_query_param) or 1

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.page.paginator.count,
                "count_exact": self.page.paginator.exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        answer = super().get_paginated_response_schema(schema)
        answer["properties"]["count"]["description"] = (
            f"The records listed, counted up to {COUNT_LIMIT}: past that, {COUNT_LIMIT}."
        )
        answer["properties"]["count_exact"] = {
            "type": "boolean",
            "description": f"False when the list holds more than {COUNT_LIMIT} records and "
            "`count` is only how far it was counted.",
        }
        answer["required"] = [*answer.get("required", []), "count_exact"]
        return answer

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters
