"""A NUL character (which PostgreSQL cannot store in text) is refused at the door with a 400
in the format of the interface asked, never a server error deep in a query."""

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/territories/%00/",
        "/api/v1/appeals/?q=a%00b",
        "/api/v1/figures/?scope=%00",
    ],
)
def test_the_api_answers_in_its_error_format(url):
    response = Client(HTTP_ACCEPT_LANGUAGE="ru").get(url)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and "NUL" in error["message"]


def test_open311_answers_in_its_formats():
    client = Client()
    as_json = client.get("/open311/v2/requests/%00.json")
    assert as_json.status_code == 400 and as_json.json()[0]["code"] == 400
    as_xml = client.get("/open311/v2/tokens/x%00.xml")
    assert as_xml.status_code == 400 and b"<errors><error><code>400</code>" in as_xml.content
    posted = client.post("/open311/v2/requests.json", {"description": "a\x00b", "api_key": "k"})
    assert posted.status_code == 400 and json.loads(posted.content)[0]["code"] == 400


def test_a_page_answers_with_a_page():
    response = Client().get("/kk/track/", {"code": "AB\x00"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
