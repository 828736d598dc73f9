"""Importing appeals from a branch's spreadsheet (XLSX, or CSV in UTF-8 or Windows-1251,
comma or semicolon), read as every import reads one (`esep.lib.sheets`: the sheet holding
the data, the header matched in any language, empty rows and control characters, the
limits on size and rows), one row at a time: a file of a million rows is never held whole.

Each row is checked as it is read, and the checked rows are written a batch at a time
(`BATCH_ROWS`), set-based: the batch's applicants found by their IIN or phone digests and
those not yet known recorded in one insert, the appeals (registered with their imported
status at once) and their events in bulk inserts, the repeat appeals looked for once per
batch, deadlines from one calendar; on PostgreSQL the counters follow each insert per
statement (`figures/rollup.py`). Everything runs in one transaction: once a problem is found
nothing more is written, the rest of the file is still checked so every problem is reported
on its row and column, and the transaction is undone — the file goes in whole or not at all.
Rows whose number is already in esep are skipped, so a file imported twice adds nothing."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.appeals import actions, similarity
from esep.appeals.lifecycle import Status
from esep.appeals.models import Appeal, AppealEvent, Category, Channel, Kind, Outcome
from esep.audit.log import REDACTED_FIELDS
from esep.audit.models import Event
from esep.lib import checks
from esep.lib.crypto import digest
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
from esep.org.actions import FIELDS_GIVEN, given_person, same_names
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


def checked_rows(
    content: bytes, *, branches: dict[str, Branch], result: Parsed
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each row of the file as it is read, checked and prepared, its problems (on its row
    and columns) in `result`; `branches` are those the importing user may import into."""
    known: dict[str, Vocabulary] = {}
    # The one thing kept of every row: its number, to name a number given twice.
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
        yield number, row


def parse(content: bytes, *, branches: dict[str, Branch]) -> Parsed:
    """Check every row, keeping them all (a small file: tests, the template's example)."""
    result = Parsed()
    result.rows.extend(checked_rows(content, branches=branches, result=result))
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


# Rows written at once: each batch is a few bulk statements.
BATCH_ROWS = 2000


def import_appeals(
    content: bytes,
    *,
    actor: Any,
    branches: dict[str, Branch],
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Check the rows as they are read and write them a batch at a time, all in one
    transaction: all of them, or none and every problem found. Returns (created, skipped)."""
    result = Parsed()
    batch: list[tuple[int, dict[str, Any]]] = []
    created = skipped = 0
    with transaction.atomic():
        writer = BatchWriter(actor=actor)
        for number, row in checked_rows(content, branches=branches, result=result):
            if result.failed:
                continue  # nothing more is written; the rest is still checked
            batch.append((number, row))
            if len(batch) >= BATCH_ROWS:
                done = writer.write(batch)
                created, skipped = created + done[0], skipped + done[1]
                batch = []
        if not result.failed and batch:
            done = writer.write(batch)
            created, skipped = created + done[0], skipped + done[1]
        if result.failed:
            # Raised inside the transaction: whatever was written is undone.
            raise ImportFailed(result.errors, result.more_errors)
    if progress:
        progress(created + skipped, created + skipped)
    return created, skipped


class BatchWriter:
    """Writes batches of checked rows, set-based; what every batch shares (the calendar,
    the deadlines it gave, the appeals there were before the import) is read once."""

    def __init__(self, *, actor: Any) -> None:
        self.actor = actor if getattr(actor, "pk", None) else None
        calendar = actions.official_calendar()
        self.calendar = calendar
        self.due_on = lru_cache(maxsize=4096)(
            lambda day: calendar.add_working_days(day, actions.CONSIDERATION_WORKING_DAYS)
        )
        self.working_days = lru_cache(maxsize=65536)(calendar.working_days_between)
        # A repeat contests an answer given before: only appeals there were before the
        # import (the file's own are registered before their answers are, as ever).
        self.last_before = Appeal.objects.aggregate(last=Max("pk"))["last"] or 0

    def write(self, rows: list[tuple[int, dict[str, Any]]]) -> tuple[int, int]:
        """The batch's new appeals written (rows whose number esep has are skipped).
        Returns (created, skipped)."""
        numbers = [row["number"] for _number, row in rows]
        existing = set(Appeal.objects.filter(number__in=numbers).values_list("number", flat=True))
        new = [row for _number, row in rows if row["number"] not in existing]
        submitters = people_for([row["given"] for row in new], actor=self.actor)
        repeated = repeats_of(new, submitters, last_before=self.last_before)
        appeals = [
            self.appeal(row, submitter, repeat_of)
            for row, submitter, repeat_of in zip(new, submitters, repeated, strict=True)
        ]
        insert_appeals(appeals)
        write_events(appeals, actor=self.actor)
        similarity.queue_batch_suggestions([appeal.pk for appeal in appeals])
        return len(new), len(rows) - len(new)

    def appeal(
        self, row: dict[str, Any], submitter: Person | None, repeat_of: int | None
    ) -> Appeal:
        """The appeal a row registers, with its imported status: history from before esep
        says where each appeal stands, not each step it took to get there."""
        territory: Territory = row["territory"]
        registered_on = self.calendar.registration_day(row["received_at"], territory.time_zone)
        answered_at = row["answered_at"]
        answered_on = None
        if answered_at is not None:
            local = timezone.localtime(answered_at, zone(territory.time_zone))
            answered_on = max(local.date(), registered_on)
        given = row["given"]
        return Appeal(
            number=row["number"],
            kind=row["kind"],
            channel=row["channel"],
            category=row["category"],
            territory=territory,
            branch=row["branch"],
            submitter=submitter,
            **actions.applicant_fields(given or submitter, contacts=given is not None),
            is_anonymous=submitter is None,
            text=row["text"].strip(),
            language="ru" if _looks_russian(row["text"]) else "kk",
            received_at=row["received_at"],
            registered_on=registered_on,
            due_on=self.due_on(registered_on),
            repeat_of_id=repeat_of,
            status=row["status"],
            outcome=row["outcome"],
            answered_at=answered_at,
            answered_on=answered_on,
            answer_working_days=(
                self.working_days(registered_on, answered_on) if answered_on else None
            ),
            closed_at=answered_at if row["status"] == Status.CLOSED else None,
        )


@lru_cache(maxsize=32)
def zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def insert_appeals(appeals: list[Appeal]) -> None:
    """The batch's appeals in bulk inserts (on PostgreSQL the counters follow each insert
    once, per statement)."""
    Appeal.objects.bulk_create(appeals, batch_size=1000)


def people_for(givens: list[Person | None], *, actor: Any) -> list[Person | None]:
    """Who each applicant given is, as `org.actions.identify` finds them — the person with
    this IIN; without an IIN, the one with this phone and the same names; else the person
    given, recorded now — for a whole batch: found in two queries by their digests, the new
    ones recorded in one insert (once each, however many rows give them), each with its
    event."""
    iins = {digest("iin", given.iin) for given in givens if given is not None and given.iin}
    phones = {
        digest("phone", given.phone)
        for given in givens
        if given is not None and not given.iin and given.phone
    }
    by_iin: dict[str, Person] = {
        known.iin_digest: known
        for known in Person.objects.filter(iin_digest__in=iins)
        if known.iin_digest
    }
    by_phone: dict[str, list[Person]] = defaultdict(list)
    for known in Person.objects.filter(phone_digest__in=phones).order_by("pk"):
        if known.phone_digest:
            by_phone[known.phone_digest].append(known)
    found: list[Person | None] = []
    recorded: list[Person] = []
    for given in givens:
        person: Person | None = given
        if given is not None and given.iin:
            key = digest("iin", given.iin)
            person = by_iin.setdefault(key, given)
        elif given is not None and given.phone:
            same = by_phone[digest("phone", given.phone)]
            person = next((p for p in same if same_names(p, given)), None)
            if person is None:
                person = given
                same.append(given)
        if person is given and given is not None:
            recorded.append(given)
        found.append(person)
    Person.objects.bulk_create(recorded, batch_size=1000)
    person_type = ContentType.objects.get_for_model(Person)
    Event.objects.bulk_create(
        [
            Event(
                actor=actor,
                action="person.created",
                object_type=person_type,
                object_id=str(person.pk),
                object_repr=str(person)[:255],
                changes={
                    name: ("•••" if name in REDACTED_FIELDS else None)
                    for name in FIELDS_GIVEN
                    if getattr(person, name)
                },
            )
            for person in recorded
        ],
        batch_size=1000,
    )
    return found


def repeats_of(
    rows: list[dict[str, Any]], submitters: list[Person | None], *, last_before: int
) -> list[int | None]:
    """The appeal each row repeats (`actions.find_repeated`: the same person's latest
    appeal on the same topic answered within the window before this one was received),
    looked for once for the whole batch among the appeals there were before the import."""
    wanted = [
        (submitter.pk, row["category"].pk, row["received_at"])
        for row, submitter in zip(rows, submitters, strict=True)
        if submitter is not None and submitter.pk is not None
    ]
    window = dt.timedelta(days=actions.REPEAT_WINDOW_DAYS)
    answered: dict[tuple[int, int], list[tuple[dt.datetime, int]]] = defaultdict(list)
    if wanted:
        found = Appeal.objects.filter(
            pk__lte=last_before,
            submitter_id__in={w[0] for w in wanted},
            category_id__in={w[1] for w in wanted},
            answered_at__isnull=False,
            answered_at__gte=min(w[2] for w in wanted) - window,
            answered_at__lte=max(w[2] for w in wanted),
        ).values_list("submitter_id", "category_id", "answered_at", "pk")
        for submitter_id, category_id, answered_at, pk in found:
            if answered_at is not None:
                answered[(submitter_id, category_id)].append((answered_at, pk))
    repeats: list[int | None] = []
    for row, submitter in zip(rows, submitters, strict=True):
        received = row["received_at"]
        earlier = (
            answered.get((submitter.pk, row["category"].pk), []) if submitter is not None else []
        )
        within = [(at, pk) for at, pk in earlier if received - window <= at <= received]
        repeats.append(max(within)[1] if within else None)
    return repeats


def write_events(appeals: list[Appeal], *, actor: Any) -> None:
    """Each appeal's registration on its timeline and, for one imported answered or closed,
    the status it was imported with."""
    anonymous = _("Anonymous: not subject to consideration.")
    imported = _("Imported with this status.")
    events = [
        AppealEvent(
            appeal=appeal,
            actor=actor,
            action="registered",
            to_status=Status.REGISTERED,
            note="" if appeal.is_considered else anonymous,
        )
        for appeal in appeals
    ]
    events += [
        AppealEvent(
            appeal=appeal,
            actor=actor,
            action="imported",
            from_status=Status.REGISTERED,
            to_status=appeal.status,
            note=imported,
        )
        for appeal in appeals
        if appeal.status != Status.REGISTERED
    ]
    AppealEvent.objects.bulk_create(events, batch_size=1000)


KAZAKH_LETTERS = set("әғқңөұүһі")


def _looks_russian(text: str) -> bool:
    return not (set(text.lower()) & KAZAKH_LETTERS)
