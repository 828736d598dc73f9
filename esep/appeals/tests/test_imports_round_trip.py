"""esep's own export of the inbox imports back unchanged: the same appeals, with the same
times (on each territory's clock, to the minute the export writes), registration days and
deadlines, labels read back as the codes they stand for, applicants as given."""

import csv
import datetime as dt
import io
from datetime import UTC

import pytest
from openpyxl import load_workbook

from esep.appeals import actions
from esep.appeals.imports import import_appeals
from esep.appeals.models import Appeal, AppealEvent
from esep.appeals.tests.factories import CategoryFactory, register
from esep.org.models import Branch, Territory
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

FIELDS = [
    "number",
    "received_at",
    "registered_on",
    "due_on",
    "channel",
    "kind",
    "category_id",
    "territory_id",
    "branch_id",
    "status",
    "outcome",
    "answered_at",
    "answered_on",
    "answer_working_days",
    "text",
    "language",
    "applicant_surname",
    "applicant_given_name",
    "applicant_patronymic",
    "contact_iin",
    "contact_phone",
    "is_anonymous",
    "submitter_id",
]


def to_minute(moment):
    return moment.replace(second=0, microsecond=0) if moment else moment


def snapshot():
    return {
        appeal.number: {
            name: to_minute(value)
            if isinstance(value := getattr(appeal, name), dt.datetime)
            else value
            for name in FIELDS
        }
        for appeal in Appeal.objects.all()
    }


@pytest.fixture
def appeals(tree, place):
    atyrau = Territory.objects.get(kato="230000000")  # Asia/Atyrau (place)
    kostanay = Territory.objects.get(kato="390000000")  # Asia/Qostanay: +6 until March 2024
    other_topic = CategoryFactory.create(code="housing", name_ru="Жилищные вопросы")
    officer = user_with_role("reception_officer", tree.atyrau, "handler")
    closed = register(
        place,
        dt.datetime(2021, 3, 19, 5, 0, 17, tzinfo=UTC),
        tree.members["atyrau-city"],
        text="Ауладағы жол жөнделмеген",
    )
    actions.assign_appeal(actor=None, appeal=closed, assignee=officer)
    actions.start_work(actor=None, appeal=Appeal.objects.get(pk=closed.pk))
    actions.record_answer(
        actor=None,
        appeal=Appeal.objects.get(pk=closed.pk),
        outcome="resolved_partially",
        answer="Жөнделеді",
        answered_at=dt.datetime(2021, 3, 30, 12, 34, 56, tzinfo=UTC),
    )
    actions.close_appeal(actor=None, appeal=Appeal.objects.get(pk=closed.pk))
    # After hours on Kostanay's clock (19:20 at UTC+6): registered the next working day.
    register(
        {"territory": kostanay, "branch": tree.kostanay, "category": other_topic},
        dt.datetime(2023, 12, 1, 13, 20, 45, tzinfo=UTC),
        text="Жарық жоқ, түнде көше қараңғы",
    )
    assigned = register(
        {**place, "territory": atyrau, "branch": tree.atyrau_city},
        dt.datetime(2024, 3, 5, 4, 0, tzinfo=UTC),
        tree.members["atyrau"],
        text="=1+2 деп жазылған хат, Шатыр ағып тұр",
    )
    actions.assign_appeal(actor=None, appeal=assigned, assignee=officer)
    return Appeal.objects.count()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_inbox_export_imports_back_unchanged(client, tree, appeals, fmt, language):
    client.force_login(user_with_role("reception_officer", tree.central, "exporter"))
    exported = client.get(f"/{language}/appeals/export.{fmt}")
    assert exported.status_code == 200
    before = snapshot()
    assert len(before) == appeals == 3
    AppealEvent.objects.all().delete()
    Appeal.objects.all().delete()
    branches = {b.code: b for b in Branch.objects.all()}
    assert import_appeals(exported.content, actor=None, branches=branches) == (3, 0)
    assert snapshot() == before
    # And a second time adds nothing.
    assert import_appeals(exported.content, actor=None, branches=branches) == (0, 3)


def test_the_export_writes_times_on_the_territorys_clock(client, tree, appeals):
    client.force_login(user_with_role("reception_officer", tree.central, "exporter"))
    rows = list(
        csv.reader(io.StringIO(client.get("/ru/appeals/export.csv").content.decode("utf-8-sig")))
    )
    header, rows = rows[0], rows[1:]
    received = {r[0]: r[header.index("Дата поступления")] for r in rows}
    assert sorted(received.values()) == ["01.12.2023 19:20", "05.03.2024 09:00", "19.03.2021 10:00"]
    book = load_workbook(io.BytesIO(client.get("/en/appeals/export.xlsx").content))
    sheet = book.active
    assert sheet is not None
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    answered = [
        r[values[0].index("Answered")] for r in values[1:] if r[values[0].index("Answered")]
    ]
    assert answered == ["30.03.2021 17:34"]
