"""Imports of a convocation's mandates and of its sittings' attendance: all rows or none,
each problem named with its row and column; XLSX and CSV in UTF-8 or Windows-1251; the
upload pages, the job run by the worker, and the commands."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from esep.deputies import tasks
from esep.deputies.models import (
    Attendance,
    Convocation,
    ImportJob,
    Mandate,
    MandatePost,
    Position,
    Sitting,
)
from esep.deputies.registry.imports import import_attendance, import_mandates
from esep.lib.iin import InvalidIIN, make_iin
from esep.lib.sheets import ImportFailed
from esep.org.models import IIN_ERRORS, Body, Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are read in English here; the uploader's language is tested on its own."""
    with translation.override("en"):
        yield


MANDATE_HEADER = [
    "iin",
    "surname",
    "given_name",
    "patronymic",
    "kind",
    "district",
    "party",
    "started_on",
    "ended_on",
    "end_reason",
    "post",
    "committee_kk",
]
ATTENDANCE_HEADER = ["sitting", "held_on", "iin", "mark", "reason"]

NEW_IIN = make_iin(dt.date(1992, 4, 12), "female", 7)
OTHER_IIN = make_iin(dt.date(1970, 8, 30), "male", 11)


def as_csv(header: list[str], rows: Sequence[Sequence[object]], sep: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def as_xlsx(header: list[str], rows: Sequence[Sequence[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def eighth(council):
    """The 8th convocation of Kostanay's maslikhat, still empty, for mandates to come."""
    return Convocation.objects.create(
        body=council.body,
        number=8,
        elected_on=dt.date(2023, 3, 19),
        started_on=dt.date(2023, 3, 29),
        seats=30,
    )


def mandate_rows(council) -> list[list[object]]:
    known = council.atyrau_mandate.person  # a deputy esep already knows, found by IIN
    return [
        [
            NEW_IIN,
            "Сәрсенова",
            "Әйгерім",
            "Болатқызы",
            "партийный список",
            "",
            "amanat",
            "2023-03-29",
            "",
            "",
            "председатель постоянной комиссии",
            "Бюджет комиссиясы",
        ],
        [
            known.iin,
            known.surname,
            known.given_name,
            "",
            "district",
            "№ 12 округ",
            "ak-zhol",
            "2023-03-29",
            "2023-09-01",
            "resigned",
            "",
            "",
        ],
        [OTHER_IIN, "Ким", "Олег", "", "бір мандатты округ", "№ 3", "", "2023-04-02", "", ""],
    ]


def test_a_good_file_of_mandates_records_people_mandates_posts_and_ends(council, eighth):
    imported = import_mandates(
        as_xlsx(MANDATE_HEADER, mandate_rows(council)), actor=council.office, convocation=eighth
    )

    assert imported.counts == {"mandates": 3, "people": 2, "posts": 1, "ended": 1}
    new = Person.objects.with_iin(NEW_IIN).get()
    # Birth date and sex read from the IIN.
    assert (new.birth_date, new.sex, new.patronymic) == (
        dt.date(1992, 4, 12),
        "female",
        "Болатқызы",
    )
    mandate = Mandate.objects.get(convocation=eighth, person=new)
    assert (mandate.kind, mandate.party, mandate.started_on) == (
        Mandate.Kind.PARTY_LIST,
        council.own,
        dt.date(2023, 3, 29),
    )
    # The party's mandate made her a member of its faction; her post is recorded.
    assert mandate.faction_post is not None
    assert mandate.faction_post.body.kind == Body.Kind.MASLIKHAT_FACTION
    post = MandatePost.objects.get(mandate=mandate)
    assert (post.position, post.committee_kk) == (Position.COMMITTEE_CHAIR, "Бюджет комиссиясы")
    # The known deputy is the same person, their mandate ended as the row says.
    known = Mandate.objects.get(convocation=eighth, person=council.atyrau_mandate.person)
    assert (known.kind, known.district, known.party) == ("district", "№ 12 округ", council.other)
    assert (known.ended_on, known.end_reason) == (dt.date(2023, 9, 1), "resigned")
    self_nominated = Mandate.objects.get(
        convocation=eighth, person=Person.objects.with_iin(OTHER_IIN).get()
    )
    assert self_nominated.party is None and self_nominated.faction_post is None


@pytest.mark.parametrize(
    ("row", "cell", "column", "message"),
    [
        (1, (0, NEW_IIN[:11] + str((int(NEW_IIN[11]) + 1) % 10)), "iin", "check digit"),
        (2, (6, "nur-otan"), "party", "No party with the code or name “nur-otan”."),
        (3, (7, "02/04/2023"), "started_on", "Not a date: “02/04/2023”."),
    ],
)
def test_a_file_of_mandates_with_one_bad_row_imports_nothing_and_names_it(
    council, eighth, row, cell, column, message
):
    rows = mandate_rows(council)
    position, value = cell
    rows[row - 1][position] = value
    people = Person.objects.count()

    with pytest.raises(ImportFailed) as refused:
        import_mandates(
            as_csv(MANDATE_HEADER, rows).encode(), actor=council.office, convocation=eighth
        )

    (error,) = refused.value.errors
    assert (error.row, error.column) == (row + 1, column)  # the header is row 1
    assert message in error.message
    assert not Mandate.objects.filter(convocation=eighth).exists()
    assert Person.objects.count() == people


def test_a_refusal_by_the_actions_is_named_on_its_row_and_nothing_is_kept(council, eighth):
    # Two seats for three mandates: only add_mandate, writing the third, finds it out.
    Convocation.objects.filter(pk=eighth.pk).update(seats=2)
    eighth.refresh_from_db()

    with pytest.raises(ImportFailed) as refused:
        import_mandates(
            as_csv(MANDATE_HEADER, mandate_rows(council)).encode(),
            actor=council.office,
            convocation=eighth,
        )

    (error,) = refused.value.errors
    assert (error.row, error.message) == (4, "All 2 seats of this convocation are taken.")
    assert not Mandate.objects.filter(convocation=eighth).exists()
    assert not Person.objects.with_iin(NEW_IIN).exists()


def test_an_iin_esep_knows_under_other_names_is_refused_without_saying_whose(council, eighth):
    rows = mandate_rows(council)
    rows[1][1] = "Другаяфамилия"

    with pytest.raises(ImportFailed) as refused:
        import_mandates(
            as_csv(MANDATE_HEADER, rows).encode(), actor=council.office, convocation=eighth
        )

    (error,) = refused.value.errors
    assert (error.row, error.column) == (3, "iin")
    assert council.atyrau_mandate.person.surname not in error.message


def test_a_windows_1251_csv_with_russian_headers_imports(council, eighth):
    header = [
        "ИИН",
        "Фамилия",
        "Имя",
        "Отчество",
        "Вид мандата",
        "Избирательный округ",
        "Партия",
        "Начало полномочий",
    ]
    rows = [
        [
            NEW_IIN,
            "Сарсенова",
            "Айгерим",
            "Болатовна",
            "по округу",
            "Округ № 5",
            "amanat",
            "2023-03-29",
        ]
    ]
    content = as_csv(header, rows, sep=";").encode("cp1251")

    imported = import_mandates(content, actor=council.office, convocation=eighth)

    assert imported.counts["mandates"] == 1
    mandate = Mandate.objects.get(convocation=eighth)
    assert (mandate.person.surname, mandate.district) == ("Сарсенова", "Округ № 5")


def test_an_officer_of_another_branch_cannot_import_mandates(council, eighth):
    with pytest.raises(ImportFailed) as refused:
        import_mandates(
            as_xlsx(MANDATE_HEADER, mandate_rows(council)),
            actor=council.outsider,
            convocation=eighth,
        )
    assert refused.value.errors[0].row == 0
    assert not Mandate.objects.filter(convocation=eighth).exists()


# ---------------------------------------------------------------- attendance


def attendance_rows(council, number: int = 1, day: str = "2021-02-10") -> list[list[object]]:
    deputies = [*council.mandates, council.rival]
    marks = [("present", "")] * 5 + [
        ("по уважительной причине", "Болезнь"),
        ("себепсіз", ""),
    ]
    return [
        [number, day, m.person.iin, mark, reason]
        for m, (mark, reason) in zip(deputies, marks, strict=True)
    ]


def test_a_good_attendance_file_records_each_sitting_with_every_mark(council):
    rows = attendance_rows(council) + attendance_rows(council, 2, "2021-03-05")

    imported = import_attendance(
        as_xlsx(ATTENDANCE_HEADER, rows), actor=council.office, convocation=council.convocation
    )

    assert imported.counts == {"sittings": 2, "marks": 14}
    first = Sitting.objects.get(convocation=council.convocation, number=1)
    assert first.held_on == dt.date(2021, 2, 10)
    marks = dict(first.attendance.values_list("mandate_id", "mark"))
    assert marks[council.mandates[5].pk] == Attendance.Mark.EXCUSED
    assert marks[council.rival.pk] == Attendance.Mark.ABSENT
    assert list(marks.values()).count(Attendance.Mark.PRESENT) == 5


def test_the_bodys_secretary_imports_attendance(council):
    import_attendance(
        as_csv(ATTENDANCE_HEADER, attendance_rows(council)).encode(),
        actor=council.secretary_user,
        convocation=council.convocation,
    )
    assert Sitting.objects.filter(convocation=council.convocation).count() == 1


def test_a_sitting_missing_a_deputy_imports_nothing_and_names_its_row(council):
    rows = attendance_rows(council, 2, "2021-03-05")
    rows.pop(3)  # the fourth deputy is not marked
    rows = attendance_rows(council) + rows

    with pytest.raises(ImportFailed) as refused:
        import_attendance(
            as_csv(ATTENDANCE_HEADER, rows).encode(),
            actor=council.office,
            convocation=council.convocation,
        )

    (error,) = refused.value.errors
    assert (error.row, error.column) == (9, "iin")  # the second sitting's first row
    assert council.mandates[3].person.surname in error.message
    assert "1 missing" in error.message
    assert not Sitting.objects.exists()


@pytest.mark.parametrize(
    ("position", "value", "column", "message"),
    [
        (2, "123456789012", "iin", "check digit"),
        (1, "10.02.2021x", "held_on", "Not a date"),
        (3, "late", "mark", "Not an attendance mark: “late”."),
    ],
)
def test_an_attendance_file_with_a_bad_cell_imports_nothing(
    council, position, value, column, message
):
    rows = attendance_rows(council)
    rows[4][position] = value

    with pytest.raises(ImportFailed) as refused:
        import_attendance(
            as_csv(ATTENDANCE_HEADER, rows).encode(),
            actor=council.office,
            convocation=council.convocation,
        )

    assert (refused.value.errors[0].row, refused.value.errors[0].column) == (6, column)
    assert message in refused.value.errors[0].message
    assert not Sitting.objects.exists()


def test_a_stranger_to_the_convocation_is_named(council):
    rows = attendance_rows(council)
    rows.append([1, "2021-02-10", council.atyrau_mandate.person.iin, "present", ""])

    with pytest.raises(ImportFailed) as refused:
        import_attendance(
            as_csv(ATTENDANCE_HEADER, rows).encode(),
            actor=council.office,
            convocation=council.convocation,
        )
    (error,) = refused.value.errors
    assert (error.row, error.column) == (9, "iin")
    assert error.message == "No deputy of this convocation has this IIN."


def test_a_deputy_who_is_not_the_secretary_cannot_import_attendance(council):
    with pytest.raises(ImportFailed):
        import_attendance(
            as_csv(ATTENDANCE_HEADER, attendance_rows(council)).encode(),
            actor=council.deputy,
            convocation=council.convocation,
        )
    assert not Sitting.objects.exists()


# ---------------------------------------------------------------- pages, job and commands


def test_the_upload_page_runs_the_job_and_shows_its_result(
    council, client, django_capture_on_commit_callbacks
):
    client.force_login(council.office)
    with translation.override("en"):
        url = reverse("deputies:import-attendance", args=[council.convocation.pk])
    assert client.get(url).status_code == 200
    upload = io.BytesIO(as_csv(ATTENDANCE_HEADER, attendance_rows(council)).encode())
    upload.name = "attendance.csv"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": upload})

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("deputies:import-job", args=[job.pk])
    assert (job.state, job.kind, job.counts) == (
        ImportJob.State.DONE,
        ImportJob.Kind.ATTENDANCE,
        {"sittings": 1, "marks": 7},
    )
    page = client.get(response["Location"])
    assert "Recorded: 1 sessions with 7 attendance marks." in page.content.decode()


def test_a_failed_job_lists_the_rows_with_their_headers(
    council, django_capture_on_commit_callbacks
):
    rows = attendance_rows(council)
    rows.pop()
    with django_capture_on_commit_callbacks(execute=True):
        job = tasks.start_import(
            actor=council.office,
            convocation=council.convocation,
            kind=ImportJob.Kind.ATTENDANCE,
            file_name="a.csv",
            content=as_csv(ATTENDANCE_HEADER, rows).encode(),
            language="en",
        )
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert job.errors[0]["row"] == 2 and job.errors[0]["column"] == "iin"
    assert not Sitting.objects.exists()


def test_a_jobs_problems_are_written_in_the_uploaders_language(
    council, eighth, django_capture_on_commit_callbacks
):
    rows = mandate_rows(council)
    rows[0][0] = NEW_IIN[:11] + str((int(NEW_IIN[11]) + 1) % 10)
    with django_capture_on_commit_callbacks(execute=True):
        job = tasks.start_import(
            actor=council.office,
            convocation=eighth,
            kind=ImportJob.Kind.MANDATES,
            file_name="m.csv",
            content=as_csv(MANDATE_HEADER, rows).encode(),
            language="ru",
        )
    job.refresh_from_db()
    with translation.override("ru"):
        russian = str(IIN_ERRORS[InvalidIIN.CHECKSUM])
    assert russian != str(IIN_ERRORS[InvalidIIN.CHECKSUM])  # a translation exists
    assert job.errors == [{"row": 2, "column": "iin", "message": russian}]
    assert NEW_IIN[:6] not in str(job.errors)  # the IIN is never repeated back


def test_import_pages_are_closed_to_those_without_the_right(council, client):
    mandates = reverse("deputies:import-mandates", args=[council.convocation.pk])
    attendance = reverse("deputies:import-attendance", args=[council.convocation.pk])
    client.force_login(council.outsider)
    assert client.get(mandates).status_code == 404
    assert client.get(attendance).status_code == 404
    client.force_login(council.secretary_user)
    assert client.get(mandates).status_code == 403
    assert client.get(attendance).status_code == 200
    client.force_login(council.deputy)
    assert client.get(attendance).status_code == 403
    client.logout()
    assert client.get(attendance).status_code == 302


def test_another_users_job_is_a_404(council, client):
    job = ImportJob.objects.create(
        created_by=council.office,
        convocation=council.convocation,
        kind=ImportJob.Kind.MANDATES,
        file_name="m.xlsx",
        content=b"",
    )
    client.force_login(council.central)
    assert client.get(reverse("deputies:import-job", args=[job.pk])).status_code == 404


def test_the_templates_carry_the_columns_in_the_users_language(council, client):
    client.force_login(council.office)
    for name, first in (
        ("deputies:import-mandates-template", "IIN"),
        ("deputies:import-attendance-template", "Session number"),
    ):
        with translation.override("en"):
            response = client.get(reverse(name, args=[council.convocation.pk]))
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None and sheet.cell(1, 1).value == first


def test_the_commands_import_or_name_every_problem(council, eighth, tmp_path, capsys):
    good = tmp_path / "mandates.xlsx"
    good.write_bytes(as_xlsx(MANDATE_HEADER, mandate_rows(council)))
    call_command(
        "import-mandates", "kostanay-oblast", "8", str(good), user="head-kostanay", language="en"
    )
    assert "Imported: 3 mandates" in capsys.readouterr().out
    assert Mandate.objects.filter(convocation=eighth).count() == 3

    rows = attendance_rows(council)
    rows[2][3] = "late"
    bad = tmp_path / "attendance.csv"
    bad.write_text(as_csv(ATTENDANCE_HEADER, rows), encoding="cp1251")
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command(
            "import-attendance",
            "kostanay-oblast",
            "7",
            str(bad),
            user="head-kostanay",
            language="en",
        )
    assert "Row 4, column mark" in capsys.readouterr().err
    assert not Sitting.objects.exists()
    with pytest.raises(CommandError, match="no convocation 9"):
        call_command(
            "import-attendance",
            "kostanay-oblast",
            "9",
            str(bad),
            user="head-kostanay",
            language="en",
        )


def test_the_body_page_leads_to_the_imports_its_reader_may_use(council, client):
    mandates = reverse("deputies:import-mandates", args=[council.convocation.pk])
    attendance = reverse("deputies:import-attendance", args=[council.convocation.pk])
    client.force_login(council.office)
    page = client.get(council.body.get_absolute_url()).content.decode()
    assert mandates in page and attendance in page
    client.force_login(council.secretary_user)
    page = client.get(
        reverse("deputies:convocation", args=[council.convocation.pk])
    ).content.decode()
    assert attendance in page and mandates not in page
