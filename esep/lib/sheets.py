"""Spreadsheets people fill in and esep imports: one way to read them for every importer
(appeals, a road map's measures and indicators, its observations).

`read_rows` reads an XLSX workbook or a CSV file (UTF-8 or Windows-1251, comma or
semicolon), picks the sheet holding the data (the active one if its header names the
required columns, else the first other sheet whose header does, else the first), matches
the header to the importer's columns (`Columns`: each by its code, by the headers people
write in Kazakh and Russian, or by esep's own header in any language, compared through
`fold_words`), leaves out empty rows and gives each row's cells by column, numbered as the
spreadsheet numbers them (the header is row 1). A cell holding a control character is
refused as a problem of its row. `Vocabulary` reads a coded column's values by code or by
label in any language.

Bounded by settings: the file's size (IMPORT_MAX_BYTES), an XLSX's unpacked size
(IMPORT_MAX_UNPACKED_BYTES), its rows (IMPORT_MAX_ROWS, checked from the sheet's declared
size before it is read) and the problems kept to show (IMPORT_MAX_ERRORS, then a count of
the rest). A file esep cannot read is one clear problem (`ImportFailed` with row 0), never
a crash."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import logging
import re
import traceback
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_stubs_ext import StrOrPromise
from openpyxl import load_workbook

from esep.lib.dates import NotADate, read_moment
from esep.lib.folding import fold_words
from esep.lib.i18n import TrilingualName
from esep.lib.sqlite import is_locked
from esep.lib.tables import unneutralised

logger = logging.getLogger(__name__)

# Columns read from a sheet: the known ones and room for a branch's own; the rest is ignored.
MAX_COLUMNS = 60


# ---------------------------------------------------------------- problems


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1; 0 for the whole file
    column: str
    message: str


class ImportFailed(Exception):
    """Nothing was imported: the problems found (the first IMPORT_MAX_ERRORS of them) and
    how many more there were."""

    def __init__(self, errors: list[RowError], more: int = 0) -> None:
        super().__init__(f"{len(errors) + more} errors")
        self.errors = errors
        self.more = more


def unreadable(message: str) -> ImportFailed:
    """The file as a whole cannot be imported (row 0: no row of it)."""
    return ImportFailed([RowError(0, "", message)])


R = TypeVar("R")


@dataclass
class Parsed:
    """The rows an importer checked and prepared, and the problems found in them."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    more_errors: int = 0  # found beyond the IMPORT_MAX_ERRORS kept

    def problem(self, row: int, column: str, message: str) -> None:
        if len(self.errors) < settings.IMPORT_MAX_ERRORS:
            self.errors.append(RowError(row, column, message))
        else:
            self.more_errors += 1

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def raise_if_failed(self) -> None:
        if self.failed:
            raise ImportFailed(self.errors, self.more_errors)

    def take(
        self,
        rows: Sequence[R],
        apply: Callable[[R], object],
        *,
        row_of: Callable[[R], int],
        columns: Mapping[str, str],
        progress: Callable[[int, int], None] | None = None,
        every: int = 50,
    ) -> None:
        """Each checked row through `apply` (an app's action), in one transaction: a row
        the action refuses is that row's problem, on the columns of the fields it names, and
        leaves nothing half-written (its own savepoint), so the rows after it are checked
        against the records as they would be; after the last row any problem undoes them
        all (all or none). `progress(done, total)` every `every` rows."""
        with transaction.atomic():
            for done, row in enumerate(rows, start=1):
                try:
                    with transaction.atomic():
                        apply(row)
                except ValidationError as error:
                    self.refused(row_of(row), error, columns)
                if progress and done % every == 0:
                    progress(done, len(rows))
            self.raise_if_failed()

    def refused(self, row: int, error: ValidationError, columns: Mapping[str, str]) -> None:
        """An action's refusal of a row, each message on the column of the field it names
        (`columns`: the action's field → the importer's column)."""
        for column, message in on_columns(error, columns):
            self.problem(row, column, message)


def on_columns(error: ValidationError, columns: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """Each message of an action's refusal with the column of the field it names (none for
    a refusal of no field, or of a field with no column)."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            for message in messages:
                yield columns.get(name, ""), message
    else:
        for message in error.messages:
            yield "", message


def internal_failure(error: Exception, source: str) -> ImportFailed:
    """An import that went wrong inside esep, not in the file: logged for the administrators
    (the kind of error and where, never the file's content), told to the user as one
    problem in their language."""
    logger.error(
        "%s failed: %s\n%s",
        source,
        type(error).__name__,
        "".join(traceback.format_list(traceback.extract_tb(error.__traceback__))),
    )
    return unreadable(
        _("The database was busy for too long. Upload the file again later.")
        if is_locked(error)
        else _(
            "The file could not be imported because of an error in esep. Nothing was "
            "imported; the administrators can see what happened in the log."
        )
    )


def more_problems(more: int) -> str:
    return ngettext(
        "And %(count)d more problem, not shown.",
        "And %(count)d more problems, not shown.",
        more,
    ) % {"count": more}


def problems_kept(errors: Iterable[RowError], more: int = 0) -> list[dict[str, Any]]:
    """The problems as an import job keeps them (JSON), with how many more there were."""
    kept: list[dict[str, Any]] = [
        {"row": e.row, "column": e.column, "message": e.message} for e in errors
    ]
    if more:
        kept.append({"row": 0, "column": "", "message": more_problems(more)})
    return kept


def problems_shown(
    problems: Iterable[Mapping[str, Any]], headers: Mapping[str, StrOrPromise]
) -> list[dict[str, Any]]:
    """A job's problems for its page: each column by its header in the user's language."""
    return [
        {**error, "header": headers.get(error.get("column", ""), error.get("column", ""))}
        for error in problems
    ]


def failure_lines(failure: ImportFailed) -> tuple[list[str], str]:
    """A refused import as a command prints it: a line per problem, then the summary."""
    lines = [
        (
            _("Row %(row)d, column %(column)s") % {"row": error.row, "column": error.column or "—"}
            if error.row
            else _("The file")
        )
        + f": {error.message}"
        for error in failure.errors
    ]
    if failure.more:
        lines.append(more_problems(failure.more))
    count = len(failure.errors) + failure.more
    summary = ngettext(
        "Nothing was imported: %(count)d problem.",
        "Nothing was imported: %(count)d problems.",
        count,
    ) % {"count": count}
    return lines, summary


def too_many_rows(rows: int) -> ImportFailed:
    return unreadable(
        ngettext(
            "The file has more than %(max)d row; split it into smaller files.",
            "The file has more than %(max)d rows; split it into smaller files.",
            settings.IMPORT_MAX_ROWS,
        )
        % {"max": settings.IMPORT_MAX_ROWS}
    )


# ---------------------------------------------------------------- columns


@dataclass(frozen=True)
class Columns:
    """An importer's columns: their codes in order, those a file must have, the headers
    people write for them in Kazakh and Russian, and esep's own header of each (a
    translatable text: the template's and the export's header in the user's language)."""

    codes: Sequence[str]
    required: frozenset[str]
    aliases: Mapping[str, Sequence[str]]
    headers: Mapping[str, StrOrPromise]

    def names(self) -> dict[str, str]:
        """The column each header names: the codes, the headers people write, and esep's
        headers in every language."""
        names = {
            fold_words(alias): canonical
            for canonical, aliases in self.aliases.items()
            for alias in aliases
        }
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names.update(
                    {fold_words(str(label)): canonical for canonical, label in self.headers.items()}
                )
        names.update({canonical: canonical for canonical in self.codes})
        # A blank alias or header (a name with no English form, say) names no column: an
        # empty header cell stays unknown.
        names.pop("", None)
        return names

    def header(self, cells: Sequence[Any], names: Mapping[str, str] | None = None) -> list[str]:
        """The column each header cell names ("" for one esep does not know)."""
        names = self.names() if names is None else names
        return [names.get(fold_words(str(c)), "") if c is not None else "" for c in cells]


# ---------------------------------------------------------------- reading


def read_table(content: bytes, columns: Columns | None = None) -> list[list[Any]]:
    """Rows of cells from an XLSX or CSV file, within the limits set for imports; of a
    workbook, the sheet holding `columns`."""
    return list(iter_table(content, columns))


def iter_table(content: bytes, columns: Columns | None = None) -> Iterator[list[Any]]:
    """`read_table` one row at a time: a file of a million rows is never held as cells. The
    limits are checked before the first row is given (a CSV's rows counted, a workbook's
    declared size read); a workbook declaring fewer rows than it holds is stopped at the
    limit as it is read."""
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise unreadable(
            _("The file is larger than %(size)d MB.")
            % {"size": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    if content[:4] == b"PK\x03\x04" or zipfile.is_zipfile(io.BytesIO(content)):
        return iter_xlsx(content, columns)
    for encoding in ("utf-8-sig", "cp1251"):
        if decodes(content, encoding):
            break
    else:  # pragma: no cover - cp1251 decodes any byte sequence
        raise unreadable(_("The file is neither UTF-8 nor Windows-1251 text."))
    end = content.find(b"\n")
    first_line = content[: end if end >= 0 else len(content)].decode(encoding)
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","

    def rows() -> Iterator[list[Any]]:
        text = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
        return csv.reader(text, delimiter=delimiter)

    try:
        # A row per line at most as many lines as there are: counted only when the lines
        # alone could be too many (a cell may hold line breaks).
        if content.count(b"\n") > settings.IMPORT_MAX_ROWS + 1:
            for count, _row in enumerate(rows(), start=1):
                if count > settings.IMPORT_MAX_ROWS + 1:  # and the header
                    raise too_many_rows(count)
        reader = rows()
        # The first row is read now, so a file that is no CSV is refused before any row.
        first = next(reader, None)
    except csv.Error as error:
        raise unreadable(_("The file is not a CSV table esep can read.")) from error
    return csv_rows(first, reader)


def csv_rows(first: list[Any] | None, reader: Iterator[list[Any]]) -> Iterator[list[Any]]:
    if first is None:
        return
    yield first
    try:
        yield from reader
    except csv.Error as error:
        raise unreadable(_("The file is not a CSV table esep can read.")) from error


def decodes(content: bytes, encoding: str) -> bool:
    """Whether the whole content is text in `encoding`, read 64 KB at a time (the file is
    not copied as text to find out)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    step = 1 << 16
    try:
        for start in range(0, len(content), step):
            decoder.decode(content[start : start + step])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    # Bytes still held at the end are not text either: UTF-8-sig's decoder keeps a lone
    # start of a byte-order mark (0xEF) and says nothing even when told it is the end.
    return not decoder.getstate()[0]


def read_xlsx(content: bytes, columns: Columns | None = None) -> list[list[Any]]:
    return list(iter_xlsx(content, columns))


def iter_xlsx(content: bytes, columns: Columns | None = None) -> Iterator[list[Any]]:
    not_xlsx = _("The file is not an XLSX workbook esep can read. Save it again as .xlsx.")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise unreadable(not_xlsx) from error
    if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
        # A few megabytes that unpack to gigabytes: refused before any of it is read.
        raise unreadable(
            _("The workbook unpacks to more than %(size)d MB.")
            % {"size": settings.IMPORT_MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = data_sheet(book, columns)
            # The size the sheet declares (its <dimension>), read before any row.
            declared = sheet.max_row if sheet is not None else None
            if isinstance(declared, int) and declared > settings.IMPORT_MAX_ROWS + 1:
                raise too_many_rows(declared)
        except BaseException:
            book.close()
            raise
    except ImportFailed:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise unreadable(not_xlsx) from error
    return sheet_rows(book, sheet, not_xlsx)


def sheet_rows(book: Any, sheet: Any, not_xlsx: str) -> Iterator[list[Any]]:
    """The rows of a workbook's sheet as they are read, the workbook closed at the end."""
    try:
        if sheet is None:
            return
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        for count, values in enumerate(rows, start=1):
            if count > settings.IMPORT_MAX_ROWS + 1:
                raise too_many_rows(count)
            yield list(values)
    except ImportFailed:
        raise
    except Exception as error:  # a workbook damaged further in than its first rows
        raise unreadable(not_xlsx) from error
    finally:
        book.close()


def data_sheet(book: Any, columns: Columns | None) -> Any:
    """The sheet holding the data: the active one if its header names the required
    columns, else the first other sheet whose header does (a workbook opened on its notes
    or its lists); failing both, the first sheet, whose missing columns are then named."""
    sheets = [s for s in book.worksheets if s.sheet_state == "visible"] or list(book.worksheets)
    active = book.active
    if active in sheets:
        sheets.remove(active)
        sheets.insert(0, active)
    if columns is None:
        return sheets[0] if sheets else None
    names = columns.names()
    for sheet in sheets:
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS, max_row=20):
            if any(not is_empty(v) for v in values):
                header = {names.get(fold_words(str(v)), "") for v in values if v is not None}
                if header >= columns.required:
                    return sheet
                break
    return sheets[0] if sheets else None


def cell_text(value: Any) -> Any:
    """A cell as read, with the apostrophe esep's own export puts before = + - @ taken off,
    and a whole number a spreadsheet keeps as 12.0 written as 12."""
    if isinstance(value, str):
        return unneutralised(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def is_empty(value: Any) -> bool:
    return value is None or not str(value).strip()


# Characters refused in any cell: Unicode's control characters (category Cc: U+0000–U+001F
# and U+007F–U+009F, NUL among them) other than tab and line breaks, and lone surrogates
# (Cs), which no database stores. One search of the cell, not a lookup per character.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def has_control_characters(value: Any) -> bool:
    return isinstance(value, str) and CONTROL_CHARACTERS.search(value) is not None


@dataclass(frozen=True)
class Row:
    """A row of the sheet: its number as the spreadsheet counts, its cells by column (a
    refused cell is None) and the columns whose cells were refused."""

    number: int
    cells: dict[str, Any]
    refused: frozenset[str]


def read_rows(content: bytes, columns: Columns, parsed: Parsed) -> Iterator[Row]:
    """The rows of the file under a header naming `columns`, empty rows left out. The
    file's own problems (empty, missing columns) and each row's refused cells go to
    `parsed` as they are met, so a row's further problems follow its own. Raises
    ImportFailed for a file esep cannot read."""
    # Rows as the spreadsheet numbers them (the first is 1), empty ones left out; read one
    # at a time, so an importer holds no more of the file than it keeps of its rows.
    table = (
        (number, row)
        for number, row in enumerate(iter_table(content, columns), start=1)
        if any(not is_empty(c) for c in row)
    )
    first = next(table, None)
    if first is None:
        parsed.problem(1, "", _("The file is empty."))
        return
    header_row, header_cells = first
    header = columns.header(header_cells)
    missing = columns.required - set(header)
    if missing:
        for name in sorted(missing):
            parsed.problem(header_row, name, _("The column is missing."))
        return
    for number, cells in table:
        raw = {
            name: cell_text(cells[i]) if i < len(cells) else None
            for i, name in enumerate(header)
            if name
        }
        refused = {name for name, value in raw.items() if has_control_characters(value)}
        for name in sorted(refused):
            parsed.problem(
                number,
                name,
                _("The cell holds a control character (such as NUL); remove it."),
            )
        yield Row(
            number,
            {k: (None if k in refused else v) for k, v in raw.items()},
            frozenset(refused),
        )


# ---------------------------------------------------------------- a row's cells


def read_number(value: Any) -> Decimal:
    """The number a cell holds: a spreadsheet's number, or text as people write numbers
    (1234.5, 1 234,5, -3). Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = "".join(str(value).replace("\u00a0", " ").replace("\u202f", " ").split())
        if "," in text and "." in text:
            raise ValueError(value)
        try:
            number = Decimal(text.replace(",", "."))
        except ArithmeticError as error:
            raise ValueError(value) from error
    if not number.is_finite():
        raise ValueError(value)
    return number


class Cells:
    """A row's cells read as the values an importer wants, each problem reported on the
    row and its column (none for a column whose cell was refused already)."""

    def __init__(self, row: Row, parsed: Parsed) -> None:
        self.row = row
        self.parsed = parsed
        self.failed = False

    def problem(self, column: str, message: str) -> None:
        self.failed = True
        if column not in self.row.refused:
            self.parsed.problem(self.row.number, column, message)

    def refused(self, error: ValidationError, columns: Mapping[str, str]) -> None:
        """An action's refusal of the row's values, each message on its column (`Parsed.
        refused`, but none on a column whose cell was refused already)."""
        for column, message in on_columns(error, columns):
            self.problem(column, message)

    def given(self, column: str) -> bool:
        return not is_empty(self.row.cells.get(column))

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.row.cells.get(column)
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.problem(column, _("The cell is empty."))
        elif max_length is not None and len(text) > max_length:
            self.problem(column, _("Too long: at most %(max)d characters.") % {"max": max_length})
        return text

    def number(
        self, column: str, *, required: bool = False, places: int = 4, largest: int = 10**16
    ) -> Decimal | None:
        """A number, rounded to `places` decimals, smaller than `largest` in size."""
        if not self.given(column):
            if required:
                self.problem(column, _("The cell is empty."))
            return None
        value = self.row.cells[column]
        try:
            number = read_number(value)
        except ValueError:
            self.problem(
                column,
                _("Not a number: “%(value)s”. Write it as 1234.5 or 1 234,5.")
                % {"value": str(value).strip()},
            )
            return None
        if abs(number) >= largest:
            self.problem(column, _("The number “%(value)s” is too large.") % {"value": value})
            return None
        return number.quantize(Decimal(1).scaleb(-places))

    def day(
        self, column: str, *, first: dt.date, last: dt.date, required: bool = False
    ) -> dt.date | None:
        """A date (of a date-time, its date) between `first` and `last`."""
        if not self.given(column):
            if required:
                self.problem(column, _("The cell is empty."))
            return None
        found = read_day(self.row.cells[column], first=first, last=last)
        if isinstance(found, str):
            self.problem(column, found)
            return None
        return found

    def coded(
        self, column: str, vocabulary: Vocabulary, unknown: str, *, required: bool = True
    ) -> Any:
        """The value a coded column names, by its code or its label."""
        text = self.text(column, required=required)
        if not text:
            return None
        return vocabulary.lookup(text, unknown, lambda message: self.problem(column, message))


def read_day(value: Any, *, first: dt.date, last: dt.date) -> dt.date | str:
    """The date a cell gives (ISO 8601 or dd.mm.yyyy, or a date cell), or why it gives
    none: not a date, or outside `first`–`last`."""
    shown = str(value).strip()
    try:
        found = read_moment(value.strip() if isinstance(value, str) else value)
    except NotADate:
        return _("Not a date: “%(value)s”. Write 2022-12-31 or 31.12.2022.") % {"value": shown}
    day = found.date() if isinstance(found, dt.datetime) else found
    if not first <= day <= last:
        return _("The date “%(value)s” is not between %(first)s and %(last)s.") % {
            "value": shown,
            "first": first.strftime("%d.%m.%Y"),
            "last": last.strftime("%d.%m.%Y"),
        }
    return day


# ---------------------------------------------------------------- coded values


@dataclass(frozen=True)
class Entry:
    code: str
    value: Any
    label: str  # in the active language


class Vocabulary:
    """The values a column takes: each by its code or by its label in Kazakh, Russian or
    English, in any case and spacing."""

    def __init__(self, entries: Iterable[tuple[Entry, Iterable[str]]]) -> None:
        self.entries: list[Entry] = []
        self.by_code: dict[str, Entry] = {}
        self.by_label: dict[str, dict[str, Entry]] = {}
        for entry, labels in entries:
            self.entries.append(entry)
            self.by_code[fold_words(entry.code)] = entry
            for label in labels:
                if label.strip():
                    self.by_label.setdefault(fold_words(label), {})[entry.code] = entry

    @classmethod
    def of_choices(
        cls,
        choices: type[models.TextChoices],
        more: Mapping[str, Sequence[str]] | None = None,
    ) -> Vocabulary:
        """The choices by code or label in every language; `more`: other words people
        write for some of them, by code."""

        def labels(member: Any) -> list[str]:
            found = []
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    found.append(str(member.label))
            return [*found, *(more or {}).get(member.value, ())]

        return cls((Entry(m.value, m.value, str(m.label)), labels(m)) for m in choices)

    @classmethod
    def of_names(cls, records: Iterable[TrilingualName], code: str) -> Vocabulary:
        return cls(
            (
                Entry(getattr(r, code), r, r.name),
                [r.name_kk, r.name_ru, r.name_en],
            )
            for r in records
        )

    def find(self, text: str) -> tuple[Any, list[Entry]]:
        """The value `text` names, or None with the entries it could mean (several: it is
        ambiguous; none: unknown)."""
        key = fold_words(text)
        if key in self.by_code:
            return self.by_code[key].value, []
        found = list(self.by_label.get(key, {}).values())
        if len(found) == 1:
            return found[0].value, []
        return None, found

    def lookup(self, text: str, unknown: str, report: Callable[[str], None]) -> Any:
        """The value `text` names; else None, with `unknown` (a message with %(value)s) or
        the entries it could mean given to `report`."""
        found, candidates = self.find(text)
        if found is None and len(candidates) > 1:
            listed = "; ".join(f"{c.label} ({c.code})" for c in candidates)
            report(
                _("“%(value)s” could mean any of: %(candidates)s. Write the code instead.")
                % {"value": text, "candidates": listed}
            )
        elif found is None:
            report(unknown % {"value": text})
        return found


# ---------------------------------------------------------------- the upload


class SpreadsheetForm(forms.Form):
    """A spreadsheet uploaded for an import: XLSX or CSV, no larger than IMPORT_MAX_BYTES."""

    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (XLSX or CSV)"),
        help_text=gettext_lazy(
            "The columns of the template above or of esep's own export, with their headers in "
            "Kazakh, Russian or English."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.")
                % {"size": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        return upload
