"""Inputs that once failed with a server error or left the API's error format: a body nested
too deeply, a lone surrogate, a body over the size limit (in the API and in Open311), an
address under the API that names nothing; the index of resources at /api/v1/; and the schema
documenting every error answer with the error format."""

import json

import pytest
from django.test import Client, override_settings
from drf_spectacular.generators import SchemaGenerator

from esep.appeals.models import Appeal

from .conftest import NEW_APPEAL

pytestmark = pytest.mark.django_db

APPEALS = "/api/v1/appeals/"


def _error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == status and error["message"]
    return error


def test_a_body_nested_5000_deep_is_a_400(api):
    deep = "[" * 5000 + "]" * 5000
    response = api["officer"].post(APPEALS, deep, content_type="application/json")
    assert _error(response, 400)["code"] == "parse_error"
    nested_object = '{"text": ' * 5000 + "1" + "}" * 5000
    response = api["officer"].post(APPEALS, nested_object, content_type="application/json")
    assert _error(response, 400)["code"] == "parse_error"


def test_a_lone_surrogate_is_a_400_and_nothing_is_stored(api):
    body = json.dumps({**NEW_APPEAL, "text": "Жарық жоқ \ud800"})
    assert "\\ud800" in body
    response = api["officer"].post(APPEALS, body, content_type="application/json")
    assert _error(response, 400)["code"] == "parse_error"
    as_key = json.dumps({**NEW_APPEAL, "\udfff": "x"})
    assert _error(api["officer"].post(APPEALS, as_key, content_type="application/json"), 400)
    assert Appeal.objects.count() == 0


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_limit_is_answered_in_each_interfaces_format(api):
    big = json.dumps({**NEW_APPEAL, "text": "ж" * 2000})
    response = api["officer"].post(APPEALS, big, content_type="application/json")
    assert _error(response, 413)["code"] == "too_large"
    # Open311 answers in its own format: a list of errors, in JSON or XML.
    client = Client()
    form = {"service_code": "roads", "description": "ж" * 2000}
    open311 = client.post("/open311/v2/requests.json", form)
    assert open311.status_code == 413
    assert open311.json()[0]["code"] == 413
    as_xml = client.post("/open311/v2/requests.xml", form)
    assert as_xml.status_code == 413 and b"<errors>" in as_xml.content
    assert Appeal.objects.count() == 0


def test_an_address_under_the_api_that_names_nothing_is_its_404(api):
    for path in [
        "/api/v1/appeals/0.5/answer/",
        "/api/v1/nothing/",
        "/api/v1/branches/a.b/",
        "/api/v1/receptions/1/steps/a%0Ab/",
    ]:
        assert _error(api["head"].get(path), 404)["code"] == "not_found"
    assert _error(api["head"].post("/api/v1/receptions/1/steps/%C2%84/"), 404)


def test_the_index_lists_every_resource_and_the_schema(api, client):
    index = client.get("/api/v1/")
    assert index.status_code == 200
    body = index.json()
    assert body["schema"] == "http://testserver/api/v1/schema/"
    assert body["docs"] == "http://testserver/api/v1/docs/"
    resources = body["resources"]
    assert set(resources) >= {"appeals", "people", "branches", "figures", "reports", "issues"}
    for name, url in resources.items():
        assert url == f"http://testserver/api/v1/{name}/"
        assert api["head"].get(url).status_code == 200, name
    schema = SchemaGenerator().get_schema(public=True)
    assert schema["paths"]["/api/v1/"]["get"]["responses"]["200"]


def test_the_schema_documents_every_error_answer_with_the_error_format():
    schema = SchemaGenerator().get_schema(public=True)
    error = {"$ref": "#/components/schemas/Error"}
    detail = schema["components"]["schemas"]["ErrorDetail"]
    assert set(detail["required"]) == {"status", "code", "message"}
    operations = {
        (path, method): operation
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }
    for (path, method), operation in operations.items():
        answers = operation["responses"]
        expected = {"400", "401"}
        if path != "/api/v1/":
            expected.add("404")
        if method == "post":
            expected |= {"403", "409", "413", "415", "422"}
        assert expected <= set(answers), (path, method)
        for status in expected:
            assert answers[status]["content"]["application/json"]["schema"] == error
    # Public operations cannot be refused to a role; the others can.
    assert "403" not in operations[("/api/v1/reports/", "get")]["responses"]
    assert "403" in operations[("/api/v1/appeals/", "get")]["responses"]
    # The precise limits the API holds values to.
    page_size = next(
        p for p in operations[("/api/v1/appeals/", "get")]["parameters"] if p["name"] == "page_size"
    )
    assert (page_size["schema"]["minimum"], page_size["schema"]["maximum"]) == (1, 200)


# --- what the schema says is what the API does ------------------------------------------


def test_paging_takes_whole_numbers_in_range(api):
    for bad in ["0", "-1", "201", "x", "1.5"]:
        refused = api["head"].get("/api/v1/branches/", {"page_size": bad})
        assert list(_error(refused, 400)["fields"]) == ["page_size"], bad
    assert _error(api["head"].get("/api/v1/branches/", {"page": "0"}), 400)["fields"]
    assert _error(api["head"].get("/api/v1/branches/", {"page": "99"}), 404)
    assert api["head"].get("/api/v1/branches/", {"page_size": 200}).status_code == 200


def test_a_filter_given_empty_twice_or_not_as_declared_is_a_400(api, work):
    queries: list[dict[str, str | list[str]]] = [
        {"status": ""},
        {"registered_from": ""},
        {"controlled": "249714"},
        {"status": ["registered", "closed"]},
    ]
    for query in queries:
        refused = _error(api["head"].get(APPEALS, query), 400)
        assert set(refused["fields"]) == set(query)
    assert api["head"].get(APPEALS, {"controlled": "false"}).status_code == 200
    assert _error(api["head"].get("/api/v1/territories/", {"level": ""}), 400)
    assert _error(api["head"].get("/api/v1/figures/", {"to": ""}), 400)["fields"] == {
        "to": ["Give a value, or leave the parameter out."]
    }


def test_a_value_naming_no_record_is_a_404_naming_it(api, work):
    missing = _error(api["head"].get(APPEALS, {"category": "no-such"}), 404)
    assert missing["code"] == "not_found" and list(missing["fields"]) == ["category"]
    parent = _error(api["head"].get("/api/v1/territories/", {"parent": "999999999"}), 404)
    assert list(parent["fields"]) == ["parent"]
    scope = _error(api["head"].get("/api/v1/figures/", {"scope": "nowhere"}), 404)
    assert list(scope["fields"]) == ["scope"]
    # In a body too: every other value well formed, the category not found.
    made = api["officer"].post(APPEALS, {**NEW_APPEAL, "category": "no-such"}, format="json")
    assert list(_error(made, 404)["fields"]) == ["category"]


def test_well_formed_values_the_pages_rules_refuse_are_a_422(api):
    figures = api["head"].get("/api/v1/figures/", {"from": "2026-02-01", "to": "2026-01-01"})
    assert _error(figures, 422)["fields"] == {"end": ["The period ends before it starts."]}
    unnamed = {k: v for k, v in NEW_APPEAL.items() if k not in ("surname", "given_name", "phone")}
    refused = api["officer"].post(APPEALS, unnamed, format="json")
    assert _error(refused, 422)["code"] == "invalid"
    assert Appeal.objects.count() == 0


def test_a_step_the_record_refuses_as_it_is_now_is_a_409(api):
    pk = api["officer"].post(APPEALS, NEW_APPEAL, format="json").json()["id"]
    appeal = Appeal.objects.get(pk=pk)
    refused = api["head"].post(
        f"{APPEALS}{pk}/extend/",
        {"new_due_on": "2000-01-01", "reason": "Көп жұмыс", "version": appeal.version},
        format="json",
    )
    assert _error(refused, 409)["code"] == "conflict"


def test_a_value_of_another_json_type_than_the_schema_gives_is_a_400(api):
    wrongs: list[dict[str, object]] = [
        {"text": 12345},
        {"kind": ["complaint"]},
        {"consent": "yes"},
        {"text": [None]},
    ]
    for wrong in wrongs:
        refused = api["officer"].post(APPEALS, {**NEW_APPEAL, **wrong}, format="json")
        assert list(_error(refused, 400)["fields"]) == list(wrong), wrong
    assert Appeal.objects.count() == 0


def test_a_required_text_the_schema_allows_is_never_blank_to_the_form():
    """The fuzz drew a subject of one U+0085 (NEXT LINE): `\\S` allowed it to the schema's
    validators, which read `\\s` as ASCII blanks only, and the form, stripping it, found the
    subject missing (400). Every blank str.strip() takes away is refused by the pattern, read
    as Python reads it and as those validators do."""
    import re
    import sys

    from esep.api.forms import NOT_BLANK

    blanks = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    assert "\x85" in blanks
    for flags in (0, re.ASCII):
        pattern = re.compile(NOT_BLANK, flags)
        assert not [blank for blank in blanks if pattern.search(blank)], flags
        assert pattern.search(" ә ") and pattern.search("x")
    # And nothing else: every other character of the first planes is a value.
    others = [chr(code) for code in range(0x3100) if not chr(code).isspace()]
    assert all(re.search(NOT_BLANK, other) for other in others)
