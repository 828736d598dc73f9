"""What other systems and officers write: ISO 8601 date-times, dates in the territory's own
zone, a spreadsheet's date cells and numbers, labels instead of codes; the template offered
on the import page; the way back to the form after a failure."""

import datetime as dt
import io
from datetime import UTC

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from esep.appeals import imports
from esep.appeals.imports import ImportFailed, import_appeals
from esep.appeals.models import Appeal, ImportJob
from esep.appeals.tests.factories import HEADER, CategoryFactory, good_csv
from esep.lib.iin import make_iin
from esep.org.models import Branch, Territory
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(tree):
    CategoryFactory.create(code="roads", name_kk="Жолдар", name_ru="Дороги", name_en="Roads")
    CategoryFactory.create(
        code="housing", name_kk="Тұрғын үй", name_ru="Жилищные вопросы", name_en="Housing"
    )
    Territory.objects.filter(kato="231010000").update(
        name_kk="Атырау қаласы", name_ru="город Атырау", name_en="Atyrau city"
    )
    Branch.objects.filter(code="atyrau-city").update(
        name_kk="Атырау қалалық филиалы",
        name_ru="Атырауский городской филиал",
        name_en="Atyrau city branch",
    )
    return {b.code: b for b in Branch.objects.all()}


def row(number, received, territory="390000000", branch="kostanay", **cells):
    values = {
        "number": number,
        "received_at": received,
        "channel": "letter",
        "type": "complaint",
        "category": "roads",
        "territory": territory,
        "branch": branch,
        "text": "Жол бұзылған",
        **cells,
    }
    return [values.get(name, "") for name in HEADER.split(",")]


def csv_of(*rows):
    lines = [HEADER, *(",".join(str(c) for c in r) for r in rows)]
    return "\n".join(lines).encode()


def xlsx_of(*rows, header=None):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header or HEADER.split(","))
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def received(number):
    return Appeal.objects.get(number=number).received_at


def test_iso_8601_date_times_are_read_with_their_offsets(setup):
    content = csv_of(
        row("K-1", "2019-09-01T10:00:00+05:00"),
        row("K-2", "2019-09-01T10:00:00Z"),
        row("K-3", "2019-09-01T10:00:00.125Z"),
        row("K-4", "2019-09-01T10:00:00.125+06:00", answered_at="2019-09-20T12:30:00Z"),
    )
    assert import_appeals(content, actor=None, branches=setup) == (4, 0)
    assert received("K-1") == dt.datetime(2019, 9, 1, 5, 0, tzinfo=UTC)
    assert received("K-2") == dt.datetime(2019, 9, 1, 10, 0, tzinfo=UTC)
    assert received("K-3") == dt.datetime(2019, 9, 1, 10, 0, 0, 125000, tzinfo=UTC)
    assert received("K-4") == dt.datetime(2019, 9, 1, 4, 0, 0, 125000, tzinfo=UTC)


def test_a_time_without_offset_is_the_territorys_local_time_on_that_date(setup):
    # Kostanay kept UTC+6 until 1 March 2024 and UTC+5 since; Atyrau is UTC+5.
    Territory.objects.filter(kato="230000000").update(time_zone="Asia/Atyrau")
    content = csv_of(
        row("K-1", "01.09.2019 10:00"),
        row("K-2", "2019-09-01T10:00:00"),
        row("K-3", "2024-09-02 10:00"),
        row("K-4", "01.09.2019"),  # a date alone: at ten
        row("A-1", "01.09.2019 10:00", territory="230000000", branch="atyrau"),
    )
    assert import_appeals(content, actor=None, branches=setup) == (5, 0)
    assert received("K-1") == received("K-2") == dt.datetime(2019, 9, 1, 4, 0, tzinfo=UTC)
    assert received("K-3") == dt.datetime(2024, 9, 2, 5, 0, tzinfo=UTC)
    assert received("K-4") == dt.datetime(2019, 9, 1, 4, 0, tzinfo=UTC)
    assert received("A-1") == dt.datetime(2019, 9, 1, 5, 0, tzinfo=UTC)


def test_excel_date_cells_are_the_territorys_local_time(setup):
    content = xlsx_of(
        row("K-1", dt.datetime(2019, 9, 2, 17, 30)),
        row("K-2", dt.datetime(2019, 9, 2, 18, 30)),  # after hours: registered next day
        row(
            "K-3",
            dt.datetime(2019, 9, 2, 9, 0),
            status="closed",
            outcome="explained",
            answered_at=dt.datetime(2019, 9, 10, 11, 0),
        ),
    )
    assert import_appeals(content, actor=None, branches=setup) == (3, 0)
    assert received("K-1") == dt.datetime(2019, 9, 2, 11, 30, tzinfo=UTC)
    assert Appeal.objects.get(number="K-1").registered_on == dt.date(2019, 9, 2)
    assert Appeal.objects.get(number="K-2").registered_on == dt.date(2019, 9, 3)
    closed = Appeal.objects.get(number="K-3")
    assert closed.answered_at == dt.datetime(2019, 9, 10, 5, 0, tzinfo=UTC)
    assert closed.answered_on == dt.date(2019, 9, 10)


def test_dates_esep_cannot_take_are_row_errors(setup):
    content = csv_of(
        row("K-1", "2019-09-01T25:00:00Z"),
        row("K-2", "01.09.1985"),
        row("K-3", (dt.date.today() + dt.timedelta(days=3)).isoformat()),
        row(
            "K-4",
            "2019-09-10",
            status="answered",
            outcome="explained",
            answered_at="2019-09-01",
        ),
    )
    with pytest.raises(ImportFailed) as failure:
        import_appeals(content, actor=None, branches=setup)
    assert [(e.row, e.column) for e in failure.value.errors] == [
        (2, "received_at"),
        (3, "received_at"),
        (4, "received_at"),
        (5, "answered_at"),
    ]
    assert "1991" in failure.value.errors[1].message
    assert Appeal.objects.count() == 0


def test_labels_in_any_language_case_and_spacing_are_taken_beside_codes(setup):
    content = csv_of(
        row(
            "A-1",
            "01.09.2019",
            territory="Атырау қаласы",
            branch="  атырау  ҚАЛАЛЫҚ филиалы ",
            channel="Общественная приемная",  # ё written as е
            type="арыз",
            category="Тұрғын үй",
            status="ЗАКРЫТО",
            outcome="explained",
            answered_at="2019-09-05",
        ),
        row(
            "A-2",
            "01.09.2019",
            territory="Atyrau city",
            branch="Atyrau city branch",
            channel="e-mail",
            type="Complaint",
            category="housing",
            status="тіркелді",
            outcome="",
        ),
    )
    assert import_appeals(content, actor=None, branches=setup) == (2, 0)
    first = Appeal.objects.get(number="A-1")
    assert (first.territory.kato, first.branch.code, first.channel, first.kind) == (
        "231010000",
        "atyrau-city",
        "reception_office",
        "statement",
    )
    assert (first.category.code, first.status, first.outcome) == ("housing", "closed", "explained")
    second = Appeal.objects.get(number="A-2")
    assert (second.channel, second.kind, second.status) == ("email", "complaint", "registered")


def test_an_ambiguous_label_is_a_row_error_naming_the_candidates(setup):
    CategoryFactory.create(code="roads-repair", name_kk="Жөндеу", name_ru="Ремонт")
    CategoryFactory.create(code="housing-repair", name_kk="Үй жөндеу", name_ru="Ремонт")
    content = csv_of(row("K-1", "01.09.2019", category="ремонт"))
    with pytest.raises(ImportFailed) as failure:
        import_appeals(content, actor=None, branches=setup)
    [error] = failure.value.errors
    assert (error.row, error.column) == (2, "category")
    assert "roads-repair" in error.message and "housing-repair" in error.message


def test_numbers_a_spreadsheet_keeps_as_numbers_are_read_as_written(setup):
    # An IIN of someone born in 2005 starts with 0, which a number cell drops; a KATO code
    # may come back as 390000000.0.
    iin = make_iin(dt.date(2005, 1, 2), "male", 11)
    content = xlsx_of(
        [
            "K-1",
            "01.09.2019",
            "letter",
            "complaint",
            "roads",
            390000000.0,
            "kostanay",
            int(iin),
            "Сейітов Асхат",
            87015550011,
            "Жол бұзылған",
            None,
            None,
            None,
        ]
    )
    assert import_appeals(content, actor=None, branches=setup) == (1, 0)
    appeal = Appeal.objects.get(number="K-1")
    assert (appeal.contact_iin, appeal.contact_phone) == (iin, "+77015550011")


def test_blank_rows_keep_the_row_numbers_of_the_spreadsheet(setup):
    content = (HEADER + "\n\n" + ",".join(row("K-1", "not a date"))).encode()
    with pytest.raises(ImportFailed) as failure:
        import_appeals(content, actor=None, branches=setup)
    assert [(e.row, e.column) for e in failure.value.errors] == [(3, "received_at")]


def test_the_appeals_are_found_on_whichever_sheet_holds_them(setup):
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Notes"
    notes.append(["This workbook holds the appeals of September."])
    data = book.create_sheet("Appeals")
    data.append(HEADER.split(","))
    data.append(row("K-1", "01.09.2019"))
    buffer = io.BytesIO()
    book.save(buffer)
    assert import_appeals(buffer.getvalue(), actor=None, branches=setup) == (1, 0)


def test_headers_of_the_export_in_any_language_are_read(setup):
    columns = HEADER.split(",")
    for language, number in (("kk", "K-1"), ("ru", "K-2"), ("en", "K-3")):
        with translation.override(language):
            header = [str(imports.HEADERS[name]) for name in columns]
        content = xlsx_of(row(number, "01.09.2019", status="registered"), header=header)
        assert import_appeals(content, actor=None, branches=setup) == (1, 0)


def test_the_import_page_offers_a_template_with_drop_down_lists(client, setup, tree):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    page = client.get("/ru/appeals/import/")
    assert reverse("appeals:import-template").replace("/en/", "/ru/") in page.content.decode()
    response = client.get("/ru/appeals/import/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    sheet, lists = book.worksheets
    assert lists.sheet_state == "hidden"
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Номер", "Дата поступления", "Канал"]
    rules = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    channel = rules["C2"]
    assert channel.type == "list" and channel.formula1.startswith("'lists'!$")
    # The lists hold labels in the user's language; long lists are ranges, never inline.
    listed = [c.value for c in lists["A"][1:] if c.value]
    assert "письмо" in listed and "общественная приёмная" in listed
    territories = [c.value for c in lists["D"][1:] if c.value]
    assert "город Атырау" in territories
    branches = [c.value for c in lists["E"][1:] if c.value]
    assert "Атырауский городской филиал" in branches
    assert all(len(v.formula1 or "") < 255 for v in rules.values())


def test_the_templates_example_row_imports_as_it_is(
    client, setup, tree, django_capture_on_commit_callbacks
):
    officer = user_with_role("reception_officer", tree.atyrau)
    client.force_login(officer)
    for language in ("kk", "ru", "en"):
        template = client.get(f"/{language}/appeals/import/template.xlsx").content
        upload = io.BytesIO(template)
        upload.name = "template.xlsx"
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/{language}/appeals/import/", {"file": upload})
        job = ImportJob.objects.latest("pk")
        assert (job.state, job.errors) == ("done", [])
        assert response.status_code == 302
    assert Appeal.objects.count() == 1  # the same example, skipped the second time


def test_a_failed_import_links_back_to_the_form(
    client, setup, tree, django_capture_on_commit_callbacks
):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    upload = io.BytesIO(good_csv().replace("2020-02-03 10:15", "someday").encode())
    upload.name = "bad.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/kk/appeals/import/", {"file": upload})
    page = client.get(response["Location"]).content.decode()
    assert 'href="/kk/appeals/import/"' in page
    # The column by its header in the user's language, not esep's code.
    assert "Түскен күні" in page and "received_at" not in page


def test_only_those_who_import_get_the_template(client, tree):
    client.force_login(user_with_role("analyst", tree.atyrau))
    assert client.get(reverse("appeals:import-template")).status_code == 403
