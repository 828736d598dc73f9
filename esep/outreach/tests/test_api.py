"""Outreach in the REST API: the same records, filters, creation and refusals as the pages,
in the OpenAPI schema."""

import pytest
from rest_framework.test import APIClient

from esep.access.tokens import issue_token
from esep.org.tests.factories import user_with_role
from esep.outreach.models import Meeting, Round

pytestmark = pytest.mark.django_db


def client_for(user, language="en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user)}")
    return client


def test_campaigns_plans_meetings_and_rounds_are_made_and_read(tree, head, campaign):
    api = client_for(head)
    city = tree.atyrau_city.territory.kato
    speaker = tree.members["atyrau"]
    plan = api.post(
        "/api/v1/outreach-plans/",
        {
            "campaign": campaign.code,
            "territory": city,
            "meetings": 3,
            "households": 40,
            "people": 90,
        },
        format="json",
    )
    assert plan.status_code == 201 and plan.json()["territory"] == city
    meeting = api.post(
        "/api/v1/outreach-meetings/",
        {
            "campaign": campaign.code,
            "territory": city,
            "held_on": "2020-12-10",
            "place": "Зал",
            "people": 35,
            "speakers": [speaker.pk],
        },
        format="json",
    )
    assert meeting.status_code == 201, meeting.json()
    assert meeting.json()["speakers"] == [{"id": speaker.pk, "name": speaker.full_name}]
    made = api.post(
        "/api/v1/outreach-rounds/",
        {
            "campaign": campaign.code,
            "territory": city,
            "held_on": "2020-12-11",
            "households": 20,
            "people": 55,
            "volunteers": 3,
        },
        format="json",
    )
    assert made.status_code == 201
    read = api.get(f"/api/v1/outreach-campaigns/{campaign.pk}/").json()
    assert (read["meetings_held"], read["people_reached"]) == (1, 90)
    listed = api.get("/api/v1/outreach-rounds/", {"month": "2020-12", "territory": city}).json()
    assert [r["people"] for r in listed["results"]] == [55]
    assert api.get("/api/v1/outreach-meetings/", {"month": "2021-01"}).json()["results"] == []
    assert api.get("/api/v1/outreach-meetings/", {"month": "2021-13"}).status_code == 400


def test_refusals_carry_the_actions_codes(tree, head, campaign):
    api = client_for(head, "ru")
    refused = api.post(
        "/api/v1/outreach-rounds/",
        {
            "campaign": campaign.code,
            "territory": tree.atyrau_city.territory.kato,
            "held_on": "2021-03-01",
            "households": 1,
            "people": 1,
            "volunteers": 1,
        },
        format="json",
    )
    body = refused.json()["error"]
    assert (refused.status_code, body["code"]) == (422, "outside_period")
    assert "held_on" in body["fields"]
    assert not Round.objects.exists()


def test_outsiders_see_nothing_and_make_nothing(tree, campaign):
    outsider = client_for(user_with_role("branch_head", tree.kostanay, "kostanay-head"))
    assert outsider.get("/api/v1/outreach-campaigns/").json()["results"] == []
    assert outsider.get(f"/api/v1/outreach-campaigns/{campaign.pk}/").status_code == 404
    made = outsider.post(
        "/api/v1/outreach-meetings/",
        {
            "campaign": campaign.code,
            "territory": tree.atyrau_city.territory.kato,
            "held_on": "2020-12-10",
            "place": "Зал",
            "people": 5,
        },
        format="json",
    )
    assert made.status_code in (400, 404) and not Meeting.objects.exists()
    contact = client_for(user_with_role("state_body_contact", tree.atyrau, "contact"))
    assert contact.get("/api/v1/outreach-campaigns/").status_code == 403
    assert APIClient().get("/api/v1/outreach-rounds/").status_code in (401, 403)


def test_the_schema_describes_the_resources(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ("outreach-campaigns", "outreach-plans", "outreach-meetings", "outreach-rounds"):
        assert f"/api/v1/{path}/" in schema, path
    assert "OutreachMeetingCreate" in schema


def test_an_id_past_the_databases_integers_is_not_found(head):
    api = client_for(head)
    for resource in ("outreach-meetings", "outreach-rounds"):
        assert api.get(f"/api/v1/{resource}/23723934321862736378593280/").status_code == 404
