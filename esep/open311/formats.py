"""GeoReport v2's two wire formats: the same data as JSON, or as XML with the
specification's element names (a list's items are named after the list: `endpoints` holds
`endpoint` elements)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, JsonResponse

CONTENT_TYPES = {"json": "application/json", "xml": "text/xml; charset=utf-8"}

ITEM_NAMES = {
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}


class Open311Error(Exception):
    """A refusal to answer with an HTTP status and the spec's list of errors."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = [str(d) for d in descriptions]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, float | Decimal):
        return format(value, "f").rstrip("0").rstrip(".") if value else "0"
    return str(value)


def _append(parent: ET.Element, name: str, value: Any) -> None:
    element = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, child in value.items():
            _append(element, key, child)
    elif isinstance(value, list | tuple):
        for child in value:
            _append(element, ITEM_NAMES[name], child)
    else:
        element.text = _text(value)


def to_xml(data: dict[str, Any] | Iterable[Any], root: str, item: str = "") -> bytes:
    tree = ET.Element(root)
    if isinstance(data, dict):
        for key, value in data.items():
            _append(tree, key, value)
    else:
        for value in data:
            _append(tree, item, value)
    return ET.tostring(tree, encoding="utf-8", xml_declaration=True)


def respond(
    fmt: str, data: dict[str, Any] | list[Any], *, root: str, item: str = "", status: int = 200
) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(
            to_xml(data, root, item), content_type=CONTENT_TYPES["xml"], status=status
        )
    return JsonResponse(data, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def error_response(fmt: str, error: Open311Error) -> HttpResponse:
    errors = [{"code": error.status, "description": d} for d in error.descriptions]
    return respond(fmt, errors, root="errors", item="error", status=error.status)
