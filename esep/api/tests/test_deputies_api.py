"""Deputies in the REST API: every resource inside and outside its scope (Atyrau's head sees
nothing of Kostanay's), a token needed, a mandate's post added, an inquiry recorded and a
deputy's correction confirmed by the API — by the office, never by the deputy — and the
rating's snapshots as computed, without the deputy's age; all through the staff pages'
declarations, and every resource and step in the schema."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from esep.appeals.tests.factories import StateBodyFactory
from esep.deputies import rating
from esep.deputies.models import Component, Correction, Inquiry, MandatePost
from esep.deputies.tests.factories import build_deputies

from .conftest import client_for

pytestmark = pytest.mark.django_db

MONTH = dt.date(2021, 3, 1)


@pytest.fixture
def council(tree):
    c = build_deputies(tree)
    c.state_body = StateBodyFactory.create(
        code="kostanay-akimat", territory=tree.kostanay.territory
    )
    c.correction = Correction.objects.create(
        mandate=c.mandate,
        month=MONTH,
        component=Component.RECEPTIONS,
        adjustment=1,
        explanation="Қабылдау ауылда өтті",
        evidence="deputies/evidence.pdf",
        evidence_name="evidence.pdf",
        evidence_sha256="0" * 64,
        submitted_by=c.deputy,
    )
    return c


def _ids(client, url, key="id", **query):
    answer = client.get(url, query)
    assert answer.status_code == 200, answer.json()
    return [r[key] for r in answer.json()["results"]]


def test_every_resource_in_scope_and_not_outside(council):
    c = council
    office, outsider = client_for(c.office), client_for(c.outsider)
    kostanay = sorted(m.pk for m in [*c.mandates, c.rival])
    assert _ids(office, "/api/v1/representative-bodies/", key="code") == ["kostanay-oblast"]
    assert _ids(outsider, "/api/v1/representative-bodies/", key="code") == ["atyrau-city"]
    assert sorted(_ids(office, "/api/v1/mandates/")) == kostanay
    assert _ids(outsider, "/api/v1/mandates/") == [c.atyrau_mandate.pk]
    assert _ids(office, "/api/v1/convocations/") == [c.convocation.pk]
    assert _ids(office, "/api/v1/corrections/") == [c.correction.pk]
    records = {
        "representative-bodies": "kostanay-oblast",
        "mandates": c.mandate.pk,
        "convocations": c.convocation.pk,
        "corrections": c.correction.pk,
    }
    for resource, key in records.items():
        url = f"/api/v1/{resource}/{key}/"
        assert office.get(url).status_code == 200, resource
        assert outsider.get(url).status_code == 404, resource
        assert APIClient().get(url).status_code == 401, resource
    assert _ids(outsider, "/api/v1/corrections/") == []
    body = office.get("/api/v1/representative-bodies/kostanay-oblast/").json()
    assert body["name"] == "Kostanay Oblast Maslikhat"  # in the language asked for
    assert [v["number"] for v in body["convocations"]] == [7]
    assert body["steps"] == ["convocation"]
    # The filters are the list pages' own.
    assert _ids(office, "/api/v1/mandates/", party="ak-zhol") == [c.rival.pk]
    refused = office.get("/api/v1/mandates/", {"kind": "lottery"})
    assert refused.status_code == 400 and list(refused.json()["error"]["fields"]) == ["kind"]
    # A deputy reads their own correction and may not decide it.
    deputy = client_for(c.deputy)
    mine = deputy.get(f"/api/v1/corrections/{c.correction.pk}/").json()
    assert mine["steps"] == []


def test_the_office_adds_a_post_and_records_an_inquiry(council):
    c = council
    office = client_for(c.office)
    url = f"/api/v1/mandates/{c.mandates[3].pk}/"
    assert set(office.get(url).json()["steps"]) >= {"post", "end"}
    added = office.post(
        f"{url}steps/post/",
        {
            "position": "committee_chair",
            "committee_kk": "Бюджет комиссиясы",
            "started_on": "2021-02-01",
        },
        format="json",
    )
    assert added.status_code == 200, added.json()
    [post] = added.json()["posts"]
    assert post["position"] == "committee_chair" and post["committee"] == "Бюджет комиссиясы"
    assert MandatePost.objects.filter(mandate=c.mandates[3]).count() == 1
    outsider = client_for(c.outsider)
    assert outsider.post(f"{url}steps/post/", {"position": "member"}).status_code == 404

    made = office.post(
        "/api/v1/inquiries/",
        {
            "mandate": c.mandate.pk,
            "state_body": "kostanay-akimat",
            "subject": "Ауыл жолын жөндеу туралы",
            "sent_on": "2021-03-10",
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    inquiry = Inquiry.objects.get()
    assert made.json()["id"] == inquiry.pk and inquiry.recorded_by == c.office
    assert _ids(outsider, "/api/v1/inquiries/") == []
    answered = office.post(
        f"/api/v1/inquiries/{inquiry.pk}/steps/answer/",
        {"answer": "Жол 2021 жылы жөнделеді", "answered_on": "2021-03-25"},
        format="json",
    )
    assert answered.status_code == 200, answered.json()
    assert answered.json()["answered_on"] == "2021-03-25"
    # Recorded for a deputy of another branch: not found.
    refused = outsider.post(
        "/api/v1/inquiries/",
        {
            "mandate": c.mandate.pk,
            "state_body": "kostanay-akimat",
            "subject": "x",
            "sent_on": "2021-03-10",
        },
        format="json",
    )
    assert refused.status_code == 404 and "mandate" in refused.json()["error"]["fields"]


def test_a_correction_is_confirmed_by_the_office_never_by_the_deputy(council):
    c = council
    url = f"/api/v1/corrections/{c.correction.pk}/"
    deputy, office = client_for(c.deputy), client_for(c.office)
    assert deputy.post(f"{url}steps/confirm/", {}, format="json").status_code == 403
    assert client_for(c.outsider).post(f"{url}steps/confirm/", {}).status_code == 404
    assert set(office.get(url).json()["steps"]) == {"confirm", "refuse"}
    confirmed = office.post(f"{url}steps/confirm/", {"note": "Расталды"}, format="json")
    assert confirmed.status_code == 200, confirmed.json()
    assert confirmed.json()["state"] == "confirmed" and confirmed.json()["steps"] == []
    c.correction.refresh_from_db()
    assert c.correction.decided_by == c.office
    # Confirmed, the deputy's month is recomputed: their snapshot counts it.
    [snapshot] = _ids(deputy, "/api/v1/snapshots/", month="2021-03")
    shown = deputy.get(f"/api/v1/snapshots/{snapshot}/").json()
    assert shown["mandate"] == c.mandate.pk and shown["components"]["receptions"]["raw"]


def test_snapshots_in_scope_without_the_deputy_s_age(council):
    c = council
    rating.compute(MONTH, bodies=["kostanay-oblast", "atyrau-city"])
    office, outsider = client_for(c.office), client_for(c.outsider)
    own_party = sorted(m.pk for m in c.mandates)
    listed = office.get("/api/v1/snapshots/", {"month": "2021-03"}).json()["results"]
    assert sorted(s["mandate"] for s in listed) == own_party  # the party's deputies are rated
    assert all("age" not in s and "young" not in s for s in listed)
    assert [s["mandate"] for s in outsider.get("/api/v1/snapshots/").json()["results"]] == [
        c.atyrau_mandate.pk
    ]
    # A deputy reads their own (their role shows them their branch's work too).
    seen = client_for(c.deputy).get("/api/v1/snapshots/", {"mandate": c.mandate.pk}).json()
    assert [s["mandate"] for s in seen["results"]] == [c.mandate.pk]
    assert APIClient().get("/api/v1/snapshots/").status_code == 401
    branches = _ids(office, "/api/v1/rating-branches/", key="code")
    assert "kostanay" in branches and "atyrau" not in branches


def test_the_schema_and_the_index_offer_the_deputies(council):
    paths = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for resource in (
        "mandates",
        "convocations",
        "sittings",
        "inquiries",
        "initiatives",
        "voter-reports",
        "corrections",
        "snapshots",
        "rating-branches",
    ):
        assert f"/api/v1/{resource}/" in paths, resource
        assert f"/api/v1/{resource}/{{id}}/" in paths, resource
    body = paths["/api/v1/representative-bodies/{id}/"]["get"]["parameters"][0]
    assert body["schema"]["type"] == "string"  # a body is addressed by its code
    for step in ("confirm", "refuse"):
        assert "post" in paths[f"/api/v1/corrections/{{id}}/steps/{step}/"]
    for step in ("post", "end-post", "end"):
        assert "post" in paths[f"/api/v1/mandates/{{id}}/steps/{step}/"]
    for step in ("recompute", "publish"):
        assert "post" in paths[f"/api/v1/rating-branches/{{id}}/steps/{step}/"]
    assert "post" in paths["/api/v1/sittings/{id}/steps/attendance/"]
    assert "post" in paths["/api/v1/representative-bodies/{id}/steps/convocation/"]
    for created in ("representative-bodies", "mandates", "inquiries", "initiatives"):
        assert "post" in paths[f"/api/v1/{created}/"], created
    index = APIClient().get("/api/v1/").json()["resources"]
    assert index["corrections"].endswith("/api/v1/corrections/")
