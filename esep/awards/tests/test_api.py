"""Awards in the REST API: the catalogue, nominating, the decision as a step, the list with
its filters, and outsiders refused."""

import pytest
from rest_framework.test import APIClient

from esep.access.tokens import issue_token
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def client_for(user, language="en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user)}")
    return client


def test_nominate_and_grant_through_the_api(tree, officer, catalogue, kostanay_bureau, ceremony):
    api = client_for(officer, "ru")
    awards = api.get("/api/v1/awards/").json()
    letter = next(a for a in awards["results"] if a["code"] == "alghys-hat")
    assert letter["name"] == "Благодарственное письмо" and letter["level"] == "regional"
    made = api.post(
        "/api/v1/award-nominations/",
        {
            "branch": "kostanay",
            "award": "alghys-hat",
            "surname": "Төлебаев",
            "given_name": "Қайрат",
            "sex": "male",
            "grounds": "Клуб жетекшісі",
            "ceremony": ceremony.pk,
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    nomination = made.json()
    assert nomination["person"] == "Төлебаев Қайрат" and nomination["status"] == "nominated"
    assert {"grant", "refuse", "consent", "ceremony"} <= set(
        api.get(f"/api/v1/award-nominations/{nomination['id']}/").json()["steps"]
    )
    granted = api.post(
        f"/api/v1/award-nominations/{nomination['id']}/steps/grant/",
        {"body": kostanay_bureau.pk, "decision_number": "8", "decided_on": "2021-12-10"},
        format="json",
    )
    assert granted.status_code == 200, granted.content
    assert granted.json()["certificate_number"] == "ALGHYS-HAT-2021-0001"
    again = api.post(
        f"/api/v1/award-nominations/{nomination['id']}/steps/grant/",
        {"body": kostanay_bureau.pk, "decision_number": "8", "decided_on": "2021-12-10"},
        format="json",
    )
    assert again.status_code == 403
    listed = api.get(
        "/api/v1/award-nominations/", {"status": "granted", "kind": "letter_of_gratitude"}
    )
    assert [n["id"] for n in listed.json()["results"]] == [nomination["id"]]
    assert "iin" not in nomination


def test_a_second_nomination_for_the_same_award_is_refused(tree, officer, catalogue, nomination):
    api = client_for(officer)
    refused = api.post(
        "/api/v1/award-nominations/",
        {
            "branch": "kostanay",
            "award": "alghys-hat",
            "surname": "Зимовец",
            "given_name": "Елена",
            "grounds": "Тағы да",
        },
        format="json",
    )
    assert refused.status_code == 409


def test_outsiders_find_nothing_and_readers_cannot_nominate(tree, catalogue, nomination):
    outsider = client_for(user_with_role("branch_head", tree.atyrau, "atyrau-head"))
    assert outsider.get(f"/api/v1/award-nominations/{nomination.pk}/").status_code == 404
    assert outsider.get("/api/v1/award-nominations/").json()["results"] == []
    deputy = client_for(user_with_role("deputy", tree.kostanay, "deputy"))
    assert deputy.get(f"/api/v1/award-nominations/{nomination.pk}/").status_code == 200
    made = deputy.post(
        "/api/v1/award-nominations/",
        {
            "branch": "kostanay",
            "award": "belsendi",
            "surname": "Ким",
            "given_name": "Анна",
            "grounds": "—",
        },
        format="json",
    )
    assert made.status_code == 403
    contact = client_for(user_with_role("state_body_contact", tree.kostanay, "contact"))
    assert contact.get("/api/v1/award-nominations/").status_code == 403
    assert contact.get("/api/v1/awards/").status_code == 403
    assert APIClient().get("/api/v1/award-nominations/").status_code in (401, 403)


def test_the_year_filters_state_their_bounds_in_the_schema():
    """The fuzz drew year=1.3e308 for the nominations: the schema stated no maximum, the
    filter refused it as malformed (400). Both lists' years are bounded where they are
    described."""
    import json

    from drf_spectacular.generators import SchemaGenerator
    from rest_framework.renderers import JSONRenderer

    schema = json.loads(JSONRenderer().render(SchemaGenerator().get_schema(public=True)))
    for path in ("/api/v1/award-nominations/",):
        year = next(p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == "year")
        assert (year["schema"]["minimum"], year["schema"]["maximum"]) == (1991, 2100)
