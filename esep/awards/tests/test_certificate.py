"""Certificates as PDFs in Kazakh and Russian, read back with pypdf: the Kazakh letters print,
and a letter of gratitude names the person in the dative."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from pypdf import PdfReader

from esep.awards import actions
from esep.awards.certificate import certificate_pdf, certificate_text
from esep.awards.tests.conftest import DECEMBER

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def grant(officer, body, nomination):
    return actions.grant(
        actor=officer, nomination=nomination, body=body, decision_number="15-к", decided_on=DECEMBER
    )


@pytest.fixture
def letter(officer, kostanay_bureau, nomination):
    return grant(officer, kostanay_bureau, nomination)


def test_a_kazakh_letter_of_gratitude_thanks_the_person_in_the_dative(letter):
    text = text_of(certificate_pdf(letter, "kk"))
    assert "Елена Зимовецке" in text
    assert "алғыс білдіреді" in text
    assert "Электоралды кезеңге белсенді қатысқаны үшін" in text
    assert "АЛҒЫС ХАТ" in text
    assert "ALGHYS-HAT-2021-0001" in text and "15-к" in text and "10.12.2021" in text
    assert set("әғқңөұүһі") & set(text.lower()) >= set("ғқ")


def test_a_russian_letter_of_gratitude_thanks_the_person_in_the_dative(letter):
    text = text_of(certificate_pdf(letter, "ru"))
    assert "выражает благодарность" in text
    assert "Зимовец Елене" in text
    assert "за активное участие в электоральном периоде" in text
    assert "БЛАГОДАРСТВЕННОЕ ПИСЬМО" in text


def test_a_patronymic_takes_na_in_the_kazakh_dative(tree, officer, catalogue, kostanay_bureau):
    nomination = actions.nominate(
        actor=officer,
        branch=tree.kostanay,
        award=catalogue["letter"],
        surname="Ахметов",
        given_name="Серік",
        patronymic="Болатұлы",
        sex="male",
        grounds="Белсенді қатысқаны үшін",
    )
    granted = grant(officer, kostanay_bureau, nomination)
    assert "Ахметов Серік Болатұлына" in text_of(certificate_pdf(granted, "kk"))
    assert "Ахметову Серіку Болатұлы" in text_of(certificate_pdf(granted, "ru"))


@pytest.mark.parametrize(
    ("award", "kk", "ru"),
    [
        ("honour", "марапатталады", "награждается"),
        (
            "badge",
            "«Белсенді қызметі үшін» төсбелгісімен марапатталады",
            "награждается нагрудным знаком «За активную деятельность»",
        ),
        (
            "medal",
            "«Халық алғысы» медалімен марапатталады",
            "награждается медалью «Народная благодарность»",
        ),
    ],
)
def test_an_award_names_the_person_in_the_nominative(
    tree, officer, catalogue, kostanay_bureau, award, kk, ru
):
    nomination = actions.nominate(
        actor=officer,
        branch=tree.kostanay,
        award=catalogue[award],
        surname="Жүсіпов",
        given_name="Бек",
        sex="male",
        grounds="Облыстың әлеуметтік дамуына қосқан үлесі үшін",
        grounds_ru="за вклад в социальное развитие области",
    )
    granted = grant(officer, kostanay_bureau, nomination)
    kazakh, russian = (
        text_of(certificate_pdf(granted, "kk")),
        text_of(certificate_pdf(granted, "ru")),
    )
    assert kk in kazakh and "Бек Жүсіпов" in kazakh and "Жүсіповке" not in kazakh
    assert ru in russian and "Жүсіпов Бек" in russian
    assert "за вклад в социальное развитие области" in russian


def test_the_lines_name_the_granting_branch_first(letter):
    lines = certificate_text(letter, "kk")
    assert lines[0][0] == letter.granting_body.branch.name_kk


def test_no_certificate_without_the_font(letter, settings):
    settings.PDF_FONT = "/nonexistent/font.ttf"
    with pytest.raises(ImproperlyConfigured, match="font"):
        certificate_pdf(letter, "kk")


def test_no_certificate_before_the_grant(client, officer, nomination):
    client.force_login(officer)
    assert client.get(reverse("awards:certificate", args=[nomination.pk, "kk"])).status_code == 404


def test_the_certificate_downloads(client, officer, letter):
    client.force_login(officer)
    response = client.get(reverse("awards:certificate", args=[letter.pk, "kk"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Елена Зимовецке" in text_of(response.content)
    assert client.get(reverse("awards:certificate", args=[letter.pk, "en"])).status_code == 404
