"""No input gives a traceback: whatever the cells of a file hold — text, numbers, dates,
nothing, formulas, rows too long or too short, bytes in no encoding, the appeals on
another sheet — an import ends imported or refused with row errors, and a refused one
writes nothing. The same from the command line."""

import csv
import datetime as dt
import io
import os
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from esep.appeals import imports
from esep.appeals.imports import ImportFailed, import_appeals
from esep.appeals.models import Appeal
from esep.appeals.tests.factories import HEADER, IIN, CategoryFactory, good_csv
from esep.org.models import Branch, Person

pytestmark = pytest.mark.django_db

COLUMNS = HEADER.split(",")
GOOD = [
    "F-{n}",
    "2020-02-03 10:15",
    "letter",
    "complaint",
    "roads",
    "230000000",
    "atyrau",
    IIN,
    "Омарова Айгүл Серікқызы",
    "8 701 555 00 11",
    "Жол бұзылған",
    "closed",
    "explained",
    "2020-02-20",
]
# Values close to what files hold, right and wrong, beside anything at all.
NEAR = st.sampled_from(
    [
        "",
        " ",
        "0",
        "=1+2",
        "'=SUM(A1:A3)",
        "#DIV/0!",
        "letter",
        "хат",
        "арыз",
        "roads",
        "230000000",
        "atyrau",
        "atyrau-city",
        "closed",
        "answered",
        "in_progress",
        "explained",
        "2020-02-03",
        "2020-02-03T10:00:00Z",
        "2020-02-03T10:00:00.5+05:00",
        "29.02.2021",
        "31.12.1990 23:59",
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59-12:00",
        "9999-12-31",
        IIN,
        IIN[:-1] + "0",
        "Омарова",
        "Омарова Айгүл",
        "О" * 120 + " Айгүл",
        "8 701 555 00 11",
        "+7 495 123 45 67",
        "x" * 50,
    ]
)
CELLS = st.one_of(
    NEAR,
    st.none(),
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.times(),
)
# openpyxl writes only what XML holds, dates from 1900 on (Excel's epoch).
XLSX_CELLS = st.one_of(
    NEAR,
    st.none(),
    st.text(max_size=40).map(lambda t: re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]", "", t)),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1)),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.times(),
)


# Dates at and beyond the edges of what a date-time holds.
EDGE_DATES = st.sampled_from(
    [
        "9999-12-31",
        "31.12.9999 23:59",
        "0001-01-01 00:00",
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59-12:00",
        dt.datetime(9999, 12, 31, 23, 59),
        dt.date(9999, 12, 31),
        "1990-12-31T23:59:59+05:00",
        "2020-02-03T10:00:00Z",
    ]
)
DATE_COLUMNS = (COLUMNS.index("received_at"), COLUMNS.index("answered_at"))


def rows_of(cells):
    """Rows near good ones (a few cells changed, dates to their edges, rows cut short or
    made longer) and headers near the real one."""
    changes = st.dictionaries(st.integers(0, len(GOOD) - 1), cells, max_size=4)
    dates = st.dictionaries(st.sampled_from(DATE_COLUMNS), EDGE_DATES, max_size=2)
    near = st.builds(
        lambda n, changed, dated, cut, extra: (
            [{**changed, **dated}.get(i, value.format(n=n)) for i, value in enumerate(GOOD)][:cut]
            + extra
        ),
        st.integers(0, 10**6),
        changes,
        dates,
        st.one_of(st.just(len(GOOD)), st.integers(0, len(GOOD))),
        st.one_of(st.just([]), st.lists(cells, max_size=3)),
    )
    anything = st.lists(cells, max_size=20)
    header = st.one_of(
        st.just(COLUMNS),
        st.lists(st.sampled_from([*COLUMNS, "Номер", "Түскен күні", "", "x"]), max_size=16),
        st.lists(cells, max_size=5),
    )
    rows = st.one_of(
        st.lists(near, min_size=1, max_size=3),
        st.lists(st.one_of(near, anything), max_size=6),
    )
    return st.tuples(header, rows)


def csv_content(header, rows, encoding):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if encoding == "cp1251" else ",")
    for cells in [header, *rows]:
        writer.writerow(["" if c is None else c for c in cells])
    return buffer.getvalue().encode(encoding, errors="replace")


def xlsx_content(header, rows, on_second_sheet):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if on_second_sheet:
        sheet.append(["notes"])
        sheet = book.create_sheet("data")
    for cells in [header, *rows]:
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def branches(tree):
    CategoryFactory.create(code="roads")
    return {b.code: b for b in Branch.objects.all()}


def imported_or_refused(content, branches):
    """The property: imported, or refused with row errors and nothing written."""
    with transaction.atomic():
        appeals, people = Appeal.objects.count(), Person.objects.count()
        try:
            created, _skipped = import_appeals(content, actor=None, branches=branches)
        except ImportFailed as failure:
            assert failure.errors
            for error in failure.errors:
                assert isinstance(error.row, int) and error.row >= 0
                assert isinstance(error.message, str) and error.message.strip()
                assert "Traceback" not in error.message
            assert (Appeal.objects.count(), Person.objects.count()) == (appeals, people)
        else:
            assert Appeal.objects.count() == appeals + created
        transaction.set_rollback(True)


# More examples when hunting: ESEP_FUZZ_EXAMPLES=2000 pytest …
EXAMPLES = int(os.environ.get("ESEP_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(rows_of(CELLS), st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16"]))
def test_any_csv_is_imported_or_refused_with_row_errors(branches, table, encoding):
    header, rows = table
    imported_or_refused(csv_content(header, rows, encoding), branches)


@FUZZ
@given(st.binary(max_size=400))
# A lone first byte of UTF-8's byte-order mark: taken for UTF-8 once, then undecodable.
@example(content=b"\xef")
def test_any_bytes_are_imported_or_refused(branches, content):
    imported_or_refused(content, branches)
    imported_or_refused(good_csv().encode()[:50] + content, branches)


@settings(FUZZ, max_examples=max(EXAMPLES // 3, 1))
@given(rows_of(XLSX_CELLS), st.booleans())
def test_any_workbook_is_imported_or_refused_with_row_errors(branches, table, second_sheet):
    header, rows = table
    imported_or_refused(xlsx_content(header, rows, second_sheet), branches)


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff\xfe garbage",
        good_csv().encode("utf-16"),
        good_csv().replace("2020-02-20", "0001-01-01T00:00:00+05:00").encode(),
        good_csv().replace("2020-02-03 10:15", "9999-12-31").encode(),
        good_csv().replace("Омарова Айгүл Серікқызы", "Омарова").encode(),
    ],
    ids=["binary", "utf-16", "year-one", "year-9999", "one-word-name"],
)
def test_the_command_reports_problems_and_never_a_traceback(branches, tmp_path, content, capsys):
    path = tmp_path / "appeals.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import-appeals", str(path), language="en")
    assert "Traceback" not in capsys.readouterr().err
    assert Appeal.objects.count() == 0


def test_an_error_inside_esep_reaches_the_command_line_as_a_message(
    branches, tmp_path, monkeypatch, capsys
):
    def broken(appeals):
        raise RuntimeError("boom")

    monkeypatch.setattr(imports, "insert_appeals", broken)
    path = tmp_path / "appeals.csv"
    path.write_text(good_csv())
    with pytest.raises(CommandError, match="Ничего не импортировано"):
        call_command("import-appeals", str(path), language="ru")
    assert "из-за ошибки в esep" in capsys.readouterr().err
    assert Appeal.objects.count() == 0


def test_a_path_that_is_not_a_readable_file_is_a_message(tmp_path):
    with pytest.raises(CommandError):
        call_command("import-appeals", str(tmp_path), language="en")
