"""Importing appeals from a branch's spreadsheet (XLSX, or CSV in UTF-8 or Windows-1251,
comma or semicolon). Every row is checked and prepared first, outside any transaction; the
file then goes in whole or not at all, in one short write, and rows whose number is already
in esep are skipped, so a file imported twice adds nothing.

Bounded by settings: the file's size (IMPORT_MAX_BYTES), an XLSX's unpacked size
(IMPORT_MAX_UNPACKED_BYTES), its rows (IMPORT_MAX_ROWS, checked from the sheet's declared
size before it is read) and the problems kept to show (IMPORT_MAX_ERRORS, then a count of
the rest). A file esep cannot read is one clear problem, never a crash."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook

from esep.appeals import actions
from esep.appeals.lifecycle import Status
from esep.appeals.models import Appeal, AppealEvent, Category, Channel, Kind, Outcome
from esep.lib.tables import unneutralised
from esep.org.actions import given_person, identify
from esep.org.models import Branch, Person, Territory

COLUMNS = [
    "number",
    "received_at",
    "channel",
    "type",
    "category",
    "territory",
    "branch",
    "submitter_iin",
    "submitter_name",
    "submitter_phone",
    "text",
    "status",
    "outcome",
    "answered_at",
]
REQUIRED = {"number", "received_at", "channel", "type", "category", "territory", "branch", "text"}
# Headers as branches write them in Kazakh and Russian.
ALIASES = {
    "number": ["нөмір", "тіркеу нөмірі", "номер", "регистрационный номер"],
    "received_at": ["түскен күні", "келіп түскен күні", "дата поступления", "дата"],
    "channel": ["арна", "канал"],
    "type": ["түрі", "тип", "вид"],
    "category": ["санат", "тақырып", "категория", "тема"],
    "territory": ["аумақ", "қато", "территория", "като"],
    "branch": ["филиал"],
    "submitter_iin": ["жсн", "өтініш берушінің жсн", "иин", "иин заявителя"],
    "submitter_name": ["өтініш беруші", "аты-жөні", "заявитель", "фио"],
    "submitter_phone": ["телефон", "өтініш берушінің телефоны", "телефон заявителя"],
    "text": ["мәтін", "өтініш мәтіні", "текст", "текст обращения"],
    "status": ["мәртебе", "статус"],
    "outcome": ["нәтиже", "қарау нәтижесі", "результат", "результат рассмотрения"],
    "answered_at": ["жауап күні", "жауап берілген күн", "дата ответа"],
}
HEADER_NAMES = {
    alias: canonical for canonical, names in ALIASES.items() for alias in [canonical, *names]
}
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d.%m.%Y %H:%M", "%d.%m.%Y")
# Columns read from a sheet: the known ones and room for a branch's own; the rest is ignored.
MAX_COLUMNS = 60
# Text longer than any field holds is refused; a row's text is bounded too.
MAX_TEXT = 20_000
# Characters refused in any cell: control characters (NUL among them) other than tab and
# line breaks, and lone surrogates, which no database stores.
ALLOWED_CONTROLS = frozenset("\t\n\r")


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


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1; 0 for the whole file
    column: str
    message: str


@dataclass
class Parsed:
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


def too_many_rows(rows: int) -> ImportFailed:
    return unreadable(
        ngettext(
            "The file has more than %(max)d row; split it into smaller files.",
            "The file has more than %(max)d rows; split it into smaller files.",
            settings.IMPORT_MAX_ROWS,
        )
        % {"max": settings.IMPORT_MAX_ROWS}
    )


def read_table(content: bytes) -> list[list[Any]]:
    """Rows of cells from an XLSX or CSV file, within the limits set for imports."""
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise unreadable(
            _("The file is larger than %(size)d MB.")
            % {"size": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    if content[:4] == b"PK\x03\x04" or zipfile.is_zipfile(io.BytesIO(content)):
        return read_xlsx(content)
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1251 decodes any byte sequence
        raise unreadable(_("The file is neither UTF-8 nor Windows-1251 text."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(row)
            if len(rows) > settings.IMPORT_MAX_ROWS + 1:  # and the header
                raise too_many_rows(len(rows))
    except csv.Error as error:
        raise unreadable(_("The file is not a CSV table esep can read.")) from error
    return rows


def read_xlsx(content: bytes) -> list[list[Any]]:
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
            sheet = book.active
            if sheet is None:
                return []
            # The size the sheet declares (its <dimension>), read before any row.
            declared = sheet.max_row
            if isinstance(declared, int) and declared > settings.IMPORT_MAX_ROWS + 1:
                raise too_many_rows(declared)
            rows: list[list[Any]] = []
            for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                rows.append(list(values))
                if len(rows) > settings.IMPORT_MAX_ROWS + 1:
                    raise too_many_rows(len(rows))
            return rows
        finally:
            book.close()
    except ImportFailed:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise unreadable(not_xlsx) from error


def cell_text(value: Any) -> Any:
    """A cell as read, with the apostrophe esep's own export puts before = + - @ taken off."""
    return unneutralised(value) if isinstance(value, str) else value


def has_control_characters(value: Any) -> bool:
    return isinstance(value, str) and any(
        (category := unicodedata.category(char)) == "Cs"
        or (category == "Cc" and char not in ALLOWED_CONTROLS)
        for char in value
    )


def parse_moment(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(10, 0))
    else:
        text = str(value or "").strip()
        for fmt in DATE_FORMATS:
            try:
                moment = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            return None
        if fmt.endswith("%Y") or fmt == "%Y-%m-%d":
            moment = moment.replace(hour=10)
    # Local office time of Kazakhstan (UTC+5) when the file gives none.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=5)))


def parse(content: bytes, *, branches: dict[str, Branch]) -> Parsed:
    """Check every row; `branches` are those the importing user may import into."""
    table = [row for row in read_table(content) if any(str(c or "").strip() for c in row)]
    result = Parsed()
    if not table:
        result.problem(1, "", _("The file is empty."))
        return result
    header = [HEADER_NAMES.get(str(c or "").strip().lower(), "") for c in table[0]]
    missing = REQUIRED - set(header)
    if missing:
        for name in sorted(missing):
            result.problem(1, name, _("The column is missing."))
        return result
    categories = {c.code: c for c in Category.objects.all()}
    territories = {t.kato: t for t in Territory.objects.all()}
    seen: dict[str, int] = {}
    for number, cells in enumerate(table[1:], start=2):
        raw = {
            name: cell_text(cells[i]) if i < len(cells) else None
            for i, name in enumerate(header)
            if name
        }
        refused = {name for name, value in raw.items() if has_control_characters(value)}
        for name in sorted(refused):
            result.problem(
                number,
                name,
                _("The cell holds a control character (such as NUL); remove it."),
            )
        row, errors = check_row(
            {k: (None if k in refused else v) for k, v in raw.items()},
            categories,
            territories,
            branches,
        )
        for column, message in errors:
            if column not in refused:
                result.problem(number, column, message)
        if row.get("number") in seen:
            result.problem(
                number,
                "number",
                _("The same number is on row %(row)d.") % {"row": seen[row["number"]]},
            )
        elif row.get("number"):
            seen[row["number"]] = number
        result.rows.append((number, row))
    return result


def longer_than(value: str, limit: int | None) -> bool:
    return limit is not None and len(value) > limit


def check_row(
    raw: dict[str, Any], categories: dict, territories: dict, branches: dict[str, Branch]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    errors: list[tuple[str, str]] = []
    text = {k: str(v).strip() if v is not None else "" for k, v in raw.items()}
    row: dict[str, Any] = {"number": text["number"], "text": text["text"]}

    def code(column: str, allowed: Callable[[str], bool], message: str) -> str:
        value = text.get(column, "")
        if not allowed(value):
            errors.append((column, message % {"value": value}))
        return value

    too_long = _("Too long: at most %(max)d characters.")
    if not row["number"]:
        errors.append(("number", _("The number is empty.")))
    elif longer_than(row["number"], NUMBER_LENGTH):
        errors.append(("number", too_long % {"max": NUMBER_LENGTH}))
    if not row["text"]:
        errors.append(("text", _("The text is empty.")))
    elif longer_than(row["text"], MAX_TEXT):
        errors.append(("text", too_long % {"max": MAX_TEXT}))
    row["received_at"] = parse_moment(raw.get("received_at"))
    if row["received_at"] is None:
        errors.append(
            (
                "received_at",
                _("Not a date: “%(value)s”. Write 2021-03-19 or 19.03.2021.")
                % {"value": text.get("received_at", "")},
            )
        )
    row["channel"] = code(
        "channel", lambda v: v in Channel.values, _("Unknown channel “%(value)s”.")
    )
    row["kind"] = code("type", lambda v: v in Kind.values, _("Unknown type “%(value)s”."))
    row["category"] = categories.get(
        code("category", lambda v: v in categories, _("Unknown category “%(value)s”."))
    )
    row["territory"] = territories.get(
        code("territory", lambda v: v in territories, _("Unknown KATO code “%(value)s”."))
    )
    row["branch"] = branches.get(
        code(
            "branch",
            lambda v: v in branches,
            _("Unknown branch “%(value)s”, or not one you may import into."),
        )
    )
    # An empty status means the appeal is only registered.
    status = code(
        "status", lambda v: v == "" or v in Status.values, _("Unknown status “%(value)s”.")
    )
    row["status"] = status = status or Status.REGISTERED
    row["outcome"] = code(
        "outcome", lambda v: v == "" or v in Outcome.values, _("Unknown outcome “%(value)s”.")
    )
    row["answered_at"] = parse_moment(raw.get("answered_at")) if text.get("answered_at") else None
    if text.get("answered_at") and row["answered_at"] is None:
        errors.append(
            (
                "answered_at",
                _("Not a date: “%(value)s”. Write 2021-03-19 or 19.03.2021.")
                % {"value": text["answered_at"]},
            )
        )
    if status in (Status.ANSWERED, Status.CLOSED) and not (row["outcome"] and row["answered_at"]):
        errors.append(
            ("outcome", _("An answered or closed appeal needs its outcome and answer date."))
        )
    # The IIN and the phone are checked, with the names, as any person given is (below).
    row["iin"] = text.get("submitter_iin", "")
    row["phone"] = text.get("submitter_phone", "")
    row["name"] = " ".join(text.get("submitter_name", "").split())
    surname, _sep, rest = row["name"].partition(" ")
    given, _sep, patronymic = rest.partition(" ")
    row["names"] = {"surname": surname, "given_name": given, "patronymic": patronymic}
    if any(longer_than(v, NAME_LENGTHS[k]) for k, v in row["names"].items()):
        errors.append(("submitter_name", _("The name is too long for esep's record of a person.")))
    row["given"] = None
    name_fits = not any(column == "submitter_name" for column, _message in errors)
    if name_fits and (row["iin"] or row["phone"] or row["name"]):
        try:
            row["given"] = given_person(iin=row["iin"], phone=row["phone"], **row["names"])
        except ValidationError as error:
            refused = {
                (PERSON_COLUMNS.get(field, "submitter_name"), message): None
                for field, messages in error.message_dict.items()
                for message in messages
            }
            errors.extend(refused)  # each message once per column (surname, name: one column)
    return row, errors


# The column of the file each field of a person comes from.
PERSON_COLUMNS = {
    "iin": "submitter_iin",
    "birth_date": "submitter_iin",
    "sex": "submitter_iin",
    "phone": "submitter_phone",
}


NUMBER_LENGTH = Appeal._meta.get_field("number").max_length
NAME_LENGTHS: dict[str, int | None] = {
    name: Person._meta.get_field(name).max_length  # type: ignore[union-attr]
    for name in ("surname", "given_name", "patronymic")
}


def submitter_for(row: dict[str, Any], actor: Any) -> Person | None:
    """Who the row's applicant is (found, or recorded now); the appeal keeps them as given."""
    return None if row["given"] is None else identify(actor=actor, given=row["given"])


def import_appeals(
    content: bytes,
    *,
    actor: Any,
    branches: dict[str, Branch],
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Check and prepare every row, then write them all in one short transaction (holding
    SQLite's write lock only for the writing). Returns (created, skipped)."""
    parsed = parse(content, branches=branches)
    if parsed.failed:
        raise ImportFailed(parsed.errors, parsed.more_errors)
    total = len(parsed.rows)
    existing: set[str] = set()
    numbers = [row["number"] for _number, row in parsed.rows]
    for start in range(0, total, 500):
        existing.update(
            Appeal.objects.filter(number__in=numbers[start : start + 500]).values_list(
                "number", flat=True
            )
        )
    new = [(number, row) for number, row in parsed.rows if row["number"] not in existing]
    for _number, row in new:
        row["language"] = "ru" if _looks_russian(row["text"]) else "kk"
    calendar = actions.official_calendar()
    if progress:
        progress(0, total)
    with transaction.atomic():
        history: list[tuple[Appeal, dict[str, Any]]] = []
        for number, row in new:
            try:
                appeal = actions.register_appeal(
                    actor=actor,
                    channel=row["channel"],
                    kind=row["kind"],
                    category=row["category"],
                    territory=row["territory"],
                    branch=row["branch"],
                    submitter=submitter_for(row, actor),
                    given=row["given"],
                    text=row["text"],
                    language=row["language"],
                    received_at=row["received_at"],
                    number=row["number"],
                )
            except ValidationError as error:
                # A rule of the app's own refuses the row: nothing of the file is kept.
                raise ImportFailed([RowError(number, "", " ".join(error.messages))]) from error
            if row["status"] != Status.REGISTERED:
                history.append((appeal, row))
        write_history(history, actor=actor, calendar=calendar)
    if progress:
        progress(total, total)
    return len(new), total - len(new)


def write_history(
    history: list[tuple[Appeal, dict[str, Any]]], *, actor: Any, calendar: Any
) -> None:
    """History from before esep: the record says where each appeal stands, not each step it
    took to get there; written for all the appeals at once."""
    for appeal, row in history:
        answered_on = actions.answer_day(appeal, row["answered_at"]) if row["answered_at"] else None
        appeal.status = row["status"]
        appeal.outcome = row["outcome"]
        appeal.answered_at = row["answered_at"]
        appeal.answered_on = answered_on
        appeal.answer_working_days = (
            calendar.working_days_between(appeal.registered_on, answered_on)
            if answered_on
            else None
        )
        appeal.closed_at = row["answered_at"] if row["status"] == Status.CLOSED else None
    appeals = [appeal for appeal, _row in history]
    Appeal.objects.bulk_update(
        appeals,
        ["status", "outcome", "answered_at", "answered_on", "answer_working_days", "closed_at"],
        batch_size=500,
    )
    note = _("Imported with this status.")
    AppealEvent.objects.bulk_create(
        [
            AppealEvent(
                appeal=appeal,
                actor=actor,
                action="imported",
                from_status=Status.REGISTERED,
                to_status=row["status"],
                note=note,
            )
            for appeal, row in history
        ],
        batch_size=500,
    )


KAZAKH_LETTERS = set("әғқңөұүһі")


def _looks_russian(text: str) -> bool:
    return not (set(text.lower()) & KAZAKH_LETTERS)
