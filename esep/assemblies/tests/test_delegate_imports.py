"""Importing a conference's delegates from a spreadsheet: all rows or none, each row added
through `actions.add_delegate` (quota, membership, no one twice), people found by IIN and
never made; problems named by row and column in the uploader's language; the upload page,
the job the worker runs, the template, and `esep import-delegates`."""

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

from esep.assemblies import actions, tasks
from esep.assemblies.conferences.imports import import_delegates
from esep.assemblies.models import Delegate, ImportJob
from esep.lib.iin import InvalidIIN, make_iin
from esep.lib.sheets import ImportFailed
from esep.org.models import IIN_ERRORS, Person
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

HEADER = ["iin", "branch", "elected_on", "protocol"]
UNKNOWN_IIN = make_iin(dt.date(1992, 4, 12), "female", 7)


@pytest.fixture(autouse=True)
def english():
    """Messages are read in English here; the uploader's language is tested on its own."""
    with translation.override("en"):
        yield


def as_csv(rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def as_xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def good_rows(conf) -> list[list[object]]:
    """The five members of the sub-branch not on the roll yet."""
    return [
        [person.iin, "atyrau-city", "2021-12-20", f"№ {n}"]
        for n, person in enumerate(conf.members[5:], start=1)
    ]


def roll(conf) -> int:
    return Delegate.objects.filter(conference=conf.conference).count()


def test_a_good_file_adds_every_delegate(conf):
    imported = import_delegates(
        as_xlsx(good_rows(conf)), actor=conf.office, conference=conf.conference
    )
    assert imported.counts == {"delegates": 5}
    assert roll(conf) == 10
    added = Delegate.objects.get(conference=conf.conference, person=conf.members[5])
    assert (added.branch, added.elected_on, added.protocol) == (
        conf.city,
        dt.date(2021, 12, 20),
        "№ 1",
    )


def test_a_file_with_bad_rows_writes_nothing_and_names_each_row(conf):
    rows = good_rows(conf)
    rows[0][0] = UNKNOWN_IIN  # row 2: no one esep knows
    rows[1][0] = rows[2][0]  # row 3 repeats row 4's person
    rows[3][1] = "kostanay-rudny"  # row 5: no quota here
    rows[4][2] = "2022-02-01"  # row 6: elected after the conference
    people = Person.objects.count()
    with pytest.raises(ImportFailed) as failed:
        import_delegates(as_csv(rows), actor=conf.office, conference=conf.conference)
    problems = {(e.row, e.column): e.message for e in failed.value.errors}
    assert problems[(2, "iin")] == "esep knows no one with this IIN."
    assert problems[(4, "iin")] == "The same person is already on row 3: one row per delegate."
    assert (5, "branch") in problems and "kostanay-rudny" in problems[(5, "branch")]
    assert (6, "elected_on") in problems
    assert UNKNOWN_IIN not in str(failed.value.errors)  # an IIN is never repeated back
    assert roll(conf) == 5
    assert Person.objects.count() == people  # nobody made from the file


def test_the_actions_refusals_are_named_on_their_rows_and_nothing_is_kept(conf, tree):
    actions.set_quota(actor=conf.office, quota=conf.conference.quotas.get(), seats=7)
    rows = [
        [conf.delegates[0].person.iin, "atyrau-city", "2021-12-20", ""],
        [conf.newcomer.iin, "atyrau-city", "2021-12-20", ""],
        *good_rows(conf)[:3],
    ]
    with pytest.raises(ImportFailed) as failed:
        import_delegates(as_csv(rows), actor=conf.office, conference=conf.conference)
    problems = {(e.row, e.column): e.message for e in failed.value.errors}
    # A delegate already on the roll and a stranger to the party are refused; two seats
    # were left, so the fifth row's delegate fills no quota.
    assert problems == {
        (2, "iin"): "This person is already a delegate of this conference.",
        (3, "iin"): "A delegate must be an active member of the branch.",
        (6, "branch"): "The quota of 7 delegates of this branch is filled.",
    }
    assert roll(conf) == 5


def test_a_frozen_roll_or_an_outsider_imports_nothing(conf):
    with pytest.raises(ImportFailed):
        import_delegates(as_csv(good_rows(conf)), actor=conf.outsider, conference=conf.conference)
    actions.freeze_roll(actor=conf.office, conference=conf.conference)
    with pytest.raises(ImportFailed) as failed:
        import_delegates(as_csv(good_rows(conf)), actor=conf.office, conference=conf.conference)
    assert failed.value.errors[0].message == "The roll of this conference is frozen."
    assert roll(conf) == 5


def test_a_jobs_problems_are_written_in_the_uploaders_language(
    conf, django_capture_on_commit_callbacks
):
    rows = good_rows(conf)
    iin = str(rows[0][0])
    rows[0][0] = iin[:11] + str((int(iin[11]) + 1) % 10)  # a wrong check digit
    with django_capture_on_commit_callbacks(execute=True):
        job = tasks.start_import(
            actor=conf.office,
            conference=conf.conference,
            file_name="d.csv",
            content=as_csv(rows),
            language="ru",
        )
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    with translation.override("ru"):
        russian = str(IIN_ERRORS[InvalidIIN.CHECKSUM])
    assert russian != str(IIN_ERRORS[InvalidIIN.CHECKSUM])  # a translation exists
    assert job.errors == [{"row": 2, "column": "iin", "message": russian}]
    assert iin[:6] not in str(job.errors)
    assert roll(conf) == 5


def test_the_upload_page_runs_the_job_and_shows_its_result(
    conf, client, django_capture_on_commit_callbacks
):
    client.force_login(conf.office)
    page = client.get(conf.conference.get_absolute_url()).content.decode()
    upload_url = reverse("assemblies:import-delegates", args=["atyrau-33"])
    assert upload_url in page
    assert client.get(upload_url).status_code == 200
    upload = io.BytesIO(as_csv(good_rows(conf)))
    upload.name = "delegates.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(upload_url, {"file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assemblies:delegate-import-job", args=[job.pk])
    assert (job.state, job.counts, job.conference) == (
        ImportJob.State.DONE,
        {"delegates": 5},
        conf.conference,
    )
    assert "Added to the roll: 5 delegates." in client.get(response["Location"]).content.decode()
    assert roll(conf) == 10


def test_a_failed_job_shows_the_rows_with_their_headers(
    conf, client, django_capture_on_commit_callbacks
):
    rows = good_rows(conf)
    rows[2][1] = "nowhere"
    with django_capture_on_commit_callbacks(execute=True):
        job = tasks.start_import(
            actor=conf.office,
            conference=conf.conference,
            file_name="d.csv",
            content=as_csv(rows),
            language="en",
        )
    client.force_login(conf.office)
    html = client.get(reverse("assemblies:delegate-import-job", args=[job.pk])).content.decode()
    assert "Nothing was imported" in html
    assert "<td>4</td><td>Sending branch&#x27;s code</td>" in html
    # Another user's job is not theirs to read.
    client.force_login(conf.second)
    assert client.get(reverse("assemblies:delegate-import-job", args=[job.pk])).status_code == 404


def test_the_import_pages_are_closed_to_those_without_the_right(conf, client, tree):
    upload = reverse("assemblies:import-delegates", args=["atyrau-33"])
    template = reverse("assemblies:import-delegates-template", args=["atyrau-33"])
    client.force_login(conf.outsider)
    assert client.get(upload).status_code == 404
    client.force_login(user_with_role("analyst", tree.atyrau, "atyrau-analyst"))
    assert client.get(upload).status_code == 403
    assert client.get(template).status_code == 403
    client.force_login(conf.voters[0])
    assert client.get(upload).status_code == 404
    client.force_login(conf.office)
    actions.freeze_roll(actor=conf.office, conference=conf.conference)
    assert client.get(upload).status_code == 403
    assert upload not in client.get(conf.conference.get_absolute_url()).content.decode()


@pytest.mark.parametrize(("language", "first"), [("en", "IIN"), ("ru", "ИИН")])
def test_the_template_carries_the_columns_in_the_users_language(conf, client, language, first):
    client.force_login(conf.office)
    with translation.override(language):
        response = client.get(reverse("assemblies:import-delegates-template", args=["atyrau-33"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.cell(1, 1).value == first
    assert sheet.cell(2, 2).value == "atyrau-city"
    # The template, filled in, is read back.
    sheet.cell(2, 1).value = conf.members[5].iin
    out = io.BytesIO()
    workbook = sheet.parent
    assert workbook is not None
    workbook.save(out)
    imported = import_delegates(out.getvalue(), actor=conf.office, conference=conf.conference)
    assert imported.counts == {"delegates": 1}


def test_the_command_imports_or_names_every_problem(conf, tmp_path, capsys):
    bad_rows = good_rows(conf)
    bad_rows[1][0] = UNKNOWN_IIN
    bad = tmp_path / "bad.csv"
    bad.write_bytes(as_csv(bad_rows))
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import-delegates", "atyrau-33", str(bad), user="atyrau-office", language="en")
    assert "Row 3, column iin: esep knows no one with this IIN." in capsys.readouterr().err
    assert roll(conf) == 5

    good = tmp_path / "good.xlsx"
    good.write_bytes(as_xlsx(good_rows(conf)))
    call_command("import-delegates", "atyrau-33", str(good), user="atyrau-office", language="en")
    assert "Imported: 5 delegates." in capsys.readouterr().out
    assert roll(conf) == 10

    with pytest.raises(CommandError, match="No conference “kostanay-1”"):
        call_command(
            "import-delegates", "kostanay-1", str(good), user="atyrau-office", language="en"
        )
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import-delegates", "atyrau-33", str(good), user="kostanay-office", language="en"
        )
