"""The receipt a citizen gets online: where to follow the appeal (its address and a QR code
of it), the office that registered it, printable; an anonymous appeal's receipt says one
consistent thing; the news the citizen may ask for at submission."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from django.urls import reverse

from esep.appeals.models import Appeal
from esep.appeals.tests.factories import CategoryFactory
from esep.lib.qr import qr_svg

pytestmark = pytest.mark.django_db


class FakeSms:
    def send(self, phone: str, text: str) -> None:
        pass


@pytest.fixture
def form(tree):
    CategoryFactory.create(code="roads", name_kk="Жолдар", name_ru="Дороги")
    tree.atyrau_city.address = "Атырау, Сәтбаев даңғылы, 3"
    tree.atyrau_city.save()
    return {
        "kind": "complaint",
        "category": "roads",
        "territory": "231010000",  # Atyrau town: the atyrau-city branch serves it
        "text": "Аулада жарық жоқ, кешке қауіпті.",
        "surname": "Сейітова",
        "given_name": "Айжан",
        "phone": "+7 701 555 11 22",
        "consent": "on",
    }


ANONYMOUS = {"anonymous": "on", "surname": "", "given_name": "", "phone": "", "consent": ""}


def receipt_of(client, data, language="kk"):
    response = client.post(f"/{language}" + reverse("portal:submit")[3:], data)
    assert response.status_code == 302, response.context["form"].errors
    return Appeal.objects.get(), client.get(response.url)


def test_the_receipt_gives_the_tracking_address_its_qr_code_and_the_office(client, form, tree):
    appeal, page = receipt_of(client, form)
    text = page.content.decode()
    url = f"http://testserver/kk/track/{appeal.tracking_code}/"
    assert f'href="{url}"' in text  # absolute: it is read from paper
    # The QR code is inline SVG of exactly that address (no image request, no script).
    assert qr_svg(url, title="QR").split("</title>", 1)[1] in text
    assert '<svg width="' in text and 'class="qr"' in text
    assert tree.atyrau_city.name_kk in text and "Атырау, Сәтбаев даңғылы, 3" in text


def test_the_receipt_prints_on_its_own(client, form):
    _appeal, page = receipt_of(client, form)
    text = page.content.decode()
    # A print button shown by a script of the site's own (CSP allows no inline script), and
    # a print stylesheet that leaves the site's header, footer and buttons off the paper.
    assert "data-print hidden" in text and "/static/portal/print.js" in text
    assert "window.print()" in Path(str(finders.find("portal/print.js"))).read_text()
    assert "/static/portal/receipt.css" in text
    css = Path(str(finders.find("portal/receipt.css"))).read_text()
    assert "@media print" in css and ".site-header" in css and ".no-print" in css
    assert "<script>" not in text


def test_a_considered_appeals_receipt_has_its_deadline(client, form):
    appeal, page = receipt_of(client, form, "ru")
    text = page.content.decode()
    assert "Срок ответа" in text and appeal.due_on.strftime("%d.%m.%Y") in text


def test_an_anonymous_appeals_receipt_says_one_thing(client, form):
    appeal, page = receipt_of(client, {**form, **ANONYMOUS}, "ru")
    text = page.content.decode()
    assert "рассмотрению не подлежит" in text
    # Not considered: no deadline to wait for, no answer to rate.
    assert "Срок ответа" not in text
    assert appeal.due_on.strftime("%d.%m.%Y") not in text
    assert "оцени" not in text.lower()
    assert 'class="notice" role="note"' in text  # what happens to it instead


def test_an_anonymous_appeal_reporting_a_crime_is_considered_and_has_a_deadline(client, form):
    appeal, page = receipt_of(client, {**form, **ANONYMOUS, "reports_crime": "on"}, "ru")
    assert appeal.is_considered
    assert "Срок ответа" in page.content.decode()


def test_news_by_e_mail_with_consent_in_the_language_of_submission(
    client, form, settings, django_capture_on_commit_callbacks
):
    settings.ESEP_SITE_URL = "https://esep.example.kz"
    data = {**form, "email": "aizhan@example.kz", "notify_by_email": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        appeal, _page = receipt_of(client, data, "ru")
    assert appeal.contact_email == "aizhan@example.kz" and appeal.notify_by_email
    assert appeal.language == "ru"
    [receipt] = mail.outbox
    assert receipt.to == ["aizhan@example.kz"]
    assert "Регистрационный номер" in receipt.body
    assert f"https://esep.example.kz/ru/track/{appeal.tracking_code}/" in receipt.body


def test_news_needs_an_address_and_a_named_applicant(client, form):
    response = client.post(reverse("portal:submit"), {**form, "notify_by_email": "on"})
    assert response.status_code == 400 and "email" in response.context["form"].errors
    anonymous = {**form, **ANONYMOUS, "email": "a@example.kz", "notify_by_email": "on"}
    response = client.post(reverse("portal:submit"), anonymous)
    assert response.status_code == 400 and "email" in response.context["form"].errors
    assert not Appeal.objects.exists()


def test_an_e_mail_without_the_news_box_gets_no_news(
    client, form, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appeal, _page = receipt_of(client, {**form, "email": "aizhan@example.kz"})
    assert not appeal.notify_by_email and mail.outbox == []


def test_sms_is_offered_only_where_a_sender_is_configured(client, form, settings):
    assert "notify_by_sms" not in client.get(reverse("portal:submit")).context["form"].fields
    settings.ESEP_SMS_SENDER = f"{__name__}.FakeSms"
    assert "notify_by_sms" in client.get(reverse("portal:submit")).context["form"].fields
    appeal, _page = receipt_of(client, {**form, "notify_by_sms": "on"})
    assert appeal.notify_by_sms
