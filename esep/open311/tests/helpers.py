"""Calling the endpoints and reading their answers in either format."""

import xml.etree.ElementTree as ET

from django.core.cache import cache

BASE = "/open311/v2/"


def a_while_later():
    """What a client sees once the public reads' cache has let their answers go
    (OPEN311_CACHE_SECONDS after it kept them): read afresh."""
    cache.clear()


def get(http, path, fmt="json", **params):
    """GET a resource; returns the response and its parsed body (JSON, or the XML root)."""
    response = http.get(f"{BASE}{path}.{fmt}", params)
    return response, parse(response, fmt)


def post(http, path, data, fmt="json", **headers):
    response = http.post(f"{BASE}{path}.{fmt}", data, **headers)
    return response, parse(response, fmt)


def parse(response, fmt):
    if fmt == "xml":
        assert response["Content-Type"].startswith("text/xml")
        return ET.fromstring(response.content)
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def rows(root, item):
    """An XML list as dicts of its items' children's text (nested lists are left out)."""
    assert all(child.tag == item for child in root)
    return [{field.tag: field.text or "" for field in element} for element in root]


def errors(body, fmt="json"):
    """The (code, description) pairs of a GeoReport error answer."""
    if fmt == "xml":
        assert body.tag == "errors"
        return [(int(e.findtext("code")), e.findtext("description")) for e in body]
    return [(e["code"], e["description"]) for e in body]
