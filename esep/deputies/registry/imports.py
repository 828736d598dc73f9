"""Importing a convocation's mandates and its sittings' attendance from spreadsheets, read
as every import reads one (`esep.lib.sheets`: XLSX, or CSV in UTF-8 or Windows-1251, comma
or semicolon; headers by code, by esep's header in any language or as people write them in
Kazakh and Russian, compared by `fold_words`).

Mandates (`import_mandates`), one row per mandate in the chosen convocation: the deputy's
IIN (the person esep knows by it, or a new one with their names and, from the IIN, their
birth date and sex), surname, name and patronymic, how the mandate was won (party list or
district: the code or the words in kk/ru/en), the electoral district, the party (its code
or name; empty: self-nominated), the start, and optionally the end with how it ended, and a
post (chair, secretary, committee chair, member) held from the start with its committee's
name in Kazakh, Russian and English.

Attendance (`import_attendance`), one row per deputy and sitting: the sitting's number,
its date (and optionally its kind), the deputy's IIN, the mark (present, absent for a valid
reason, absent without one: code or words in kk/ru/en) and the reason of an absence. Every
sitting marks every deputy in office that day and no one else.

Dates are ISO 8601 (2021-01-15; dd.mm.yyyy and date cells are read too). Every row is
checked first and each problem named with its row and column in the uploader's language;
the records are then written through the deputies' actions in one transaction: all rows
or none. An IIN is never written into a message or a log line."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.deputies import actions, rules
from esep.deputies.models import (
    Attendance,
    Convocation,
    ImportJob,
    Mandate,
    Party,
    Position,
    Sitting,
)
from esep.lib.crypto import digest
from esep.lib.folding import fold_words
from esep.lib.iin import InvalidIIN, parse_iin
from esep.lib.sheets import Cells, Columns, Parsed, Vocabulary, read_rows, unreadable
from esep.org.actions import create_person
from esep.org.models import IIN_ERRORS, Person

if TYPE_CHECKING:
    from esep.access.models import User

Progress = Callable[[int, int], None]

# ---------------------------------------------------------------- the mandates' columns

MANDATE_COLUMNS = [
    "iin",
    "surname",
    "given_name",
    "patronymic",
    "kind",
    "district",
    "party",
    "started_on",
    "ended_on",
    "end_reason",
    "post",
    "committee_kk",
    "committee_ru",
    "committee_en",
]
MANDATE_HEADERS = {
    "iin": gettext_lazy("IIN"),
    "surname": gettext_lazy("Surname"),
    "given_name": gettext_lazy("Name"),
    "patronymic": gettext_lazy("Patronymic"),
    "kind": gettext_lazy("Mandate"),
    "district": gettext_lazy("Electoral district"),
    "party": gettext_lazy("Party"),
    "started_on": gettext_lazy("Mandate start"),
    "ended_on": gettext_lazy("Mandate end"),
    "end_reason": gettext_lazy("How it ended"),
    "post": gettext_lazy("Post"),
    "committee_kk": gettext_lazy("Committee in Kazakh"),
    "committee_ru": gettext_lazy("Committee in Russian"),
    "committee_en": gettext_lazy("Committee in English"),
}
# Headers as maslikhats' apparatus write them in Kazakh and Russian.
MANDATE_ALIASES = {
    "iin": ["жсн", "иин", "iin"],
    "surname": ["тегі", "фамилия"],
    "given_name": ["аты", "имя"],
    "patronymic": ["әкесінің аты", "отчество"],
    "kind": ["мандат түрі", "сайлану тәсілі", "вид мандата", "способ избрания"],
    "district": ["округ", "сайлау округі", "избирательный округ"],
    "party": ["партия", "партия коды", "код партии"],
    "started_on": ["өкілеттік басталды", "мандат басталған күн", "начало полномочий"],
    "ended_on": ["өкілеттік тоқтатылды", "мандат аяқталған күн", "окончание полномочий"],
    "end_reason": ["тоқтату негізі", "основание прекращения", "причина прекращения"],
    "post": ["лауазымы", "қызметі", "должность"],
    "committee_kk": ["комиссия", "тұрақты комиссия", "комиссия қазақша"],
    "committee_ru": ["постоянная комиссия", "комиссия на русском"],
    "committee_en": ["комиссия на английском", "комиссия ағылшынша"],
}
MANDATES = Columns(
    MANDATE_COLUMNS,
    frozenset({"iin", "surname", "given_name", "kind", "started_on"}),
    MANDATE_ALIASES,
    MANDATE_HEADERS,
)
# An action's field → the column it came from.
MANDATE_FIELD_COLUMNS = {
    "person": "iin",
    "kind": "kind",
    "district": "district",
    "started_on": "started_on",
    "ended_on": "ended_on",
    "reason": "end_reason",
    "position": "post",
    "committee_kk": "committee_kk",
}

# Other words people write for how a mandate was won, beside its labels.
KIND_WORDS: dict[str, list[str]] = {
    Mandate.Kind.PARTY_LIST: [
        "list",
        "партиялық тізім",
        "партиялық тізім бойынша",
        "партийный список",
        "по партийному списку",
        "по списку",
    ],
    Mandate.Kind.DISTRICT: [
        "district",
        "single-member district",
        "округ",
        "бір мандатты округ",
        "бірмандатты округ",
        "одномандатный округ",
        "по округу",
        "по одномандатному округу",
    ],
}
POST_WORDS: dict[str, list[str]] = {
    Position.CHAIR: ["төраға", "маслихат төрағасы", "председатель", "председатель маслихата"],
    Position.SECRETARY: ["хатшы", "маслихат хатшысы", "секретарь", "секретарь маслихата"],
    Position.COMMITTEE_CHAIR: [
        "комиссия төрағасы",
        "тұрақты комиссия төрағасы",
        "председатель комиссии",
        "председатель постоянной комиссии",
    ],
    Position.MEMBER: ["мүше", "комиссия мүшесі", "член", "член комиссии", "депутат"],
}

# ---------------------------------------------------------------- the attendance's columns

ATTENDANCE_COLUMNS = ["sitting", "held_on", "sitting_kind", "iin", "mark", "reason"]
ATTENDANCE_HEADERS = {
    "sitting": gettext_lazy("Session number"),
    "held_on": gettext_lazy("Session date"),
    "sitting_kind": gettext_lazy("Kind of session"),
    "iin": gettext_lazy("IIN"),
    "mark": gettext_lazy("Attendance"),
    "reason": gettext_lazy("Reason of absence"),
}
ATTENDANCE_ALIASES = {
    "sitting": ["сессия", "сессия нөмірі", "отырыс нөмірі", "номер сессии", "сессия №"],
    "held_on": ["күні", "сессия күні", "отырыс күні", "дата", "дата сессии"],
    "sitting_kind": ["сессия түрі", "вид сессии"],
    "iin": ["жсн", "иин", "iin"],
    "mark": ["қатысуы", "қатысу", "белгі", "присутствие", "явка", "отметка"],
    "reason": ["себебі", "болмау себебі", "причина", "причина отсутствия"],
}
ATTENDANCE = Columns(
    ATTENDANCE_COLUMNS,
    frozenset({"sitting", "held_on", "iin", "mark"}),
    ATTENDANCE_ALIASES,
    ATTENDANCE_HEADERS,
)
ATTENDANCE_FIELD_COLUMNS = {"held_on": "held_on", "number": "sitting", "kind": "sitting_kind"}

MARK_WORDS: dict[str, list[str]] = {
    Attendance.Mark.PRESENT: ["қатысты", "келді", "присутствовал", "присутствовала", "+"],
    Attendance.Mark.EXCUSED: [
        "дәлелді себеппен",
        "дәлелді себеппен болмады",
        "по уважительной причине",
        "отсутствовал по уважительной причине",
        "уважительная",
    ],
    Attendance.Mark.ABSENT: [
        "себепсіз",
        "дәлелсіз себеппен болмады",
        "себепсіз болмады",
        "без уважительной причины",
        "отсутствовал без уважительной причины",
        "неуважительная",
        "-",
    ],
}
SITTING_WORDS: dict[str, list[str]] = {
    Sitting.Kind.REGULAR: ["кезекті", "очередная", "regular"],
    Sitting.Kind.EXTRAORDINARY: ["кезектен тыс", "внеочередная", "extraordinary"],
}

HEADERS: dict[str, dict[str, Any]] = {
    ImportJob.Kind.MANDATES: MANDATE_HEADERS,
    ImportJob.Kind.ATTENDANCE: ATTENDANCE_HEADERS,
}


def mandate_kinds() -> Vocabulary:
    return Vocabulary.of_choices(Mandate.Kind, KIND_WORDS)


def posts() -> Vocabulary:
    return Vocabulary.of_choices(Position, POST_WORDS)


def end_reasons() -> Vocabulary:
    return Vocabulary.of_choices(Mandate.EndReason)


def marks() -> Vocabulary:
    return Vocabulary.of_choices(Attendance.Mark, MARK_WORDS)


def sitting_kinds() -> Vocabulary:
    return Vocabulary.of_choices(Sitting.Kind, SITTING_WORDS)


def parties() -> Vocabulary:
    return Vocabulary.of_names(Party.objects.all(), "code")


# ---------------------------------------------------------------- a row's cells


def read_iin(cells: Cells, column: str = "iin") -> str:
    """The IIN a row gives, checked (its check digit, century and date), or ""."""
    text = cells.text(column, required=True)
    if not text:
        return ""
    try:
        return parse_iin(text).value
    except InvalidIIN as error:
        cells.problem(column, str(IIN_ERRORS[error.reason]))
        return ""


def in_term(convocation: Convocation) -> tuple[dt.date, dt.date]:
    """The days of the convocation's term, to today at most."""
    today = timezone.localdate()
    last = min(convocation.ended_on or today, today)
    return convocation.started_on, max(last, convocation.started_on)


@dataclass
class Imported:
    """What an import wrote, by record."""

    counts: dict[str, int] = field(default_factory=dict)


def refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise unreadable(message)


# ---------------------------------------------------------------- mandates


@dataclass
class MandateRow:
    row: int
    iin: str
    surname: str
    given_name: str
    patronymic: str
    kind: str
    district: str
    party: Party | None
    started_on: dt.date
    ended_on: dt.date | None
    end_reason: str
    post: str
    committee: dict[str, str]


def parse_mandates(content: bytes, convocation: Convocation) -> tuple[Parsed, list[MandateRow]]:
    """Every row checked; the rows fit to write and the problems found."""
    parsed = Parsed()
    first, last = in_term(convocation)
    kinds, reasons, found_posts, found_parties = mandate_kinds(), end_reasons(), posts(), parties()
    seen: dict[str, int] = {}
    rows: list[MandateRow] = []
    for row in read_rows(content, MANDATES, parsed):
        cells = Cells(row, parsed)
        iin = read_iin(cells)
        surname = cells.text("surname", required=True, max_length=100)
        given_name = cells.text("given_name", required=True, max_length=100)
        patronymic = cells.text("patronymic", max_length=100)
        kind = cells.coded("kind", kinds, _("Not a kind of mandate: “%(value)s”."))
        district = cells.text("district", max_length=120)
        if kind == Mandate.Kind.DISTRICT and not district:
            cells.problem("district", _("A district mandate names its electoral district."))
        party = cells.coded(
            "party",
            found_parties,
            _("No party with the code or name “%(value)s”."),
            required=False,
        )
        started_on = cells.day("started_on", first=first, last=last, required=True)
        ended_on = cells.day("ended_on", first=first, last=last)
        reason = cells.coded(
            "end_reason", reasons, _("Not a way a mandate ends: “%(value)s”."), required=False
        )
        if ended_on is not None and not reason:
            cells.problem("end_reason", _("Say how the mandate ended."))
        elif reason and ended_on is None:
            cells.problem("ended_on", _("Give the day the mandate ended."))
        if started_on is not None and ended_on is not None and ended_on < started_on:
            cells.problem("ended_on", _("A term cannot end before it began."))
        post = cells.coded("post", found_posts, _("Not a post: “%(value)s”."), required=False)
        committee = {
            language: cells.text(f"committee_{language}", max_length=255)
            for language in ("kk", "ru", "en")
        }
        if post == Position.COMMITTEE_CHAIR and not committee["kk"]:
            cells.problem("committee_kk", _("Name the committee the deputy chairs."))
        if iin:
            if iin in seen:
                cells.problem(
                    "iin",
                    _("The same deputy is already on row %(row)d: one row per mandate.")
                    % {"row": seen[iin]},
                )
            else:
                seen[iin] = row.number
        if cells.failed:
            continue
        assert started_on is not None
        rows.append(
            MandateRow(
                row=row.number,
                iin=iin,
                surname=surname,
                given_name=given_name,
                patronymic=patronymic,
                kind=kind,
                district=district,
                party=party,
                started_on=started_on,
                ended_on=ended_on,
                end_reason=reason or "",
                post=post or "",
                committee=committee,
            )
        )
    people = {p.iin_digest: p for p in Person.objects.with_iins([r.iin for r in rows])}
    for found in rows:
        person = people.get(digest("iin", found.iin))
        if person is not None and (
            fold_words(person.surname) != fold_words(found.surname)
            or fold_words(person.given_name) != fold_words(found.given_name)
        ):
            # Whose IIN it is stays unsaid: the uploader may not see personal data.
            parsed.problem(
                found.row,
                "iin",
                _(
                    "esep knows this IIN under another surname or name; check the IIN and "
                    "the names."
                ),
            )
    return parsed, rows


def import_mandates(
    content: bytes, *, actor: User, convocation: Convocation, progress: Progress | None = None
) -> Imported:
    """Check every row, then record the mandates (the people esep does not know yet, the
    posts, the ends) through the actions in one transaction: all or none."""
    refuse_unless(
        rules.may_manage(actor, convocation.body.branch),
        _("Your role does not allow recording this body's mandates."),
    )
    parsed, rows = parse_mandates(content, convocation)
    parsed.raise_if_failed()
    counts = {"mandates": 0, "people": 0, "posts": 0, "ended": 0}
    if progress:
        progress(0, len(rows))
    people = {p.iin_digest: p for p in Person.objects.with_iins([r.iin for r in rows])}
    parsed.take(
        rows,
        lambda row: write_mandate(actor, convocation, row, people, counts),
        row_of=lambda row: row.row,
        columns=MANDATE_FIELD_COLUMNS,
        progress=progress,
    )
    if progress:
        progress(len(rows), len(rows))
    return Imported(counts)


def write_mandate(
    actor: User,
    convocation: Convocation,
    row: MandateRow,
    people: dict[str, Person],
    counts: dict[str, int],
) -> None:
    # Each row in its own savepoint: a refused row leaves nothing half-written, so the
    # rows after it are still checked against a consistent state.
    with transaction.atomic():
        person = people.get(digest("iin", row.iin))
        if person is None:
            person = create_person(
                actor=actor,
                iin=row.iin,
                surname=row.surname,
                given_name=row.given_name,
                patronymic=row.patronymic,
            )
            counts["people"] += 1
        mandate = actions.add_mandate(
            actor=actor,
            convocation=convocation,
            person=person,
            kind=row.kind,
            party=row.party,
            started_on=row.started_on,
            district=row.district,
        )
        counts["mandates"] += 1
        if row.post:
            actions.add_post(
                actor=actor,
                mandate=mandate,
                position=row.post,
                started_on=row.started_on,
                committee_kk=row.committee["kk"],
                committee_ru=row.committee["ru"],
                committee_en=row.committee["en"],
            )
            counts["posts"] += 1
        if row.ended_on is not None:
            actions.end_mandate(
                actor=actor, mandate=mandate, ended_on=row.ended_on, reason=row.end_reason
            )
            counts["ended"] += 1


# ---------------------------------------------------------------- attendance


@dataclass
class SittingRows:
    """A sitting as the file gives it: its number, date and kind, its first row, and each
    deputy's mark by mandate."""

    number: int
    held_on: dt.date
    kind: str
    row: int
    marks: dict[int, tuple[str, str]] = field(default_factory=dict)


def parse_attendance(content: bytes, convocation: Convocation) -> tuple[Parsed, list[SittingRows]]:
    parsed = Parsed()
    first, last = in_term(convocation)
    found_marks, kinds = marks(), sitting_kinds()
    mandates = list(convocation.mandates.select_related("person", "convocation"))
    by_iin = {m.person.iin_digest: m for m in mandates}
    recorded = set(convocation.sittings.values_list("number", flat=True))
    sittings: dict[int, SittingRows] = {}
    named: dict[int, set[int]] = defaultdict(set)
    for row in read_rows(content, ATTENDANCE, parsed):
        cells = Cells(row, parsed)
        number = cells.number("sitting", required=True, places=0, largest=32768)
        if number is not None and number < 1:
            cells.problem("sitting", _("A session's number is 1 or more."))
        held_on = cells.day("held_on", first=first, last=last, required=True)
        kind = cells.coded(
            "sitting_kind", kinds, _("Not a kind of session: “%(value)s”."), required=False
        )
        iin = read_iin(cells)
        mark = cells.coded("mark", found_marks, _("Not an attendance mark: “%(value)s”."))
        reason = cells.text("reason", max_length=255)
        if mark == Attendance.Mark.EXCUSED and not reason:
            cells.problem("reason", _("Give the reason of each absence for a valid reason."))
        mandate = by_iin.get(digest("iin", iin)) if iin else None
        if iin and mandate is None:
            cells.problem("iin", _("No deputy of this convocation has this IIN."))
        if number is not None and mandate is not None:
            # A deputy on a refused row is not missing from the sitting too.
            named[int(number)].add(mandate.pk)
        if cells.failed or number is None or held_on is None or mandate is None:
            continue
        key = int(number)
        sitting = sittings.get(key)
        if sitting is None:
            if key in recorded:
                cells.problem(
                    "sitting",
                    _("Session %(number)d of this convocation is already recorded.")
                    % {"number": key},
                )
                continue
            sitting = sittings[key] = SittingRows(
                key, held_on, kind or Sitting.Kind.REGULAR, row.number
            )
        elif sitting.held_on != held_on:
            cells.problem(
                "held_on",
                _("Session %(number)d is dated %(day)s on row %(row)d.")
                % {"number": key, "day": sitting.held_on.isoformat(), "row": sitting.row},
            )
            continue
        if not mandate.days_in_office(held_on, held_on):
            cells.problem("iin", _("The deputy was not in office on the session's day."))
        elif mandate.pk in sitting.marks:
            cells.problem("iin", _("The deputy is marked twice in this session."))
        else:
            sitting.marks[mandate.pk] = (mark, reason)
    for sitting in sittings.values():
        missing = [
            m
            for m in mandates
            if m.days_in_office(sitting.held_on, sitting.held_on)
            and m.pk not in named[sitting.number]
        ]
        if missing:
            names = ", ".join(m.person.full_name for m in missing[:5])
            parsed.problem(
                sitting.row,
                "iin",
                _(
                    "Session %(number)d does not mark every deputy in office that day: "
                    "%(count)d missing (%(names)s)."
                )
                % {"number": sitting.number, "count": len(missing), "names": names},
            )
    return parsed, sorted(sittings.values(), key=lambda s: (s.held_on, s.number))


def import_attendance(
    content: bytes, *, actor: User, convocation: Convocation, progress: Progress | None = None
) -> Imported:
    """Check every row, then record each sitting with all its marks through
    `actions.record_sitting` in one transaction: all or none."""
    refuse_unless(
        rules.may_record_sittings(actor, convocation),
        _("Your role does not allow recording this body's sittings."),
    )
    parsed, sittings = parse_attendance(content, convocation)
    parsed.raise_if_failed()
    counts = {"sittings": 0, "marks": 0}
    if progress:
        progress(0, len(sittings))

    def record(sitting: SittingRows) -> None:
        actions.record_sitting(
            actor=actor,
            convocation=convocation,
            number=sitting.number,
            held_on=sitting.held_on,
            marks=sitting.marks,
            kind=sitting.kind,
        )
        counts["sittings"] += 1
        counts["marks"] += len(sitting.marks)

    parsed.take(
        sittings,
        record,
        row_of=lambda sitting: sitting.row,
        columns=ATTENDANCE_FIELD_COLUMNS,
        progress=progress,
        every=10,
    )
    if progress:
        progress(len(sittings), len(sittings))
    return Imported(counts)


def run(
    kind: str,
    content: bytes,
    *,
    actor: User,
    convocation: Convocation,
    progress: Progress | None = None,
) -> Imported:
    """The import of `kind` (an `ImportJob.Kind`)."""
    do = import_mandates if kind == ImportJob.Kind.MANDATES else import_attendance
    return do(content, actor=actor, convocation=convocation, progress=progress)
