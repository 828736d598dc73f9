import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from esep.lib.iin import make_iin
from esep.org.models import Body, Person
from esep.org.tests.factories import BodyFactory, TerritoryFactory


def person(**fields):
    return Person(surname="Омаров", given_name="Ерлан", **fields)


def test_iin_fills_birth_date_and_sex():
    p = person(iin=make_iin(dt.date(1979, 6, 2), "female", 40))
    p.clean()
    assert (p.birth_date, p.sex) == (dt.date(1979, 6, 2), "female")


def test_birth_date_contradicting_the_iin_is_an_error():
    p = person(iin=make_iin(dt.date(1979, 6, 2), "male", 40), birth_date=dt.date(1979, 6, 3))
    with pytest.raises(ValidationError) as exc:
        p.clean()
    assert exc.value.error_dict["birth_date"][0].code == "iin_mismatch"


def test_sex_contradicting_the_iin_is_an_error():
    p = person(iin=make_iin(dt.date(1979, 6, 2), "male", 40), sex="female")
    with pytest.raises(ValidationError) as exc:
        p.clean()
    assert "sex" in exc.value.error_dict


def test_wrong_check_digit_gets_a_message_in_the_users_language():
    iin = make_iin(dt.date(1979, 6, 2), "male", 40)
    broken = iin[:11] + str((int(iin[11]) + 1) % 10)
    with translation.override("ru"):
        with pytest.raises(ValidationError) as exc:
            person(iin=broken).clean()
        message = exc.value.error_dict["iin"][0].messages[0]
    assert exc.value.error_dict["iin"][0].code == "checksum"
    assert "контрольн" in message


def test_phone_is_normalised_and_a_foreign_one_refused():
    p = person(phone="8 (701) 555 44 33")
    p.clean()
    assert p.phone == "+77015554433"
    with pytest.raises(ValidationError):
        person(phone="+7 495 555 44 33").clean()


def test_blank_iin_is_stored_as_null_so_many_people_may_lack_one():
    p = person(iin="")
    p.clean()
    assert p.iin is None


@pytest.mark.django_db
def test_names_follow_the_active_language_and_fall_back_to_kazakh():
    t = TerritoryFactory.create(name_kk="Атырау облысы", name_ru="Атырауская область", name_en="")
    with translation.override("ru"):
        assert t.name == "Атырауская область"
    with translation.override("en"):
        assert t.name == "Атырау облысы"


@pytest.mark.django_db
def test_a_branch_may_have_an_ethics_commission():
    body = BodyFactory.create(kind="ethics_commission", seats=5)
    body.full_clean()  # refused while it was not one of the kinds
    assert body.kind == Body.Kind.ETHICS_COMMISSION
    with translation.override("kk"):
        assert body.get_kind_display() == "әдеп жөніндегі комиссия"
    with translation.override("ru"):
        assert body.get_kind_display() == "комиссия по этике"
