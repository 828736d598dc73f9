"""Importing a commission's protocol into an open election: the factories' world (Kostanay's
maslikhat, lists amanat / ak-zhol / auyl, two stations recorded) gets a third station and
its two stations again, counted by hand:

    station   roll   took part  invalid   amanat  ak-zhol  auyl
    1         1000     600        20        400     130     50
    2          800     500        10        300     120     70
    3          500     300         5        200      60     35
    total     2300    1400        35        900     310    155

Lists' votes 1,365: turnout 60.87%, amanat 65.93%; quota 136.5 → amanat 6 (remainder 81),
ak-zhol 2 (37), auyl 1 (18.5), the tenth to amanat → 7 / 2 / 1. All rows or none: a bad row
leaves the two stations as they were."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook

from esep.deputies.models import Party
from esep.elections import actions, queries
from esep.elections.import_template import protocol_template
from esep.elections.imports import FIXED_HEADERS, import_protocol
from esep.elections.models import ImportJob, Tally
from esep.elections.tests.factories import akim_race, seven_on_the_list
from esep.lib.sheets import ImportFailed
from esep.org.tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "Участок;Число избирателей;Приняли участие;Недействительные бюллетени;"
    "amanat;«Ақ жол» ДПК;Партия «Ауыл»\n"
    "1;1000;600;20;400;130;50\n"
    "2;800;500;10;300;120;70\n"
    "3;500;300;5;200;60;35\n"
)


def workbook(rows: Sequence[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_counted_by_hand(world: SimpleNamespace) -> None:
    counted = queries.totals(world.election)
    assert (counted.registered_voters, counted.took_part, counted.invalid) == (2300, 1400, 35)
    assert [counted.lists[pl.pk] for pl in world.lists] == [900, 310, 155]
    assert str(counted.turnout) == "60.87"
    assert str(counted.share_of_lists(world.lists[0].pk)) == "65.93"
    result = queries.allocation(world.election, counted)
    assert result is not None
    assert [result.seats[str(pl.pk)] for pl in world.lists] == [7, 2, 1]
    # The file's stations 1 and 2 replaced those recorded before: three rows, not five.
    assert Tally.objects.filter(election=world.election).count() == 3


def unchanged(world: SimpleNamespace) -> None:
    counted = queries.totals(world.election)
    assert (counted.rows, counted.registered_voters, counted.took_part) == (2, 1800, 1100)


def refused(content: bytes, world: SimpleNamespace, language: str) -> list[tuple[int, str, str]]:
    with translation.override(language), pytest.raises(ImportFailed) as failure:
        import_protocol(content, actor=world.head, election=world.election)
    return [(e.row, e.column, e.message) for e in failure.value.errors]


def test_a_csv_protocol_with_the_commission_s_russian_headers(world):
    imported = import_protocol(GOOD_CSV.encode(), actor=world.head, election=world.election)
    assert imported.counts == {"rows": 3}
    as_counted_by_hand(world)
    station = Tally.objects.get(election=world.election, station="3")
    assert station.territory == world.election.territory
    assert station.recorded_by == world.head


def test_an_empty_column_is_not_taken_for_a_party_with_no_english_name(world):
    Party.objects.filter(code="ak-zhol").update(name_en="")
    # As a spreadsheet saves a sheet whose last column is empty: a delimiter at each end.
    content = "".join(line + ";\n" for line in GOOD_CSV.splitlines()).encode()
    import_protocol(content, actor=world.head, election=world.election)
    as_counted_by_hand(world)


def test_an_xlsx_protocol_with_codes_and_kazakh_headers(world):
    content = workbook(
        [
            [
                "Учаске",
                "Сайлаушылар саны",
                "Дауыс беруге қатысқандар",
                "Жарамсыз",
                "auyl",
                "AMANAT",
                "ak-zhol",
            ],
            ["1", 1000, 600, 20, 50, 400, 130],
            [2, "800", "500", 10, 70, 300, 120],
            [None, None, None, None, None, None, None],
            [3, "500", "300", 5, 35, 200, "60"],
        ]
    )
    imported = import_protocol(content, actor=world.head, election=world.election)
    assert imported.counts == {"rows": 3}
    as_counted_by_hand(world)


def test_the_template_reads_back_in_every_language(world):
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            book = load_workbook(io.BytesIO(protocol_template(world.election)))
        sheet = book.worksheets[0]
        header = [c.value for c in next(sheet.iter_rows(max_row=1))]
        assert header[-3:] == ["amanat", "ak-zhol", "auyl"]
        assert len(header) == 8  # territory, station, roll, took part, invalid, the lists
        rows: list[list[Any]] = [header, ["", "3", "500", "300", "5", "200", "60", "35"]]
        with translation.override(language):
            imported = import_protocol(workbook(rows), actor=world.head, election=world.election)
        assert imported.counts == {"rows": 1}
    assert Tally.objects.filter(election=world.election).count() == 3


def test_letters_in_a_number_refuse_the_whole_file_in_the_user_s_language(world):
    content = GOOD_CSV.replace("3;500;300;5", "3;500;3O0;5").encode()
    assert refused(content, world, "kk") == [
        (4, "took_part", "Сан емес: “3O0”. 1234.5 немесе 1 234,5 түрінде жазыңыз.")
    ]
    assert refused(content, world, "ru") == [
        (4, "took_part", "Не число: «3O0». Напишите 1234.5 или 1 234,5.")
    ]
    unchanged(world)


def test_more_voters_taking_part_than_on_the_roll_refuses_the_whole_file(world):
    content = GOOD_CSV.replace("3;500;300;5", "3;250;300;5").encode()
    for language in ("kk", "ru"):
        with translation.override(language):
            message = gettext("More voters took part than there are on the lists.")
        assert refused(content, world, language) == [(4, "took_part", message)]
    unchanged(world)


def test_a_fraction_and_a_negative_count_are_each_named_on_their_cell(world):
    content = GOOD_CSV.replace("3;500;300;5;200", "3;500;300;-5;200,5").encode()
    problems = refused(content, world, "en")
    assert [(row, column) for row, column, _m in problems] == [(4, "invalid"), (4, "list-amanat")]
    assert problems[0][2] == "Give a whole number, zero or more: “-5”."
    unchanged(world)


def test_an_unknown_column_and_a_party_without_a_list_are_the_file_s_problems(world):
    Party.objects.create(code="adal", name_kk="«Адал»", name_ru="«Адал»", name_en="Adal")
    content = GOOD_CSV.replace("Партия «Ауыл»\n", "Партия «Ауыл»;adal;nur-zhol\n").encode()
    problems = refused(content, world, "en")
    assert [(row, column) for row, column, _m in problems] == [(1, "adal"), (1, "nur-zhol")]
    assert "The party “adal” has no list in this election" in problems[0][2]
    assert problems[1][2].startswith("Unknown column “nur-zhol”")
    unchanged(world)


def test_a_missing_column_and_a_place_given_twice(world):
    content = GOOD_CSV.replace("Приняли участие;", "").replace("600;", "").encode()
    with translation.override("kk"):
        missing = refused(content.replace(b"500;10", b"10").replace(b"300;5", b"5"), world, "kk")
    assert missing == [(1, "took_part", "Баған жоқ.")]
    twice = GOOD_CSV.replace("3;500;300;5", "1;500;300;5").encode()
    assert refused(twice, world, "en") == [
        (4, "station", "The same place is already on row 2: one protocol row per place.")
    ]
    unchanged(world)


def test_an_outsider_and_a_certified_election_are_refused(world):
    with pytest.raises(ImportFailed) as outsider:
        import_protocol(GOOD_CSV.encode(), actor=world.outsider, election=world.election)
    assert outsider.value.errors[0].row == 0
    unchanged(world)
    seven_on_the_list(world)
    actions.certify(actor=world.head, election=world.election)
    with translation.override("en"), pytest.raises(ImportFailed) as certified:
        import_protocol(GOOD_CSV.encode(), actor=world.head, election=world.election)
    assert "certified" in certified.value.errors[0].message
    unchanged(world)


def test_an_akim_s_candidates_by_surname_and_name(world):
    people = [
        PersonFactory.create(surname="Жұмабаев", given_name="Нұрлан"),
        PersonFactory.create(surname="Сапарова", given_name="Айгүл", patronymic="Ерланқызы"),
    ]
    race = akim_race(
        world,
        world.districts[2],
        world.tree.kostanay,
        [(people[0], world.parties.own, 10, 41), (people[1], None, 5, 38)],
    )
    header = "territory,station,registered_voters,took_part,invalid,Жұмабаев Нұрлан,"
    header += "сапарова айгүл ерланқызы\n"
    stations = (
        header + f"{world.districts[2].kato},101,900,700,20,500,180\n" + ",102,400,300,4,100,196\n"
    )
    # akim_race recorded the district's total (5000 / 3000): its stations would count twice.
    problems = refused_in(stations, world.admin, race.election)
    assert [(row, column) for row, column, _m in problems] == [(2, "station"), (3, "station")]
    assert problems[0][2].startswith("A row counting")
    assert queries.totals(race.election).rows == 1
    # The corrected total replaces it.
    total = header + ",,5000,3100,20,1900,1180\n"
    assert import_protocol(total.encode(), actor=world.admin, election=race.election).counts == {
        "rows": 1
    }
    counted = queries.totals(race.election)
    assert (counted.rows, counted.registered_voters, counted.took_part) == (1, 5000, 3100)
    assert [counted.candidates[c.pk] for c in race.candidates] == [1900, 1180]


def test_a_workbook_wider_than_esep_reads_is_refused_not_cut(world):
    header = ["station", "registered_voters", "took_part", "invalid", "amanat", "ak-zhol"]
    header += [f"extra {n}" for n in range(60 - len(header) - 1)] + ["auyl"]
    content = workbook([header, ["3", 500, 300, 5, 200, 60, *[None] * 53, 35]])
    problems = refused(content, world, "en")
    assert [(row, column) for row, column, _m in problems] == [(1, "")]
    assert problems[0][2].startswith("esep reads at most 59 columns of a workbook")
    unchanged(world)


def test_a_commission_s_totals_row_is_refused_not_counted_twice(world):
    content = (GOOD_CSV + "Итого;2300;1400;35;900;310;155\n").encode()
    assert refused(content, world, "en") == [
        (5, "station", "A totals row: remove it, esep adds the rows up itself.")
    ]
    unchanged(world)


def test_a_district_s_candidate_s_votes_belong_to_their_constituency_s_rows(world, client):
    election = actions.add_election(
        actor=world.head,
        campaign=world.campaign,
        code="kostanay-city-2021",
        kind="maslikhat",
        territory=world.tree.kostanay.territory,
        branch=world.tree.kostanay,
        body=world.body,
        system="single_member",
        seats=2,
        law_version="Constitutional Law “On Elections”, as of 2021",
        term_starts_on=dt.date(2021, 1, 15),
    )
    districts = [
        actions.add_constituency(
            actor=world.head, election=election, number=n, territory=world.districts[n + 1]
        )
        for n in (1, 2)
    ]
    first, second = (
        actions.register_candidate(
            actor=world.head,
            election=election,
            person=PersonFactory.create(surname=surname, given_name="Ерлан"),
            constituency=district,
            registered_on=dt.date(2020, 12, 1),
        )
        for surname, district in (("Әлиев", districts[0]), ("Бекова", districts[1]))
    )
    # The whole election's template, and a constituency's with its own candidates only.
    client.force_login(world.head)
    url = reverse("elections:protocol-import-template", args=[election.pk])
    headers = {}
    for number in ("", "1", "2"):
        book = load_workbook(io.BytesIO(client.get(f"{url}?constituency={number}").content))
        headers[number] = [c.value for c in next(book.worksheets[0].iter_rows(max_row=1))]
    assert headers[""][-2:] == ["Әлиев Ерлан", "Бекова Ерлан"]
    assert (headers["1"][-1], headers["2"][-1]) == ("Әлиев Ерлан", "Бекова Ерлан")
    assert len(headers["1"]) == len(headers[""]) - 1
    assert client.get(f"{url}?constituency=3").status_code == 404
    assert client.get(f"{url}?constituency=x").status_code == 404
    header = "Округ,station,registered_voters,took_part,invalid,Әлиев Ерлан,Бекова Ерлан\n"
    wrong = header + "1,1,100,80,0,40,30\n"
    problems = refused_in(wrong, world.head, election)
    assert [(row, column) for row, column, _m in problems] == [(2, f"candidate-{second.pk}")]
    # Typed in as imported: the action itself refuses them.
    with pytest.raises(ValidationError) as typed:
        actions.record_tally(
            actor=world.head,
            election=election,
            constituency=districts[0],
            registered_voters=100,
            took_part=80,
            candidates={second: 30},
        )
    assert list(typed.value.message_dict) == ["candidates"]
    right = header + "1,1,100,80,0,40,0\n2,1,100,70,1,,60\n"
    import_protocol(right.encode(), actor=world.head, election=election)
    counted = queries.totals(election)
    assert counted.candidates == {first.pk: 40, second.pk: 60}


def refused_in(content: str, actor, election) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        import_protocol(content.encode(), actor=actor, election=election)
    return [(e.row, e.column, e.message) for e in failure.value.errors]


def test_a_place_is_counted_at_one_level_only(world):
    """The world's stations 1 and 2 are counted in Kostanay's region: its total beside them
    would count their voters twice; Rudny's, a town within it, may be counted either way —
    but not both."""

    def row(territory, station: str) -> None:  # type: ignore[no-untyped-def]
        actions.record_tally(
            actor=world.head,
            election=world.election,
            territory=territory,
            station=station,
            registered_voters=100,
            took_part=50,
            lists={world.lists[0]: 50},
        )

    kostanay, rudny = world.tree.kostanay.territory, world.tree.rudny.territory
    for territory, station in ((kostanay, ""), (None, "")):
        with pytest.raises(ValidationError) as overlap:
            row(territory, station)
        assert overlap.value.error_dict["station"][0].code == "overlap"
    row(rudny, "7")
    with pytest.raises(ValidationError):
        row(rudny, "")  # Rudny's total beside its station 7
    row(rudny, "7")  # a corrected station's row still replaces the one before
    assert queries.totals(world.election).rows == 3


def test_the_command_imports_all_or_none(world, tmp_path):
    good = tmp_path / "protocol.csv"
    good.write_text(GOOD_CSV, encoding="utf-8")
    bad = tmp_path / "bad.csv"
    # Windows-1251, as an office's Excel saves it (no Kazakh letters: the code heads ak-zhol).
    bad_csv = GOOD_CSV.replace("3;500;300;5", "3;500;3O0;5").replace("«Ақ жол» ДПК", "ak-zhol")
    bad.write_text(bad_csv, encoding="cp1251")
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(
            "import-protocol",
            world.election.code,
            str(bad),
            user=world.head.username,
            language="ru",
            stderr=err,
        )
    assert "Строка 4, столбец took_part: Не число: «3O0»" in err.getvalue()
    assert str(failure.value)
    unchanged(world)
    out = io.StringIO()
    call_command(
        "import-protocol",
        world.election.code,
        str(good),
        user=world.head.username,
        language="en",
        stdout=out,
    )
    assert "Rows recorded: 3" in out.getvalue()
    as_counted_by_hand(world)
    with pytest.raises(CommandError):
        call_command("import-protocol", "no-such-election", str(good), user=world.head.username)


# ---------------------------------------------------------------- the pages


@pytest.fixture
def upload(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Upload a file on the election's import page; the worker runs the job once committed."""

    def post(client, election, content: bytes, language: str = "en"):  # type: ignore[no-untyped-def]
        with translation.override(language):
            url = reverse("elections:protocol-import", args=[election.pk])
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {"file": SimpleUploadedFile("protocol.csv", content)})

    return post


def test_the_officer_imports_and_is_led_back_to_the_election_with_a_message(client, world, upload):
    client.force_login(world.head)
    with translation.override("en"):
        page = client.get(reverse("elections:protocol-import", args=[world.election.pk]))
        template = client.get(
            reverse("elections:protocol-import-template", args=[world.election.pk])
        )
    assert page.status_code == 200
    assert "amanat, ak-zhol, auyl" in page.content.decode()
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    uploaded = upload(client, world.election, GOOD_CSV.encode())
    assert uploaded.status_code == 302
    job = ImportJob.objects.get(election=world.election)
    assert (job.state, job.counts, bytes(job.content)) == ("done", {"rows": 3}, b"")
    done = client.get(uploaded["Location"])
    with translation.override("en"):
        assert done["Location"] == world.election.get_absolute_url()
    assert [str(m) for m in get_messages(done.wsgi_request)] == [
        "The protocol is imported. Rows recorded: 3."
    ]
    as_counted_by_hand(world)
    # Followed by htmx while it ran, the job's part sends the browser to the election.
    part = client.get(uploaded["Location"], headers={"HX-Request": "true"})
    assert part["HX-Redirect"] == done["Location"]


def test_a_refused_file_s_problems_on_the_job_s_page_in_the_user_s_language(client, world, upload):
    client.force_login(world.head)
    bad = GOOD_CSV.replace("3;500;300;5", "3;500;3O0;5").encode()
    uploaded = upload(client, world.election, bad, language="ru")
    job = ImportJob.objects.get(election=world.election)
    assert job.state == "failed"
    page = client.get(uploaded["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Не число: «3O0». Напишите 1234.5 или 1 234,5." in text
    with translation.override("ru"):
        assert str(FIXED_HEADERS["took_part"]) in text
    unchanged(world)


def test_outsiders_and_a_certified_election_have_no_import_page(client, world, tree, upload):
    url = reverse("elections:protocol-import", args=[world.election.pk])
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(world.outsider)  # another region's head: does not see it
    assert client.get(url).status_code == 404
    assert upload(client, world.election, GOOD_CSV.encode()).status_code == 404
    client.force_login(user_with_role("analyst", tree.kostanay))  # sees it, does not keep it
    assert client.get(url).status_code == 403
    assert (
        client.get(
            reverse("elections:protocol-import-template", args=[world.election.pk])
        ).status_code
        == 403
    )
    assert not ImportJob.objects.exists()
    seven_on_the_list(world)
    actions.certify(actor=world.head, election=world.election)
    client.force_login(world.head)
    assert client.get(url).status_code == 403
    assert upload(client, world.election, GOOD_CSV.encode()).status_code == 403
    assert not ImportJob.objects.exists()


def test_the_import_page_and_a_job_s_page_in_every_language(client, world, upload):
    client.force_login(world.head)
    bad = GOOD_CSV.replace("3;500;300;5", "3;500;3O0;5").encode()
    job_url = upload(client, world.election, bad)["Location"]
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            url = reverse("elections:protocol-import", args=[world.election.pk])
            job_page = reverse("elections:protocol-import-job", args=[int(job_url.split("/")[-2])])
            title = gettext("Import the protocol")
        page = client.get(url)
        assert page.status_code == 200
        assert f'<html lang="{language}"' in page.content.decode()
        assert f"<h1>{title}</h1>" in page.content.decode()
        assert client.get(job_page).status_code == 200
