"""Aid in the REST API: the campaigns with their money, the families helped, deliveries and
contributions — made and refused as on the pages (the actions' codes), read through the
same scopes, and never an IIN, a phone or an address in any answer."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from esep.access.tokens import issue_token
from esep.aid.models import Delivery
from esep.aid.tests.conftest import new_iin
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def client_for(user, language="en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user)}")
    return client


def test_a_family_and_its_delivery_through_the_api(tree, officer, campaign):
    api = client_for(officer)
    iin = new_iin()
    made = api.post(
        "/api/v1/aid-households/",
        {
            "campaign": campaign.code,
            "branch": "atyrau-city",
            "iin": iin,
            "surname": "Омарова",
            "given_name": "Гүлнар",
            "phone": "+7 701 555 12 34",
            "address": "ул. Абая, д. 5, кв. 3",
            "territory": tree.atyrau_city.territory.kato,
            "members": 4,
            "category": "pensioner",
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    household = made.json()
    assert household["number"] == 1 and household["head"] == "Омарова Гүлнар"
    assert household["steps"] == ["delivery"]
    again = api.post(
        "/api/v1/aid-households/",
        {
            "campaign": campaign.code,
            "branch": "atyrau-city",
            "iin": new_iin(),
            "surname": "Ким",
            "given_name": "Анна",
            "address": "Абая көшесі 5 үй 3 пәтер",
            "territory": tree.atyrau_city.territory.kato,
            "members": 2,
            "category": "other",
        },
        format="json",
    )
    assert again.status_code == 422 and again.json()["error"]["code"] == "duplicate_address"
    step = api.post(
        f"/api/v1/aid-households/{household['id']}/steps/delivery/",
        {"delivered_on": "2020-04-20", "kind": "food", "amount": 30000, "confirmation": "none"},
        format="json",
    )
    assert step.status_code == 200, step.json()
    assert step.json()["delivered"] == 30000
    too_much = api.post(
        "/api/v1/aid-deliveries/",
        {
            "campaign": campaign.code,
            "household": 1,
            "delivered_on": "2020-04-21",
            "kind": "money",
            "amount": 990000,
            "confirmation": "none",
        },
        format="json",
    )
    assert too_much.status_code == 422 and too_much.json()["error"]["code"] == "balance"
    campaign_read = api.get(f"/api/v1/aid-campaigns/{campaign.code}/").json()
    assert (campaign_read["received"], campaign_read["delivered"], campaign_read["balance"]) == (
        1_000_000,
        30_000,
        970_000,
    )
    listed = api.get("/api/v1/aid-deliveries/", {"campaign": campaign.code}).json()
    assert [d["amount"] for d in listed["results"]] == [30000]
    # No answer holds the IIN, the phone or the address.
    for url in [
        "/api/v1/aid-households/",
        f"/api/v1/aid-households/{household['id']}/",
        "/api/v1/aid-deliveries/",
        "/api/v1/aid-campaigns/",
    ]:
        body = json.dumps(api.get(url).json(), ensure_ascii=False)
        assert iin not in body and "555" not in body and "Абая" not in body, url


def test_a_household_is_found_by_the_heads_iin_digest(officer, campaign, household):
    api = client_for(officer)
    found = api.get("/api/v1/aid-households/", {"q": household.head.iin}).json()
    assert [h["id"] for h in found["results"]] == [household.pk]


def test_a_contribution_is_recorded_by_the_campaigns_office_only(tree, officer, campaign):
    body = {
        "campaign": campaign.code,
        "partner": "ЖШС «Каспий»",
        "partner_kind": "company",
        "received_on": "2020-04-05",
        "amount": 250000,
    }
    city = client_for(user_with_role("reception_officer", tree.atyrau_city, "city-officer"))
    refused = city.post("/api/v1/aid-contributions/", body, format="json")
    # The campaign is not among those whose money they keep: named as no record of theirs.
    assert refused.status_code == 404
    made = client_for(officer).post("/api/v1/aid-contributions/", body, format="json")
    assert made.status_code == 201 and made.json()["partner"] == "ЖШС «Каспий»"
    assert (
        client_for(officer).get(f"/api/v1/aid-campaigns/{campaign.code}/").json()["received"]
        == 1_250_000
    )


def test_outsiders_in_the_api(tree, campaign, household):
    kostanay = client_for(user_with_role("reception_officer", tree.kostanay, "kostanay-officer"))
    assert kostanay.get(f"/api/v1/aid-households/{household.pk}/").status_code == 404
    assert kostanay.get(f"/api/v1/aid-campaigns/{campaign.code}/").status_code == 404
    assert kostanay.get("/api/v1/aid-households/").json()["results"] == []
    analyst = client_for(user_with_role("analyst", tree.atyrau))
    for url in ["/api/v1/aid-households/", "/api/v1/aid-deliveries/", "/api/v1/aid-campaigns/"]:
        assert analyst.get(url).status_code == 403, url
    auditor = client_for(user_with_role("auditor", tree.atyrau, "atyrau-auditor"))
    step = auditor.post(
        f"/api/v1/aid-households/{household.pk}/steps/delivery/",
        {"delivered_on": "2020-04-20", "kind": "food", "amount": 1, "confirmation": "none"},
        format="json",
    )
    assert step.status_code == 403 and not Delivery.objects.exists()
    assert APIClient().get("/api/v1/aid-households/").status_code in (401, 403)
