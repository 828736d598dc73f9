"""Importing appeals from a branch's spreadsheet (XLSX, or CSV in UTF-8 or Windows-1251,
comma or semicolon), read as every import reads one (`esep.lib.sheets`: the sheet holding
the data, the header matched in any language, empty rows and control characters, the
limits on size and rows). Every row is checked and prepared first, outside any
transaction; the file then goes in whole or not at all, in one short write, and rows whose
number is already in esep are skipped, so a file imported twice adds nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.appeals import actions
from esep.appeals.lifecycle import Status
from esep.appeals.models import Appeal, AppealEvent, Category, Channel, Kind, Outcome
from esep.lib import checks
from esep.lib.dates import NotADate, parse_moment
from esep.lib.sheets import (
    Columns,
    ImportFailed,
    Parsed,
    RowError,
    Vocabulary,
    internal_failure,
    read_rows,
)
from esep.org.actions import given_person, identify
from esep.org.models import Branch, Person, Territory, subtree_q
from esep.org.roles import Capability

# Names other modules and tests of appeals take from here.
__all__ = ["ImportFailed", "RowError", "import_appeals", "importable_branches", "internal_failure"]

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
FIRST_DAY = checks.FIRST_DAY
# A date alone is taken as received at this local time, within working hours.
DATE_ALONE_AT = dt.time(10, 0)
# Text longer than any field holds is refused; a row's text is bounded too.
MAX_TEXT = 20_000
# The columns as every import reads them (esep.lib.sheets).
APPEAL_COLUMNS = Columns(COLUMNS, frozenset(REQUIRED), ALIASES, HEADERS)


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
    result = Parsed()
    known: dict[str, Vocabulary] = {}
    seen: dict[str, int] = {}
    for line in read_rows(content, APPEAL_COLUMNS, result):
        known = known or vocabularies(branches)
        number = line.number
        row, errors = check_row(line.cells, known)
        for column, message in errors:
            if column not in line.refused:
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
        return known[column].lookup(
            value, unknown, lambda message: errors.append((column, message))
        )

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
