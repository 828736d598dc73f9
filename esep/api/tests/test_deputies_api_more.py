"""Deputies in the REST API, continued: a correction submitted with its evidence as
multipart/form-data — by the deputy inside the month's window, by the office at any time,
refused with the action's own codes after the window, without a file, with a file esep does
not take, to anyone else; the rating's methodology versions read by anyone and made by the
central office alone; the Popolo persons linked to their public profile pages; all in the
schema, and those operations fuzzed from it."""

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from esep.deputies.models import Correction, Method, Publication
from esep.deputies.tests.factories import build_deputies

from .conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/corrections/"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
INSIDE = dt.date(2021, 4, 2)  # March 2021's window: from 1 April, 5 working days
AFTER = dt.date(2021, 4, 20)


@pytest.fixture
def council(tree):
    return build_deputies(tree)


@pytest.fixture
def on(monkeypatch):
    def freeze(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return freeze


def _evidence(name="akt.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _correction(mandate, **changes):
    fields = {
        "mandate": mandate.pk,
        "month": "2021-03",
        "component": "initiatives",
        "adjustment": "1",
        "explanation": "Шешім жобасы 12 наурызда енгізілді",
        "evidence": _evidence(),
    }
    fields.update(changes)
    return {k: v for k, v in fields.items() if v is not None}


def _error(answer, status):
    assert answer.status_code == status, answer.content
    return answer.json()["error"]


# ---------------------------------------------------------------- submitting a correction


def test_a_deputy_submits_a_correction_with_its_evidence_inside_the_window(council, on):
    c = council
    on(INSIDE)
    made = client_for(c.deputy).post(URL, _correction(c.mandate), format="multipart")
    assert made.status_code == 201, made.json()
    correction = Correction.objects.get()
    body = made.json()
    assert body["id"] == correction.pk and body["state"] == "pending"
    assert body["mandate"] == c.mandate.pk and body["month"] == "2021-03-01"
    assert body["component"] == "initiatives" and body["adjustment"] == 1
    assert body["steps"] == []  # the deputy never decides their own
    assert correction.submitted_by == c.deputy
    assert correction.evidence_name == "akt.pdf"
    assert correction.evidence_sha256 == hashlib.sha256(PDF).hexdigest()
    assert correction.evidence.read() == PDF
    # The office decides it, from the queue.
    assert set(client_for(c.office).get(f"{URL}{correction.pk}/").json()["steps"]) == {
        "confirm",
        "refuse",
    }


def test_a_sitting_s_mark_is_corrected_with_the_sitting_and_the_mark(council, on):
    c = council
    sitting = c.convocation.sittings.create(
        number=3, held_on=dt.date(2021, 3, 18), kind="regular", recorded_by=c.office
    )
    on(INSIDE)
    deputy = client_for(c.deputy)
    asked = _correction(c.mandate, component="attendance", adjustment=None)
    refused = _error(deputy.post(URL, asked, format="multipart"), 422)
    assert set(refused["fields"]) == {"sitting", "mark"}
    asked = _correction(
        c.mandate, component="attendance", adjustment=None, sitting=sitting.pk, mark="present"
    )
    made = deputy.post(URL, asked, format="multipart")
    assert made.status_code == 201, made.json()
    assert (made.json()["sitting"], made.json()["mark"]) == (sitting.pk, "present")


def test_after_the_window_the_deputy_is_refused_with_window_closed_and_the_office_is_not(
    council, on
):
    c = council
    on(AFTER)
    error = _error(client_for(c.deputy).post(URL, _correction(c.mandate), format="multipart"), 409)
    assert error["code"] == "window_closed"
    assert list(error["fields"]) == ["month"] and "closed" in error["message"]
    assert not Correction.objects.exists()
    made = client_for(c.office).post(URL, _correction(c.mandate), format="multipart")
    assert made.status_code == 201, made.json()
    assert Correction.objects.get().submitted_by == c.office


def test_a_month_not_over_is_refused_with_month_open(council, on):
    c = council
    on(dt.date(2021, 3, 20))
    error = _error(client_for(c.office).post(URL, _correction(c.mandate), format="multipart"), 409)
    assert error["code"] == "month_open"


def test_without_a_file_or_with_one_esep_does_not_take_it_is_refused(council, on):
    c = council
    on(INSIDE)
    deputy = client_for(c.deputy)
    missing = _error(
        deputy.post(URL, _correction(c.mandate, evidence=None), format="multipart"), 400
    )
    assert missing["code"] == "invalid" and list(missing["fields"]) == ["evidence"]
    text = _evidence("akt.pdf", b"just some text, not a PDF")
    wrong = _error(deputy.post(URL, _correction(c.mandate, evidence=text), format="multipart"), 422)
    assert wrong["code"] == "bad_type" and list(wrong["fields"]) == ["evidence"]
    # JSON carries no file: this operation reads multipart only.
    as_json = {k: v for k, v in _correction(c.mandate).items() if k != "evidence"}
    assert _error(deputy.post(URL, as_json, format="json"), 415)["code"] == (
        "unsupported_media_type"
    )
    assert not Correction.objects.exists()


def test_outsiders_are_refused_and_nothing_is_made(council, on):
    c = council
    on(INSIDE)
    # A mandate outside what the user sees: not found, naming it.
    outsider = _error(
        client_for(c.outsider).post(URL, _correction(c.mandate), format="multipart"), 404
    )
    assert list(outsider["fields"]) == ["mandate"]
    # A fellow deputy sees the mandate (their role sees the branch's work) but may not
    # correct another's month.
    fellow = _error(
        client_for(c.secretary_user).post(URL, _correction(c.mandate), format="multipart"), 403
    )
    assert fellow["code"] == "permission_denied"
    # Not the month of an existing mandate of theirs: a month before it began.
    early = _error(
        client_for(c.office).post(URL, _correction(c.mandate, month="2020-11"), format="multipart"),
        409,
    )
    assert early["code"] == "not_in_office"
    assert APIClient().post(URL, _correction(c.mandate), format="multipart").status_code == 401
    assert not Correction.objects.exists()


def test_errors_in_the_language_asked_for(council, on):
    c = council
    on(INSIDE)
    asked = _correction(c.mandate, evidence=None)
    answer = client_for(c.deputy, "ru").post(URL, asked, format="multipart")
    assert _error(answer, 400)["fields"] == {"evidence": ["Обязательное поле."]}


# ---------------------------------------------------------------- the methodology


METHODS = "/api/v1/rating-methods/"


def test_anyone_reads_every_version_in_the_language_asked_for(council):
    c = council
    Method.objects.create(
        version=2,
        valid_from=dt.date(2021, 7, 1),
        notes_kk="Екінші нұсқа",
        notes_ru="Вторая версия",
        notes_en="The second version",
        created_by=c.central,
    ).weights.create(component="receptions", weight="3.00", standard="4.000")
    answer = APIClient(HTTP_ACCEPT_LANGUAGE="en").get(METHODS)  # no token
    assert answer.status_code == 200, answer.content
    listed = answer.json()["results"]
    assert [m["version"] for m in listed] == [2, 1]
    second, first = listed
    assert second["valid_from"] == "2021-07-01" and second["valid_until"] is None
    assert first["valid_until"] == "2021-06-01"  # to the month before the next version
    assert first["notes"] == "The first version" and first["notes_kk"] == "Алғашқы нұсқа"
    [weight] = second["weights"]
    assert weight == {
        "component": "receptions",
        "name": "Receptions held",
        "explains": weight["explains"],
        "share": False,
        "weight": "3.00",
        "standard": "4.000",
    }
    assert weight["explains"]
    assert {w["component"] for w in first["weights"]} == {
        w.component for w in c.method.weights.all()
    }
    russian = APIClient(HTTP_ACCEPT_LANGUAGE="ru").get(f"{METHODS}1/").json()
    assert russian["notes"] == "Первая версия"
    assert APIClient().get(f"{METHODS}9/").status_code == 404


def test_only_the_central_office_makes_a_version(council):
    c = council
    new = {
        "valid_from": "2022-01-01",
        "notes_en": "Receptions weigh more",
        "receptions_weight": 3,
        "receptions_standard": 2,
        "inquiries_weight": 1.5,
        "inquiries_standard": 1,
    }
    assert APIClient().post(METHODS, new, format="json").status_code == 401
    # A branch head manages their branch's deputies, not the methodology.
    assert _error(client_for(c.office).post(METHODS, new, format="json"), 403)
    assert _error(client_for(c.deputy).post(METHODS, new, format="json"), 403)
    made = client_for(c.central).post(METHODS, new, format="json")
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["version"] == 2 and body["valid_from"] == "2022-01-01"
    assert body["notes"] == "Receptions weigh more"
    assert [(w["component"], w["weight"], w["standard"]) for w in body["weights"]] == [
        ("receptions", "3.00", "2.000"),
        ("inquiries", "1.50", "1.000"),
    ]
    assert Method.objects.get(version=2).created_by == c.central
    # The action's refusals, with its codes: a month already published.
    Publication.objects.create(
        branch=c.tree.kostanay,
        month=dt.date(2022, 3, 1),
        revision=1,
        published_by=c.office,
        deputies=1,
    )
    later = {**new, "valid_from": "2022-02-01"}
    error = _error(client_for(c.central).post(METHODS, later, format="json"), 409)
    assert error["code"] == "published" and list(error["fields"]) == ["valid_from"]
    halves = {"valid_from": "2023-01-01", "receptions_weight": 3}
    error = _error(client_for(c.central).post(METHODS, halves, format="json"), 422)
    assert list(error["fields"]) == ["receptions_standard"]


# ---------------------------------------------------------------- the schema


def test_the_schema_describes_the_new_operations():
    schema = SchemaGenerator().get_schema(public=True)
    paths = schema["paths"]
    submit = paths["/api/v1/corrections/"]["post"]
    content = submit["requestBody"]["content"]
    assert list(content) == ["multipart/form-data"]
    ref = content["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    fields = schema["components"]["schemas"][ref]
    assert fields["properties"]["evidence"] == {
        "type": "string",
        "format": "binary",
        "description": fields["properties"]["evidence"]["description"],
    }
    assert set(fields["required"]) >= {"mandate", "month", "component", "explanation", "evidence"}
    assert {"201", "403", "404", "409", "413", "415", "422"} <= set(submit["responses"])
    methods = paths["/api/v1/rating-methods/"]
    assert "403" not in methods["get"]["responses"]  # public
    assert "403" in methods["post"]["responses"]
    assert "get" in paths["/api/v1/rating-methods/{version}/"]
    made = methods["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    properties = schema["components"]["schemas"][made.rsplit("/", 1)[1]]["properties"]
    assert {"valid_from", "receptions_weight", "receptions_standard"} <= set(properties)
    index = APIClient().get("/api/v1/").json()["resources"]
    assert index["rating-methods"].endswith("/api/v1/rating-methods/")
