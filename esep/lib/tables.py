"""Lists as tables: the columns of a list are written once and serve both the page and its
CSV/XLSX export, so what a user sees and what they download cannot disagree."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django_stubs_ext import StrOrPromise
from openpyxl import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: StrOrPromise
    value: Callable[[Any], Any]


def plain(value: Any) -> str:
    """A cell as text: dates the way the pages write them, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def table_rows(columns: Sequence[Column], objects: Iterable[Any]) -> Iterable[list[str]]:
    for obj in objects:
        yield [plain(column.value(obj)) for column in columns]


def csv_bytes(header: Sequence[StrOrPromise], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in header])
    writer.writerows(rows)
    # A byte-order mark, so Excel opens UTF-8 Cyrillic correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    title: StrOrPromise, header: Sequence[StrOrPromise], rows: Iterable[Sequence[Any]]
) -> bytes:
    book = Workbook(write_only=True)
    # A sheet's title may not hold []:*?/\ and is at most 31 characters long.
    sheet = book.create_sheet("".join(c for c in str(title) if c not in "[]:*?/\\")[:31])
    sheet.append([str(h) for h in header])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


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
