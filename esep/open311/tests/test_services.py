"""Discovery, the service list and service definitions, in both formats and languages; the
refusals every endpoint shares (format, method, jurisdiction)."""

import pytest

from esep.open311.tests.helpers import BASE, a_while_later, errors, get, parse, rows

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_discovery_names_the_spec_the_endpoint_and_its_formats(client, world, fmt):
    response, body = get(client, "discovery", fmt)
    assert response.status_code == 200
    if fmt == "xml":
        assert body.tag == "discovery"
        assert [c.tag for c in body] == ["changeset", "contact", "key_service", "endpoints"]
        endpoint = body.find("endpoints/endpoint")
        assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
        assert endpoint.findtext("url") == "http://testserver/open311/v2"
        assert endpoint.findtext("type") == "production"
        assert [f.text for f in endpoint.find("formats")] == ["text/xml", "application/json"]
        assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    else:
        (endpoint,) = body["endpoints"]
        assert endpoint == {
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": "http://testserver/open311/v2",
            "changeset": body["changeset"],
            "type": "production",
            "formats": ["text/xml", "application/json"],
        }
        assert body["contact"] and body["key_service"]


def test_services_are_the_categories_grouped_by_topic_in_the_language_asked(client, world):
    response = client.get(f"{BASE}services.json", HTTP_ACCEPT_LANGUAGE="ru")
    assert response["Content-Language"] == "ru"
    services = {s["service_code"]: s for s in response.json()}
    assert set(services) == {"utilities", "utilities-water", "roads"}
    water = services["utilities-water"]
    assert water["service_name"] == "Водоснабжение"
    assert water["group"] == "Коммунальные услуги"
    assert water["description"] == "Коммунальные услуги › Водоснабжение"
    assert (water["metadata"], water["type"]) == (True, "realtime")
    assert water["keywords"] == "Сумен жабдықтау, Водоснабжение, Water supply"
    assert services["roads"]["group"] == "Дороги"


def test_services_in_xml_and_the_locale_parameter(client, world):
    response, body = get(client, "services", "xml", locale="en_GB")
    assert body.tag == "services"
    services = {s["service_code"]: s for s in rows(body, "service")}
    assert services["utilities-water"]["service_name"] == "Water supply"
    assert services["utilities-water"]["group"] == "Utilities"
    assert services["roads"]["metadata"] == "true"
    # An unknown locale falls back to Kazakh, whatever Accept-Language says.
    response = client.get(f"{BASE}services.json?locale=de", HTTP_ACCEPT_LANGUAGE="ru")
    assert {s["service_name"] for s in response.json()} >= {"Жолдар"}
    # Without either, Kazakh.
    assert {s["service_name"] for s in client.get(f"{BASE}services.json").json()} >= {"Жолдар"}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_service_definition_has_kind_territory_and_reports_crime(client, world, fmt):
    response, body = get(client, "services/utilities-water", fmt, locale="en")
    assert response.status_code == 200
    if fmt == "xml":
        assert body.tag == "service_definition"
        assert body.findtext("service_code") == "utilities-water"
        attributes = {}
        for element in body.find("attributes"):
            assert element.tag == "attribute"
            attribute = {c.tag: c.text for c in element if c.tag != "values"}
            attribute["values"] = [
                {"key": v.findtext("key"), "name": v.findtext("name")}
                for v in element.find("values")
            ]
            attributes[attribute["code"]] = attribute
        assert attributes["kind"]["required"] == "true"
        assert attributes["kind"]["variable"] == "true"
        assert attributes["territory"]["required"] == "false"
    else:
        assert body["service_code"] == "utilities-water"
        attributes = {a["code"]: a for a in body["attributes"]}
        assert attributes["kind"]["required"] is True
        assert attributes["territory"]["required"] is False
    assert set(attributes) == {"kind", "territory", "reports_crime", "email_updates"}
    assert attributes["email_updates"]["required"] in (False, "false")
    kind = attributes["kind"]
    assert kind["datatype"] == "singlevaluelist"
    assert {"key": "complaint", "name": "complaint"} in kind["values"]
    assert {v["key"] for v in kind["values"]} == {
        "statement",
        "complaint",
        "proposal",
        "information_request",
        "message",
        "response",
    }
    territories = {v["key"]: v["name"] for v in attributes["territory"]["values"]}
    assert territories["231010000"] == "Atyrau"
    assert "000000000" not in territories  # the country as a whole is not a place
    crime = attributes["reports_crime"]
    assert [v["key"] for v in crime["values"]] == ["true", "false"]
    assert "Anonymous" in crime["description"]


def test_service_definition_in_kazakh(client, world):
    body = client.get(f"{BASE}services/roads.json", HTTP_ACCEPT_LANGUAGE="kk").json()
    kind = next(a for a in body["attributes"] if a["code"] == "kind")
    assert {"key": "complaint", "name": "шағым"} in kind["values"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_is_404_in_the_format_asked(client, world, fmt):
    response, body = get(client, "services/no-such-topic", fmt)
    assert response.status_code == 404
    ((code, description),) = errors(body, fmt)
    assert code == 404 and "no-such-topic" in description


@pytest.mark.parametrize(
    "path",
    [
        "services.html",
        "services",
        "services/",
        "discovery.yaml",
        "requests/X-2021-00001.txt",
        "tokens/abc.csv",
        "nothing-here.json",
    ],
)
def test_unknown_formats_and_resources_are_404_in_json(client, world, path):
    response = client.get(BASE + path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    ((code, description),) = errors(response.json())
    assert code == 404 and description


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "discovery"),
        ("post", "services"),
        ("delete", "services/roads"),
        ("put", "requests"),
        ("post", "requests/X-1"),
        ("post", "tokens/abc"),
        ("patch", "servicerequestupdates"),
    ],
)
def test_other_methods_are_405_in_the_format_asked(client, world, method, path, fmt):
    response = getattr(client, method)(f"{BASE}{path}.{fmt}")
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    body = errors(parse(response, fmt), fmt)
    assert body[0][0] == 405


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_foreign_jurisdiction_is_404_and_ours_is_accepted(client, world, fmt, settings):
    response, body = get(client, "services", fmt, jurisdiction_id="city.gov")
    assert response.status_code == 404
    assert "esep.kz" in errors(body, fmt)[0][1]
    assert get(client, "services", fmt, jurisdiction_id="esep.kz")[0].status_code == 200
    settings.OPEN311_JURISDICTION = "amanat.kz"
    a_while_later()
    assert get(client, "services", fmt, jurisdiction_id="amanat.kz")[0].status_code == 200
    assert get(client, "services", fmt, jurisdiction_id="esep.kz")[0].status_code == 404


def test_errors_speak_the_language_asked(client, world):
    response = client.get(f"{BASE}services/no-such-topic.json", HTTP_ACCEPT_LANGUAGE="ru")
    assert response["Content-Language"] == "ru"
    # The catalogs are completed separately; the message carries its data in any language.
    assert "no-such-topic" in response.json()[0]["description"]
