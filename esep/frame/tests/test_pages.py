"""The frame every page stands in: the language it speaks and switches, its landmarks, the
admin's titles, and form fields tied to their help and errors."""

import pytest
from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_bare_address_opens_in_kazakh_whatever_the_browser_prefers(client):
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response["Location"] == "/kk/"


def test_the_bare_address_remembers_a_chosen_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    assert client.get("/")["Location"] == "/ru/"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", "Аумақтар"), ("ru", "Территории"), ("en", "Territories")],
)
def test_pages_speak_each_language(client, language, expected):
    response = client.get(f"/{language}/")
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert expected in content


def test_switching_language_keeps_the_page(client, tree):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/kk/org/territories/?x=1"})
    assert response.status_code == 302
    assert response["Location"] == "/ru/org/territories/?x=1"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"


def test_switcher_links_keep_the_page_whatever_the_browser_language(client, tree):
    response = client.get("/ru/org/territories/?x=1", headers={"Accept-Language": "en-US"})
    links = {code: url for code, _name, url in response.context["language_links"]}
    assert links == {
        "kk": "/kk/org/territories/?x=1",
        "ru": "/ru/org/territories/?x=1",
        "en": "/en/org/territories/?x=1",
    }


def test_home_page_has_landmarks_and_a_skip_link(client):
    content = client.get(reverse("portal:home")).content.decode()
    for marker in ('<main id="main"', "<header", "<nav", "<footer", 'href="#main"'):
        assert marker in content


def test_admin_labels_are_translated(admin_client):
    content = admin_client.get("/ru/admin/").content.decode()
    assert "Филиалы" in content and "Территории" in content


class ContactForm(forms.Form):
    phone = forms.CharField(help_text="A number to call back on.")


def test_errors_and_help_are_tied_to_their_fields():
    html = render_to_string("frame/_field.html", {"field": ContactForm({"phone": ""})["phone"]})
    assert 'aria-describedby="id_phone-errors id_phone_helptext"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_phone-errors"' in html and 'id="id_phone_helptext"' in html
