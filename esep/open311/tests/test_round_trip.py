"""A civic app submits, follows the appeal to its answer, and the applicant disputes it; no
response ever carries the applicant's personal data."""

import xml.etree.ElementTree as ET

import pytest

from esep.appeals import actions as appeals
from esep.appeals.models import Appeal
from esep.open311.tests.helpers import BASE, a_while_later, get, post
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_submit_follow_answer_and_dispute(client, world):
    response, body = post(
        client,
        "requests",
        {
            "api_key": world.key,
            "service_code": "utilities-water",
            "lat": "47.1",
            "long": "51.9",
            "description": "Аулада су құбыры жарылды",
            "first_name": "Данияр",
            "last_name": "Серікбаев",
            "phone": "87015553344",
        },
    )
    assert response.status_code == 200
    number, token = body[0]["service_request_id"], body[0]["token"]

    assert get(client, f"tokens/{token}")[1] == [{"service_request_id": number, "token": token}]
    (row,) = get(client, f"requests/{number}")[1]
    assert (row["status"], row["status_notes"]) == ("open", "")

    appeal = Appeal.objects.get(number=number)
    officer = user_with_role("reception_officer", world.tree.atyrau_city, "city-officer")
    appeals.assign_appeal(actor=officer, appeal=appeal, assignee=officer)
    appeals.start_work(actor=officer, appeal=appeal)
    appeals.record_answer(
        actor=officer, appeal=appeal, outcome="resolved_partially", answer="Ішінара жөнделді"
    )
    a_while_later()

    (row,) = get(client, f"requests/{number}", locale="ru")[1]
    assert (row["status"], row["status_notes"]) == ("closed", "решено частично")

    updates = get(client, "servicerequestupdates", service_request_id=number)[1]
    assert [(u["status"], u["external_status_code"]) for u in updates] == [
        ("OPEN", "registered"),
        ("ACTION_SCHEDULED", "assign"),
        ("IN_PROGRESS", "start"),
        ("FIXED", "answer:resolved_partially"),
    ]

    response, body = post(
        client,
        "servicerequestupdates",
        {
            "api_key": world.key,
            "service_request_id": number,
            "status": "OPEN",
            "description": "Су әлі жоқ",
            "update_id": "1",
        },
    )
    assert response.status_code == 200
    a_while_later()
    (row,) = get(client, f"requests/{number}")[1]
    assert row["status"] == "open"
    updates = get(client, "servicerequestupdates", service_request_id=number)[1]
    assert updates[-1]["update_id"] == body[0]["update_id"]
    assert (updates[-1]["status"], updates[-1]["external_status_code"]) == ("IN_PROGRESS", "reopen")


SECRETS = {
    "first_name": "Зылиха",
    "last_name": "Бекпулатова",
    "phone": "+7 707 909 81 72",
    "email": "zylikhanova.secret@example.kz",
}
IIN = "900101300123"
PHONE_IN_TEXT = "8 (702) 313-27-45"


def every_response(client, number, token):
    """Every GET resource, in both formats and all three languages."""
    for fmt in ("json", "xml"):
        for locale in ("kk", "ru", "en"):
            for path in (
                "discovery",
                "services",
                "services/utilities-water",
                "requests",
                f"requests/{number}",
                f"tokens/{token}",
                "servicerequestupdates",
            ):
                response = client.get(f"{BASE}{path}.{fmt}", {"locale": locale})
                assert response.status_code == 200, path
                if fmt == "xml":
                    ET.fromstring(response.content)
                yield response.content.decode()


def test_no_personal_data_in_any_response(client, world):
    description = f"Менің ЖСН {IIN}, телефоным {PHONE_IN_TEXT}. Подъездте жарық жоқ."
    response, body = post(
        client,
        "requests",
        {
            "api_key": world.key,
            "service_code": "utilities-water",
            "address_id": "231010000",
            "description": description,
            **SECRETS,
        },
    )
    assert response.status_code == 200
    number, token = body[0]["service_request_id"], body[0]["token"]
    appeal = Appeal.objects.get(number=number)
    assert appeal.submitter is not None
    assert appeal.submitter.email == SECRETS["email"]
    officer = user_with_role("reception_officer", world.tree.atyrau_city, "city-officer")
    appeals.assign_appeal(actor=officer, appeal=appeal, assignee=officer, note="Ішкі ескерту")
    appeals.start_work(actor=officer, appeal=appeal)
    appeals.record_answer(
        actor=officer, appeal=appeal, outcome="explained", answer="Жауаптың мәтіні"
    )
    officer_names = [officer.username, officer.first_name, officer.last_name]
    forbidden = [
        *SECRETS.values(),
        "+77079098172",
        "7079098172",
        IIN,
        PHONE_IN_TEXT,
        "313-27-45",
        "Ішкі ескерту",
        "Жауаптың мәтіні",
        *[n for n in officer_names if n],
    ]
    seen = 0
    for text in every_response(client, number, token):
        for secret in forbidden:
            assert secret not in text
        seen += "Подъездте жарық жоқ" in text  # the published part of the text
    assert seen == 2 * 3 * 2  # the list and the request, in 2 formats and 3 languages
