"""The receipt (talon) staff hand the applicant: in Kazakh and Russian, each copy with the
address of the public tracking page, its QR code, and the office that registered it."""

import datetime as dt
from datetime import UTC

import pytest
from django.urls import reverse

from esep.appeals.tests.factories import register
from esep.lib.qr import qr_svg
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

RECEIVED = dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC)


def talon(client, tree, appeal):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    return client.get(reverse("appeals:receipt", args=[appeal.pk])).content.decode()


def test_each_copy_gives_the_tracking_address_its_qr_code_and_the_office(client, place, tree):
    tree.atyrau.name_kk, tree.atyrau.name_ru = "Атырау облыстық филиалы", "Атырауский филиал"
    tree.atyrau.address = "Атырау, Сәтбаев даңғылы, 3"
    tree.atyrau.save()
    appeal = register(place, RECEIVED, tree.members["atyrau-city"])
    content = talon(client, tree, appeal)
    for language in ("kk", "ru"):
        url = f"http://testserver/{language}/track/{appeal.tracking_code}/"
        assert url in content
        assert qr_svg(url, title="QR").split("</title>", 1)[1] in content
    assert "Атырау облыстық филиалы" in content and "Атырауский филиал" in content
    assert content.count("Атырау, Сәтбаев даңғылы, 3") == 2
    assert content.count(appeal.due_on.strftime("%d.%m.%Y")) == 2


def test_an_anonymous_appeals_talon_has_no_deadline(client, place, tree):
    appeal = register(place, RECEIVED)
    assert not appeal.is_considered
    content = talon(client, tree, appeal)
    assert appeal.due_on.strftime("%d.%m.%Y") not in content
    assert "Жасырын өтініш: тіркелді, қаралмайды." in content
    assert "Анонимное обращение: зарегистрировано, рассмотрению не подлежит." in content
