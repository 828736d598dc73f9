"""Personal data is encrypted at rest (issue finding 7): a dump of the database alone does
not reveal it; people are still found by IIN and phone; keys rotate."""

import datetime as dt
import importlib
import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from esep.appeals.models import Appeal
from esep.appeals.tests.factories import CategoryFactory, register
from esep.lib.crypto import digest
from esep.org.models import Person
from esep.org.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SECRETS = {
    "iin": "",  # filled from the factory's valid IIN
    "phone": "+77019876543",
    "email": "saule.zh@example.kz",
    "address": "Сәтпаев көшесі, 30, 45 пәтер",
}


def raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return repr(cursor.fetchall())


@pytest.fixture
def person():
    return PersonFactory.create(
        phone=SECRETS["phone"],
        email=SECRETS["email"],
        address=SECRETS["address"],
        birth_date=dt.date(1987, 6, 5),
        iin="870605300017",
    )


def test_a_dump_of_the_tables_reveals_no_personal_data(person, tree):
    appeal = register(
        {"territory": tree.atyrau.territory, "branch": tree.atyrau, "category": CategoryFactory()},
        dt.datetime(2021, 3, 1, 5, tzinfo=dt.UTC),
        person,
    )
    appeal.contact_phone, appeal.contact_iin = person.phone, person.iin
    appeal.save()
    dump = raw_rows("org_person") + raw_rows("appeals_appeal")
    for value in (
        "870605300017",
        "+77019876543",
        "7019876543",
        "saule.zh",
        "Сәтпаев",
        "1987-06-05",
    ):
        assert value not in dump
    # Read back through the model, it is all there.
    again = Person.objects.get(pk=person.pk)
    assert (again.iin, again.phone, again.email, again.address, again.birth_date) == (
        "870605300017",
        "+77019876543",
        "saule.zh@example.kz",
        SECRETS["address"],
        dt.date(1987, 6, 5),
    )
    assert Appeal.objects.get(pk=appeal.pk).contact_phone == "+77019876543"


def test_people_are_found_by_iin_and_phone_through_keyed_digests(person):
    assert list(Person.objects.with_iin("8706 0530 0017")) == [person]
    assert list(Person.objects.with_phone("8 (701) 987-65-43")) == [person]
    assert not Person.objects.with_phone("not a phone").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT iin_digest FROM org_person WHERE id = %s", [person.pk])
        (stored,) = cursor.fetchone()
    assert stored == digest("iin", "870605300017") and "870605300017" not in stored


def test_an_iin_stays_unique(person):
    from django.core.exceptions import ValidationError

    twin = Person(surname="Екінші", given_name="Адам", iin=person.iin)
    with pytest.raises(ValidationError):
        twin.full_clean()


def test_comparing_an_encrypted_column_with_a_value_is_refused_not_silently_empty(person):
    with pytest.raises(FieldError):
        Person.objects.filter(phone="+77019876543").exists()
    with pytest.raises(FieldError):
        Person.objects.filter(address__icontains="Сәтпаев").exists()
    assert Person.objects.filter(email="").count() == 0  # missing values can be asked for


def test_keys_rotate_and_the_old_key_can_then_be_dropped(person, settings):
    old = list(settings.FIELD_ENCRYPTION_KEYS)
    new_key = Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key, *old], LOOKUP_HASH_KEY="rotated"):
        out = io.StringIO()
        call_command("rotate_keys", stdout=out)
    assert "org.Person: " in out.getvalue()
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key], LOOKUP_HASH_KEY="rotated"):
        again = Person.objects.get(pk=person.pk)
        assert again.phone == "+77019876543" and again.birth_date == dt.date(1987, 6, 5)
        assert list(Person.objects.with_iin("870605300017")) == [person]


def test_the_migration_encrypts_what_was_stored_in_clear(person):
    """Rows as the code before left them (plain text, no digests) come out as the fields
    write them today."""
    fill = importlib.import_module("esep.org.migrations.0004_encrypt_personal_data")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE org_person SET iin = %s, phone = %s, email = %s, address = %s,"
            " birth_date = %s, iin_digest = NULL, phone_digest = NULL WHERE id = %s",
            ["870605300017", "+77019876543", "saule.zh@example.kz", "x", "1987-06-05", person.pk],
        )

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection  # type: ignore[attr-defined]
    fill.encrypt_people(None, editor)
    again = Person.objects.get(pk=person.pk)
    assert again.iin == "870605300017" and again.birth_date == dt.date(1987, 6, 5)
    assert list(Person.objects.with_phone("+77019876543")) == [person]
    assert "870605300017" not in raw_rows("org_person")
