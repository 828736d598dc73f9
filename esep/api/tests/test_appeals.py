"""Appeals through the REST API: the inbox, registering (idempotently), the whole
lifecycle, and refusals — each as the pages would give them."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from esep.appeals.models import Appeal
from esep.audit.models import PersonalDataAccess

from .conftest import NEW_APPEAL

pytestmark = pytest.mark.django_db

APPEALS = "/api/v1/appeals/"


def create(client, data=NEW_APPEAL, **headers):
    return client.post(APPEALS, data, format="json", **headers)


def step(client, appeal_id, name, **data):
    return client.post(f"{APPEALS}{appeal_id}/{name}/", data, format="json")


def test_an_officer_registers_an_appeal(api, tree):
    response = create(api["officer"])
    assert response.status_code == 201, response.json()
    body = response.json()
    appeal = Appeal.objects.get()
    assert body["number"] == appeal.number and body["branch"] == "atyrau-city"
    assert appeal.submitter is not None
    assert (appeal.channel, appeal.submitter.surname) == ("letter", "Сейітова")
    assert body["status"] == "registered" and body["version"] == 1


def test_the_same_idempotency_key_gives_the_same_appeal(api):
    first = create(api["officer"], HTTP_IDEMPOTENCY_KEY="script-run-42")
    again = create(api["officer"], HTTP_IDEMPOTENCY_KEY="script-run-42")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Appeal.objects.count() == 1
    # Another key is another appeal; the same key with another body is refused.
    assert create(api["officer"], HTTP_IDEMPOTENCY_KEY="script-run-43").status_code == 201
    changed = create(
        api["officer"], {**NEW_APPEAL, "text": "Басқа"}, HTTP_IDEMPOTENCY_KEY="script-run-42"
    )
    assert changed.status_code == 409
    assert changed.json()["error"]["code"] == "conflict"
    assert Appeal.objects.count() == 2


def test_a_refused_registration_leaves_its_key_free(api):
    bad = create(api["officer"], {**NEW_APPEAL, "text": ""}, HTTP_IDEMPOTENCY_KEY="k1")
    assert bad.status_code == 400
    assert create(api["officer"], HTTP_IDEMPOTENCY_KEY="k1").status_code == 201


def test_errors_have_one_format_in_the_language_asked_for(api):
    data = {**NEW_APPEAL, "consent": False, "kind": "rumour", "branch": "kostanay"}
    for language, consent_message in [
        ("en", "Personal data may be recorded only with the citizen's consent."),
        ("ru", "Персональные данные можно записать только с согласия гражданина."),
    ]:
        response = create(api["officer"], data, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 400
        error = response.json()["error"]
        assert (error["status"], error["code"]) == (400, "invalid")
        assert error["fields"]["consent"] == [consent_message]
        # Branch outside the officer's scope is not a choice at all.
        assert set(error["fields"]) == {"consent", "kind", "branch"}
    kazakh = create(api["officer"], data, HTTP_ACCEPT_LANGUAGE="kk").json()["error"]
    assert kazakh["fields"]["consent"] != [consent_message]
    not_json = api["officer"].post(APPEALS, "[1, 2]", content_type="application/json")
    assert not_json.json()["error"]["code"] == "invalid"
    nested = create(api["officer"], {**NEW_APPEAL, "text": {"a": 1}})
    assert list(nested.json()["error"]["fields"]) == ["text"]
    assert Appeal.objects.count() == 0


# Monday 2 March 2026, 09:00 in Atyrau: registered that day, so a forwarding may be dated
# that day, and a control deadline of 1 April is still to come.
@time_machine.travel(dt.datetime(2026, 3, 2, 4, 0, tzinfo=dt.UTC), tick=False)
def test_the_lifecycle_through_the_api(api, tree):
    officer, head = api["officer"], api["head"]
    appeal = create(officer).json()
    pk = appeal["id"]
    detail = officer.get(f"{APPEALS}{pk}/").json()
    assert detail["steps"] == ["assign"]  # extending and control are the head's
    response = step(officer, pk, "assign", assignee="atyrau-officer", version=1)
    assert response.status_code == 200, response.json()
    assert response.json()["assignee"] == "atyrau-officer"
    assert step(officer, pk, "start", version=2).json()["status"] == "in_progress"
    forwarded = step(
        officer,
        pk,
        "forward",
        state_body="atyrau-akimat",
        outgoing_reference="01-15/77",
        sent_on="2026-03-02",
        version=3,
    ).json()
    assert forwarded["forwardings"][0]["state_body"] == "atyrau-akimat"
    # Extending is the head's decision: the officer is refused, the head may.
    due = dt.date.fromisoformat(forwarded["due_on"])
    later = (due + dt.timedelta(days=7)).isoformat()
    assert (
        step(officer, pk, "extend", new_due_on=later, reason="Сұрау", version=4).status_code == 403
    )
    extended = step(head, pk, "extend", new_due_on=later, reason="Жауап күтілуде", version=4)
    assert extended.json()["due_on"] == later
    controlled = step(head, pk, "control", deadline="2026-04-01", reason="Маңызды")
    assert controlled.json()["controlled"] is True
    answered = step(
        officer, pk, "answer", outcome="resolved_positively", answer="Шам орнатылды", version=6
    ).json()
    assert (answered["status"], answered["outcome"]) == ("answered", "resolved_positively")
    assert step(officer, pk, "close", version=7).json()["status"] == "closed"
    reopened = step(officer, pk, "reopen", note="Шам қайта сөнді", version=8).json()
    assert (reopened["status"], reopened["disputed"]) == ("in_progress", True)
    actions = [e["action"] for e in reopened["events"]]
    assert actions == [
        "registered",
        "assign",
        "start",
        "forwarded",
        "extended",
        "taken_under_control",
        "answer",
        "close",
        "reopen",
    ]


# At a fixed hour of the working day: the forwarding is sent on the day of registration,
# which in the evening (UTC) is already tomorrow in the appeal's territory.
@time_machine.travel(dt.datetime(2026, 3, 2, 5, 0, tzinfo=dt.UTC), tick=True)
def test_an_appeals_detail_reads_its_timeline_in_as_many_queries_however_long(api):
    officer, head = api["officer"], api["head"]
    fresh = create(officer).json()["id"]
    worked = create(officer).json()["id"]
    step(officer, worked, "assign", assignee="atyrau-officer", version=1)
    step(officer, worked, "start", version=2)
    step(
        officer,
        worked,
        "forward",
        state_body="atyrau-akimat",
        outgoing_reference="01-15/78",
        sent_on=officer.get(f"{APPEALS}{worked}/").json()["registered_on"],
        version=3,
    )
    due = dt.date.fromisoformat(officer.get(f"{APPEALS}{worked}/").json()["due_on"])
    later = (due + dt.timedelta(days=7)).isoformat()
    step(head, worked, "extend", new_due_on=later, reason="Жауап күтілуде", version=4)

    def read(pk):
        with CaptureQueriesContext(connection) as queries:
            body = officer.get(f"{APPEALS}{pk}/").json()
        return body, len(queries)

    (short, few), (long, many) = read(fresh), read(worked)
    assert len(long["events"]) == 5 and long["forwardings"] and long["extensions"]
    assert long["events"][-1]["actor"] == "atyrau-head"
    assert long["extensions"][0]["decided_by"] == "atyrau-head"
    assert long["forwardings"][0]["state_body"] == "atyrau-akimat"
    # The events with their actors, the forwardings with their bodies, the extensions with
    # who decided them: a query each, whoever acted and however many there are.
    assert many == few, (short["events"], long["events"])


def test_a_stale_copy_is_a_conflict_and_a_step_not_offered_is_refused(api):
    pk = create(api["officer"]).json()["id"]
    stale = step(api["officer"], pk, "assign", assignee="atyrau-officer", version=7)
    assert stale.status_code == 409
    assert "Someone else changed this appeal" in stale.json()["error"]["message"]
    # A step the appeal's state does not allow gets the one answer for a step not offered,
    # as on the pages and as for a role that does not give it.
    early = step(api["officer"], pk, "answer", outcome="explained", answer="x", version=1)
    assert early.status_code == 403
    assert early.json()["error"]["code"] == "permission_denied"
    assert "not open to you on this record now" in early.json()["error"]["message"]
    assert Appeal.objects.get().status == "registered"
    unknown_user = step(api["officer"], pk, "assign", assignee="nobody", version=1)
    assert list(unknown_user.json()["error"]["fields"]) == ["assignee"]


def test_roles_and_scope_are_those_of_the_pages(api):
    pk = create(api["officer"]).json()["id"]
    # Another region's head: not found, not even refused.
    assert api["outsider"].get(f"{APPEALS}{pk}/").status_code == 404
    assert step(api["outsider"], pk, "start", version=1).status_code == 404
    assert api["outsider"].get(APPEALS).json()["count"] == 0
    # An analyst reads but may not act or register.
    assert api["analyst"].get(f"{APPEALS}{pk}/").status_code == 200
    assert (
        step(api["analyst"], pk, "assign", assignee="atyrau-officer", version=1).status_code == 403
    )
    assert create(api["analyst"]).status_code == 403
    # A state-body contact has no inbox; no token is not signed in.
    assert api["contact"].get(APPEALS).status_code == 403
    from rest_framework.test import APIClient

    anonymous = APIClient().get(APPEALS)
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "not_authenticated"


def test_the_inbox_filters_pages_and_orders(api):
    for text in ["бір", "екі", "үш"]:
        create(api["officer"], {**NEW_APPEAL, "text": f"Жол {text}"})
    first = Appeal.objects.order_by("pk").first()
    assert first is not None
    step(api["officer"], first.pk, "assign", assignee="atyrau-officer", version=1)
    listed = api["officer"].get(APPEALS, {"status": "assigned"}).json()
    assert [a["id"] for a in listed["results"]] == [first.pk]
    assert api["officer"].get(APPEALS, {"q": "екі"}).json()["count"] == 1
    paged = api["officer"].get(APPEALS, {"page_size": 2, "ordering": "-id"}).json()
    assert paged["count"] == 3 and len(paged["results"]) == 2 and paged["next"]
    assert paged["results"][0]["id"] > paged["results"][1]["id"]
    bad = api["officer"].get(APPEALS, {"status": "lost", "registered_from": "yesterday"})
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"status", "registered_from"}


def test_personal_data_is_masked_as_the_role_requires(api):
    pk = create(api["officer"]).json()["id"]
    seen = api["officer"].get(f"{APPEALS}{pk}/").json()["applicant"]["personal_data"]
    assert seen["revealed"] and seen["phone"] == "+7 701 555 1122"
    assert PersonalDataAccess.objects.filter(user__username="atyrau-officer").count() == 1
    masked = api["analyst"].get(f"{APPEALS}{pk}/").json()["applicant"]["personal_data"]
    assert not masked["revealed"] and "555" not in masked["phone"]
    people = api["analyst"].get("/api/v1/people/").json()["results"]
    assert people and all(not p["personal_data"]["revealed"] for p in people)


def test_docs_and_schema_are_served_from_esep_itself(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for needed in ["/api/v1/appeals/{id}/answer/", "/api/v1/figures/", "/api/v1/territories/"]:
        assert needed in paths
    docs = client.get(reverse("api:docs")).content.decode()
    assert "drf_spectacular_sidecar" in docs and "https://" not in docs.split("<body")[0]
