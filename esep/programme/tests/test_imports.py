"""Importing a road map's measures and indicators, and its observations, from the
spreadsheets akimats and monitors send: XLSX and CSV (UTF-8 or Windows-1251), all rows or
none, every bad row named with its column and a message in the user's language."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook

from esep.appeals.tests.factories import StateBodyFactory
from esep.lib.tables import csv_bytes
from esep.programme.models import (
    Direction,
    ImportJob,
    Indicator,
    Measure,
    Milestone,
    Observation,
)
from esep.programme.plans import rules
from esep.programme.plans.imports import (
    OBSERVATIONS,
    ROAD_MAP,
    ImportFailed,
    import_observations,
    import_road_map,
    observation_header,
    observation_rows,
    period_text,
    read_period,
)

pytestmark = pytest.mark.django_db

HEADER = [
    "measure_code",
    "measure_title_kk",
    "measure_title_ru",
    "measure_title_en",
    "state_body",
    "deadline",
    "weight",
    "territory",
    "responsible",
    "promises",
    "indicator_code",
    "indicator_title_kk",
    "indicator_title_ru",
    "unit",
    "direction",
    "band_low",
    "band_high",
    "baseline",
    "baseline_on",
    "target",
    "target_on",
    "aggregation",
    "milestones",
]


def good_rows(world, tree, *, kazakh: bool = True) -> list[dict[str, str]]:
    """Two measures: the first with two indicators (its columns repeated), the second
    with one; a direction by its code, by a Russian word and by an English label."""
    body = StateBodyFactory.create(code="kostanay-akimat", territory=tree.kostanay.territory)
    person = tree.members["kostanay"]
    title_kk = "Жолдарды жөндеу" if kazakh else "Жолдарды жондеу"
    measure = {
        "measure_code": "M2",
        "measure_title_kk": title_kk,
        "measure_title_ru": "Ремонт дорог",
        "measure_title_en": "Road repair",
        "state_body": body.code,
        "deadline": "31.12.2023",
        "weight": "1,5",
        "territory": "390000000",
        # Kazakh letters do not fit Windows-1251: no names with them there.
        "responsible": person.full_name if kazakh else "",
        "promises": "1.1; 1.2",
    }
    return [
        {
            **measure,
            "indicator_code": "ROADS",
            "indicator_title_kk": "Жөнделген жолдар" if kazakh else "Жолдар",
            "indicator_title_ru": "Отремонтированные дороги",
            "unit": "км",
            "direction": "рост",
            "baseline": "10",
            "baseline_on": "2021-01-01",
            "target": "50",
            "target_on": "31.12.2023",
            "aggregation": "sum",
            "milestones": "2022-12-31: 30; 30.06.2023: 40,5",
        },
        {
            "measure_code": "M2",
            "indicator_code": "PITS",
            "indicator_title_kk": "Шұңқырлар" if kazakh else "Шункырлар",
            "indicator_title_ru": "Ямы на дорогах",
            "unit": "шт.",
            "direction": "decrease",
            "baseline": "1 200",
            "baseline_on": "2021-01-01",
            "target": "100",
            "target_on": "2023-12-31",
        },
        {
            "measure_code": "M3",
            "measure_title_kk": "Мектеп",
            "measure_title_ru": "Школа",
            "deadline": "2024-09-01",
            "territory": "392410000",
            "indicator_code": "TEMP",
            "indicator_title_kk": "Температура",
            "indicator_title_ru": "Температура в классах",
            "unit": "°C",
            "direction": "band",
            "band_low": "18",
            "band_high": "24",
            "baseline": "15",
            "baseline_on": "2021-01-01",
            "target": "20",
            "target_on": "2024-09-01",
        },
    ]


def as_csv(rows: list[dict[str, str]], header: list[str] = HEADER, sep: str = ",") -> str:
    lines = [sep.join(header)]
    for row in rows:
        lines.append(sep.join(quoted(row.get(name, "")) for name in header))
    return "\n".join(lines) + "\n"


def quoted(value: str) -> str:
    return f'"{value}"' if any(c in value for c in ',;\n"') else value


def as_xlsx(rows: list[dict[str, str]], header: list[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name) or None for name in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def errors_of(failure: pytest.ExceptionInfo[ImportFailed]) -> set[tuple[int, str]]:
    return {(e.row, e.column) for e in failure.value.errors}


def nothing_written(world) -> None:
    assert list(Measure.objects.values_list("code", flat=True)) == ["M1"]
    assert list(Indicator.objects.values_list("code", flat=True)) == ["WATER"]
    assert not Milestone.objects.exists()


def check_good_import(world, tree, counts, *, responsible: bool = True) -> None:
    assert counts == {"measures": 2, "indicators": 3, "milestones": 2}
    m2 = Measure.objects.get(road_map=world.road_map, code="M2")
    assert m2.title_ru == "Ремонт дорог" and m2.deadline == dt.date(2023, 12, 31)
    assert m2.weight == Decimal("1.5") and m2.state_body is not None
    assert m2.state_body.code == "kostanay-akimat"
    assert list(m2.responsible.all()) == ([tree.members["kostanay"]] if responsible else [])
    assert set(m2.promises.all()) == {world.promise, world.other_promise}
    roads = Indicator.objects.get(code="ROADS")
    assert roads.measure == m2 and roads.direction == Direction.INCREASE
    assert [(m.due_on, m.value) for m in roads.milestones.all()] == [
        (dt.date(2022, 12, 31), Decimal("30")),
        (dt.date(2023, 6, 30), Decimal("40.5")),
    ]
    pits = Indicator.objects.get(code="PITS")
    assert pits.measure == m2 and pits.direction == Direction.DECREASE
    assert pits.baseline == Decimal("1200")
    temp = Indicator.objects.get(code="TEMP")
    assert temp.direction == Direction.BAND and (temp.band_low, temp.band_high) == (18, 24)
    assert temp.measure.territory == tree.rudny.territory


# ---------------------------------------------------------------- a good road map


def test_a_road_map_from_csv_creates_measures_indicators_and_milestones(world, tree):
    content = as_csv(good_rows(world, tree)).encode("utf-8")
    imported = import_road_map(content, actor=world.head, road_map=world.road_map)
    check_good_import(world, tree, imported.counts)


def test_a_road_map_from_xlsx(world, tree):
    content = as_xlsx(good_rows(world, tree))
    imported = import_road_map(content, actor=world.head, road_map=world.road_map)
    check_good_import(world, tree, imported.counts)


def test_a_road_map_in_windows_1251_with_semicolons(world, tree):
    content = as_csv(good_rows(world, tree, kazakh=False), sep=";").encode("cp1251")
    imported = import_road_map(content, actor=world.head, road_map=world.road_map)
    check_good_import(world, tree, imported.counts, responsible=False)
    assert Indicator.objects.get(code="ROADS").title_ru == "Отремонтированные дороги"


def test_headers_in_russian_as_an_akimat_writes_them(world, tree):
    header = ["Код мероприятия", "Мероприятие на казахском", "Наименование мероприятия"]
    header += HEADER[3:]
    rows = good_rows(world, tree)
    renamed = [
        {
            "Код мероприятия": r.get("measure_code", ""),
            "Мероприятие на казахском": r.get("measure_title_kk", ""),
            "Наименование мероприятия": r.get("measure_title_ru", ""),
            **{k: v for k, v in r.items() if k in HEADER[3:]},
        }
        for r in rows
    ]
    imported = import_road_map(
        as_csv(renamed, header).encode(), actor=world.head, road_map=world.road_map
    )
    assert imported.counts["indicators"] == 3


# ---------------------------------------------------------------- broken road maps


def refused_road_map(world, content: bytes | str) -> set[tuple[int, str]]:
    if isinstance(content, str):
        content = content.encode()
    with pytest.raises(ImportFailed) as failure:
        import_road_map(content, actor=world.head, road_map=world.road_map)
    nothing_written(world)
    for error in failure.value.errors:
        assert error.message and "Traceback" not in error.message
    return errors_of(failure)


def test_missing_columns_are_named(world, tree):
    header = [h for h in HEADER if h not in ("direction", "target_on")]
    assert refused_road_map(world, as_csv(good_rows(world, tree), header)) == {
        (1, "direction"),
        (1, "target_on"),
    }


@pytest.mark.parametrize(
    ("row", "change", "error"),
    [
        (0, {"direction": "sideways"}, (2, "direction")),
        (2, {"band_low": ""}, (4, "band_low")),
        (0, {"target_on": "31.12.2020"}, (2, "target_on")),
        (0, {"territory": "999999999"}, (2, "territory")),
        (0, {"territory": "230000000"}, (2, "territory")),  # Atyrau: outside Kostanay
        (0, {"deadline": "31.12.9999"}, (2, "deadline")),
        (1, {"baseline_on": "9999-01-01"}, (3, "baseline_on")),
        (0, {"baseline": "много"}, (2, "baseline")),
        (0, {"weight": "-1"}, (2, "weight")),
        (0, {"milestones": "2022-12-31 30"}, (2, "milestones")),
        (0, {"milestones": "9999-12-31: 30"}, (2, "milestones")),
        (0, {"promises": "9.9"}, (2, "promises")),
        (0, {"responsible": "Нет Такого Человека"}, (2, "responsible")),
        (0, {"state_body": "no-such-body"}, (2, "state_body")),
        (1, {"indicator_code": "ROADS"}, (3, "indicator_code")),  # twice in the file
        (1, {"indicator_code": "WATER"}, (3, "indicator_code")),  # already in the road map
        (2, {"measure_code": "M1"}, (4, "measure_code")),  # already in the road map
        (1, {"deadline": "01.01.2025"}, (3, "deadline")),  # the measure told differently
        (0, {"measure_title_ru": ""}, (2, "measure_title_ru")),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(world, tree, row, change, error):
    rows = good_rows(world, tree)
    rows[row] = {**rows[row], **change}
    assert refused_road_map(world, as_csv(rows)) == {error}


def test_every_bad_row_is_reported_at_once(world, tree):
    rows = good_rows(world, tree)
    rows[0] = {**rows[0], "direction": "sideways"}
    rows[2] = {**rows[2], "target_on": "01.01.2020", "baseline": "x"}
    assert refused_road_map(world, as_xlsx(rows)) == {
        (2, "direction"),
        (4, "target_on"),
        (4, "baseline"),
    }


def test_messages_are_in_the_users_language(world, tree):
    rows = good_rows(world, tree)
    rows[0] = {**rows[0], "baseline": "много"}
    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        import_road_map(as_csv(rows).encode(), actor=world.head, road_map=world.road_map)
    assert failure.value.errors[0].message.startswith("Not a number: “много”")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\n;;\n",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x98\x98",
    ],
    ids=["empty", "only-separators", "pdf", "png"],
)
def test_an_empty_file_or_one_that_is_no_spreadsheet_is_refused(world, content):
    assert refused_road_map(world, content)


def test_a_zip_that_is_no_workbook_is_one_clear_problem(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert refused_road_map(world, buffer.getvalue()) == {(0, "")}


def test_the_import_is_refused_to_whoever_may_not_manage_the_branch(world, tree):
    content = as_csv(good_rows(world, tree)).encode()
    for outsider in (world.atyrau_head, world.monitor):
        with pytest.raises(ImportFailed) as failure:
            import_road_map(content, actor=outsider, road_map=world.road_map)
        assert failure.value.errors
    nothing_written(world)


# ---------------------------------------------------------------- observations

OBS_HEADER = ["indicator", "territory", "period", "value", "status", "source"]


def observations_csv(rows: list[list[str]], header: list[str] = OBS_HEADER) -> bytes:
    return csv_bytes(header, rows)


def test_periods_as_people_write_them():
    assert read_period("2022") == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert read_period(2022) == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert read_period("2022-Q3") == (dt.date(2022, 7, 1), dt.date(2022, 9, 30))
    assert read_period("2022-q4") == (dt.date(2022, 10, 1), dt.date(2022, 12, 31))
    assert read_period("2022-05") == (dt.date(2022, 5, 1), dt.date(2022, 5, 31))
    assert read_period("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert read_period("2022-01-01/2022-03-31") == (dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    assert read_period("01.01.2022/31.03.2022") == (dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    assert read_period("2022-03-31") == (dt.date(2022, 3, 31), dt.date(2022, 3, 31))
    assert read_period(dt.datetime(2022, 3, 31)) == (dt.date(2022, 3, 31), dt.date(2022, 3, 31))
    for bad in ("9999", "2022-13", "2022-Q5", "soon", "2022-03-31/2022-01-01", "9999-01-01"):
        assert isinstance(read_period(bad), str), bad
    for start, end in [
        (dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
        (dt.date(2022, 7, 1), dt.date(2022, 9, 30)),
        (dt.date(2022, 5, 1), dt.date(2022, 5, 31)),
        (dt.date(2022, 5, 3), dt.date(2022, 5, 3)),
        (dt.date(2022, 1, 15), dt.date(2022, 4, 14)),
    ]:
        assert read_period(period_text(start, end)) == (start, end)


def test_observations_are_recorded_by_a_monitor(world, tree):
    content = observations_csv(
        [
            ["WATER", "390000000", "2021", "65", "actual", "Statistics office"],
            ["water", "392410000", "2022-Q1", "70,5", "оценочное", "Akimat"],
            ["M1/WATER", "390000000", "2022-01-01/2022-06-30", "72", "", "Akimat"],
        ]
    )
    imported = import_observations(content, actor=world.monitor, road_map=world.road_map)
    assert imported.counts == {"observations": 3, "replaced": 0}
    found = {
        (o.territory.kato, o.period_start, o.period_end, o.value, o.kind)
        for o in Observation.objects.all()
    }
    assert found == {
        ("390000000", dt.date(2021, 1, 1), dt.date(2021, 12, 31), Decimal("65"), "actual"),
        ("392410000", dt.date(2022, 1, 1), dt.date(2022, 3, 31), Decimal("70.5"), "estimated"),
        ("390000000", dt.date(2022, 1, 1), dt.date(2022, 6, 30), Decimal("72"), "actual"),
    }
    assert set(Observation.objects.values_list("recorded_by", flat=True)) == {world.monitor.pk}


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (["NOPE", "390000000", "2021", "65", "actual", "S"], "indicator"),
        (["WATER", "999999999", "2021", "65", "actual", "S"], "territory"),
        (["WATER", "230000000", "2021", "65", "actual", "S"], "territory"),
        (["WATER", "390000000", "9999", "65", "actual", "S"], "period"),
        (["WATER", "390000000", "2021-Q7", "65", "actual", "S"], "period"),
        (["WATER", "390000000", "2021", "шестьдесят", "actual", "S"], "value"),
        (["WATER", "390000000", "2021", "65", "guessed", "S"], "status"),
        (["WATER", "390000000", "2021", "65", "actual", ""], "source"),
        (["WATER", "390000000", "2099", "65", "actual", "S"], "period"),  # still to come
    ],
)
def test_a_bad_observation_is_named_and_nothing_is_recorded(world, row, column):
    content = observations_csv([["WATER", "390000000", "2022", "80", "actual", "S"], row])
    with pytest.raises(ImportFailed) as failure:
        import_observations(content, actor=world.monitor, road_map=world.road_map)
    assert errors_of(failure) == {(3, column)}
    assert not Observation.objects.exists()


def test_the_same_observation_twice_in_a_file_is_refused(world):
    row = ["WATER", "390000000", "2022", "80", "actual", "S"]
    with pytest.raises(ImportFailed) as failure:
        import_observations(
            observations_csv([row, row]), actor=world.monitor, road_map=world.road_map
        )
    assert errors_of(failure) == {(3, "period")}


def test_observations_export_and_import_back_unchanged(world, tree):
    content = observations_csv(
        [
            ["WATER", "390000000", "2021", "65", "actual", "Statistics office"],
            ["WATER", "392410000", "2022-Q1", "70.25", "provisional", "Akimat"],
            ["WATER", "390000000", "2022-05", "72", "estimated", "Akimat, =report"],
        ]
    )
    import_observations(content, actor=world.monitor, road_map=world.road_map)

    def current():
        return sorted(
            (o.territory_id, o.period_start, o.period_end, o.value, o.kind, o.source)
            for o in rules.current_observations()
        )

    before = current()
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            exported = csv_bytes(observation_header(), observation_rows(world.road_map))
            imported = import_observations(exported, actor=world.monitor, road_map=world.road_map)
        assert imported.counts == {"observations": 3, "replaced": 3}
        assert current() == before


def test_observations_of_another_branchs_road_map_are_refused(world):
    content = observations_csv([["WATER", "390000000", "2022", "80", "actual", "S"]])
    with pytest.raises(ImportFailed):
        import_observations(content, actor=world.atyrau_head, road_map=world.road_map)
    assert not Observation.objects.exists()


# ---------------------------------------------------------------- pages, jobs, commands


def test_the_import_pages_take_a_file_and_the_job_reports_it(
    world, tree, client, django_capture_on_commit_callbacks
):
    client.force_login(world.head)
    url = f"/en/programme/imports/road-maps/{world.road_map.pk}/"
    assert client.get(url).status_code == 200
    upload = io.BytesIO(as_csv(good_rows(world, tree)).encode())
    upload.name = "road-map.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{job.pk}/")
    job.refresh_from_db()
    assert job.state == "done" and job.counts["indicators"] == 3
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"3" in page.content
    assert Measure.objects.filter(code="M2").exists()


def test_a_failed_job_shows_each_row_with_its_column_header(
    world, tree, client, django_capture_on_commit_callbacks
):
    client.force_login(world.head)
    rows = good_rows(world, tree)
    rows[0] = {**rows[0], "direction": "sideways"}
    upload = io.BytesIO(as_csv(rows).encode())
    upload.name = "road-map.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/programme/imports/road-maps/{world.road_map.pk}/", {"file": upload}
        )
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was imported" in page and "Direction" in page and "sideways" in page
    nothing_written(world)


def test_the_templates_download_with_headers_in_the_users_language(world, client):
    client.force_login(world.head)
    pk = world.road_map.pk
    for path, columns in [
        (f"/ru/programme/imports/road-maps/{pk}/template.xlsx", ROAD_MAP),
        (f"/ru/programme/imports/road-maps/{pk}/observations/template.xlsx", OBSERVATIONS),
    ]:
        response = client.get(path)
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        header = [cell.value for cell in sheet[1]]
        with translation.override("ru"):
            assert header == [str(columns.headers[code]) for code in columns.codes]
        assert columns.header(header) == list(columns.codes)


def test_the_template_imports_as_it_is(world, tree, client):
    client.force_login(world.head)
    response = client.get(f"/en/programme/imports/road-maps/{world.road_map.pk}/template.xlsx")
    imported = import_road_map(response.content, actor=world.head, road_map=world.road_map)
    assert imported.counts["measures"] == 1 and imported.counts["indicators"] == 1


def test_outsiders_are_refused_the_import_pages(world, client):
    pk = world.road_map.pk
    pages = [
        f"/en/programme/imports/road-maps/{pk}/",
        f"/en/programme/imports/road-maps/{pk}/template.xlsx",
        f"/en/programme/imports/road-maps/{pk}/observations/",
        f"/en/programme/imports/road-maps/{pk}/observations/template.xlsx",
        f"/en/programme/imports/road-maps/{pk}/observations.csv",
    ]
    client.force_login(world.atyrau_head)
    for page in pages:
        assert client.get(page).status_code == 404, page
    # A monitor records observations but does not load measures.
    client.force_login(world.monitor)
    assert client.get(pages[0]).status_code == 403
    assert client.get(pages[2]).status_code == 200
    assert client.get(pages[4]).status_code == 200


def test_a_job_is_seen_by_its_uploader_only(world, client):
    job = ImportJob.objects.create(
        kind="road_map",
        road_map=world.road_map,
        created_by=world.head,
        file_name="f.csv",
        content=b"",
    )
    client.force_login(world.monitor)
    assert client.get(f"/en/programme/imports/{job.pk}/").status_code == 404


def test_the_commands_import_or_name_every_problem(world, tree, tmp_path):
    road_map_file = tmp_path / "road-map.xlsx"
    road_map_file.write_bytes(as_xlsx(good_rows(world, tree)))
    out = io.StringIO()
    call_command(
        "import-road-map", "kostanay-2021", str(road_map_file), user=world.head.username, stdout=out
    )
    assert Measure.objects.filter(code="M2").exists()
    bad = tmp_path / "observations.csv"
    bad.write_bytes(observations_csv([["NOPE", "390000000", "2021", "65", "actual", "S"]]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import-observations",
            "kostanay-2021",
            str(bad),
            user=world.monitor.username,
            language="en",
            stderr=err,
        )
    assert "Row 2, column indicator" in err.getvalue()
    assert not Observation.objects.exists()
