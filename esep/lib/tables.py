"""Lists as tables: the columns of a list are written once and serve both the page and its
CSV/XLSX export, so what a user sees and what they download cannot disagree.

Every CSV and XLSX file esep writes goes through `csv_bytes`/`write_csv`/`xlsx_bytes` (and
`xlsx_template`, a sheet to fill in with drop-down lists), which
keep text that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+cmd|…`, `-2+3`,
`@SUM(…)`, a leading tab or carriage return) as text: a CSV cell gets the leading apostrophe
OWASP recommends, an XLSX cell is written as a string cell. Numbers stay numbers.
`unneutralised` takes the apostrophe off again, for esep's own importer."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.utils import timezone
from django_stubs_ext import StrOrPromise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What a spreadsheet reads as the start of a formula (or of a DDE command) in a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBERS = (int, float, Decimal)


def _runs_as_formula(text: str) -> bool:
    # Apostrophes already in front count too, so that taking one off gives the text back.
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralised(value: Any) -> Any:
    """A CSV cell: text that would run as a formula gets a leading apostrophe; numbers and
    other text are kept as they are."""
    if isinstance(value, NUMBERS) or value is None:
        return value
    text = str(value)
    return "'" + text if _runs_as_formula(text) else text


def unneutralised(text: str) -> str:
    """The text `neutralised` was given: exactly the apostrophe it added is taken off."""
    return text[1:] if text.startswith("'") and _runs_as_formula(text[1:]) else text


@dataclass(frozen=True)
class Column:
    header: StrOrPromise
    value: Callable[[Any], Any]


def plain(value: Any) -> Any:
    """A cell as text: dates the way the pages write them, nothing as an empty cell;
    numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, NUMBERS) and not isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def table_rows(columns: Sequence[Column], objects: Iterable[Any]) -> Iterable[list[Any]]:
    for obj in objects:
        yield [plain(column.value(obj)) for column in columns]


def write_csv(
    stream: SupportsWrite[str],
    header: Sequence[StrOrPromise],
    rows: Iterable[Sequence[Any]],
    **options: Any,
) -> None:
    """The header and rows as CSV on `stream`, no cell able to run as a formula."""
    writer = csv.writer(stream, **options)
    writer.writerow([neutralised(str(h)) for h in header])
    writer.writerows([neutralised(cell) for cell in row] for row in rows)


class _Echo:
    """A file that hands back what is written to it, for CSV written line by line."""

    def write(self, text: str) -> str:
        return text


def csv_lines(header: Sequence[StrOrPromise], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The header and rows as CSV, one line at a time (a streamed download of any size),
    starting with the byte-order mark; no cell able to run as a formula."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([neutralised(str(h)) for h in header])
    for row in rows:
        yield writer.writerow([neutralised(cell) for cell in row])


def csv_bytes(header: Sequence[StrOrPromise], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    write_csv(buffer, header, rows)
    # A byte-order mark, so Excel opens UTF-8 Cyrillic correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if value is None or isinstance(value, NUMBERS):
        return value
    cell = WriteOnlyCell(sheet, value=str(value))
    # openpyxl makes text starting with "=" a formula; a string cell shows it as typed.
    cell.data_type = "s"
    return cell


def xlsx_bytes(
    title: StrOrPromise, header: Sequence[StrOrPromise], rows: Iterable[Sequence[Any]]
) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(title))
    sheet.append([_xlsx_cell(sheet, str(h)) for h in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: StrOrPromise) -> str:
    # A sheet's title may not hold []:*?/\ and is at most 31 characters long.
    return "".join(c for c in str(title) if c not in "[]:*?/\\")[:31]


@dataclass(frozen=True)
class TemplateColumn:
    """A column of a sheet to fill in: its header, the values it takes as a drop-down list
    (empty: typed freely), a hint shown when a cell is chosen, whether it may stay empty."""

    header: StrOrPromise
    choices: Sequence[str] = ()
    prompt: StrOrPromise = ""
    required: bool = False
    width: int = 18


def xlsx_template(
    title: StrOrPromise,
    columns: Sequence[TemplateColumn],
    example: Sequence[Any],
    *,
    rows: int,
    off_list: StrOrPromise,
) -> bytes:
    """A workbook to fill in: the headers, one example row, and for `rows` rows below them
    each column's drop-down list and hint. Excel caps a list written inline at 255
    characters and a value may hold a comma, so every list refers to a column of a hidden
    sheet. A value off the list is warned of with `off_list`, not refused (a code is welcome
    too). Cells are text, so typed digits keep their leading zeros."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _sheet_title(title)
    for index, column in enumerate(columns, start=1):
        _text(sheet.cell(row=1, column=index), str(column.header))
        _text(sheet.cell(row=2, column=index), example[index - 1])
    lists = book.create_sheet("lists")
    lists.sheet_state = "hidden"
    listed = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        sheet.column_dimensions[letter].number_format = "@"
        if column.choices:
            listed += 1
            source = get_column_letter(listed)
            last = len(column.choices) + 1
            _text(lists.cell(row=1, column=listed), str(column.header))
            for row, choice in enumerate(column.choices, start=2):
                _text(lists.cell(row=row, column=listed), choice)
            rule = DataValidation(
                type="list",
                formula1=f"{quote_sheetname('lists')}!${source}$2:${source}${last}",
                allow_blank=not column.required,
                showErrorMessage=True,
                errorStyle="warning",
                error=str(off_list),
            )
        else:
            rule = DataValidation(allow_blank=True)
        if column.prompt:
            rule.showInputMessage = True
            rule.prompt = str(column.prompt)
        if column.choices or column.prompt:
            rule.add(f"{letter}2:{letter}{rows + 1}")
            sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(cell: Any, value: Any) -> None:
    """Text into a cell as a string cell, as `xlsx_bytes` writes it: never a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def workbook(content: bytes, name: str) -> HttpResponse:
    """An XLSX workbook made elsewhere (an import's template) as an attachment `name`."""
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def download(
    fmt: str, stem: str, title: StrOrPromise, header: Sequence[StrOrPromise], rows: Iterable
) -> HttpResponse:
    """A CSV or XLSX file as an attachment named `<stem>-<today>.<fmt>`."""
    if fmt == "csv":
        response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(xlsx_bytes(title, header, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{stem}-{timezone.localdate():%Y%m%d}.{fmt}"'
    )
    return response


def export(
    fmt: str, stem: str, title: StrOrPromise, columns: Sequence[Column], objects: Iterable
) -> HttpResponse:
    return download(fmt, stem, title, [c.header for c in columns], table_rows(columns, objects))
