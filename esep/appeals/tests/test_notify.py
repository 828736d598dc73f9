"""Citizens hear back: with their consent, the receipt and each public step of the appeal,
by e-mail (and SMS through a configured sender), in the language they submitted in, with
nothing the tracking page does not show and no address or phone in any log line."""

import logging
import smtplib

import pytest
from django.core import mail
from django.urls import reverse

from esep.appeals import actions, notify
from esep.appeals.models import Appeal
from esep.appeals.tests.factories import CategoryFactory
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

EMAIL = "aizhan.seitova@example.kz"
PHONE = "+77015551122"


class FakeSms:
    """The SMS sender of these tests: keeps what it is given."""

    sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        FakeSms.sent.append((phone, text))


class RefusingBackend:
    """An e-mail backend that fails as SMTP servers do: naming the address it refused."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({EMAIL: (550, b"no such user " + EMAIL.encode())})


@pytest.fixture(autouse=True)
def _site(settings):
    settings.ESEP_SITE_URL = "https://esep.example.kz"
    FakeSms.sent = []


@pytest.fixture
def topic(tree):
    return CategoryFactory.create(code="lighting", name_kk="Жарық", name_ru="Освещение")


def submit(tree, topic, *, language="ru", email=EMAIL, by_email=True, by_sms=False, **extra):
    return actions.submit_online(
        kind="complaint",
        category=topic,
        territory=tree.atyrau_city.territory,
        text="Во дворе нет света, вечером опасно.",
        language=language,
        anonymous=False,
        surname="Сейітова",
        given_name="Айжан",
        phone=PHONE,
        email=email,
        notify_by_email=by_email,
        notify_by_sms=by_sms,
        **extra,
    )


def answered(appeal, tree):
    officer = user_with_role("reception_officer", tree.atyrau, "atyrau.officer")
    actions.assign_appeal(actor=officer, appeal=appeal, assignee=officer, note="Внутренняя заметка")
    actions.start_work(actor=officer, appeal=appeal)
    actions.record_answer(
        actor=officer, appeal=appeal, outcome="resolved_positively", answer="Фонарь установлен."
    )
    return officer


def test_the_applicant_gets_the_receipt_and_each_public_step_in_their_language(
    tree, topic, django_capture_on_commit_callbacks
):
    tree.atyrau_city.address = "Атырау, Сәтбаев даңғылы, 3"
    tree.atyrau_city.save()
    with django_capture_on_commit_callbacks(execute=True):
        appeal = submit(tree, topic)
    receipt = mail.outbox[0]
    assert receipt.to == [EMAIL]
    assert appeal.number in receipt.subject
    body = receipt.body
    track = f"https://esep.example.kz/ru/track/{appeal.tracking_code}/"
    assert track in body  # the absolute tracking address, in the language of submission
    assert "Регистрационный номер" in body and "Код отслеживания" in body
    assert f"Срок ответа: {appeal.due_on:%d.%m.%Y}" in body
    assert "Атырау, Сәтбаев даңғылы, 3" in body
    assert notify.stop_url(appeal) in body
    with django_capture_on_commit_callbacks(execute=True):
        officer = answered(appeal, tree)
        actions.take_under_control(
            actor=officer,
            deadline=appeal.due_on,
            reason="Контроль",
            appeal=Appeal.objects.get(pk=appeal.pk),
        )
    steps = [m.body for m in mail.outbox[1:]]
    # assign, start, answer: the public steps; party control is not one.
    assert len(steps) == 3
    assert "Назначен исполнитель" in steps[0]
    everything = "\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox)
    # No more than the tracking page shows: no staff, notes, answer text or contacts.
    for private in ("atyrau.officer", "Внутренняя заметка", "Контроль", "Фонарь", PHONE):
        assert private not in everything


def test_kazakh_appeal_hears_back_in_kazakh(tree, topic, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = submit(tree, topic, language="kk")
    assert "Тіркеу нөмірі" in mail.outbox[0].body
    assert f"/kk/track/{appeal.tracking_code}/" in mail.outbox[0].body


def test_without_consent_nothing_is_sent(tree, topic, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = submit(tree, topic, by_email=False)
        answered(appeal, tree)
    assert appeal.contact_email == EMAIL  # kept as a contact for the staff, that is all
    assert mail.outbox == []


def test_the_stop_link_withdraws_the_consent(
    client, tree, topic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = submit(tree, topic)
    link = notify.stop_url(appeal).removeprefix("https://esep.example.kz")
    # A wrong signature, or another appeal's, stops nothing.
    assert client.post(link.replace(notify.stop_token(appeal), "x" * 27)).status_code == 404
    # Opening the link (as a mail program checking links would) only asks.
    assert client.get(link).status_code == 200
    assert Appeal.objects.get(pk=appeal.pk).notify_by_email
    assert client.post(link).url == reverse("portal:track-detail", args=[appeal.tracking_code])
    appeal.refresh_from_db()
    assert not appeal.notify_by_email
    assert appeal.events.filter(action="news_stopped").exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answered(appeal, tree)
    assert mail.outbox == []


def test_a_step_queued_before_the_consent_was_withdrawn_is_not_sent(tree, topic):
    appeal = submit(tree, topic)
    event = appeal.events.get(action="registered")
    notify.stop_news(appeal=appeal)
    assert notify.send_news.call(event_id=event.pk) == 0
    assert mail.outbox == []


def test_sms_goes_through_the_configured_sender(
    settings, tree, topic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = submit(tree, topic, by_sms=True, by_email=False)
    # Off by default: no sender configured, nothing sent.
    assert FakeSms.sent == [] and mail.outbox == []
    settings.ESEP_SMS_SENDER = f"{__name__}.FakeSms"
    with django_capture_on_commit_callbacks(execute=True):
        appeal = submit(tree, topic, by_sms=True, by_email=False)
        answered(appeal, tree)
    assert [phone for phone, _text in FakeSms.sent] == [PHONE] * 4
    registered, *_rest, answer = [text for _phone, text in FakeSms.sent]
    assert appeal.tracking_code in registered
    assert f"https://esep.example.kz/ru/track/{appeal.tracking_code}/" in answer
    assert mail.outbox == []


def test_no_address_or_phone_in_any_log_line(
    settings, caplog, tree, topic, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        appeal = submit(tree, topic)
        answered(appeal, tree)
    failures = [r for r in caplog.records if r.name == notify.__name__]
    assert failures and all("not sent" in r.getMessage() for r in failures)
    logged = "\n".join(
        r.getMessage() + (logging.Formatter().formatException(r.exc_info) if r.exc_info else "")
        for r in caplog.records
    )
    assert "SMTPRecipientsRefused" in logged
    for personal in (EMAIL, "aizhan.seitova", PHONE, "701 555", "Сейітова"):
        assert personal not in logged


def test_an_anonymous_appeal_keeps_no_address_to_write_to(tree, topic):
    appeal = actions.register_brought(
        actor=None,
        anonymous=True,
        email=EMAIL,
        notify_by_email=True,
        channel="online_portal",
        kind="complaint",
        category=topic,
        territory=tree.atyrau_city.territory,
        branch=tree.atyrau_city,
        text="Жарық жоқ",
        language="kk",
    )
    assert not appeal.notify_by_email and not appeal.contact_email
