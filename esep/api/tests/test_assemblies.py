"""The party's assemblies in the REST API: a conference run from its roll to the certified
election by the API's steps (each one the assemblies' action, refused with its code), a
delegate's own ballot and its receipt, one ballot per delegate, the published ballots with no
voter, primaries from nomination to the list with its rules checked, outsiders answered 404,
and the log's public check finding a tampered entry."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from esep.assemblies.log import canonical
from esep.assemblies.models import (
    Ballot,
    Campaign,
    Conference,
    Delegate,
    Item,
    LogEntry,
    Place,
    Poll,
    Quota,
)
from esep.assemblies.tests.factories import build_conference, login_for
from esep.assemblies.tests.running import (
    certified_conference,
    in_session,
    motion,
    without_triggers,
)
from esep.deputies.tests.factories import build_deputies
from esep.org.models import Body, Post
from esep.org.tests.factories import MembershipFactory, PersonFactory, user_with_role

from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def conf(tree):
    return build_conference(tree)


def ok(answer, status=200):
    assert answer.status_code == status, answer.json()
    return answer.json()


def refused_with(answer, status, code):
    assert answer.status_code == status, answer.json()
    assert answer.json()["error"]["code"] == code, answer.json()
    return answer.json()["error"]


# ---------------------------------------------------------------- the schema


OPERATIONS = {
    ("/api/v1/conferences/", "get"),
    ("/api/v1/conferences/", "post"),
    ("/api/v1/conferences/{code}/", "get"),
    ("/api/v1/conferences/{code}/delegates/", "get"),
    ("/api/v1/conferences/{code}/quorum/", "get"),
    *(
        (f"/api/v1/conferences/{{code}}/steps/{name}/", "post")
        for name in (
            "count-quotas",
            "set-quota",
            "add-item",
            "add-delegate",
            "remove-delegate",
            "freeze",
            "open",
            "close",
            "register",
        )
    ),
    ("/api/v1/polls/", "get"),
    ("/api/v1/polls/", "post"),
    ("/api/v1/polls/{id}/", "get"),
    ("/api/v1/polls/{id}/cast/", "post"),
    ("/api/v1/polls/{id}/ballots/", "get"),
    *(
        (f"/api/v1/polls/{{id}}/steps/{name}/", "post")
        for name in ("nominate", "withdraw", "open", "close", "paper", "certify")
    ),
    ("/api/v1/primaries/", "get"),
    ("/api/v1/primaries/", "post"),
    ("/api/v1/primaries/{code}/", "get"),
    ("/api/v1/primaries/{code}/candidates/", "get"),
    *(
        (f"/api/v1/primaries/{{code}}/steps/{name}/", "post")
        for name in (
            "nominate",
            "register",
            "refuse",
            "debate",
            "start",
            "close",
            "list",
        )
    ),
    ("/api/v1/assembly-logs/{code}/", "get"),
}


def test_the_schema_is_valid_and_lists_the_assemblies_operations():
    schema = SchemaGenerator().get_schema(public=True)
    validate_schema(schema)  # against the OpenAPI 3 specification's JSON Schema
    listed = {(path, method) for path, methods in schema["paths"].items() for method in methods}
    assert listed >= OPERATIONS, OPERATIONS - listed
    paths = schema["paths"]
    # Each step documents the action's codes it is refused with.
    assert "already_voted" in paths["/api/v1/polls/{id}/cast/"]["post"]["description"]
    assert "no_quorum" in paths["/api/v1/polls/{id}/steps/open/"]["post"]["description"]
    paper = paths["/api/v1/polls/{id}/steps/paper/"]["post"]["requestBody"]["content"]
    assert list(paper) == ["multipart/form-data"]
    # Public: the published ballots and the log's check (no 403 to a role).
    assert "403" not in paths["/api/v1/polls/{id}/ballots/"]["get"]["responses"]
    assert "403" not in paths["/api/v1/assembly-logs/{code}/"]["get"]["responses"]
    ballot = schema["components"]["schemas"]["Ballot"]["properties"]
    assert set(ballot) == {"receipt", "choices"}


# ---------------------------------------------------------------- a conference


def test_a_conference_is_convened_and_its_roll_kept_by_the_api(conf, tree):
    office = client_for(conf.office)
    made = ok(
        office.post(
            "/api/v1/conferences/",
            {
                "branch": "atyrau",
                "number": 34,
                "kind": "extraordinary",
                "held_on": "2022-06-01",
                "hall": "Атырау",
                # The page's form: every term given (a box left out is not ticked).
                "online": True,
                "quorum": "more_than_half",
                "members_per_delegate": 100,
                "minimum_quota": 1,
                "name_kk": "XXXIV кезектен тыс конференция",
                "name_ru": "XXXIV внеочередная конференция",
            },
            format="json",
        ),
        201,
    )
    assert made["code"] == "atyrau-34" and made["online"] is True
    assert Conference.objects.get(code="atyrau-34").convened_by == conf.office
    refused_with(
        office.post("/api/v1/conferences/", {**made, "branch": "atyrau"}, format="json"),
        409,
        "duplicate",
    )

    url = "/api/v1/conferences/atyrau-33/"
    detail = ok(office.get(url))
    assert set(detail["steps"]) >= {"count-quotas", "add-delegate", "add-item", "freeze"}
    assert detail["attendance"] == {"registered": 0, "roll": 5, "needed": 3, "met": False}
    assert [i["number"] for i in detail["items"]] == [1, 2]

    conf.conference.members_per_delegate = 2
    conf.conference.save()
    counted = ok(office.post(f"{url}steps/count-quotas/", {}, format="json"))
    quota = Quota.objects.get(conference=conf.conference)
    assert counted["quotas"] == [
        {"id": quota.pk, "branch": "atyrau-city", "members": 10, "seats": 5}
    ]
    assert "set-quota" in counted["steps"]
    refused_with(
        office.post(f"{url}steps/set-quota/", {"quota": quota.pk, "seats": 2}, format="json"),
        409,
        "below_roll",
    )
    ok(office.post(f"{url}steps/set-quota/", {"quota": quota.pk, "seats": 7}, format="json"))
    assert Quota.objects.get(conference=conf.conference).seats == 7
    ok(
        office.post(
            f"{url}steps/add-item/",
            {"kind": "decision", "name_kk": "Қаулы", "name_ru": "Постановление"},
            format="json",
        )
    )
    assert Item.objects.filter(conference=conf.conference).count() == 3

    added = office.post(
        f"{url}steps/add-delegate/",
        {"person": conf.members[5].pk, "branch": "atyrau-city", "elected_on": "2021-12-20"},
        format="json",
    )
    ok(added)
    delegate = Delegate.objects.get(conference=conf.conference, person=conf.members[5])
    refused_with(
        office.post(
            f"{url}steps/add-delegate/",
            {"person": conf.newcomer.pk, "branch": "atyrau-city", "elected_on": "2021-12-20"},
            format="json",
        ),
        404,  # the newcomer is no one the office sees: not a member anywhere
        "not_found",
    )
    roll = ok(office.get(f"{url}delegates/"))
    assert roll["count"] == 6
    # Names only: no IIN, birth date, contacts.
    assert set(roll["results"][0]) == {
        "id",
        "name",
        "branch",
        "elected_on",
        "protocol",
        "attendance",
        "registered_at",
    }
    ok(
        office.post(
            f"{url}steps/remove-delegate/",
            {"delegate": delegate.pk, "reason": "Өз өтініші бойынша"},
            format="json",
        )
    )
    assert not Delegate.objects.filter(pk=delegate.pk).exists()

    frozen = ok(office.post(f"{url}steps/freeze/", {}, format="json"))
    assert frozen["state"] == "frozen" and len(frozen["roll_digest"]) == 64
    # The page offers counting the quotas only while the roll is open.
    assert "count-quotas" not in frozen["steps"] and "register" in frozen["steps"]
    refused_with(
        office.post(f"{url}steps/count-quotas/", {}, format="json"), 403, "permission_denied"
    )

    # A delegate registers themself online; the office marks the hall.
    voter = client_for(conf.voters[0])
    ok(
        voter.post(
            f"{url}steps/register/",
            {"delegate": conf.delegates[0].pk, "attendance": "online"},
            format="json",
        )
    )
    # Their own seat only: another's is no record they may use.
    error = refused_with(
        voter.post(
            f"{url}steps/register/",
            {"delegate": conf.delegates[1].pk, "attendance": "online"},
            format="json",
        ),
        404,
        "not_found",
    )
    assert list(error["fields"]) == ["delegate"]
    assert Delegate.objects.get(pk=conf.delegates[1].pk).registered_at is None
    assert voter.get(url).status_code == 403  # reading the conference is staff's
    for delegate in conf.delegates[1:3]:
        ok(
            office.post(
                f"{url}steps/register/",
                {"delegate": delegate.pk, "attendance": "in_person"},
                format="json",
            )
        )
    assert ok(office.get(f"{url}quorum/")) == {
        "registered": 3,
        "roll": 5,
        "needed": 3,
        "met": True,
    }
    assert ok(office.post(f"{url}steps/open/", {}, format="json"))["state"] == "open"
    assert ok(office.post(f"{url}steps/close/", {}, format="json"))["state"] == "closed"


def test_outsiders_get_404_and_no_token_401(conf):
    in_session(conf)
    poll = motion(conf)
    outsider = client_for(conf.outsider)
    for url in (
        "/api/v1/conferences/atyrau-33/",
        "/api/v1/conferences/atyrau-33/delegates/",
        "/api/v1/conferences/atyrau-33/quorum/",
        f"/api/v1/polls/{poll.pk}/",
    ):
        refused_with(outsider.get(url), 404, "not_found")
        refused_with(APIClient().get(url), 401, "not_authenticated")
    for url in (
        "/api/v1/conferences/atyrau-33/steps/close/",
        f"/api/v1/polls/{poll.pk}/steps/open/",
        f"/api/v1/polls/{poll.pk}/cast/",
    ):
        refused_with(outsider.post(url, {}, format="json"), 404, "not_found")
    assert ok(outsider.get("/api/v1/conferences/"))["results"] == []
    assert ok(outsider.get("/api/v1/polls/"))["results"] == []
    # An agenda item outside the scope names no record the outsider may use.
    error = refused_with(
        outsider.post(
            "/api/v1/polls/",
            {"item": conf.report.pk, "kind": "open", "name_kk": "а", "name_ru": "б"},
            format="json",
        ),
        404,
        "not_found",
    )
    assert list(error["fields"]) == ["item"]
    assert Conference.objects.get(pk=conf.conference.pk).state == "open"


# ---------------------------------------------------------------- polls and ballots


def test_a_motion_from_preparation_to_its_published_ballots(conf):
    in_session(conf)
    office = client_for(conf.office)
    made = ok(
        office.post(
            "/api/v1/polls/",
            {
                "item": conf.report.pk,
                "kind": "secret",
                "name_kk": "Есепті бекіту",
                "name_ru": "Утвердить отчёт",
                "majority": "two_thirds",
                "base": "voting",
                "seats": 1,
            },
            format="json",
        ),
        201,
    )
    url = f"/api/v1/polls/{made['id']}/"
    assert [o["kind"] for o in made["options"]] == ["yes", "no", "abstain"]
    assert made["result"] is None and made["steps"] == ["open"]
    assert ok(office.post(f"{url}steps/open/", {}, format="json"))["state"] == "open"
    # Open, its page no longer offers opening it.
    refused_with(office.post(f"{url}steps/open/", {}, format="json"), 403, "permission_denied")

    voter = client_for(conf.voters[0])
    # A delegate sees the polls they may vote in, and that they may cast.
    seen = ok(voter.get("/api/v1/polls/"))["results"]
    assert [p["id"] for p in seen] == [made["id"]]
    assert ok(voter.get(url))["steps"] == ["cast"]
    receipt = ok(voter.post(f"{url}cast/", {"choices": [1]}, format="json"), 201)["receipt"]
    assert len(receipt) == 64
    second = refused_with(
        voter.post(f"{url}cast/", {"choices": [2]}, format="json"), 409, "already_voted"
    )
    assert second["message"] == "You have already voted in this poll."
    assert Ballot.objects.filter(poll_id=made["id"]).count() == 1
    refused_with(
        client_for(conf.voters[1]).post(f"{url}cast/", {"choices": [1, 2]}, format="json"),
        422,
        "one_answer",
    )
    refused_with(
        client_for(conf.voters[1]).post(f"{url}cast/", {"choices": [9]}, format="json"),
        400,
        "invalid",
    )
    for other in conf.voters[1:4]:
        ok(client_for(other).post(f"{url}cast/", {"choices": [1]}, format="json"), 201)
    # Not published before it is certified.
    refused_with(APIClient().get(f"{url}ballots/"), 404, "not_found")

    closed = ok(office.post(f"{url}steps/close/", {}, format="json"))
    assert closed["state"] == "closed"
    assert closed["result"]["outcome"] == "adopted" and closed["result"]["voted"] == 4
    assert [o["votes"] for o in closed["options"]] == [4, 0, 0]
    ok(office.post(f"{url}steps/certify/", {}, format="json"))
    assert Poll.objects.get(pk=made["id"]).state == "certified"

    # Public: receipts and choices, never a voter; the voter finds their receipt.
    published = ok(APIClient().get(f"{url}ballots/"))
    assert published["count"] == 4
    assert all(set(b) == {"receipt", "choices"} for b in published["results"])
    assert {"receipt": receipt, "choices": [1]} in published["results"]
    assert ok(APIClient().get(f"{url}ballots/", {"page_size": 1}))["next"]


def test_an_open_votes_named_ballots_are_only_counted(conf):
    in_session(conf)
    office = client_for(conf.office)
    poll = motion(conf, kind="open")
    url = f"/api/v1/polls/{poll.pk}/"
    ok(office.post(f"{url}steps/open/", {}, format="json"))
    for voter, choice in zip(conf.voters, [1, 1, 2, 3, 1], strict=True):
        ok(client_for(voter).post(f"{url}cast/", {"choices": [choice]}, format="json"), 201)
    ok(office.post(f"{url}steps/close/", {}, format="json"))
    read = ok(office.post(f"{url}steps/certify/", {}, format="json"))
    assert [o["votes"] for o in read["options"]] == [3, 1, 1]
    text = str(read) + str(ok(APIClient().get(f"{url}ballots/")))
    for delegate in conf.delegates:
        assert delegate.person.surname not in text
        assert str(delegate.person.pk) not in [str(v) for v in read.values()]
    assert "voter" not in text


def test_an_election_with_a_paper_count_certified_by_another(conf, tree):
    in_session(conf)
    office, second = client_for(conf.office), client_for(conf.second)
    made = ok(
        office.post(
            "/api/v1/polls/",
            {
                "item": conf.election.pk,
                "kind": "election",
                "seats": 2,
                "majority": "more_than_half",
                "base": "voting",
                "body_kind": "audit_commission",
                "name_kk": "Бақылау-тексеру комиссиясы",
                "name_ru": "Контрольно-ревизионная комиссия",
            },
            format="json",
        ),
        201,
    )
    url = f"/api/v1/polls/{made['id']}/"
    refused_with(office.post(f"{url}steps/open/", {}, format="json"), 409, "no_candidates")
    # The poll page's form asks the day the candidate consented.
    error = refused_with(
        office.post(f"{url}steps/nominate/", {"person": conf.members[5].pk}, format="json"),
        400,
        "invalid",
    )
    assert list(error["fields"]) == ["consent_on"]
    for person in conf.members[5:8]:
        ok(
            office.post(
                f"{url}steps/nominate/",
                {"person": person.pk, "consent_on": "2022-01-10", "nominated_by": "Атырау"},
                format="json",
            )
        )
    detail = ok(office.get(url))
    assert [o["label"] for o in detail["options"]] == [p.full_name for p in conf.members[5:8]]
    ok(office.post(f"{url}steps/open/", {}, format="json"))
    ok(client_for(conf.voters[0]).post(f"{url}cast/", {"choices": [1, 2]}, format="json"), 201)
    refused_with(
        client_for(conf.voters[1]).post(f"{url}cast/", {"choices": [1, 2, 3]}, format="json"),
        422,
        "too_many",
    )
    ok(office.post(f"{url}steps/close/", {}, format="json"))

    def protocol():
        return SimpleUploadedFile("хаттама.pdf", b"%PDF-1.4 protocol", "application/pdf")

    # As the poll's page enters it: the votes of each line of the ballot by its number.
    count = {"votes_1": 3, "votes_2": 3, "votes_3": 0, "valid": 3, "invalid_ballots": 1}
    refused_with(
        office.post(
            f"{url}steps/paper/",
            {**count, "valid": 9, "protocol": protocol()},
            format="multipart",
        ),
        422,
        "more_than_entitled",
    )
    refused_with(
        office.post(
            f"{url}steps/paper/",
            {**count, "votes_1": 4, "votes_2": 4, "votes_3": 1, "valid": 4, "protocol": protocol()},
            format="multipart",
        ),
        422,
        "does_not_add_up",
    )
    refused_with(
        office.post(f"{url}steps/paper/", count, format="json"), 415, "unsupported_media_type"
    )
    error = refused_with(
        office.post(
            f"{url}steps/paper/",
            {**count, "votes_1": "three", "protocol": protocol()},
            format="multipart",
        ),
        400,
        "invalid",
    )
    assert list(error["fields"]) == ["votes_1"]
    entered = ok(
        office.post(f"{url}steps/paper/", {**count, "protocol": protocol()}, format="multipart")
    )
    assert entered["source"] == "mixed" and len(entered["protocol_sha256"]) == 64
    assert [o["votes"] for o in entered["options"]] == [4, 4, 0]
    assert "certify" not in entered["steps"]
    # Who entered the paper count is not offered certifying it (`rules.may_certify`).
    refused_with(office.post(f"{url}steps/certify/", {}, format="json"), 403, "permission_denied")
    assert ok(second.post(f"{url}steps/certify/", {}, format="json"))["state"] == "certified"
    body = Body.objects.get(branch=tree.atyrau, kind="audit_commission")
    assert {p.person for p in Post.objects.filter(body=body)} == set(conf.members[5:7])


# ---------------------------------------------------------------- the log


def test_the_log_check_is_public_and_finds_a_tampered_entry(conf):
    certified_conference(conf)
    url = "/api/v1/assembly-logs/atyrau-33/"
    report = ok(APIClient().get(url))
    assert report["ok"] is True and report["problems"] == []
    assert report["entries"] == LogEntry.objects.filter(chain="atyrau-33").count()
    assert report["head"] == LogEntry.objects.filter(chain="atyrau-33").latest("seq").digest
    entry = LogEntry.objects.filter(chain="atyrau-33", kind="poll_result").earliest("seq")
    without_triggers(
        "UPDATE assemblies_logentry SET payload = %s WHERE id = %s",
        [canonical(dict(entry.payload, outcome="rejected")), entry.pk],
    )
    report = ok(APIClient(HTTP_ACCEPT_LANGUAGE="en").get(url))
    assert report["ok"] is False
    assert {"seq": entry.seq, "message": "its content does not match its digest"} in report[
        "problems"
    ]
    refused_with(APIClient().get("/api/v1/assembly-logs/nowhere-1/"), 404, "not_found")


# ---------------------------------------------------------------- primaries


def _document():
    return SimpleUploadedFile("өтініш.pdf", b"%PDF-1.4 application", "application/pdf")


def test_primaries_from_nomination_to_the_list_and_its_rules(tree):
    council = build_deputies(tree)
    head = user_with_role("branch_head", tree.kostanay, "kostanay-office")
    office = client_for(head)
    young = [
        MembershipFactory.create(
            branch=tree.kostanay, person=PersonFactory.create(birth_date=born, sex=sex)
        ).person
        for born, sex in [(dt.date(1995, 2, 1), "male"), (dt.date(1970, 3, 1), "female")]
    ]
    conf_person = MembershipFactory.create(branch=tree.kostanay).person
    made = ok(
        office.post(
            "/api/v1/primaries/",
            {
                "branch": "kostanay",
                "code": "kostanay-2020",
                "body": council.body.code,
                "previous": council.convocation.pk,
                "nominations_close_on": "2020-09-01",
                "vote_on": "2020-09-20",
                "places": 2,
                "young_share": 50,
                "name_kk": "Праймериз",
                "name_ru": "Праймериз",
            },
            format="json",
        ),
        201,
    )
    url = "/api/v1/primaries/kostanay-2020/"
    # As the page offers them: nothing to register, refuse or start a vote with yet.
    assert made["steps"] == ["nominate"]
    for person in young:
        ok(
            office.post(
                f"{url}steps/nominate/",
                {
                    "person": person.pk,
                    "nominated_on": "2020-08-20",
                    "consent_on": "2020-08-20",
                    "documents": _document(),
                },
                format="multipart",
            )
        )
    refused_with(
        office.post(
            f"{url}steps/nominate/",
            {"person": young[0].pk, "nominated_on": "2020-09-05"},
            format="multipart",
        ),
        422,
        "too_late",
    )
    # The documents' refusal is the documents' field's, as on the page.
    refused = office.post(
        f"{url}steps/nominate/",
        {
            "person": conf_person.pk,
            "nominated_on": "2020-08-21",
            "documents": SimpleUploadedFile("run.exe", b"MZ\x90\x00", "application/x-dosexec"),
        },
        format="multipart",
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "bad_type"
    assert list(refused.json()["error"]["fields"]) == ["documents"]
    # A nomination without consent or documents is refused registration by its checks.
    bare = ok(
        office.post(
            f"{url}steps/nominate/",
            {"person": conf_person.pk, "nominated_on": "2020-08-21"},
            format="multipart",
        )
    )
    lacking = next(
        c
        for c in ok(office.get(f"{url}candidates/"))["results"]
        if c["state"] == "nominated" and c["name"] == conf_person.full_name
    )
    refused_with(
        office.post(f"{url}steps/register/", {"candidate": lacking["id"]}, format="json"),
        409,
        "checks_failed",
    )
    ok(
        office.post(
            f"{url}steps/refuse/",
            {"candidate": lacking["id"], "reason": "Келісім жоқ"},
            format="json",
        )
    )
    assert bare
    candidates = [
        c for c in ok(office.get(f"{url}candidates/"))["results"] if c["state"] == "nominated"
    ]
    assert [c["name"] for c in candidates] == sorted(p.full_name for p in young)
    for candidate in candidates:
        ok(office.post(f"{url}steps/register/", {"candidate": candidate["id"]}, format="json"))
    started = ok(office.post(f"{url}steps/start/", {"choices": 1}, format="json"))
    assert started["state"] == "voting" and len(started["roll_digest"]) == 64
    poll = f"/api/v1/polls/{started['poll']}/"
    options = {o["label"]: o["number"] for o in ok(office.get(poll))["options"]}
    for i, person in enumerate(young):
        elector = client_for(login_for(person, f"elector-{i}"))
        ok(
            elector.post(poll + "cast/", {"choices": [options[young[0].full_name]]}, format="json"),
            201,
        )
    closed = ok(office.post(f"{url}steps/close/", {}, format="json"))
    # The page offers forming the list once the vote is certified.
    assert closed["steps"] == []
    refused_with(office.post(f"{url}steps/list/", {}, format="json"), 403, "permission_denied")
    ok(office.post(poll + "steps/certify/", {}, format="json"))
    listed = ok(office.post(f"{url}steps/list/", {}, format="json"))
    assert listed["state"] == "listed"
    assert [(p["number"], p["name"], p["votes"]) for p in listed["list"]] == [
        (1, young[0].full_name, 2),
        (2, young[1].full_name, 0),
    ]
    check = listed["list_check"]
    assert (check["places"], check["young"], check["women"], check["new"]) == (2, 1, 1, 2)
    assert check["young_ok"] is True and check["ok"] is True and check["women_ok"] is None
    assert Place.objects.filter(campaign__code="kostanay-2020").count() == 2
    assert Campaign.objects.get(code="kostanay-2020").state == "listed"
    assert ok(APIClient().get("/api/v1/assembly-logs/kostanay-2020/"))["ok"] is True
    # Outsiders: Atyrau's head sees nothing of Kostanay's primaries.
    outsider = client_for(user_with_role("branch_head", tree.atyrau, "atyrau-head"))
    refused_with(outsider.get(url), 404, "not_found")
    refused_with(outsider.get(f"{url}candidates/"), 404, "not_found")
    assert ok(outsider.get("/api/v1/primaries/"))["results"] == []


# ---------------------------------------------------------------- one source with the pages


def test_the_api_offers_the_steps_its_pages_offer(conf, tree):
    from django.test import RequestFactory

    from esep.assemblies.conferences.pages import CONFERENCE_PAGE
    from esep.assemblies.polls.pages import POLL_PAGE

    def page_steps(page, user, record):
        request = RequestFactory().get("/")
        request.user = user
        return set(page.steps(request, record))

    url = "/api/v1/conferences/atyrau-33/"
    for user in (conf.office, conf.second):
        offered = set(ok(client_for(user).get(url))["steps"])
        assert offered == page_steps(CONFERENCE_PAGE, user, conf.conference)
    assert {"count-quotas", "add-delegate", "add-item", "freeze"} <= offered

    in_session(conf)
    poll = motion(conf)
    offered = set(ok(client_for(conf.office).get(f"/api/v1/polls/{poll.pk}/"))["steps"])
    assert offered == page_steps(POLL_PAGE, conf.office, poll) == {"open"}
    # In session: the console's registration is the office's too.
    assert "register" in ok(client_for(conf.office).get(url))["steps"]
