"""Imports that cannot go in end, quickly, with a message in the uploader's language: any
file esep cannot read, any failure inside esep, files too large, too long or too broken;
and a refused import writes nothing."""

import io
import logging
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from esep.appeals import imports
from esep.appeals.imports import ImportFailed, import_appeals
from esep.appeals.models import Appeal, ImportJob
from esep.appeals.tasks import start_import
from esep.appeals.tests.factories import HEADER, IIN, CategoryFactory, good_csv
from esep.lib.tables import csv_bytes
from esep.org.models import Branch, Person
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(tree):
    CategoryFactory.create(code="roads")
    return {b.code: b for b in Branch.objects.all()}


ROW = "N-{n},2020-02-04,letter,statement,roads,231010000,atyrau-city,,,,{text},,,"


def job_for(tree, content, capture, language="ru"):
    officer = user_with_role("reception_officer", tree.atyrau, "importer")
    with capture(execute=True):
        job = start_import(actor=officer, file_name="f.xlsx", content=content, language=language)
    job.refresh_from_db()
    return job


def xlsx(rows):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zipped(**files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        zipped(**{"readme.txt": "not a workbook"}),  # a zip, but no workbook in it
        b"PK\x03\x04" + b"\x00garbage" * 100,  # a damaged zip
        xlsx([["x"]])[:300],  # a workbook cut short
    ],
    ids=["zip-not-xlsx", "corrupt-zip", "truncated-xlsx"],
)
def test_a_file_esep_cannot_read_ends_the_job_with_a_message(
    setup, tree, django_capture_on_commit_callbacks, content
):
    job = job_for(tree, content, django_capture_on_commit_callbacks)
    assert job.state == "failed"
    assert [e["row"] for e in job.errors] == [0]
    assert "XLSX" in job.errors[0]["message"] and "Traceback" not in job.errors[0]["message"]
    assert Appeal.objects.count() == 0


def test_any_failure_inside_esep_ends_the_job_and_is_logged_without_personal_data(
    setup, tree, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(appeals):
        raise RuntimeError(f"boom for {appeals[0].applicant_surname}")

    monkeypatch.setattr(imports, "insert_appeals", broken)
    people = Person.objects.count()
    with caplog.at_level(logging.ERROR):
        job = job_for(tree, good_csv().encode(), django_capture_on_commit_callbacks, "kk")
    assert job.state == "failed" and len(job.errors) == 1
    assert "Traceback" not in job.errors[0]["message"]
    assert "RuntimeError" in caplog.text and f"import job {job.pk}" in caplog.text
    assert IIN not in caplog.text and "Омарова" not in caplog.text
    # All or nothing: the person found or recorded for the first row is gone too.
    assert Appeal.objects.count() == 0 and Person.objects.count() == people


def test_a_failure_in_a_later_batch_undoes_the_batches_written_before_it(setup, monkeypatch):
    # Written a batch at a time, the file still goes in whole or not at all.
    monkeypatch.setattr(imports, "BATCH_ROWS", 1)
    real = imports.insert_appeals
    batches: list[list[str]] = []

    def fail_second(appeals):
        batches.append([appeal.number for appeal in appeals])
        if len(batches) == 2:
            raise RuntimeError("the database went away")
        real(appeals)

    monkeypatch.setattr(imports, "insert_appeals", fail_second)
    people = Person.objects.count()
    with pytest.raises(RuntimeError):
        import_appeals(good_csv().encode(), actor=None, branches=setup)
    assert batches == [["AT-2020-1"], ["AT-2020-2"]]
    assert Appeal.objects.count() == 0 and Person.objects.count() == people


def test_a_name_too_long_for_the_record_is_a_row_error(
    setup, tree, django_capture_on_commit_callbacks
):
    content = good_csv().replace("Омарова Айгүл Серікқызы", "О" * 300).encode()
    people = Person.objects.count()
    job = job_for(tree, content, django_capture_on_commit_callbacks)
    assert job.state == "failed"
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "submitter_name")]
    long_number = good_csv().replace("AT-2020-2", "A" * 41).encode()
    with pytest.raises(ImportFailed) as failure:
        import_appeals(long_number, actor=None, branches=setup)
    assert [(e.row, e.column) for e in failure.value.errors] == [(3, "number")]
    assert Appeal.objects.count() == 0 and Person.objects.count() == people


def test_nul_and_control_characters_are_refused_as_row_errors(setup):
    content = (
        good_csv()
        .replace("Жол бұзылған", "Жол\x00бұзылған")
        .replace("Омарова Айгүл", "Омарова\x07Айгүл")
        .replace("Жарық жоқ", "Жарық\x1bжоқ")
    )
    with pytest.raises(ImportFailed) as failure:
        import_appeals(content.encode(), actor=None, branches=setup)
    found = {(e.row, e.column) for e in failure.value.errors}
    assert found == {(2, "text"), (2, "submitter_name"), (3, "text")}
    # Tabs and line breaks inside a text are text.
    multiline = good_csv().replace("Жарық жоқ", '"Жарық\tжоқ,\nкеше де"')
    assert import_appeals(multiline.encode(), actor=None, branches=setup) == (2, 0)


def test_too_many_rows_are_refused_before_the_rows_are_read(setup, settings, monkeypatch):
    settings.IMPORT_MAX_ROWS = 5
    rows = [HEADER.split(","), *[ROW.format(n=n, text="Жол").split(",") for n in range(50)]]
    checked: list[int] = []
    monkeypatch.setattr(imports, "check_row", lambda *a: checked.append(1))
    for content in (xlsx(rows), "\n".join(",".join(r) for r in rows).encode()):
        with pytest.raises(ImportFailed) as failure:
            import_appeals(content, actor=None, branches=setup)
        assert [e.row for e in failure.value.errors] == [0]
        assert "5" in failure.value.errors[0].message
    assert checked == []


def test_files_too_large_or_unpacking_too_large_are_refused(setup, settings, client, tree):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(ImportFailed):
        import_appeals(good_csv().encode() + b" " * 1000, actor=None, branches=setup)
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    upload = io.BytesIO(b"x" * 2000)
    upload.name = "big.csv"
    assert client.post("/en/appeals/import/", {"file": upload}).status_code == 400
    assert not ImportJob.objects.exists()
    settings.IMPORT_MAX_BYTES = 10 * 1024 * 1024
    settings.IMPORT_MAX_UNPACKED_BYTES = 100_000
    bomb = zipped(**{"xl/worksheets/sheet1.xml": "<x/>" + " " * 1_000_000})
    assert len(bomb) < 10_000
    with pytest.raises(ImportFailed) as failure:
        import_appeals(bomb, actor=None, branches=setup)
    assert "MB" in failure.value.errors[0].message


def test_only_the_first_problems_are_kept_then_a_count_of_the_rest(
    setup, tree, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_MAX_ERRORS = 3
    rows = [HEADER, *[ROW.format(n=n, text="Жол").replace("letter", "pigeon") for n in range(10)]]
    job = job_for(tree, "\n".join(rows).encode(), django_capture_on_commit_callbacks, "en")
    assert job.state == "failed"
    assert [e["column"] for e in job.errors[:3]] == ["channel"] * 3
    assert job.errors[3] == {"row": 0, "column": "", "message": "And 7 more problems, not shown."}


def test_an_export_imports_back_unchanged(setup):
    # A text that starts like a formula leaves esep with the export's apostrophe and comes
    # back without it.
    rows = [r.split(",") for r in good_csv().splitlines()]
    rows[2][10] = "=1+2 жарық жоқ"
    content = csv_bytes(rows[0], rows[1:])
    assert "'=1+2" in content.decode("utf-8-sig")
    assert import_appeals(content, actor=None, branches=setup) == (2, 0)
    assert Appeal.objects.get(number="AT-2020-2").text == "=1+2 жарық жоқ"


def test_the_command_speaks_the_language_asked(setup, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("number,text\n1,2\n")
    with pytest.raises(CommandError):
        call_command("import-appeals", str(bad), language="ru")
    assert "Столбец отсутствует" in capsys.readouterr().err
