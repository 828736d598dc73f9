"""The import written a batch at a time, set-based: what it writes is what registering each
row would write (the applicants found or recorded once, the repeats, the deadlines, the
timeline), its queries do not grow with the rows, and the file is read one row at a time."""

import datetime as dt
import tracemalloc

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from esep.appeals import actions, imports
from esep.appeals.imports import APPEAL_COLUMNS, import_appeals
from esep.appeals.models import Appeal, AppealEvent, Category
from esep.appeals.tests.factories import HEADER, IIN, CategoryFactory
from esep.audit.models import Event
from esep.lib.iin import make_iin
from esep.lib.sheets import Parsed, read_rows
from esep.org.models import Branch, Person, Territory
from esep.org.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ROW = "{number},{received},letter,statement,roads,231010000,atyrau-city,{iin},{name},{phone},{text},{status},{outcome},{answered}"


def row(number, *, received="2020-02-04 11:00", iin="", name="", phone="", **more):
    fields = {"text": "Жол", "status": "", "outcome": "", "answered": ""} | more
    return ROW.format(number=number, received=received, iin=iin, name=name, phone=phone, **fields)


def csv(*rows):
    return "\n".join([HEADER, *rows]).encode()


@pytest.fixture
def branches(tree):
    CategoryFactory.create(code="roads")
    return {b.code: b for b in Branch.objects.all()}


def test_an_applicant_given_on_many_rows_is_found_or_recorded_once(branches, monkeypatch):
    monkeypatch.setattr(imports, "BATCH_ROWS", 2)  # the same people across batches too
    known = PersonFactory.create(iin=make_iin(dt.date(1960, 1, 2), "male", 5), sex="male")
    assert known.iin is not None and known.phone
    people = Person.objects.count()
    content = csv(
        row("B-1", iin=IIN, name="Омарова Айгүл"),
        row("B-2", iin=IIN, name="Омарова Айгүл"),
        row("B-3", iin=IIN, name="Омарова Айгүл"),
        row("B-4", iin=known.iin, name="Басқа Есім"),
        # no IIN: a phone and the same names find the person; other names do not
        row("B-5", phone="8 705 111 22 33", name="Ахметов Нұрлан"),
        row("B-6", phone="+7 705 111 22 33", name="ахметов  нұрлан"),
        row("B-7", phone="87051112233", name="Ахметова Дана"),
        row("B-8", phone=known.phone, name=f"{known.surname} {known.given_name}"),
        # names alone are no identity: each such row is a person of its own
        row("B-9", name="Сейітов Ержан"),
        row("B-10", name="Сейітов Ержан"),
    )
    assert import_appeals(content, actor=None, branches=branches) == (10, 0)

    submitter = dict(Appeal.objects.values_list("number", "submitter_id"))
    assert submitter["B-1"] == submitter["B-2"] == submitter["B-3"] != known.pk
    assert submitter["B-4"] == submitter["B-8"] == known.pk
    assert submitter["B-5"] == submitter["B-6"] != submitter["B-7"]
    assert submitter["B-9"] != submitter["B-10"]
    assert Person.objects.count() == people + 5
    # Each person recorded has its event, as `identify` writes it; its personal data not in it.
    created = Event.objects.filter(
        action="person.created", object_type=ContentType.objects.get_for_model(Person)
    )
    assert sorted(int(e.object_id) for e in created if int(e.object_id) > known.pk) == sorted(
        Person.objects.filter(pk__gt=known.pk).values_list("pk", flat=True)
    )
    first = created.get(object_id=str(submitter["B-1"]))
    assert first.changes == {"surname": None, "given_name": None, "iin": "•••"}
    # The appeal keeps the applicant as the row gives them, not the record found.
    assert Appeal.objects.get(number="B-4").applicant_surname == "Басқа"


def test_an_imported_appeal_repeating_an_answered_one_is_linked_to_it(branches):
    person = PersonFactory.create(iin=IIN, birth_date=None, sex="")
    earlier = actions.register_appeal(
        actor=None,
        channel="letter",
        kind="statement",
        category=Category.objects.get(code="roads"),
        territory=Territory.objects.get(kato="231010000"),
        branch=branches["atyrau-city"],
        submitter=person,
        text="Жол",
        language="kk",
        received_at=timezone.make_aware(dt.datetime(2020, 1, 10, 11)),
    )
    Appeal.objects.filter(pk=earlier.pk).update(
        answered_at=timezone.make_aware(dt.datetime(2020, 1, 20, 11)), status="answered"
    )
    content = csv(
        row("R-1", iin=IIN, name="Омарова Айгүл"),  # after the answer: a repeat
        row("R-2", iin=IIN, name="Омарова Айгүл", received="2020-01-15 11:00"),  # before it
        row("R-3", iin=IIN, name="Омарова Айгүл", received="2021-02-04 11:00"),  # a year on
    )
    assert import_appeals(content, actor=None, branches=branches) == (3, 0)
    repeats = dict(
        Appeal.objects.filter(number__startswith="R-").values_list("number", "repeat_of")
    )
    assert repeats == {"R-1": earlier.pk, "R-2": None, "R-3": None}


def test_batches_write_what_registering_each_row_writes(branches, monkeypatch):
    rows = [
        row("W-1", received="2020-02-07 19:30"),  # a Friday evening: registered on Monday
        row("W-2", status="closed", outcome="explained", answered="2020-02-20 09:00"),
        # received on a Saturday, answered on the Sunday: before it was registered
        row(
            "W-3",
            received="2020-02-08 11:00",
            status="answered",
            outcome="refused",
            answered="2020-02-09",
        ),
    ]
    monkeypatch.setattr(imports, "BATCH_ROWS", 2)
    assert import_appeals(csv(*rows), actor=None, branches=branches) == (3, 0)
    calendar = actions.official_calendar()
    found = {a.number: a for a in Appeal.objects.select_related("territory")}
    assert found["W-1"].registered_on == dt.date(2020, 2, 10)
    for appeal in found.values():
        assert appeal.due_on == calendar.add_working_days(appeal.registered_on, 15)
        assert appeal.is_anonymous
    closed = found["W-2"]
    assert closed.status == "closed" and closed.closed_at == closed.answered_at
    assert closed.answered_on == dt.date(2020, 2, 20)
    assert closed.answer_working_days == calendar.working_days_between(
        closed.registered_on, dt.date(2020, 2, 20)
    )
    # An answer dated before registration counts from the registration day, as ever.
    assert found["W-3"].registered_on == dt.date(2020, 2, 10)
    assert found["W-3"].answered_on == found["W-3"].registered_on
    assert found["W-3"].answer_working_days == 0 and found["W-3"].closed_at is None
    steps = sorted(AppealEvent.objects.values_list("appeal__number", "action", "to_status"))
    assert steps == [
        ("W-1", "registered", "registered"),
        ("W-2", "imported", "closed"),
        ("W-2", "registered", "registered"),
        ("W-3", "imported", "answered"),
        ("W-3", "registered", "registered"),
    ]
    anonymous = AppealEvent.objects.get(appeal__number="W-1")
    assert anonymous.note  # anonymous: not subject to consideration


def test_the_queries_of_an_import_do_not_grow_with_its_rows(branches):
    def queries_for(prefix, count):
        content = csv(
            *(
                row(f"{prefix}-{n}", iin=IIN if n % 2 else "", name="Омарова Айгүл")
                for n in range(count)
            )
        )
        with CaptureQueriesContext(connection) as queries:
            assert import_appeals(content, actor=None, branches=branches) == (count, 0)
        return len(queries)

    # The first import records the applicant; both then find her. (SQLite takes at most
    # 999 values a statement, so Django splits a bulk insert of wide rows: 20 rows fit one.)
    queries_for("warm", 2)
    assert queries_for("few", 10) == queries_for("many", 20)


def test_the_rows_are_read_one_at_a_time(branches):
    line = row("M-{n}", text="Жол " * 20)
    content = csv(*(line.replace("{n}", str(n)) for n in range(15_000)))
    parsed = Parsed()
    tracemalloc.start()
    try:
        count = sum(1 for _row in read_rows(content, APPEAL_COLUMNS, parsed))
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 15_000 and not parsed.failed
    # All the rows as cells would take many times the file; one at a time, a fraction of it.
    assert peak < len(content) / 4, (peak, len(content))
