"""The election programme in the REST API: every resource inside and outside its scope, a
monitor recording an observation and proposing a change by the API, another person
approving it and the proposer refused, citizens' proposals with their author's contacts
masked and decided by the API — all through the staff pages' declarations."""

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from esep.org.tests.factories import user_with_role
from esep.programme.models import Change, HistoryEntry, Observation, Proposal
from esep.programme.tests.factories import build_programme

from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    w = build_programme(tree)
    w.central = user_with_role("analyst", tree.central, "central-analyst")
    w.tree = tree
    w.proposal = Proposal.objects.create(
        number="PR-2021-000001",
        programme=w.programme,
        text="Ауылға жол салу керек",
        language="kk",
        channel="letter",
        territory=tree.kostanay.territory,
        branch=tree.kostanay,
        received_on=dt.date(2021, 5, 1),
        submitter=tree.members["kostanay-rudny"],
        author_name="Айжан Сейітова",
        contact_phone="+77015551122",
    )
    return w


def _ids(client, url, **query):
    answer = client.get(url, query)
    assert answer.status_code == 200, answer.json()
    return [r["id"] for r in answer.json()["results"]]


def test_every_resource_is_seen_in_scope_and_not_outside(world):
    w = world
    head, outsider = client_for(w.head), client_for(w.atyrau_head)
    central = client_for(w.central)
    records = {
        "road-maps": w.road_map.pk,
        "measures": w.measure.pk,
        "indicators": w.indicator.pk,
        "proposals": w.proposal.pk,
    }
    for resource, pk in records.items():
        assert _ids(head, f"/api/v1/{resource}/") == [pk], resource
        assert head.get(f"/api/v1/{resource}/{pk}/").json()["id"] == pk, resource
        assert _ids(outsider, f"/api/v1/{resource}/") == [], resource
        assert outsider.get(f"/api/v1/{resource}/{pk}/").status_code == 404, resource
        assert APIClient().get(f"/api/v1/{resource}/").status_code == 401
    # The programme and its promises are the central office's: its people see them, and
    # so do the regions working on it; someone with no party work in scope does not.
    assert _ids(central, "/api/v1/programmes/") == [w.programme.pk]
    assert set(_ids(central, "/api/v1/promises/")) == {w.promise.pk, w.other_promise.pk}
    detail = central.get(f"/api/v1/promises/{w.promise.pk}/").json()
    assert detail["text"] == w.promise.text_en  # in the language asked for
    assert detail["road_maps"] == [w.road_map.pk] and detail["measures"] == [w.measure.pk]
    assert outsider.get(f"/api/v1/programmes/{w.programme.pk}/").status_code == 200
    contact = client_for(user_with_role("state_body_contact", w.tree.kostanay, "contact"))
    assert contact.get(f"/api/v1/programmes/{w.programme.pk}/").status_code == 404
    assert contact.get(f"/api/v1/promises/{w.promise.pk}/").status_code == 404
    # The filters are the list pages' own.
    assert _ids(head, "/api/v1/measures/", status="completed") == []
    assert _ids(head, "/api/v1/road-maps/", programme="2021") == [w.road_map.pk]
    refused = head.get("/api/v1/measures/", {"status": "done"})
    assert refused.status_code == 400 and list(refused.json()["error"]["fields"]) == ["status"]


def test_a_monitor_records_and_proposes_another_approves(world, tree):
    w = world
    monitor, head = client_for(w.monitor), client_for(w.head)
    measure_url = f"/api/v1/measures/{w.measure.pk}/"
    # A monitor holds no capability: their road map gives them its measures and steps.
    assert _ids(monitor, "/api/v1/road-maps/") == [w.road_map.pk]
    assert set(monitor.get(measure_url).json()["steps"]) == {"observation", "change"}
    recorded = monitor.post(
        f"{measure_url}steps/observation/",
        {
            "indicator": w.indicator.pk,
            "territory": tree.kostanay.territory.kato,
            "period_start": "2021-10-01",
            "period_end": "2021-12-31",
            "value": 80.5,
            "kind": "actual",
            "source": "Бюро национальной статистики",
        },
        format="json",
    )
    assert recorded.status_code == 200, recorded.json()
    observation = Observation.objects.get()
    assert observation.value == Decimal("80.5") and observation.recorded_by == w.monitor
    listed = monitor.get("/api/v1/observations/", {"indicator": w.indicator.pk}).json()
    assert [o["id"] for o in listed["results"]] == [observation.pk]
    assert listed["results"][0]["current"] is True
    indicator = monitor.get(f"/api/v1/indicators/{w.indicator.pk}/").json()
    assert Decimal(indicator["progress"]["value"]) == Decimal("80.5")

    change = {
        "status": "in_progress",
        "reason": "Су құбыры жүргізіліп жатыр",
        "kind": "statistics",
        "title": "Статистика бюллетені",
        "url": "https://stat.gov.kz/bulletin",
        "publisher": "Бюро национальной статистики",
        "published_on": "2022-01-20",
    }
    no_evidence = monitor.post(f"{measure_url}steps/change/", {**change, "url": ""}, format="json")
    assert no_evidence.status_code == 422 and "url" in no_evidence.json()["error"]["fields"]
    proposed = monitor.post(f"{measure_url}steps/change/", change, format="json")
    assert proposed.status_code == 200, proposed.json()
    made = Change.objects.get()
    assert made.state == "pending" and made.proposed_by == w.monitor
    change_url = f"/api/v1/changes/{made.pk}/"
    # The proposer sees their change and may not decide it; the branch's head may.
    assert monitor.get(change_url).json()["steps"] == []
    refused = monitor.post(f"{change_url}steps/approve/", {}, format="json")
    assert refused.status_code == 403
    assert set(head.get(change_url).json()["steps"]) == {"approve", "return"}
    approved = head.post(f"{change_url}steps/approve/", {"note": "Расталды"}, format="json")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["state"] == "approved"
    w.measure.refresh_from_db()
    assert w.measure.status == "in_progress"
    history = client_for(w.central).get(measure_url)
    assert history.status_code == 200
    assert [e["new_status"] for e in history.json()["history"]] == ["in_progress"]
    assert HistoryEntry.objects.get().approved_by == w.head
    # Four eyes whoever proposes: the head's own proposal is not theirs to approve.
    own = head.post(f"{measure_url}steps/change/", {**change, "status": "completed"})
    assert own.status_code == 200, own.json()
    mine = Change.objects.filter(state="pending").get()
    assert head.post(f"/api/v1/changes/{mine.pk}/steps/approve/", {}).status_code == 403
    # Outside Kostanay nothing of it is found.
    outsider = client_for(w.atyrau_head)
    assert outsider.get(change_url).status_code == 404
    assert outsider.post(f"{measure_url}steps/change/", change).status_code == 404


def test_proposals_mask_their_authors_and_are_decided_by_the_api(world):
    w = world
    analyst = client_for(user_with_role("analyst", w.road_map.branch, "kostanay-analyst"))
    shown = analyst.get(f"/api/v1/proposals/{w.proposal.pk}/").json()
    assert shown["author"]["name"] == "Айжан Сейітова"
    assert shown["author"]["personal_data"]["revealed"] is False
    assert "5551122" not in str(shown)
    listed = analyst.get("/api/v1/proposals/").json()["results"][0]
    assert "author" not in listed and "text" not in listed
    assert analyst.get(f"/api/v1/proposals/{w.proposal.pk}/").json()["steps"] == []
    refused = analyst.post(
        f"/api/v1/proposals/{w.proposal.pk}/steps/include/", {"promise": w.promise.pk}
    )
    assert refused.status_code == 403
    head = client_for(w.head)
    decided = head.post(
        f"/api/v1/proposals/{w.proposal.pk}/steps/include/",
        {"promise": w.promise.pk},
        format="json",
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["decision"] == "included" and decided.json()["promise"] == w.promise.pk
    assert _ids(head, "/api/v1/proposals/", decision="included") == [w.proposal.pk]


def test_the_schema_and_the_index_offer_the_programme(world):
    paths = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for resource in (
        "programmes",
        "promises",
        "road-maps",
        "measures",
        "indicators",
        "observations",
        "changes",
        "proposals",
    ):
        assert f"/api/v1/{resource}/" in paths, resource
        assert f"/api/v1/{resource}/{{id}}/" in paths, resource
    # Each step of the record pages, its body described from the page's form.
    observation = paths["/api/v1/measures/{id}/steps/observation/"]["post"]
    body = observation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body.endswith("/MeasureObservationStepRequest")
    for step in ("approve", "return"):
        assert "post" in paths[f"/api/v1/changes/{{id}}/steps/{step}/"]
    for step in ("include", "merge", "refuse"):
        assert "post" in paths[f"/api/v1/proposals/{{id}}/steps/{step}/"]
    assert "post" in paths["/api/v1/promises/{id}/steps/change/"]
    assert "post" in paths["/api/v1/proposals/"] and "post" in paths["/api/v1/road-maps/"]
    index = APIClient().get("/api/v1/").json()["resources"]
    assert index["observations"].endswith("/api/v1/observations/")
