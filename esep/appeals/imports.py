"""Importing appeals from a branch's spreadsheet (XLSX, or CSV in UTF-8 or Windows-1251,
comma or semicolon). Every row is checked first; the file goes in whole or not at all, and
rows whose number is already in esep are skipped, so a file imported twice adds nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from esep.appeals import actions
from esep.appeals.lifecycle import Status
from esep.appeals.models import Appeal, AppealEvent, Category, Channel, Kind, Outcome
from esep.lib.iin import InvalidIIN, parse_iin
from esep.lib.phone import InvalidPhone, normalize_phone
from esep.org.actions import find_or_create_person
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


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class Parsed:
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read_table(content: bytes) -> list[list[Any]]:
    """Rows of cells from an XLSX or CSV file."""
    if zipfile.is_zipfile(io.BytesIO(content)):
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        return [list(row) for row in sheet.iter_rows(values_only=True)] if sheet else []
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1251 decodes any byte sequence
        raise ImportFailed([RowError(0, "", _("The file is neither UTF-8 nor Windows-1251 text."))])
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


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
        result.errors.append(RowError(1, "", _("The file is empty.")))
        return result
    header = [HEADER_NAMES.get(str(c or "").strip().lower(), "") for c in table[0]]
    missing = REQUIRED - set(header)
    if missing:
        result.errors.extend(
            RowError(1, name, _("The column is missing.")) for name in sorted(missing)
        )
        return result
    categories = dict(Category.objects.values_list("code", "pk"))
    territories = dict(Territory.objects.values_list("kato", "pk"))
    seen: dict[str, int] = {}
    for number, cells in enumerate(table[1:], start=2):
        raw = {name: cells[i] if i < len(cells) else None for i, name in enumerate(header) if name}
        row, errors = check_row(raw, categories, territories, branches)
        result.errors.extend(RowError(number, column, message) for column, message in errors)
        if row.get("number") in seen:
            result.errors.append(
                RowError(
                    number,
                    "number",
                    _("The same number is on row %(row)d.") % {"row": seen[row["number"]]},
                )
            )
        elif row.get("number"):
            seen[row["number"]] = number
        result.rows.append((number, row))
    return result


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

    if not row["number"]:
        errors.append(("number", _("The number is empty.")))
    if not row["text"]:
        errors.append(("text", _("The text is empty.")))
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
    row["iin"] = ""
    if iin := text.get("submitter_iin", ""):
        try:
            row["iin"] = parse_iin(iin).value
        except InvalidIIN:
            errors.append(("submitter_iin", _("“%(value)s” is not a valid IIN.") % {"value": iin}))
    row["phone"] = ""
    if phone := text.get("submitter_phone", ""):
        try:
            row["phone"] = normalize_phone(phone)
        except InvalidPhone:
            errors.append(
                (
                    "submitter_phone",
                    _("“%(value)s” is not a Kazakhstan phone number.") % {"value": phone},
                )
            )
    row["name"] = text.get("submitter_name", "")
    return row, errors


def submitter_for(row: dict[str, Any], actor: Any) -> Person | None:
    if not (row["iin"] or row["phone"] or row["name"]):
        return None
    surname, _sep, rest = row["name"].partition(" ")
    given, _sep, patronymic = rest.partition(" ")
    return find_or_create_person(
        actor=actor,
        iin=row["iin"],
        phone=row["phone"],
        surname=surname or "—",
        given_name=given,
        patronymic=patronymic,
    )


def import_appeals(
    content: bytes,
    *,
    actor: Any,
    branches: dict[str, Branch],
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Check, then write every row in one transaction. Returns (created, skipped)."""
    parsed = parse(content, branches=branches)
    if parsed.errors:
        raise ImportFailed(parsed.errors)
    existing = set(
        Appeal.objects.filter(number__in=[r["number"] for _n, r in parsed.rows]).values_list(
            "number", flat=True
        )
    )
    created = 0
    calendar = actions.official_calendar()
    with transaction.atomic():
        for done, (_number, row) in enumerate(parsed.rows, start=1):
            if row["number"] in existing:
                continue
            appeal = actions.register_appeal(
                actor=actor,
                channel=row["channel"],
                kind=row["kind"],
                category=Category.objects.get(pk=row["category"]),
                territory=Territory.objects.get(pk=row["territory"]),
                branch=row["branch"],
                submitter=submitter_for(row, actor),
                text=row["text"],
                language="ru" if _looks_russian(row["text"]) else "kk",
                received_at=row["received_at"],
                number=row["number"],
            )
            if row["status"] != Status.REGISTERED:
                # History from before esep: the record says where the appeal stands, not
                # each step it took to get there.
                answered_on = (
                    actions.answer_day(appeal, row["answered_at"]) if row["answered_at"] else None
                )
                Appeal.objects.filter(pk=appeal.pk).update(
                    status=row["status"],
                    outcome=row["outcome"],
                    answered_at=row["answered_at"],
                    answered_on=answered_on,
                    answer_working_days=calendar.working_days_between(
                        appeal.registered_on, answered_on
                    )
                    if answered_on
                    else None,
                    closed_at=row["answered_at"] if row["status"] == Status.CLOSED else None,
                )
                AppealEvent.objects.create(
                    appeal=appeal,
                    actor=actor,
                    action="imported",
                    from_status=Status.REGISTERED,
                    to_status=row["status"],
                    note=_("Imported with this status."),
                )
            created += 1
            if progress and done % 100 == 0:
                progress(done, len(parsed.rows))
    if progress:
        progress(len(parsed.rows), len(parsed.rows))
    return created, len(parsed.rows) - created


KAZAKH_LETTERS = set("әғқңөұүһі")


def _looks_russian(text: str) -> bool:
    return not (set(text.lower()) & KAZAKH_LETTERS)
