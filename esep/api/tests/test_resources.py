"""Every resource of the REST API for those inside and outside its scope, figures equal to
the dashboard's, published reports, and tokens."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from esep.access.models import ApiToken
from esep.appeals import actions
from esep.appeals.models import Appeal, Category
from esep.figures import compute as c
from esep.figures import reports
from esep.figures.periods import Period
from esep.org.models import Territory
from esep.org.tests.factories import user_with_role

from .conftest import NEW_APPEAL, client_for

pytestmark = pytest.mark.django_db

WORK = ["reception", "control-post", "issue", "instruction"]
# A control post to open in Atyrau (its heading deputy is added by each test).
SCHOOL_POST = {
    "branch": "atyrau",
    "territory": "230000000",
    "object_kind": "school",
    "object_name": "№ 5 мектеп",
    "address": "Атырау",
    "opened_on": "2026-11-01",
}


@pytest.mark.parametrize("resource", WORK)
def test_party_work_is_seen_in_scope_and_not_outside(api, work, resource):
    record = work[resource]
    url = f"/api/v1/{resource}s/"
    inside = api["analyst"].get(url).json()
    assert [r["id"] for r in inside["results"]] == [record.pk]
    assert api["analyst"].get(f"{url}{record.pk}/").json()["id"] == record.pk
    assert api["outsider"].get(url).json()["count"] == 0
    assert api["outsider"].get(f"{url}{record.pk}/").status_code == 404
    assert APIClient().get(url).status_code == 401


@pytest.mark.parametrize("resource", ["reception", "control-post", "issue"])
def test_a_role_without_party_work_is_refused(api, work, resource):
    refused = api["contact"].get(f"/api/v1/{resource}s/")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"


def test_filters_of_party_work_are_the_pages_filters(api, work):
    assert api["head"].get("/api/v1/issues/", {"status": "resolved"}).json()["count"] == 0
    assert api["head"].get("/api/v1/control-posts/", {"status": "active"}).json()["count"] == 1
    assert api["head"].get("/api/v1/receptions/", {"kind": "mobile"}).json()["count"] == 1
    refused = api["head"].get("/api/v1/receptions/", {"kind": "séance"})
    assert list(refused.json()["error"]["fields"]) == ["kind"]
    post = api["head"].get(f"/api/v1/control-posts/{work['control-post'].pk}/").json()
    assert (post["visits"], post["branch"]) == (1, "atyrau")


def test_the_organisation_within_scope(api, tree):
    codes = [b["code"] for b in api["head"].get("/api/v1/branches/").json()["results"]]
    assert codes == ["atyrau", "atyrau-city"]
    city = api["head"].get("/api/v1/branches/atyrau-city/").json()
    assert (city["parent"], city["territory"]) == ("atyrau", "231010000")
    assert api["head"].get("/api/v1/branches/kostanay/").status_code == 404
    assert api["contact"].get("/api/v1/branches/").status_code == 403
    people = api["head"].get("/api/v1/people/").json()["results"]
    assert {p["membership"]["branch"] for p in people} == {"atyrau", "atyrau-city"}
    outsider_person = tree.members["kostanay"]
    assert api["head"].get(f"/api/v1/people/{outsider_person.pk}/").status_code == 404


def test_reference_data_for_every_signed_in_user(api, tree):
    territories = api["contact"].get("/api/v1/territories/", {"parent": "230000000"}).json()
    assert [t["kato"] for t in territories["results"]] == ["231010000"]
    atyrau = api["contact"].get("/api/v1/territories/231010000/", HTTP_ACCEPT_LANGUAGE="ru")
    assert atyrau.json()["parent"] == "230000000"
    assert atyrau.json()["name"] == Territory.objects.get(kato="231010000").name_ru
    categories = api["contact"].get("/api/v1/categories/").json()["results"]
    assert [c["code"] for c in categories] == ["roads"]
    bodies = api["contact"].get("/api/v1/state-bodies/").json()["results"]
    assert [(b["code"], b["territory"]) for b in bodies] == [("atyrau-akimat", "230000000")]
    assert APIClient().get("/api/v1/territories/").status_code == 401


def test_a_missing_record_in_the_users_language(api):
    response = api["head"].get("/api/v1/appeals/999999/", HTTP_ACCEPT_LANGUAGE="ru")
    error = response.json()["error"]
    assert (response.status_code, error["code"]) == (404, "not_found")
    assert error["message"] == "Не найдено или вне того, что позволяют видеть ваши роли."


@pytest.fixture
def answered(api, tree):
    officer = api["users"]["officer"]
    for text in ["бір", "екі", "үш"]:
        api["officer"].post("/api/v1/appeals/", {**NEW_APPEAL, "text": text}, format="json")
    first = Appeal.objects.order_by("pk").first()
    assert first is not None
    actions.assign_appeal(actor=officer, appeal=first, assignee=officer)
    actions.start_work(actor=officer, appeal=first)
    actions.record_answer(actor=officer, appeal=first, outcome="resolved_positively", answer="x")
    return first


def test_figures_through_the_api_are_the_dashboards(api, answered, client):
    year = answered.registered_on.year
    query = {"scope": "atyrau", "from": f"{year}-01-01", "to": f"{year}-12-31"}
    figures = api["head"].get("/api/v1/figures/", query).json()
    by_code = {f["code"]: f for f in figures["results"]}
    assert by_code["appeals.received"]["value"] == 3
    assert by_code["appeals.resolved_positively"]["value"] == 1
    client.force_login(api["users"]["head"])
    page = client.get(reverse("figures:dashboard"), {"scope": "atyrau", "year": year})
    headline = page.context["headline"]
    assert headline and all(by_code[row.code]["value"] == row.value for row, _change in headline)
    # The drill-down link lists exactly the records counted.
    drill = client.get(by_code["appeals.resolved_positively"]["drill_down"])
    assert drill.status_code == 200 and drill.context["page"].paginator.count == 1
    # A breakdown, and the outsider counts none of Atyrau's appeals.
    grouped = api["head"].get("/api/v1/figures/", {**query, "breakdown": "channel"}).json()
    letters = [
        f for f in grouped["results"] if f["code"] == "appeals.received" and f["group"] == "letter"
    ]
    assert letters[0]["value"] == 3 and "group=channel%3Aletter" in letters[0]["drill_down"]
    outside = api["outsider"].get("/api/v1/figures/", {**query, "scope": "230000000"}).json()
    values = {f["code"]: f["value"] for f in outside["results"]}
    assert values["appeals.received"] == 0
    unknown = api["head"].get("/api/v1/figures/", {**query, "figure": "appeals.happiness"})
    assert list(unknown.json()["error"]["fields"]) == ["figure"]
    assert api["contact"].get("/api/v1/figures/", query).status_code == 403


def test_published_reports_are_public(api, answered):
    head = api["users"]["head"]
    year = answered.registered_on.year
    report = reports.freeze(
        actor=head,
        scope=c.parse_scope("atyrau"),
        period=Period(dt.date(year, 1, 1), dt.date(year, 12, 31)),
        codes=["appeals.received"],
    )
    assert APIClient().get("/api/v1/reports/").json()["count"] == 0  # frozen, not published
    reports.publish(actor=head, report=report, press_kk="Хабарлама", press_ru="Сообщение")
    listed = APIClient(HTTP_ACCEPT_LANGUAGE="ru").get("/api/v1/reports/").json()["results"]
    assert listed[0]["figures"][0]["value"] == 3 and listed[0]["intact"] is True


def test_tokens_from_the_command_line_and_the_profile(tree, capsys, client):
    user = user_with_role("analyst", tree.atyrau, "script-user")
    call_command("api-token", "script-user")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    scripted = APIClient()
    scripted.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert scripted.get("/api/v1/branches/").status_code == 200
    # On the profile page: another token, shown once; revoking one leaves the other working.
    client.force_login(user)
    client.post(reverse("api-token"), {"name": "second", "days": "30"})
    new = ApiToken.objects.get(user=user, name="second")
    page = client.get(reverse("profile")).content.decode()
    new_key = page.split('<code class="token" translate="no">')[1].split("</code>")[0]
    assert new_key != key and new_key.startswith(new.prefix)
    assert new_key not in client.get(reverse("profile")).content.decode()
    client.post(reverse("api-token-revoke", args=[new.pk]))
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {new_key}")
    assert other.get("/api/v1/branches/").status_code == 401
    assert scripted.get("/api/v1/branches/").status_code == 200


def test_categories_keep_their_parents(api):
    roads = Category.objects.get(code="roads")
    Category.objects.add_child(
        roads, {"code": "roads-lights", "name_kk": "Шамдар", "name_ru": "Фонари"}
    )
    found = client_for(api["users"]["head"]).get("/api/v1/categories/roads-lights/").json()
    assert found["parent"] == "roads"


def test_party_work_steps_are_the_pages_steps(api, work):
    reception = work["reception"]
    url = f"/api/v1/receptions/{reception.pk}/"
    assert set(api["officer"].get(url).json()["steps"]) == {"held", "change", "cancel"}
    assert api["analyst"].get(url).json()["steps"] == []
    held = api["officer"].post(f"{url}steps/held/", {"people_received": 12}, format="json")
    assert held.status_code == 200, held.json()
    assert (held.json()["status"], held.json()["people_received"]) == ("held", 12)
    # Once held it cannot be cancelled; the analyst may take no step; outside is not found.
    refused = api["officer"].post(f"{url}steps/cancel/", {"reason": "x"}, format="json")
    assert refused.status_code == 403
    assert api["analyst"].post(f"{url}steps/held/", {"people_received": 3}).status_code == 403
    assert api["outsider"].post(f"{url}steps/held/", {"people_received": 3}).status_code == 404
    bad = api["officer"].post(f"{url}steps/held/", {"people_received": -1}, format="json")
    assert list(bad.json()["error"]["fields"]) == ["people_received"]

    issue = work["issue"]
    issue_url = f"/api/v1/issues/{issue.pk}/steps/"
    set_body = api["head"].post(f"{issue_url}state-body/", {"state_body": "atyrau-akimat"})
    assert set_body.json()["state_body"] == "atyrau-akimat"
    measure = {"text": "Лифт жөндеу", "responsible": "Әкімдік", "deadline": "2026-05-01"}
    assert api["head"].post(f"{issue_url}measure/", measure).status_code == 200
    assert issue.measures.get().responsible == "Әкімдік"

    post = work["control-post"]
    closed = api["head"].post(
        f"/api/v1/control-posts/{post.pk}/steps/close/", {"closed_on": "2026-06-01"}
    )
    assert (closed.json()["status"], closed.json()["closed_on"]) == ("closed", "2026-06-01")


def test_party_work_is_made_through_the_api_as_on_its_pages(api, tree):
    deputy = tree.members["atyrau"]
    planned = api["officer"].post(
        "/api/v1/receptions/",
        {
            "branch": "atyrau",
            "territory": "230000000",
            "kind": "mobile",
            "place_type": "market",
            "address": "Орталық базар",
            "day": "2026-12-01",
            "starts": "10:00",
            "ends": "12:00",
            "receivers": [deputy.pk],
            "repeat_weeks": 3,
        },
    )
    assert planned.status_code == 201, planned.json()
    assert [r["day"] for r in planned.json()] == ["2026-12-01", "2026-12-08", "2026-12-15"]
    post = {**SCHOOL_POST, "head": deputy.pk}
    opened = api["head"].post("/api/v1/control-posts/", post)
    assert opened.status_code == 201 and opened.json()["object_name"] == "№ 5 мектеп"
    # Another region's branch is not a choice; an analyst may not make party work.
    elsewhere = api["head"].post("/api/v1/control-posts/", {**post, "branch": "kostanay"})
    assert list(elsewhere.json()["error"]["fields"]) == ["branch"]
    assert api["analyst"].post("/api/v1/control-posts/", post).status_code == 403
    lists = api["head"].post("/api/v1/control-posts/", {**post, "members": [{"id": 1}]})
    assert list(lists.json()["error"]["fields"]) == ["members"]


def test_an_id_past_64_bits_is_refused_not_looked_up(api, tree):
    post = {**SCHOOL_POST, "head": 2**70, "members": [tree.members["atyrau"].pk, -(2**80)]}
    refused = api["head"].post("/api/v1/control-posts/", post)
    assert refused.status_code == 400
    assert set(refused.json()["error"]["fields"]) == {"head", "members"}
