"""Open311's `email`, as GeoReport v2 has it, and the applicant's consent to news at it:
`attribute[email_updates]=true` (the spec has no word for consent). With it the applicant
gets the receipt and each public step in the request's language; without it the e-mail is
kept as a contact and nothing is sent."""

import pytest
from django.core import mail

from esep.appeals import actions as appeal_actions
from esep.appeals.models import Appeal
from esep.open311.tests.helpers import errors, post
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world, settings):
    settings.ESEP_SITE_URL = "https://esep.example.kz"
    return {
        "api_key": world.key,
        "service_code": "utilities-water",
        "address_id": "231010000",
        "description": "Үйде үш күн су жоқ.",
        "first_name": "Айгерім",
        "last_name": "Жұмабаева",
        "phone": "+7 701 444 55 66",
        "email": "aigerim.z@example.kz",
        "locale": "ru",
    }


def test_with_consent_the_applicant_hears_back_in_the_requests_language(
    client, world, report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response, _body = post(client, "requests", {**report, "attribute[email_updates]": "true"})
    assert response.status_code == 200, response.content
    appeal = Appeal.objects.get()
    assert appeal.notify_by_email and appeal.language == "ru"
    [receipt] = mail.outbox
    assert receipt.to == ["aigerim.z@example.kz"]
    assert "Регистрационный номер" in receipt.body
    assert f"https://esep.example.kz/ru/track/{appeal.tracking_code}/" in receipt.body
    officer = user_with_role("reception_officer", world.tree.atyrau)
    with django_capture_on_commit_callbacks(execute=True):
        appeal_actions.assign_appeal(actor=officer, appeal=appeal, assignee=officer)
    assert "Назначен исполнитель" in mail.outbox[1].body


def test_without_consent_the_e_mail_is_only_a_contact(
    client, world, report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, "requests", report)
    appeal = Appeal.objects.get()
    assert appeal.contact_email == "aigerim.z@example.kz" and not appeal.notify_by_email
    assert mail.outbox == []


@pytest.mark.parametrize(
    "change",
    [
        {"attribute[email_updates]": "yes"},
        {"attribute[email_updates]": "true", "email": ""},
        # Without a phone the request is anonymous and keeps no contacts to write to.
        {"attribute[email_updates]": "true", "phone": ""},
    ],
)
def test_consent_without_an_address_to_keep_is_refused(client, world, report, change):
    response, body = post(client, "requests", {**report, **change})
    assert response.status_code == 400
    assert any("email_updates" in description for _code, description in errors(body))
    assert not Appeal.objects.exists()
