"""Ethics cases in the REST API: the list and a case as the pages give them, opening one
and its steps through the pages' declarations, outsiders refused."""

import pytest
from rest_framework.test import APIClient

from esep.access.tokens import issue_token
from esep.ethics.models import Case
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def client_for(user, language="en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user)}")
    return client


def test_open_a_case_and_take_its_steps_through_the_api(tree, head, member, bodies, frozen):
    api = client_for(head)
    made = api.post(
        "/api/v1/ethics-cases/",
        {
            "card_number": member.card_number,
            "branch": "atyrau",
            "source": "media",
            "media_note": "«Атырау», 01.03.2020",
            "grounds": "Дөрекілік.",
            "articles": "4.1",
            "opened_on": "2020-03-02",
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    case = api.get(f"/api/v1/ethics-cases/{pk}/").json()
    assert case["number"] == "ETH-ATYRAU-2020-001" and case["steps"] == ["notify"]
    notified = api.post(
        f"/api/v1/ethics-cases/{pk}/steps/notify/",
        {"notified_on": "2020-03-02", "channel": "phone"},
        format="json",
    )
    assert notified.status_code == 200 and notified.json()["answer_due"] == "2020-03-17"
    refused = api.post(
        f"/api/v1/ethics-cases/{pk}/steps/decide/",
        {"sitting_on": "2020-03-02", "decision": "no_breach", "number": "1"},
        format="json",
    )
    assert refused.status_code == 403  # not offered before the answer
    assert [c["number"] for c in api.get("/api/v1/ethics-cases/").json()["results"]] == [
        case["number"]
    ]


def test_outsiders_get_nothing_from_the_api(tree, case):
    outsider = client_for(user_with_role("branch_head", tree.kostanay, "kostanay-head"))
    assert outsider.get(f"/api/v1/ethics-cases/{case.pk}/").status_code == 404
    assert outsider.get("/api/v1/ethics-cases/").json()["results"] == []
    analyst = client_for(user_with_role("analyst", tree.atyrau, "atyrau-analyst"))
    assert analyst.get("/api/v1/ethics-cases/").status_code == 403
    assert APIClient().get("/api/v1/ethics-cases/").status_code in (401, 403)
    assert Case.objects.count() == 1
