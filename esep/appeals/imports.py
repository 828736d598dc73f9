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
import logging
import traceback
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import load_workbook

from esep.access.models import User
from esep.appeals import actions
from esep.appeals.lifecycle import Status
from esep.appeals.models import Appeal, AppealEvent, Category, Channel, Kind, Outcome
from esep.lib.dates import NotADate, parse_moment
from esep.lib.folding import fold_words
from esep.lib.i18n import TrilingualName
from esep.lib.sqlite import is_locked
from esep.lib.tables import unneutralised
from esep.org.actions import given_person, identify
from esep.org.models import Branch, Person, Territory, subtree_q
from esep.org.roles import Capability

logger = logging.getLogger(__name__)

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
# The headers of esep's own export of the inbox (appeals.pages.INBOX), in every language:
# the export imports back, and the template's headers are these in the user's language.
HEADERS = {
    "number": gettext_lazy("Number"),
    "received_at": gettext_lazy("Received"),
    "channel": gettext_lazy("Channel"),
    "type": gettext_lazy("Type"),
    "category": gettext_lazy("Category"),
    "territory": gettext_lazy("Territory"),
    "branch": gettext_lazy("Branch"),
    "submitter_iin": gettext_lazy("IIN"),
    "submitter_name": gettext_lazy("Applicant"),
    "submitter_phone": gettext_lazy("Phone"),
    "text": gettext_lazy("Text"),
    "status": gettext_lazy("Status"),
    "outcome": gettext_lazy("Outcome"),
    "answered_at": gettext_lazy("Answered"),
}
# Dates esep takes: from the year the country's offices started keeping appeals to now.
FIRST_DAY = dt.date(1991, 1, 1)
# A date alone is taken as received at this local time, within working hours.
DATE_ALONE_AT = dt.time(10, 0)
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
            sheet = appeals_sheet(book)
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


def appeals_sheet(book: Any) -> Any:
    """The sheet holding the appeals: the active one if its header names the required
    columns, else the first other sheet whose header does (a workbook opened on its notes
    or its lists); failing both, the first sheet, whose missing columns are then named."""
    sheets = [s for s in book.worksheets if s.sheet_state == "visible"] or list(book.worksheets)
    active = book.active
    if active in sheets:
        sheets.remove(active)
        sheets.insert(0, active)
    names = header_names()
    for sheet in sheets:
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS, max_row=20):
            if any(not is_empty(v) for v in values):
                header = {names.get(fold_words(str(v)), "") for v in values if v is not None}
                if header >= REQUIRED:
                    return sheet
                break
    return sheets[0] if sheets else None


def header_names() -> dict[str, str]:
    """The column each header names: the codes, the headers branches write, and the
    export's headers in every language."""
    names = {
        fold_words(alias): canonical for canonical, aliases in ALIASES.items() for alias in aliases
    }
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.update(
                {fold_words(str(label)): canonical for canonical, label in HEADERS.items()}
            )
    names.update({canonical: canonical for canonical in COLUMNS})
    return names


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
    def of_choices(cls, choices: type[models.TextChoices]) -> Vocabulary:
        def labels(member: Any) -> list[str]:
            found = []
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    found.append(str(member.label))
            return found

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


def importable_branches(user: User) -> dict[str, Branch]:
    """The branches a user may import appeals into, by code: those they handle appeals of."""
    handled = Branch.objects.filter(subtree_q(user.scope_paths(Capability.HANDLE_APPEALS)))
    return {branch.code: branch for branch in handled}


def vocabularies(branches: dict[str, Branch]) -> dict[str, Vocabulary]:
    """What each coded column takes; branches only those the user may import into."""
    ordered: list[Branch] = sorted(branches.values(), key=lambda branch: branch.path)
    return {
        "channel": Vocabulary.of_choices(Channel),
        "type": Vocabulary.of_choices(Kind),
        "status": Vocabulary.of_choices(Status),
        "outcome": Vocabulary.of_choices(Outcome),
        "category": Vocabulary.of_names(Category.objects.order_by("path"), "code"),
        "territory": Vocabulary.of_names(Territory.objects.order_by("path"), "kato"),
        "branch": Vocabulary.of_names(ordered, "code"),
    }


def has_control_characters(value: Any) -> bool:
    return isinstance(value, str) and any(
        (category := unicodedata.category(char)) == "Cs"
        or (category == "Cc" and char not in ALLOWED_CONTROLS)
        for char in value
    )


def moment(raw: Any, zone: str) -> dt.datetime | str:
    """The moment a cell gives (a time without offset in `zone`), or why it gives none."""
    try:
        found = parse_moment(raw, zone, at=DATE_ALONE_AT)
    except NotADate:
        return _(
            "Not a date: “%(value)s”. Write 19.03.2021, 19.03.2021 14:30 or "
            "2021-03-19T14:30:00+05:00."
        ) % {"value": str(raw).strip()}
    if found.date() < FIRST_DAY:
        return _("The date “%(value)s” is before 1991.") % {"value": str(raw).strip()}
    if found > timezone.now():
        return _("The date “%(value)s” is in the future.") % {"value": str(raw).strip()}
    return found


def parse(content: bytes, *, branches: dict[str, Branch]) -> Parsed:
    """Check every row; `branches` are those the importing user may import into."""
    # Rows as the spreadsheet numbers them (the first is 1), empty ones left out.
    table = [
        (number, row)
        for number, row in enumerate(read_table(content), start=1)
        if any(not is_empty(c) for c in row)
    ]
    result = Parsed()
    if not table:
        result.problem(1, "", _("The file is empty."))
        return result
    names = header_names()
    header_row, header_cells = table[0]
    header = [names.get(fold_words(str(c)), "") if c is not None else "" for c in header_cells]
    missing = REQUIRED - set(header)
    if missing:
        for name in sorted(missing):
            result.problem(header_row, name, _("The column is missing."))
        return result
    known = vocabularies(branches)
    seen: dict[str, int] = {}
    for number, cells in table[1:]:
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
        row, errors = check_row({k: (None if k in refused else v) for k, v in raw.items()}, known)
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


def cell_as_text(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column == "submitter_iin" and isinstance(value, int) and 0 <= value < 10**12:
        # An IIN a spreadsheet kept as a number has lost its leading zeros.
        return f"{value:012d}"
    return str(value).strip()


def check_row(
    raw: dict[str, Any], known: dict[str, Vocabulary]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    errors: list[tuple[str, str]] = []
    text = {k: cell_as_text(k, v) for k, v in raw.items()}
    row: dict[str, Any] = {"number": text["number"], "text": text["text"]}

    def coded(column: str, unknown: str, *, optional: bool = False) -> Any:
        """The value a coded column names, by its code or its label."""
        value = text.get(column, "")
        if optional and not value:
            return ""
        found, candidates = known[column].find(value)
        if found is None and len(candidates) > 1:
            listed = "; ".join(f"{c.label} ({c.code})" for c in candidates)
            errors.append(
                (
                    column,
                    _("“%(value)s” could mean any of: %(candidates)s. Write the code instead.")
                    % {"value": value, "candidates": listed},
                )
            )
        elif found is None:
            errors.append((column, unknown % {"value": value}))
        return found

    too_long = _("Too long: at most %(max)d characters.")
    if not row["number"]:
        errors.append(("number", _("The number is empty.")))
    elif longer_than(row["number"], NUMBER_LENGTH):
        errors.append(("number", too_long % {"max": NUMBER_LENGTH}))
    if not row["text"]:
        errors.append(("text", _("The text is empty.")))
    elif longer_than(row["text"], MAX_TEXT):
        errors.append(("text", too_long % {"max": MAX_TEXT}))
    row["channel"] = coded("channel", _("Unknown channel “%(value)s”."))
    row["kind"] = coded("type", _("Unknown type “%(value)s”."))
    row["category"] = coded("category", _("Unknown category “%(value)s”."))
    row["territory"] = territory = coded("territory", _("Unknown territory “%(value)s”."))
    row["branch"] = coded(
        "branch", _("Unknown branch “%(value)s”, or not one you may import into.")
    )
    # An empty status means the appeal is only registered.
    status = coded("status", _("Unknown status “%(value)s”."), optional=True)
    row["status"] = status = status or Status.REGISTERED
    row["outcome"] = coded("outcome", _("Unknown outcome “%(value)s”."), optional=True) or ""
    # A time without offset is the territory's local time on that date.
    zone = territory.time_zone if territory is not None else "UTC"
    received = moment(raw.get("received_at"), zone)
    row["received_at"] = received if isinstance(received, dt.datetime) else None
    if isinstance(received, str):
        errors.append(("received_at", received))
    row["answered_at"] = None
    if text.get("answered_at"):
        answered = moment(raw.get("answered_at"), zone)
        if isinstance(answered, str):
            errors.append(("answered_at", answered))
        elif row["received_at"] is not None and answered < row["received_at"]:
            errors.append(("answered_at", _("The answer is dated before the appeal was received.")))
        else:
            row["answered_at"] = answered
    if status in (Status.ANSWERED, Status.CLOSED) and not (
        row["outcome"] and text.get("answered_at")
    ):
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
