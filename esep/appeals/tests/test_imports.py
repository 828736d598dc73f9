import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from esep.appeals.imports import ImportFailed, import_appeals
from esep.appeals.models import Appeal, ImportJob
from esep.appeals.tasks import start_import
from esep.appeals.tests.factories import HEADER, IIN, CategoryFactory, good_csv
from esep.org.models import Branch, Person
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(tree):
    CategoryFactory.create(code="roads")
    return {b.code: b for b in Branch.objects.all()}


def test_a_good_file_is_imported_and_a_second_time_adds_nothing(setup):
    assert import_appeals(good_csv().encode(), actor=None, branches=setup) == (2, 0)
    assert import_appeals(good_csv().encode(), actor=None, branches=setup) == (0, 2)
    first = Appeal.objects.get(number="AT-2020-1")
    assert first.submitter is not None
    assert (first.status, first.outcome, first.submitter.iin) == (
        "closed",
        "resolved_positively",
        IIN,
    )
    assert first.submitter.phone == "+77015550011"
    assert Appeal.objects.get(number="AT-2020-2").is_anonymous


def test_windows_1251_with_semicolons_and_russian_headers(setup):
    # Windows-1251 has no Kazakh letters: such files come from Russian-language offices.
    content = (
        good_csv(";")
        .replace("Омарова Айгүл Серікқызы", "Омарова Айгуль")
        .replace("Жол бұзылған", "Дорога разбита")
        .replace("Жарық жоқ", "Нет света")
    ).replace(
        HEADER.replace(",", ";"),
        "Номер;Дата поступления;Канал;Тип;Категория;КАТО;Филиал;ИИН;ФИО;Телефон;Текст;Статус;Результат;Дата ответа",
    )
    assert import_appeals(content.encode("cp1251"), actor=None, branches=setup) == (2, 0)


def test_xlsx_is_read(setup):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in good_csv().splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    assert import_appeals(buffer.getvalue(), actor=None, branches=setup) == (2, 0)


def test_every_problem_is_reported_with_row_and_column_and_nothing_is_written(setup):
    broken = "\n".join(
        [
            HEADER,
            "X-1,2020-13-45,pigeon,complaint,nowhere,999999999,atyrau,123456789012,,8 495 111 22 33,Text,closed,,",
            "X-1,2020-02-03,letter,statement,roads,230000000,kostanay-mars,,,,,,,",
            "X-3,2020-02-03,letter,statement,roads,230000000,atyrau,,,,Жол,registered,,",
        ]
    )
    with pytest.raises(ImportFailed) as failure:
        import_appeals(broken.encode(), actor=None, branches=setup)
    found = {(e.row, e.column) for e in failure.value.errors}
    assert {
        (2, "received_at"),
        (2, "channel"),
        (2, "category"),
        (2, "territory"),
        (2, "submitter_iin"),
        (2, "submitter_phone"),
        (2, "outcome"),
        (3, "number"),
        (3, "branch"),
        (3, "text"),
    } <= found
    assert not any(row == 4 for row, _ in found)
    assert Appeal.objects.count() == 0 and Person.objects.with_iin("123456789012").count() == 0


def test_missing_columns_are_named(setup):
    with pytest.raises(ImportFailed) as failure:
        import_appeals(b"number,text\nA,B", actor=None, branches=setup)
    assert {e.column for e in failure.value.errors} == {
        "received_at",
        "channel",
        "type",
        "category",
        "territory",
        "branch",
    }


def test_rows_of_branches_outside_the_users_scope_are_refused(setup, tree):
    only_kostanay = {code: b for code, b in setup.items() if code.startswith("kostanay")}
    with pytest.raises(ImportFailed) as failure:
        import_appeals(good_csv().encode(), actor=None, branches=only_kostanay)
    assert {e.column for e in failure.value.errors} == {"branch"}


def test_command_reports_errors_and_imports(setup, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(good_csv())
    call_command("import-appeals", str(good), language="en")
    assert "Imported 2 appeals" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("number,text\n1,2\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import-appeals", str(bad), language="en")
    assert "Row 1, column branch" in capsys.readouterr().err


def test_upload_page_imports_in_the_background_and_shows_the_outcome(
    client, setup, tree, django_capture_on_commit_callbacks
):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    upload = io.BytesIO(good_csv().encode())
    upload.name = "appeals.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("appeals:import"), {"file": upload})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("appeals:import-job", args=[job.pk])
    page = client.get(response["Location"])
    assert page.context["job"].state == "done" and page.context["job"].created == 2


def test_upload_with_errors_lists_them_in_the_users_language(
    client, setup, tree, django_capture_on_commit_callbacks
):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    upload = io.BytesIO(b"number,text\n1,2\n")
    upload.name = "bad.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ru/appeals/import/", {"file": upload})
    page = client.get(response["Location"])
    assert page.context["job"].state == "failed"
    assert "Столбец отсутствует" in page.content.decode()


def test_only_spreadsheets_are_accepted(client, tree):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    upload = io.BytesIO(b"%PDF-1.4")
    upload.name = "scan.pdf"
    assert client.post(reverse("appeals:import"), {"file": upload}).status_code == 400
    assert not ImportJob.objects.exists()


def test_another_users_job_is_404(client, setup, tree):
    owner = user_with_role("reception_officer", tree.atyrau, "owner")
    job = ImportJob.objects.create(created_by=owner, file_name="x.csv", content=b"")
    client.force_login(user_with_role("reception_officer", tree.atyrau, "other"))
    assert client.get(reverse("appeals:import-job", args=[job.pk])).status_code == 404


def test_a_file_in_another_encoding_is_reported_not_guessed(setup):
    # UTF-16 is neither UTF-8 nor Windows-1251: its header cannot be read, so nothing is.
    with pytest.raises(ImportFailed) as failure:
        import_appeals(good_csv().encode("utf-16"), actor=None, branches=setup)
    assert {e.row for e in failure.value.errors} == {1}
    assert Appeal.objects.count() == 0


def test_an_import_is_started_by_its_use_case_not_by_a_page(
    setup, tree, django_capture_on_commit_callbacks
):
    # Starting an import is tasks.start_import, which the page only calls: the file is kept
    # as a job, and the worker imports it once the job is committed.
    officer = user_with_role("reception_officer", tree.atyrau)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = start_import(
            actor=officer, file_name="a" * 300 + ".csv", content=good_csv().encode(), language="kk"
        )
    assert (job.state, len(job.file_name), len(queued)) == ("queued", 255, 1)
    queued[0]()
    job.refresh_from_db()
    assert (job.state, job.created) == ("done", 2)


def test_an_imported_appeal_keeps_its_applicant_as_the_file_gives_them(setup, tree):
    """A row with another branch's member's IIN links to that person but keeps the name and
    contacts the file gives — nothing of the member's own record reaches the appeal."""
    member = tree.members["kostanay"]
    row = (
        f"AT-2020-9,2020-02-03 10:15,letter,complaint,roads,230000000,atyrau,{member.iin},"
        "Бекова Дана,8 701 555 00 99,Жол бұзылған,,,"
    )
    assert import_appeals(f"{HEADER}\n{row}".encode(), actor=None, branches=setup) == (1, 0)
    appeal = Appeal.objects.get(number="AT-2020-9")
    assert appeal.submitter == member
    assert (appeal.applicant_name, appeal.contact_phone) == ("Бекова Дана", "+77015550099")
    assert appeal.contact_email == "" and member.email


def test_a_name_of_one_word_is_a_row_error_not_a_crash(setup):
    row = "AT-2020-8,2020-02-03,letter,complaint,roads,230000000,atyrau,,Омарова,8 701 555 00 98,Жол,,,"
    with pytest.raises(ImportFailed) as failed:
        import_appeals(f"{HEADER}\n{row}".encode(), actor=None, branches=setup)
    assert [(e.row, e.column) for e in failed.value.errors] == [(2, "submitter_name")]
    assert Appeal.objects.count() == 0
